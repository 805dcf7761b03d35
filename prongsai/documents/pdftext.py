"""Repair of typst's text layer for stacked Thai marks.

Typst 0.15 (its PDF writer, krilla) draws a Thai cluster whose second mark is
raised by the font (ขึ้, ปั้, เพิ่ม, ซึ่ง: an upper vowel or ั with a tone mark
on top) in two pieces, and gives *each* piece the text of the whole cluster,
through /ActualText or the font's ToUnicode map. The page looks right, but
copying, searching and `pdftotext` give "ขึ้ขึ้น", "ดังนั้นั้น" (typst issue
#7610, krilla issue #411).

A piece that draws only zero-width glyphs (marks) can never start a cluster:
the base letter comes first and is drawn by the earlier piece, which already
carries the cluster's text. So each such piece gets an empty /ActualText,
which every extractor that honours /ActualText (poppler, pdf.js, Acrobat,
Chrome) reads as "no text".

The same pass removes the invisible line-breaking hints (WORD JOINER and ZERO
WIDTH SPACE, `prongsai.lib.thaibreak`) that typst folds into the text of the
cluster before them, in /ActualText and in the fonts' ToUnicode maps, so
copying and searching see plain words. The rest of the file is left untouched.
"""

from __future__ import annotations

import io
import re
from functools import lru_cache
from typing import cast

import pypdf
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

from . import pdfdirect as direct
from .pdfdirect import FontWidths, Widths

# One text-showing unit as krilla writes it:
#   [/Span<</ActualText<hex>>>BDC ]0 Tr/f0 10.64 Tf 1 0 0 -1 x 0 Tm[(..)-9(..)]TJ
_UNIT = re.compile(
    rb"(?P<span>/Span<</ActualText<(?P<text>[0-9A-Fa-f]*)>>>BDC ?)?"
    rb"(?P<head>\d+ Tr/(?P<font>[A-Za-z0-9_.]+) [\d.]+ Tf(?: [-\d.]+){6} Tm)"
    rb"(?P<show>\[(?:[^\]()<]|\((?:[^()\\]|\\.)*\)|<[0-9A-Fa-f\s]*>)*\]TJ"
    rb"|\((?:[^()\\]|\\.)*\)Tj|<[0-9A-Fa-f\s]*>Tj)",
    re.S,
)
_STRING = re.compile(rb"\((?P<lit>(?:[^()\\]|\\.)*)\)|<(?P<hex>[0-9A-Fa-f\s]*)>", re.S)
_ESCAPES = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}
_OCTAL_OR_ESCAPE = re.compile(rb"\\([0-7]{1,3}|.)", re.S)
EMPTY = b"FEFF"
_SHORT_BLOCK = 200  # bytes: a text object drawing one to three glyphs


def _unescape(lit: bytes) -> bytes:
    def one(m: re.Match[bytes]) -> bytes:
        code = m.group(1)
        if code[:1].isdigit():
            return bytes([int(code, 8) & 0xFF])
        return _ESCAPES.get(code, code)

    return _OCTAL_OR_ESCAPE.sub(one, lit)


def _cids(show: bytes) -> list[int]:
    data = b""
    for m in _STRING.finditer(show):
        if m.group("lit") is not None:
            data += _unescape(m.group("lit"))
        else:
            data += bytes.fromhex(re.sub(rb"\s", b"", m.group("hex")).decode())
    return [int.from_bytes(data[i : i + 2], "big") for i in range(0, len(data) - 1, 2)]


Unit = tuple[bytes, tuple[int, ...], tuple[int, int] | None, tuple[int, int]]


@lru_cache(maxsize=4096)
def _unit_of(body: bytes) -> Unit | None:
    """The first text-showing unit of a short text object: its font, glyph
    ids, where its /ActualText string lies (None without one) and where the
    unit lies. Cached: it depends on the bytes alone, and the same short
    objects (a mark drawn at the origin of its own object) come back on
    every page of every render; reading the glyph ids was most of the work."""
    unit = _UNIT.search(body)
    if unit is None:
        return None
    text = unit.span("text") if unit.group("span") else None
    return unit.group("font"), tuple(_cids(unit.group("show"))), text, unit.span()


