"""Text extraction, year detection and keyword matching for the disclosure checker.

Pure functions, no network, no Django. `checker.py` re-exports `find_years` and
`extract_text`; import them from there.

Year rules (`find_years`), decided for how Thai agency pages are written:

* A Buddhist Era year is any stand-alone 4-digit number 2500–2600, in Arabic or Thai
  digits ("2567", "๒๕๖๗", "พ.ศ.๒๕๖๗", "15/03/2567"). BE and CE ranges do not overlap,
  so a bare number in that range is read as BE.
* A Common Era year (1957–2057) counts, converted to BE (+543), **only when marked as
  CE**: "ค.ศ. 2024", "ค.ศ.๒๐๒๔", "AD 2024", "2024 A.D.", "2024 CE". A bare "2024",
  including dates such as 15/03/2024 or 2024-03-15, is ignored: on Thai agency sites
  CE dates are almost always what the CMS stamps (upload or post date), which says
  nothing about the year of the document itself, while official documents use BE.
* Not counted, because they are a year-shaped number that is not a year: part of a
  longer number or a decimal ("12567", "2567.50"), a money amount ("2550 บาท"), a
  Bangkok phone number ("0 2567 1234", "0-2567-1234"), and a year in a copyright
  notice ("© 2567", "สงวนลิขสิทธิ์ 2567"), which every page of a site carries.
* Two-digit years ("ปีงบประมาณ 67") are not counted: too ambiguous.
"""

from __future__ import annotations

import codecs
import html
import io
import logging
import re
import unicodedata
import zipfile
from html.parser import HTMLParser

logger = logging.getLogger(__name__)

PDF_MAX_PAGES = 30

# str.translate with a mapping costs ~0.2 s per MB; a regex that rarely matches is ~50x
# faster, which matters for 20 MB bodies.
_THAI_DIGIT_RE = re.compile("[๐-๙]")

# Thai fonts made for Windows/Mac (TH Sarabun PSK and kin) draw shifted tone marks and
# vowels with Private Use Area glyphs; PDFs made from Word often carry those code points
# in their text. Map them back to the real characters (table from HarfBuzz's Thai
# shaper: Windows PUA U+F700–U+F71A and Mac PUA U+F884–U+F89E).
_PUA_TO_THAI = {
    # (windows, mac) -> character
    **dict.fromkeys((0xF700, 0xF89E), "\u0e10"),  # THO THAN without descender
    **dict.fromkeys((0xF70F, 0xF89A), "\u0e0d"),  # YO YING without descender
    **dict.fromkeys((0xF701, 0xF885), "\u0e34"),  # SARA I
    **dict.fromkeys((0xF702, 0xF886), "\u0e35"),  # SARA II
    **dict.fromkeys((0xF703, 0xF887), "\u0e36"),  # SARA UE
    **dict.fromkeys((0xF704, 0xF888), "\u0e37"),  # SARA UEE
    **dict.fromkeys((0xF705, 0xF70A, 0xF713, 0xF88A, 0xF88B, 0xF88C), "\u0e48"),  # MAI EK
    **dict.fromkeys((0xF706, 0xF70B, 0xF714, 0xF88D, 0xF88E, 0xF88F), "\u0e49"),  # MAI THO
    **dict.fromkeys((0xF707, 0xF70C, 0xF715, 0xF890, 0xF891, 0xF892), "\u0e4a"),  # MAI TRI
    **dict.fromkeys((0xF708, 0xF70D, 0xF716, 0xF893, 0xF894, 0xF895), "\u0e4b"),  # CHATTAWA
    **dict.fromkeys((0xF709, 0xF70E, 0xF717, 0xF896, 0xF897, 0xF898), "\u0e4c"),  # THANTHAKHAT
    **dict.fromkeys((0xF710, 0xF884), "\u0e31"),  # MAI HAN-AKAT
    **dict.fromkeys((0xF711, 0xF899), "\u0e4d"),  # NIKHAHIT
    **dict.fromkeys((0xF712, 0xF889), "\u0e47"),  # MAITAIKHU
    **dict.fromkeys((0xF718, 0xF89B), "\u0e38"),  # SARA U
    **dict.fromkeys((0xF719, 0xF89C), "\u0e39"),  # SARA UU
    **dict.fromkeys((0xF71A, 0xF89D), "\u0e3a"),  # PHINTHU
}
_PUA_RE = re.compile("[\uf700-\uf71a\uf884-\uf89e]")

