"""Reading the ITAS results page as officers copy it (into Word, a PDF, a text box).

Pure: takes text (or the bytes of a .txt/.docx/.pdf), returns the items found
and the problems, each with its line number. Nothing here touches the database.

The form, from the seed report (seed-report-tha-talad-2567.txt):

    ข้อ I7   <question>  ผลการประเมินที่ได้รับ เท่ากับ 79.27 คะแนน
    <the NACC's diagnosis> ดังนั้น <its recommendation> (อ้างอิงจาก o11)

with the variants copying produces: "ข้อI9" without a space, the sentence
broken over lines ("ผลการประเมิน\\nที่ได้รับ"), numbers broken over lines
("79.\\n27"), Thai digits, and a PDF's text layer (NIKHAHIT + SARA AA for
SARA AM, spaces before combining marks, zero-width and PUA characters).
Items with no text between them share the recommendation that follows them
(the seed's I8 and I9), unless a question that passed (85 or more) without
advice of its own comes between: a whole results page lists those too.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from prongsai.lib.poppler import pdf_text
from prongsai.lib.thai import to_arabic_digits
from prongsai.publishing.checker_text import clean_text, extract_text

# Thai combining marks (above and below vowels, tone marks): never start a word,
# so a space before one is a PDF extraction artefact.
_MARKS = "\u0e31\u0e34-\u0e3a\u0e47-\u0e4e"
# Only from the first space of a run, and without giving any back: tried at
# every space of a long run, it was quadratic (500,000 pasted spaces: 20 min).
_SPACE_BEFORE_MARK = re.compile(rf"(?<![ \t])[ \t]++([{_MARKS}])")
# "79.\n27" or "79\n.27": a decimal broken over one line end (never a blank line,
# and never two whole numbers: "2566\n2)" are a date and a list marker).
_SPLIT_NUMBER = re.compile(r"(\d\.)[ \t]*\n[ \t]*(\d)|(\d)[ \t]*\n[ \t]*(\.\d)")
_CODE = r"(?P<letter>[IEOieo])\s*(?P<num>\d{1,2})(?!\d)"
# "ข้อ I7" or "ตัวชี้วัดย่อย/ข้อที่" forms: the item's start.
_START = re.compile(rf"ข้อ(?:ที่)?\s*{_CODE}")
_SCORE = re.compile(
    # Any of its words may be broken over lines (a PDF's line ends fall anywhere).
    r"ผล\s*การ\s*ประ\s*เมิน\s*ที่\s*ได้\s*รับ\s*(?:เท่า\s*กับ)?\s*"
    r"(?P<score>[^\sคะ]+(?:\s*\.\s*\d+)?)\s*คะ\s*แนน"
)
# Where a recommendation stops: the next item, a measure, a heading.
_STOP = re.compile(
    r"ข้อบกพร่อง|มาตรการ\s*:|มาตรการ\s*\n|ตัวชี้วัดที่\s*\d|ด้านการรับรู้|ส่วนที่\s*\d|"
    r"แบบวัดการรับรู้|แบบตรวจการเปิดเผยข้อมูล|"
    rf"ขั้นตอนหรือวิธีการ|ผู้รับผิดชอบ|ผลการดำเนินการ|(?m:^)[ \t]*{_START.pattern}"
)
_REFERENCE = re.compile(r"\b[oO](\d{1,2})\b")
_SUB_REFERENCES = re.compile(r"ตัวชี้วัด(?:ย่อย)?\s*((?:\d{1,2}\.\d\s*,?\s*)+)")
# The NACC's pass mark. A question at or above it that has no text of its own
# ends a run of items waiting for a shared recommendation: on a whole results
# page the questions that passed stand between the weak ones, and the advice
# after I7 is not I1's to I6's.
_PASS = Decimal(85)
_QUESTION_MAX = 600  # characters: a longer "question" means the score belongs elsewhere
LIMITS = {"I": 30, "E": 15, "o": 43}


@dataclass
class FoundItem:
    code: str
    score: Decimal
    question: str
    line: int
    recommendation: str = ""
    recommendation_lines: tuple[int, int] | None = None

    @property
    def diagnosis_and_advice(self) -> tuple[str, str]:
        """The NACC's text split where it turns to advice ("ดังนั้น")."""
        head, sep, tail = self.recommendation.partition("ดังนั้น")
        if not sep:
            return self.recommendation, ""
        return head.strip(), (sep + tail).strip()

    @property
    def references(self) -> list[str]:
        refs = [f"o{n}" for n in _REFERENCE.findall(self.recommendation)]
        for run in _SUB_REFERENCES.findall(self.recommendation):
            refs.extend(re.findall(r"\d{1,2}\.\d", run))
        return list(dict.fromkeys(refs))