def _widths(font: DictionaryObject) -> FontWidths:
    descendants = cast(ArrayObject, font["/DescendantFonts"].get_object())
    descendant = cast(DictionaryObject, descendants[0].get_object())
    default = float(descendant.get("/DW", 1000))
    widths: dict[int, float] = {}
    w = descendant.get("/W", ArrayObject())
    i = 0
    while i < len(w):
        first = int(w[i])
        nxt = w[i + 1]
        if isinstance(nxt, ArrayObject):
            for j, value in enumerate(nxt):
                widths[first + j] = float(value)
            i += 2
        else:
            for cid in range(first, int(nxt) + 1):
                widths[cid] = float(w[i + 2])
            i += 3
    return widths, default


def _page_widths(page: pypdf.PageObject, cache: dict[int, FontWidths]) -> Widths:
    """Per font resource name: explicit glyph widths and the default width."""
    out: Widths = {}
    fonts = page.get("/Resources", DictionaryObject()).get("/Font", DictionaryObject())
    for name, ref in fonts.items():
        font = ref.get_object()
        if font.get("/Subtype") == "/Type0":
            key = ref.idnum if isinstance(ref, IndirectObject) else id(font)
            if key not in cache:
                cache[key] = _widths(font)
            out[name.lstrip("/").encode()] = cache[key]
    return out


# UTF-16BE code units of the invisible line-breaking hints.
_HINTS = (b"2060", b"200B", b"200b")
_ACTUAL_TEXT = re.compile(rb"(?P<head>/ActualText<)(?P<hex>[0-9A-Fa-f]+)>")
_CMAP_TARGET = re.compile(rb"(?P<head>\n<[0-9A-Fa-f]{4}> <)(?P<hex>[0-9A-Fa-f]+)>")


# The first hint unit of an /ActualText string, at a unit boundary: removed by
# a template substitution (no Python call per match: a page has thousands),
# repeated while a string still holds one.
_FIRST_HINT = re.compile(rb"(/ActualText<FEFF(?:[0-9A-Fa-f]{4})*?)(?:2060|200[Bb])")
_ANY_HINT = re.compile(rb"2060|200[Bb]")
_SPAN_END = b">>>BDC"  # closes "/Span<</ActualText<hex>>>BDC"


def _strip_hints(data: bytes, pattern: re.Pattern[bytes] = _ACTUAL_TEXT) -> bytes:
    """Drop U+2060 and U+200B from /ActualText strings and ToUnicode targets."""
    if pattern is _ACTUAL_TEXT:
        # Typst folds a hint into the text of the cluster before it, so hints
        # end their /ActualText string, right before ">>>BDC": the page is
        # cut there once and each piece's last unit checked (a page has
        # hundreds; replace() and `in` would each read the page again).
        pieces = data.split(_SPAN_END)
        if len(pieces) > 1:
            data = _SPAN_END.join([p[:-4] if p.endswith(_HINTS) else p for p in pieces])
        # One read for any hint left elsewhere (two in a row, or a number
        # that happens to hold the digits): the unit-aligned regex decides.
        if _ANY_HINT.search(data) is None:
            return data
        count = 1
        while count:
            data, count = _FIRST_HINT.subn(rb"\1", data)
        return data
    if b"2060" not in data and b"200B" not in data and b"200b" not in data:
        return data

    def one(m: re.Match[bytes]) -> bytes:
        hex_ = m.group("hex")
        if len(hex_) % 4:
            return m.group(0)
        units = [hex_[i : i + 4] for i in range(0, len(hex_), 4)]
        kept = [u for u in units if u not in _HINTS] or [b"0020"]  # a target cannot be empty
        return m.group(0) if len(kept) == len(units) else m.group("head") + b"".join(kept) + b">"

    return pattern.sub(one, data)