# Control characters (pypdf leaves some in Thai text) except tab and newline.
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# Zero-width characters that Word, LINE and web editors slip into Thai text.
_INVISIBLE_RE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_SPACE_RE = re.compile(r"\s+")

_TIS620_NAMES = {"tis-620", "tis620", "iso-8859-11", "iso8859-11", "windows-874", "x-windows-874"}


def clean_text(text: str) -> str:
    """NFC, Thai PUA glyphs mapped back, control and zero-width characters removed."""
    text = unicodedata.normalize("NFC", text)
    text = _PUA_RE.sub(lambda m: _PUA_TO_THAI[ord(m.group())], text)
    text = _CONTROL_RE.sub("", text)
    return _INVISIBLE_RE.sub("", text)


def arabic_digits(text: str) -> str:
    """Thai digits (๐–๙) as Arabic digits (0–9)."""
    return _THAI_DIGIT_RE.sub(lambda m: str(ord(m.group()) - 0x0E50), text)


def normalize_for_match(text: str) -> str:
    """The form both keywords and page text take before a substring search.

    Spaces and zero-width characters are dropped (Thai has no word spaces, and pages
    break words with spaces, <br> or ZWSP at random), Thai digits become Arabic,
    NIKHAHIT+SARA AA becomes SARA AM and a doubled SARA E becomes SARA AE (both are
    common typing habits that look identical on screen), and case is folded.
    """
    text = arabic_digits(clean_text(text))
    text = _SPACE_RE.sub("", text)
    text = text.replace("\u0e4d\u0e32", "\u0e33").replace("\u0e40\u0e40", "\u0e41")
    return text.casefold()