@dataclass
class ParseResult:
    items: list[FoundItem] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def normalise(text: str) -> str:
    """The text as the parser reads it: NFC, PUA and zero-width characters
    gone, PDF-broken vowels repaired, Arabic digits, numbers joined again."""
    text = clean_text(text.replace("\r\n", "\n").replace("\r", "\n"))
    text = text.replace("\u0e4d\u0e32", "\u0e33").replace("\u0e40\u0e40", "\u0e41")
    text = _SPACE_BEFORE_MARK.sub(r"\1", text)
    text = unicodedata.normalize("NFC", to_arabic_digits(text))
    return _SPLIT_NUMBER.sub(lambda m: "".join(g for g in m.groups() if g), text)


# As much text as the form takes pasted (TextImportForm.text): an ITAS
# results page or an o42 report is well under 100,000 characters, and the
# parsers are not linear in the length of text without line breaks.
MAX_TEXT = 500_000


def text_of_file(data: bytes, name: str) -> str:
    """Text of a .txt, .docx or .pdf upload. Raises ValueError (Thai) when the
    content is not what the name says, or is longer than MAX_TEXT."""
    text = _file_text(data, name)
    if len(text) > MAX_TEXT:
        raise ValueError(
            _("ข้อความในไฟล์ %(name)s ยาวเกินไป (%(n)d ตัวอักษร) รับได้ไม่เกิน %(max)d ตัวอักษร")
            % {"name": name, "n": len(text), "max": MAX_TEXT}
        )
    return text


def _file_text(data: bytes, name: str) -> str:
    lower = name.lower()
    if lower.endswith(".pdf"):
        if not data.startswith(b"%PDF-"):
            raise ValueError(_("ไฟล์ %s ไม่ใช่ PDF") % name)
    elif lower.endswith(".docx"):
        if not data.startswith(b"PK\x03\x04") or b"word/document.xml" not in data:
            raise ValueError(_("ไฟล์ %s ไม่ใช่เอกสาร Word (.docx)") % name)
    elif lower.endswith(".txt"):
        if b"\x00" in data[:4096]:
            raise ValueError(_("ไฟล์ %s ไม่ใช่ไฟล์ข้อความ") % name)
        try:
            return data.decode("utf-8-sig")
        except UnicodeDecodeError:
            return data.decode("cp874", errors="replace")
    else:
        raise ValueError(_("รับเฉพาะไฟล์ .txt .docx หรือ .pdf ไม่ใช่ %s") % name)
    text = pdf_text(data) if lower.endswith(".pdf") else None
    if text is None:
        text = extract_text(data, None)
    if lower.endswith(".docx"):
        # A Word paragraph is one unit (a list item, a department): keep it
        # apart from the next as a blank line does in pasted text.
        text = text.replace("\n", "\n\n")
    if not text.strip():
        raise ValueError(_("อ่านข้อความจากไฟล์ %s ไม่ได้ (ไฟล์สแกนเป็นภาพ?)") % name)
    return text


