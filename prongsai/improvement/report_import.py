"""Reading a report of results (o43) or a measures document (o42) in the seed's form.

Pure: text in, drafts out. The weaknesses ("ข้อ I7 … ผลการประเมินที่ได้รับ
เท่ากับ 79.27 คะแนน" and the NACC's diagnosis after it) are read by the ITAS
text parser; each "มาตรการ : <title>" then answers the weaknesses read since
the previous measure, with its sections:

    ขั้นตอนหรือวิธีการ                   → steps
    ผู้รับผิดชอบ                         → departments
    ผลการดำเนินการตามมาตรการที่กำหนด     → results

A section's items start at a marker ("-", "1.", "1)", "๑.") or after a blank
line; other lines continue the item before (Thai lines join without a space).
Tolerated: our own documents' extras (page numbers glued to a line, "สถานะ:"
lines, "เมื่อวันที่ …" after a result, an indicator table, an approval
block), zero-width characters, Thai digits, and the seed's appendix
("เอกสารประกอบการดำเนินการ"), where reading stops.

Departments are matched to a department *kind* by name (ปลัด → office, คลัง →
finance, ช่าง → works, สาธารณสุข → health, การศึกษา → education, ทุกส่วนราชการ
→ all); names that match none are reported, not created, so a typo in a
document never becomes a department.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from prongsai.assessments.itas_text import normalise, parse_itas_text, text_of_file
from prongsai.lib.poppler import pdf_text
from prongsai.lib.thai import BE_OFFSET, MONTHS

_APPENDIX = re.compile(r"เอกสารประกอบการดำเนินการ")
_MEASURE = re.compile(r"(?m)^[ \t]*มาตรการ\s*:\s*(?P<title>[^\n]+)")
_STEPS = re.compile(r"(?m)^[ \t]*ขั้นตอนหรือวิธีการ[ \t]*$")
_DEPARTMENTS = re.compile(r"(?m)^[ \t]*ผู้รับผิดชอบ[ \t]*$")
_RESULTS = re.compile(r"(?m)^[ \t]*ผลการดำเนินการตามมาตรการที่กำหนด[ \t]*$")
# Where a measure's results end: the next weakness or heading, or an extra
# section of our own documents.
_END = re.compile(
    r"(?m)^[ \t]*(?:ข้อบกพร่อง|ตัวชี้วัดที่|ด้านการรับรู้|ส่วนที่\s*\d|สถานะ\s*:|มาตรการ\s*:|"
    r"ลงชื่อ|ความเห็น|ผู้อนุมัติ|อนุมัติ|คะแนนรายตัวชี้วัด|ตารางสรุป|ข้อ\s*[IEO]\s*\d)"
)
# Our PDFs' page numbers ("- 10 -") that the text extraction glues to the line
# after them ("-๓มาตรการ :", "- ๑๐ มาตรการ :").
# A line of its own is matched within the line: "^\s*" and "\s*$" ran over every
# following line break from each line start (quadratic: 160,000 blank lines, 38 s).
_PAGE_NUMBER = re.compile(r"(?m)^-[ \t]*\d+[ \t]*-?[ \t]*(?=[^\s\d./)])|^[ \t]*-\s*\d+\s*-[ \t]*$")
_MARKER = re.compile(r"^\s*(?:[-•●▪]|\d{1,2}\s*[.)])\s*")
# What follows a result's text: its date and document reference ("เมื่อวันที่ 16
# ตุลาคม 2566", "ที่ 149/2566 ลงวันที่ …"), fields of their own, not its text.
_RESULT_DATE = re.compile(r"\s*(?:เมื่อวันที่\s|ที่\s*\d+/\d{4}|ลงวันที่).*$")
_DATE = re.compile(r"เมื่อวันที่\s*(\d{1,2})\s+(\S+)\s+(\d{4})")
_THAI = re.compile(r"[\u0e00-\u0e7f]")
DEPARTMENT_KINDS = (
    ("ทุกส่วนราชการ", "all"),
    ("ปลัด", "office"),
    ("คลัง", "finance"),
    ("ช่าง", "works"),
    ("สาธารณสุข", "health"),
    ("การศึกษา", "education"),
)
ALL_KINDS = ("office", "finance", "works", "health", "education")


@dataclass
class WeaknessDraft:
    code: str
    score: str
    question: str
    diagnosis: str
    line: int


@dataclass
class MeasureDraft:
    title: str
    weaknesses: list[str]
    steps: list[str]
    departments: list[str]  # kinds, in order of appearance
    results: list[str]
    unknown_departments: list[str] = field(default_factory=list)
    line: int = 0
    # ISO date of each result when the document prints one ("เมื่อวันที่ …").
    result_dates: list[str | None] = field(default_factory=list)

    # The review form's fields (one item a line; dates by position).
    @property
    def steps_text(self) -> str:
        return "\n".join(self.steps)

    @property
    def results_text(self) -> str:
        return "\n".join(self.results)

    @property
    def dates_text(self) -> str:
        return ",".join(d or "" for d in self.result_dates)


@dataclass
class ReportDraft:
    weaknesses: list[WeaknessDraft]
    measures: list[MeasureDraft]
    problems: list[str]

    def as_json(self) -> dict[str, object]:
        return {
            "weaknesses": [
                {"code": w.code, "score": w.score, "question": w.question, "diagnosis": w.diagnosis}
                for w in self.weaknesses
            ],
            "measures": [
                {
                    "title": m.title,
                    "weaknesses": m.weaknesses,
                    "steps": m.steps,
                    "departments": m.departments,
                    "unknown_departments": m.unknown_departments,
                    "results": m.results,
                    "result_dates": m.result_dates,
                }
                for m in self.measures
            ],
            "problems": self.problems,
        }


def text_of_report(data: bytes, name: str) -> str:
    """Text of a report file. For a PDF, poppler's *raw* order: its default
    layout mode drops the hyphen of a word broken at a line end ("E-" +
    "Service" reads "EService") and can glue a page number to a list marker;
    raw mode keeps both as printed. Other forms as any ITAS upload."""
    text = text_of_file(data, name)  # checks the content against the name
    if name.lower().endswith(".pdf"):
        text = pdf_text(data, raw=True) or text
    return text


def _join(a: str, b: str) -> str:
    # A Latin word broken at its hyphen ("E-" / "Service") joins back whole.
    if re.search(r"[A-Za-z]-$", a) and b[:1].isalpha():
        return a + b
    if a and b and _THAI.match(a[-1]) and _THAI.match(b[0]):
        return a + b
    return f"{a} {b}".strip()


def split_items(section: str) -> list[str]:
    items: list[str] = []
    current: str | None = None
    blank = False
    for raw in section.split("\n"):
        line = re.sub(r"\s+", " ", raw).strip()
        if not line:
            blank = True
            continue
        marker = _MARKER.match(line)
        if marker:
            text = line[marker.end() :].strip()
            if current:
                items.append(current)
            current, blank = text, False
            continue
        if current is None or (blank and current):
            if current:
                items.append(current)
            current = line
        else:
            current = _join(current, line)
        blank = False
    if current:
        items.append(current)
    return items


def _kinds(items: list[str]) -> tuple[list[str], list[str]]:
    kinds: list[str] = []
    unknown: list[str] = []
    for item in items:
        for name in re.split(r"[/,]", item):
            name = name.strip()
            if not name:
                continue
            kind = next((k for word, k in DEPARTMENT_KINDS if word in name), None)
            if kind is None:
                unknown.append(name)
            elif kind not in kinds:
                kinds.append(kind)
    return kinds, unknown


def _date_in(text: str) -> str | None:
    """The Buddhist Era date printed after a result, as ISO, or None."""
    m = _DATE.search(text)
    if m is None or m[2] not in MONTHS:
        return None
    try:
        return dt.date(int(m[3]) - BE_OFFSET, MONTHS.index(m[2]) + 1, int(m[1])).isoformat()
    except ValueError:
        return None


def _section(text: str, start: re.Match[str] | None, *stops: re.Pattern[str]) -> str:
    if start is None:
        return ""
    ends = [m.start() for p in stops if (m := p.search(text, start.end()))]
    return text[start.end() : min(ends, default=len(text))]


def parse_report(raw: str) -> ReportDraft:
    text = _PAGE_NUMBER.sub("", normalise(raw))
    appendix = _APPENDIX.search(text)
    if appendix:
        text = text[: appendix.start()]
    parsed = parse_itas_text(text)
    weaknesses = [
        WeaknessDraft(i.code, f"{i.score:.2f}", i.question, i.recommendation, i.line)
        for i in parsed.items
    ]
    measures: list[MeasureDraft] = []
    measure_matches = list(_MEASURE.finditer(text))
    previous_line = 0
    line, counted_to = 1, 0  # counted on from the last measure: linear in the text
    for n, match in enumerate(measure_matches):
        block_end = measure_matches[n + 1].start() if n + 1 < len(measure_matches) else len(text)
        block = text[match.start() : block_end]
        line += text.count("\n", counted_to, match.start())
        counted_to = match.start()
        steps = split_items(_section(block, _STEPS.search(block), _DEPARTMENTS, _RESULTS))
        departments_text = _section(block, _DEPARTMENTS.search(block), _RESULTS, _END)
        kinds, unknown = _kinds(split_items(departments_text))
        results_match = _RESULTS.search(block)
        raw_results = split_items(_section(block, results_match, _END))
        pairs = [(_RESULT_DATE.sub("", r), _date_in(r)) for r in raw_results]
        pairs = [(r, d) for r, d in pairs if r]
        codes = [w.code for w in weaknesses if previous_line < w.line < line]
        measures.append(
            MeasureDraft(
                title=match["title"].strip(),
                weaknesses=codes,
                steps=steps,
                departments=kinds,
                results=[r for r, _d in pairs],
                result_dates=[d for _r, d in pairs],
                unknown_departments=unknown,
                line=line,
            )
        )
        previous_line = line
    return ReportDraft(weaknesses, measures, list(parsed.problems))