def match_keywords(text: str, keywords: tuple[str, ...]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(found, missing), each in the order given, comparing normalised forms."""
    haystack = normalize_for_match(text)
    found: list[str] = []
    missing: list[str] = []
    for keyword in keywords:
        needle = normalize_for_match(keyword)
        (found if needle and needle in haystack else missing).append(keyword)
    return tuple(found), tuple(missing)


# ---------------------------------------------------------------- years

_DIGIT_RUN_RE = re.compile(r"[0-9]+")  # whole runs, so "12567" is never read as 2567
_CE_BEFORE_RE = re.compile(r"(?:ค\s*\.\s*ศ\s*\.?|(?<![a-z])(?:a\.?\s?d|c\.?\s?e)\.?)\s*$", re.I)
_CE_AFTER_RE = re.compile(r"^\s*(?:a\.?\s?d|c\.?\s?e)(?:\.|(?![a-z]))", re.I)
_COPYRIGHT_RE = re.compile(r"©|\(c\)|copyright|สงวนลิขสิทธิ์", re.I)
_MONEY_AFTER_RE = re.compile(r"^\s*บาท")


def find_years(text: str) -> set[int]:
    """Buddhist Era years written in `text` (see the module docstring for the rules)."""
    text = arabic_digits(clean_text(text))
    years: set[int] = set()
    for match in _DIGIT_RUN_RE.finditer(text):
        start, end = match.span()
        if end - start != 4:
            continue
        number = int(match.group())
        before = text[max(0, start - 25) : start]
        after = text[end : end + 12]
        if _is_not_a_year(text, start, end, after) or _COPYRIGHT_RE.search(before):
            continue
        if 2500 <= number <= 2600:
            years.add(number)
        elif 1957 <= number <= 2057 and (_CE_BEFORE_RE.search(before) or _CE_AFTER_RE.match(after)):
            years.add(number + 543)
    return years


def _is_not_a_year(text: str, start: int, end: int, after: str) -> bool:
    # A decimal ("2567.50") or money ("2550 บาท").
    if after[:1] == "." and after[1:2].isdigit():
        return True
    if _MONEY_AFTER_RE.match(after):
        return True
    # Bangkok numbers are written "0 2567 1234" / "0-2567-1234": a lone 0 then a separator.
    return (
        start >= 2
        and text[start - 2] == "0"
        and text[start - 1] in " -"
        and (start < 3 or not text[start - 3].isdigit())
    )


# ---------------------------------------------------------------- problem texts
# Short and plain: the reader is an officer, not a web developer.


def error_problem(error: str, *, timeout: float, max_redirects: int) -> str:
    """Thai text for a CheckResult.error word."""
    messages = {
        "timeout": f"หมดเวลารอ {timeout:g} วินาที เว็บไซต์ตอบช้าเกินไป",
        "dns": "ชื่อโดเมนไม่ถูกต้องหรือไม่มีอยู่ (DNS)",
        "tls": "ใบรับรองความปลอดภัย (TLS) ไม่ถูกต้อง",
        "connect": "เชื่อมต่อเว็บไซต์ไม่ได้ (เซิร์ฟเวอร์ปิดอยู่หรือไม่ตอบ)",
        "too_many_redirects": f"ลิงก์วนซ้ำ (redirect เกิน {max_redirects} ครั้ง)",
        "invalid_url": "รูปแบบลิงก์ไม่ถูกต้อง",
        "blocked": "ที่อยู่นี้เป็นเครือข่ายภายใน ตรวจไม่ได้",
    }
    return messages.get(error, "ตรวจลิงก์ไม่สำเร็จ")


def status_problem(status: int) -> str:
    """Thai text for a final HTTP status that is not 2xx."""
    messages = {
        401: "ต้องเข้าสู่ระบบจึงจะเปิดได้ (HTTP 401) ผู้ประเมินจะเปิดไม่ได้",
        403: "เว็บไซต์ไม่อนุญาตให้เปิดหน้านี้ (HTTP 403)",
        404: "ไม่พบหน้า (HTTP 404)",
        410: "หน้านี้ถูกลบแล้ว (HTTP 410)",
        429: "เว็บไซต์ปฏิเสธเพราะเปิดถี่เกินไป (HTTP 429)",
    }
    if status in messages:
        return messages[status]
    if status >= 500:
        return f"เว็บไซต์ขัดข้อง (HTTP {status})"
    return f"เปิดหน้าไม่สำเร็จ (HTTP {status})"


def year_problem(required: int, years: set[int]) -> str:
    """Thai text when the required year is missing, naming the latest years found."""
    text = f"ไม่พบปี พ.ศ. {required} ในเนื้อหา"
    if not years:
        return text
    text += " (พบ พ.ศ. " + ", ".join(str(y) for y in sorted(years)[-4:]) + ")"
    if max(years) < required:
        text += " อาจเป็นข้อมูลปีเก่า"
    return text


# ---------------------------------------------------------------- extraction


def extract_text(body: bytes, content_type: str | None) -> str:
    """Readable text of a response body: HTML, PDF (first 30 pages), DOCX/XLSX/PPTX, text.

    The type comes from `content_type` and, because agency servers often send PDFs as
    application/octet-stream, from the first bytes. Never raises: what cannot be read
    gives "" (a scanned PDF, an image, a truncated archive).
    """
    try:
        return clean_text(_extract(body, content_type))
    except Exception:  # a parser bug must not lose the whole check
        logger.warning("text extraction failed", exc_info=True)
        return ""


def _extract(body: bytes, content_type: str | None) -> str:
    if not body:
        return ""
    mime, charset = _parse_content_type(content_type)
    head = body[:1024].lstrip().lower()
    if mime == "application/pdf" or b"%PDF-" in body[:1024]:
        return _pdf_text(body)
    if body.startswith(b"PK\x03\x04"):
        return _office_text(body)
    looks_html = head.startswith((b"<!doctype html", b"<html", b"<?xml")) or b"<body" in head
    if mime in ("text/html", "application/xhtml+xml") or (
        looks_html and not mime.startswith("image/")
    ):
        return _html_text(decode_body(body, charset, html=True))
    if mime.startswith("text/") or mime in ("application/json", "application/xml", ""):
        if not mime and b"\x00" in body[:1024]:
            return ""  # unknown binary
        return decode_body(body, charset, html=False)
    return ""


def _parse_content_type(content_type: str | None) -> tuple[str, str | None]:
    if not content_type:
        return "", None
    mime, _, params = content_type.partition(";")
    charset = None
    for param in params.split(";"):
        key, _, value = param.strip().partition("=")
        if key.strip().lower() == "charset":
            charset = value.strip().strip("\"'") or None
    return mime.strip().lower(), charset


_META_CHARSET_RE = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([a-zA-Z0-9_:.-]+)", re.I)


def decode_body(body: bytes, declared: str | None, *, html: bool) -> str:
    """Decode as a browser would: BOM, then the HTTP charset, then <meta>, then sniff.

    Following the browser matters: the assessor sees what the browser shows. TIS-620
    and ISO-8859-11 are read as windows-874, their superset (as browsers do).
    """
    boms = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
            (codecs.BOM_UTF16_BE, "utf-16"))  # fmt: skip
    for bom, bom_encoding in boms:
        if body.startswith(bom):
            return body.decode(bom_encoding, errors="replace")
    candidates = [declared]
    if html:
        meta = _META_CHARSET_RE.search(body[:4096])
        candidates.append(meta.group(1).decode("ascii", "replace") if meta else None)
    for name in candidates:
        encoding = _codec_name(name)
        if encoding:
            return body.decode(encoding, errors="replace")
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        # Old Thai sites without a declaration are almost always TIS-620/windows-874.
        return body.decode("cp874", errors="replace")


def _codec_name(name: str | None) -> str | None:
    label = (name or "").strip().lower()
    if not label:
        return None
    if label in _TIS620_NAMES:
        return "cp874"
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


_BLOCK_TAGS = frozenset(
    ("address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "figcaption",
     "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav",
     "ol", "p", "pre", "section", "table", "tbody", "td", "tfoot", "th", "thead", "title", "tr",
     "ul")
)  # fmt: skip
_SKIP_TAGS = frozenset(("script", "style", "noscript", "template", "svg"))


class _TextParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP_TAGS:
            self._skip += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_TAGS:
            self._skip = max(0, self._skip - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def _html_text(markup: str) -> str:
    parser = _TextParser()
    try:
        parser.feed(markup)
        parser.close()
    except Exception:  # HTMLParser is lenient, but keep what was read so far
        logger.debug("HTML parse stopped early", exc_info=True)
    text = html.unescape("".join(parser.parts))  # leftovers from broken markup
    return re.sub(r"[ \t\r\f\v]*\n\s*", "\n", text).strip()


def _pdf_text(body: bytes) -> str:
    import pypdf  # imported here: only PDFs pay for it

    pdf_logger = logging.getLogger("pypdf")
    reader = pypdf.PdfReader(io.BytesIO(body), strict=False)
    if reader.is_encrypted:
        reader.decrypt("")  # most "protected" agency PDFs only forbid editing
    texts = []
    for index, page in enumerate(reader.pages):
        if index >= PDF_MAX_PAGES:
            break
        try:
            texts.append(page.extract_text() or "")
        except Exception:  # one bad page should not hide the others
            pdf_logger.debug("page %d unreadable", index, exc_info=True)
    return "\n".join(texts)


_OFFICE_PARTS_RE = re.compile(
    r"^(word/document\.xml|word/header\d*\.xml|xl/sharedStrings\.xml|ppt/slides/slide\d+\.xml)$"
)


# The XML read from one office file, in all: a DOCX is a zip, and a 1 MB one
# whose document.xml unpacks to 1 GB (a zip bomb, from an upload or a checked
# website) took 21 s and 2 GB of memory. A long report's text is a few MB.
OFFICE_MAX_XML = 20 * 1024 * 1024


def _office_text(body: bytes) -> str:
    """Text of DOCX/XLSX/PPTX files (agencies post many); "" for other ZIP
    files. Only the first OFFICE_MAX_XML bytes of XML are read."""
    texts = []
    left = OFFICE_MAX_XML
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        for name in archive.namelist():
            if _OFFICE_PARTS_RE.match(name) and left > 0:
                with archive.open(name) as part:
                    raw = part.read(left)  # unpacks no more than this
                left -= len(raw)
                xml = raw.decode("utf-8", errors="replace")
                xml = re.sub(r"</w:p>|</a:p>|</si>", "\n", xml)
                texts.append(html.unescape(re.sub(r"<[^>]+>", "", xml)))
    return "\n".join(texts)