class _Lines:
    """Line numbers and line starts by position, from one pass over the text:
    counting line breaks from the start for every item made the parse
    quadratic in the length of the text."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.breaks = [m.start() for m in re.finditer("\n", text)]
        self._first: dict[int, int] = {}  # line start → its first non-space

    def number(self, pos: int) -> int:
        return bisect_left(self.breaks, pos) + 1

    def starts_line(self, pos: int) -> bool:
        """Only spaces between the start of pos's line and pos."""
        i = bisect_left(self.breaks, pos)
        line_start = self.breaks[i - 1] + 1 if i else 0
        if line_start not in self._first:
            found = _NOT_SPACE.search(self.text, line_start)
            self._first[line_start] = found.start() if found else len(self.text)
        return self._first[line_start] >= pos


_NOT_SPACE = re.compile(r"\S")


def _one_line(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def parse_itas_text(raw: str) -> ParseResult:
    text = normalise(raw)
    result = ParseResult()
    seen: dict[str, int] = {}
    pending: list[FoundItem] = []  # items waiting for the recommendation after them
    pos = 0
    lines = _Lines(text)
    for start in _START.finditer(text):
        if start.start() < pos:
            continue  # inside an item already read
        line = lines.number(start.start())
        at_line_start = lines.starts_line(start.start())
        score = _SCORE.search(text, start.end(), start.end() + _QUESTION_MAX)
        between = text[start.end() : score.start()] if score else ""
        if score is None or _START.search(between):
            if at_line_start:
                result.problems.append(
                    _(
                        "บรรทัด %(line)d: พบ '%(found)s' แต่ไม่พบ 'ผลการประเมินที่ได้รับ เท่ากับ"
                        " <คะแนน> คะแนน' ต่อจากคำถาม"
                    )
                    % {"line": line, "found": _one_line(start.group())}
                )
            continue  # a mention inside a recommendation ("ในข้อ E2 ซึ่ง…")
        letter = "o" if start["letter"] in "oO" else start["letter"].upper()
        code = f"{letter}{int(start['num'])}"
        score_line = lines.number(score.start("score"))
        raw_score = score["score"].replace(" ", "")
        try:
            value = Decimal(raw_score)
        except InvalidOperation:
            value = None
        pos = score.end()
        if value is None or not value.is_finite():
            result.problems.append(
                _("บรรทัด %(line)d: ข้อ %(code)s คะแนน '%(v)s' ไม่ใช่ตัวเลข")
                % {"line": score_line, "code": code, "v": raw_score}
            )
            continue
        if not Decimal(0) <= value <= Decimal(100):
            result.problems.append(
                _("บรรทัด %(line)d: ข้อ %(code)s คะแนน %(v)s อยู่นอกช่วง 0 ถึง 100")
                % {"line": score_line, "code": code, "v": raw_score}
            )
            continue
        if not 1 <= int(start["num"]) <= LIMITS[letter]:
            result.problems.append(
                _("บรรทัด %(line)d: ไม่มีข้อ %(code)s ในแบบประเมิน ITA") % {"line": line, "code": code}
            )
            continue
        if code in seen:
            result.problems.append(
                _("บรรทัด %(line)d: ข้อ %(code)s ซ้ำกับบรรทัด %(first)d")
                % {"line": line, "code": code, "first": seen[code]}
            )
            continue
        seen[code] = line
        item = FoundItem(code, value.quantize(Decimal("0.01")), _one_line(between), line)
        result.items.append(item)
        pending.append(item)
        # The recommendation: from after the score to the next stop.
        stop = _STOP.search(text, pos)
        end = stop.start() if stop else len(text)
        body = _one_line(text[pos:end])
        if not body and stop and not _START.search(stop.group()):
            pending = []  # a heading or measure came first: nothing to share
        elif not body and item.score >= _PASS:
            pending = []  # a question that passed, with no advice: the run ends
        elif body:
            for waiting in pending:
                waiting.recommendation = body
                waiting.recommendation_lines = (lines.number(pos), lines.number(end))
            pending = []
    if not result.items and not result.problems:
        result.problems.append(
            _("บรรทัด 1: ไม่พบข้อใดในรูป 'ข้อ I7 <คำถาม> ผลการประเมินที่ได้รับ เท่ากับ 79.27 คะแนน'")
        )
    return result
