"""Reading typst's PDF without a PDF library, for the text-layer repair.

`pdftext.fix_text_layer` needs little of the file: each page's fonts (their
glyph widths and ToUnicode maps) and its content stream. Typst writes all of
it plainly: a classic cross-reference table, no object streams, one content
stream per page, fonts and resources as indirect objects with direct values.
Parsing the whole file with pypdf to find these took about a quarter of the
repair, so this module reads them straight from the bytes and answers None
for anything it does not recognise (the caller then falls back to pypdf).
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

# ISA-L writes and reads the same zlib format as zlib, deflating the pages
# four times as fast (and a little smaller at its level 1) and inflating them
# twice as fast: most of the repair's time was zlib.
from isal import isal_zlib

FontWidths = tuple[dict[int, float], float]  # explicit widths by CID, default width
Widths = dict[bytes, FontWidths]  # by font resource name ("f0")

_XREF = re.compile(rb"startxref\s+(\d+)\s+%%EOF\s*$")
_OBJ = re.compile(rb"(\d+) 0 obj\s*(<<.*?>>)\s*stream\r?\n", re.S)
_REF = rb"(\d+) 0 R"
_ROOT = re.compile(rb"/Root " + _REF)
_PAGES = re.compile(rb"/Pages " + _REF)
_KIDS = re.compile(rb"/Kids\s*\[([\d\sR]*)\]")
_REFS = re.compile(_REF)
_RESOURCES = re.compile(rb"/Resources " + _REF)
_CONTENTS = re.compile(rb"/Contents " + _REF + rb"(?!\s*\d)")
_FONTS = re.compile(rb"/Font\s*<<((?:\s*/[A-Za-z0-9_.]+\s*\d+ 0 R)*)\s*>>")
_FONT_ENTRY = re.compile(rb"/([A-Za-z0-9_.]+)\s*" + _REF)
_DESCENDANT = re.compile(rb"/DescendantFonts\s*\[\s*" + _REF + rb"\s*\]")
_TO_UNICODE = re.compile(rb"/ToUnicode " + _REF)
_DW = re.compile(rb"/DW\s+([\d.]+)")
_W = re.compile(rb"/W\s*\[((?:[\s\d.\[\]-])*)\]")
_W_TOKEN = re.compile(rb"\[|\]|-?[\d.]+")


@dataclass(frozen=True)
class Xref:
    """The classic cross-reference table and where things lie around it."""

    rows: list[bytes]  # 20-byte entries, in object number order
    offsets: dict[int, int]  # in-use objects: number -> byte offset
    xref_at: int
    trailer_at: int
    trailer_end: int  # where "startxref" begins

    ends: dict[int, int]  # in-use objects: number -> where the next one begins

    def chunk(self, pdf: bytes, num: int) -> bytes:
        """Object `num` up to the next object (or the table)."""
        return pdf[self.offsets[num] : self.ends[num]]


def read_xref(pdf: bytes) -> Xref | None:
    tail = _XREF.search(pdf, max(0, len(pdf) - 64))
    if tail is None:
        return None
    xref_at = int(tail.group(1))
    head = re.match(rb"xref\s+0 (\d+)\s+", pdf[xref_at : xref_at + 32])
    if head is None:
        return None
    count = int(head.group(1))
    table_at = xref_at + head.end()
    trailer_at = table_at + 20 * count
    if not pdf.startswith(b"trailer", trailer_at):
        return None
    entries = pdf[table_at:trailer_at]
    rows = [entries[i : i + 20] for i in range(0, 20 * count, 20)]
    offsets = {n: int(row[:10]) for n, row in enumerate(rows) if row[17:18] == b"n"}
    if not offsets:
        return None
    order = sorted(offsets, key=offsets.__getitem__)
    ends = {n: offsets[m] for n, m in itertools.pairwise(order)}
    ends[order[-1]] = xref_at
    return Xref(rows, offsets, xref_at, trailer_at, tail.start(), ends)


def _dict(xref: Xref, pdf: bytes, num: int) -> bytes:
    chunk = xref.chunk(pdf, num)
    cut = chunk.find(b"stream")
    return chunk if cut < 0 else chunk[:cut]


def stream_data(xref: Xref, pdf: bytes, num: int) -> bytes | None:
    """The decoded data of a FlateDecode stream with a direct /Length."""
    chunk = xref.chunk(pdf, num)
    m = _OBJ.match(chunk)
    if m is None or int(m.group(1)) != num:
        return None
    info = m.group(2)
    length = re.search(rb"/Length\s+(\d+)(?!\s+\d+\s+R)", info)
    if length is None or not re.search(rb"/Filter\s*/FlateDecode\b", info):
        return None
    if b"/DecodeParms" in info:
        return None
    raw = chunk[m.end() : m.end() + int(length.group(1))]
    try:
        return isal_zlib.decompress(raw)
    except isal_zlib.error:  # type: ignore[misc]  # its stub declares an instance
        return None


def deflate(data: bytes) -> bytes:
    """Fast rather than small: a page is deflated again on every render."""
    return isal_zlib.compress(data, 1)


def _widths(cid_font: bytes) -> FontWidths | None:
    dw = _DW.search(cid_font)
    default = float(dw.group(1)) if dw else 1000.0
    widths: dict[int, float] = {}
    w = _W.search(cid_font)
    if w is None:
        return widths, default
    tokens = _W_TOKEN.findall(w.group(1))
    i = 0
    try:
        while i < len(tokens):
            first = int(tokens[i])
            if tokens[i + 1] == b"[":
                j = i + 2
                while tokens[j] != b"]":
                    widths[first + j - i - 2] = float(tokens[j])
                    j += 1
                i = j + 1
            else:
                last, value = int(tokens[i + 1]), float(tokens[i + 2])
                for cid in range(first, last + 1):
                    widths[cid] = value
                i += 3
    except (IndexError, ValueError):
        return None
    return widths, default


@dataclass
class Page:
    contents: int  # object number of its one content stream
    widths: Widths
    to_unicode: list[int]


def pages(xref: Xref, pdf: bytes) -> list[Page] | None:
    """Each page's content stream, font widths and ToUnicode maps; None when
    the file is not laid out as typst writes it."""
    root = _ROOT.search(pdf, xref.trailer_at, xref.trailer_end)
    try:
        catalog = _dict(xref, pdf, int(root.group(1))) if root else b""
        tree = _PAGES.search(catalog)
        kids = _KIDS.search(_dict(xref, pdf, int(tree.group(1)))) if tree else None
        if kids is None:
            return None
        fonts: dict[int, tuple[FontWidths, int | None]] = {}
        out = []
        for kid in _REFS.findall(kids.group(1)):
            page = _dict(xref, pdf, int(kid))
            if b"/Type/Pages" in page:
                return None  # a nested page tree: not typst's layout
            contents = _CONTENTS.search(page)
            resources = _RESOURCES.search(page)
            if contents is None or resources is None:
                return None
            font_dict = _FONTS.search(_dict(xref, pdf, int(resources.group(1))))
            widths: Widths = {}
            maps: list[int] = []
            entries = _FONT_ENTRY.findall(font_dict.group(1)) if font_dict else []
            for name, ref in entries:
                num = int(ref)
                if num not in fonts:
                    font = _dict(xref, pdf, num)
                    if b"/Subtype/Type0" not in font:
                        continue
                    descendant = _DESCENDANT.search(font)
                    if descendant is None:
                        return None
                    fw = _widths(_dict(xref, pdf, int(descendant.group(1))))
                    if fw is None:
                        return None
                    cmap = _TO_UNICODE.search(font)
                    fonts[num] = (fw, int(cmap.group(1)) if cmap else None)
                fw, cmap_num = fonts[num]
                widths[name] = fw
                if cmap_num is not None:
                    maps.append(cmap_num)
            out.append(Page(int(contents.group(1)), widths, maps))
        return out
    except KeyError:  # a reference to an object the table does not have
        return None


def patch(pdf: bytes, xref: Xref, new_streams: dict[int, bytes]) -> bytes | None:
    """Replace the (already compressed) streams in place and recompute the
    cross-reference table: everything else stays byte for byte."""
    order = sorted(xref.offsets, key=xref.offsets.__getitem__)
    out = bytearray(pdf[: xref.offsets[order[0]]])
    new_offsets: dict[int, int] = {}
    for num in order:
        chunk = xref.chunk(pdf, num)
        if num in new_streams:
            m = _OBJ.match(chunk)
            if m is None or int(m.group(1)) != num:
                return None
            data = new_streams[num]
            info, n = re.subn(
                rb"/Length\s+\d+(?!\s+\d+\s+R)", b"/Length %d" % len(data), m.group(2)
            )
            if n != 1:
                return None
            chunk = b"%d 0 obj\n%s\nstream\n%s\nendstream\nendobj\n" % (num, info, data)
        new_offsets[num] = len(out)
        out += chunk
    new_xref = len(out)
    out += b"xref\n0 %d\n" % len(xref.rows)
    for n, row in enumerate(xref.rows):
        out += b"%010d%s" % (new_offsets[n], row[10:]) if n in new_offsets else row
    out += pdf[xref.trailer_at : xref.trailer_end] + b"startxref\n%d\n%%%%EOF\n" % new_xref
    return bytes(out)