def fix_content(data: bytes, widths: Widths) -> bytes:
    """Empty the text of every text object that only draws marks."""

    def is_mark_only(font: bytes, cids: tuple[int, ...]) -> bool:
        if font not in widths or not cids:
            return False
        explicit, default = widths[font]
        return all(explicit.get(cid, default) == 0 for cid in cids)

    def block(body: bytes) -> bytes | None:
        unit = _unit_of(body)
        if unit is None:
            return None
        font, cids, text, (start, end) = unit
        if not is_mark_only(font, cids):
            return None
        if text is not None:
            start, end = text
            return body[:start] + EMPTY + body[end:]
        wrapped = b"/Span<</ActualText<" + EMPTY + b">>>BDC " + body[start:end] + b"\nEMC "
        return body[:start] + wrapped + body[end:]

    # Text objects found with bytes.find, not a regex with a callback: a page
    # has hundreds, and only short ones can be the pieces in question (typst
    # starts a new text object where the vertical offset changes, with one
    # short unit). One read for the ends; a short object's start is then
    # looked for only in the few bytes before its end.
    out: list[bytes] = []
    pos = 0
    end = data.find(b"\nET\n")
    while end >= 0:
        start = data.rfind(b"\nBT", max(pos, end - _SHORT_BLOCK - 3), end)
        if start >= 0:
            body = data[start + 3 : end]
            new = block(body) if body.count(b" Tm") == 1 else None
            if new is not None:
                out += [data[pos : start + 3], new]
                pos = end
        end = data.find(b"\nET\n", end + 4)
    out.append(data[pos:])
    return _strip_hints(b"".join(out))


def _to_unicode_maps(page: pypdf.PageObject) -> list[IndirectObject]:
    fonts = page.get("/Resources", DictionaryObject()).get("/Font", DictionaryObject())
    out = []
    for font_ref in fonts.values():
        font = font_ref.get_object()
        ref = font.raw_get("/ToUnicode") if "/ToUnicode" in font else None
        if isinstance(ref, IndirectObject):
            out.append(ref)
    return out


def fix_text_layer(pdf: bytes) -> bytes:
    """Return `pdf` with the duplicated cluster texts removed."""
    fixed = _fix_direct(pdf)
    return fixed if fixed is not None else _fix_with_pypdf(pdf)


def _fix_direct(pdf: bytes) -> bytes | None:
    """The repair on typst's own layout, read without pypdf (`pdfdirect`);
    None for a file laid out otherwise."""
    xref = direct.read_xref(pdf)
    found = direct.pages(xref, pdf) if xref is not None else None
    if xref is None or found is None:
        return None
    jobs: dict[int, tuple[bool, Widths]] = {}  # stream -> (is a ToUnicode map, widths)
    for page in found:
        for num in page.to_unicode:
            jobs.setdefault(num, (True, {}))
        jobs.setdefault(page.contents, (False, page.widths))
    # One thread: ISA-L keeps the GIL while it works, and the pages' own
    # repair is Python; two threads only added hand-over waits.
    new_streams: dict[int, bytes] = {}
    for num, (is_map, widths) in jobs.items():
        old = direct.stream_data(xref, pdf, num)
        if old is None:
            return None
        new = _strip_hints(old, _CMAP_TARGET) if is_map else fix_content(old, widths)
        if new != old:
            new_streams[num] = direct.deflate(new)
    if not new_streams:
        return pdf
    return direct.patch(pdf, xref, new_streams)


def _fix_with_pypdf(pdf: bytes) -> bytes:
    """Any other layout: pypdf reads and writes the whole file."""
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return _rewrite_with_pypdf(reader)


def _rewrite_with_pypdf(reader: pypdf.PdfReader) -> bytes:
    writer = pypdf.PdfWriter(clone_from=reader)
    fonts: dict[int, FontWidths] = {}
    for page in writer.pages:
        widths = _page_widths(page, fonts)
        for ref in _to_unicode_maps(page):
            cmap = cast(pypdf.generic.StreamObject, ref.get_object())
            cmap.set_data(_strip_hints(cmap.get_data(), _CMAP_TARGET))
        contents = page.get("/Contents")
        if contents is None:
            continue
        items = contents if isinstance(contents, ArrayObject) else [contents]
        for item in items:
            stream = item.get_object()
            stream.set_data(fix_content(stream.get_data(), widths))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
