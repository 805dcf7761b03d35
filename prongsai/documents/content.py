"""The o42's analysis in words of our own, derived from the scores.

Pure: plain data in, plain data out. A real o42 (an analysis of the previous
ITA and the measures that follow from it) states the total, grade and rating;
tabulates the ten indicators with what must be fixed in each; names the
strengths and the points to improve; and says how the analysis is put into
practice. Each prose section here is only our first draft: the officer may
reword it before export (`documents.models.DocumentText`), and their wording
wins (`apply_texts`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal

from prongsai.improvement.analysis import format_score

from .data import DocIndicatorRow, DocMeasure, DocTextSection

# Section keys, in the order the document prints them (and the edit page
# shows them). "practice" follows the measures, the rest precede them.
SECTION_KEYS = ("result", "strengths", "improve", "practice")
HEADINGS = {
    "result": "ผลการประเมินคุณธรรมและความโปร่งใสในการดำเนินงาน",
    "strengths": "ประเด็นที่เป็นจุดแข็ง",
    "improve": "ประเด็นที่ต้องปรับปรุงหรือพัฒนาให้ดีขึ้น",
    "practice": "แนวทางการนำผลการวิเคราะห์ไปสู่การปฏิบัติ",
}
TABLE_HEADING = "ผลคะแนนรายตัวชี้วัดและประเด็นที่ต้องแก้ไข"
NO_FIX = "ผ่านเกณฑ์"
MAX_STRENGTHS = 5


@dataclass(frozen=True)
class Low:
    """A question below the mark (saved weakness or computed finding)."""

    code: str
    indicator: int
    score: Decimal
    text: str


@dataclass(frozen=True)
class Scores:
    total: Decimal | None
    grade: str | None
    rating: str | None
    indicators: Mapping[int, Decimal | None]  # number → score
    names: Mapping[int, str]  # number → name, framework order
    questions_passed: int  # questions at or above the mark
    # Only the ten indicator scores are known (no per-question results): the
    # analysis says so instead of "no weak questions".
    indicator_level: bool = False


QUESTIONS_UNAVAILABLE = "ผลรายข้อไม่มี — นำเข้าผลรายตัวชี้วัดเท่านั้น"


def _s(value: Decimal) -> str:
    return format_score(value)


def indicator_rows(scores: Scores, lows: Sequence[Low]) -> tuple[DocIndicatorRow, ...]:
    rows = []
    for number, name in scores.names.items():
        fixes = tuple(
            f"ปรับปรุงข้อ {low.code} {low.text} (ได้ {_s(low.score)} คะแนน)".replace("  ", " ")
            for low in lows
            if low.indicator == number
        )
        if scores.indicator_level and not fixes:
            fixes = (QUESTIONS_UNAVAILABLE,)
        rows.append(DocIndicatorRow(number, name, scores.indicators.get(number), fixes))
    return tuple(rows)


def _result(scores: Scores, agency: str, year: int, source: str) -> tuple[str, ...]:
    if scores.total is None:
        first = (
            f"ผลการประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ "
            f"ประจำปีงบประมาณ พ.ศ. {year} ของ{agency} ({source}) ยังมีคะแนนไม่ครบทุกเครื่องมือ "
            "จึงยังสรุปคะแนนรวมและระดับผลการประเมินไม่ได้ การวิเคราะห์ด้านล่างใช้คะแนนเท่าที่มี"
        )
    else:
        rating = f" ผลการประเมิน \u201c{scores.rating}\u201d" if scores.rating else ""
        first = (
            f"ผลการประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ "
            f"ประจำปีงบประมาณ พ.ศ. {year} ของ{agency} ({source}) ได้คะแนนรวม "
            f"{_s(scores.total)} คะแนน อยู่ในระดับ {scores.grade}{rating}"
        )
    return (first,)


def _strengths(scores: Scores, mark: Decimal) -> tuple[str, ...]:
    passed = sorted(
        ((n, v) for n, v in scores.indicators.items() if v is not None and v >= mark),
        key=lambda nv: (-nv[1], nv[0]),
    )
    if not passed and scores.indicator_level:
        return (f"ยังไม่มีตัวชี้วัดที่ได้คะแนนถึงเกณฑ์ {mark:g} คะแนน",)
    if not passed:
        return (
            f"ยังไม่มีตัวชี้วัดที่ได้คะแนนถึงเกณฑ์ {mark:g} คะแนน "
            f"แต่มีข้อคำถามที่ผ่านเกณฑ์แล้ว {scores.questions_passed} ข้อ "
            "ซึ่งหน่วยงานจะรักษามาตรฐานไว้",
        )
    top = passed[:MAX_STRENGTHS]
    named = " ".join(f"ตัวชี้วัดที่ {n} {scores.names.get(n, '')} ({_s(v)} คะแนน)" for n, v in top)
    more = f" และอีก {len(passed) - len(top)} ตัวชี้วัด" if len(passed) > len(top) else ""
    return (
        f"ตัวชี้วัดที่ได้คะแนนตั้งแต่ {mark:g} คะแนนขึ้นไป ได้แก่ {named}{more} "
        "แสดงว่าหน่วยงานดำเนินการในเรื่องเหล่านี้ได้ดี "
        "ควรรักษาแนวปฏิบัติเดิมไว้และเผยแพร่ให้บุคลากรถือปฏิบัติต่อเนื่อง",
    )


def _improve(scores: Scores, lows: Sequence[Low], mark: Decimal) -> tuple[str, ...]:
    if scores.indicator_level and not lows:
        below = [
            f"ตัวชี้วัดที่ {n} {scores.names.get(n, '')} ({_s(v)} คะแนน)"
            for n, v in scores.indicators.items()
            if v is not None and v < mark
        ]
        first = (
            f"ตัวชี้วัดที่ได้คะแนนต่ำกว่า {mark:g} คะแนน ได้แก่ " + " ".join(below)
            if below
            else f"ไม่มีตัวชี้วัดที่ได้คะแนนต่ำกว่า {mark:g} คะแนน"
        )
        return (first, f"{QUESTIONS_UNAVAILABLE} จึงยังระบุข้อคำถามที่ต้องแก้ไขไม่ได้")
    if not lows:
        return (f"ไม่มีข้อคำถามที่ได้คะแนนต่ำกว่า {mark:g} คะแนน",)
    by_indicator: dict[int, list[Low]] = {}
    for low in lows:
        by_indicator.setdefault(low.indicator, []).append(low)
    parts = []
    for number, items in by_indicator.items():
        codes = ", ".join(f"{x.code} ({_s(x.score)})" for x in items)
        parts.append(f"ตัวชี้วัดที่ {number} {scores.names.get(number, '')} ข้อ {codes}")
    return (
        f"ข้อคำถามที่ได้คะแนนต่ำกว่า {mark:g} คะแนน รวม {len(lows)} ข้อ "
        "ถือเป็นข้อบกพร่องหรือจุดอ่อนที่ต้องแก้ไขโดยเร่งด่วน ได้แก่ " + " ".join(parts),
        "รายละเอียดการวิเคราะห์ของแต่ละข้อและมาตรการที่กำหนดเพื่อแก้ไข ปรากฏในหัวข้อถัดไป",
    )


def _practice(agency: str, measures: Sequence[DocMeasure], plan_year: int) -> tuple[str, ...]:
    departments = list(dict.fromkeys(d for m in measures for d in m.responsible))
    who = " ".join(departments) if departments else "ส่วนราชการที่เกี่ยวข้อง"
    count = f"มาตรการทั้ง {len(measures)} มาตรการ" if measures else "มาตรการที่กำหนด"
    return (
        f"ผู้บริหารของ{agency}มอบหมายให้{who} ดำเนินการตาม{count}ข้างต้น "
        "ตามขั้นตอนและระยะเวลาที่กำหนด โดยสื่อสารให้บุคลากรทุกระดับรับทราบและถือปฏิบัติ",
        "ผู้รับผิดชอบแต่ละมาตรการเก็บหลักฐานการดำเนินการ (หนังสือสั่งการ ประกาศ ภาพกิจกรรม "
        "หรือการเผยแพร่บนเว็บไซต์) และรายงานความก้าวหน้าต่อผู้บริหาร",
        f"เมื่อดำเนินการแล้ว หน่วยงานจัดทำรายงานผลการดำเนินการตามมาตรการ ประจำปีงบประมาณ "
        f"พ.ศ. {plan_year} และนำผลไปปรับปรุงการดำเนินงานในการประเมินครั้งถัดไป",
    )


def generated_sections(
    *,
    scores: Scores,
    lows: Sequence[Low],
    measures: Sequence[DocMeasure],
    agency: str,
    assessment_year: int,
    plan_year: int,
    mark: Decimal,
    source: str,
) -> dict[str, DocTextSection]:
    texts = {
        "result": _result(scores, agency, assessment_year, source),
        "strengths": _strengths(scores, mark),
        "improve": _improve(scores, lows, mark),
        "practice": _practice(agency, measures, plan_year),
    }
    return {key: DocTextSection(key, HEADINGS[key], texts[key]) for key in SECTION_KEYS}


def paragraphs_of(text: str) -> tuple[str, ...]:
    """An officer's text: paragraphs separated by blank lines (a single line
    break inside a paragraph is kept as a space)."""
    blocks = text.replace("\r\n", "\n").split("\n\n")
    return tuple(" ".join(b.split()) for b in blocks if b.strip())


def text_of(section: DocTextSection) -> str:
    return "\n\n".join(section.paragraphs)


def apply_texts(
    sections: Mapping[str, DocTextSection], officer: Mapping[str, str]
) -> dict[str, DocTextSection]:
    """The officer's wording in place of ours, section by section."""
    out = dict(sections)
    for key, text in officer.items():
        if key in out and paragraphs_of(text):
            out[key] = replace(out[key], paragraphs=paragraphs_of(text))
    return out
