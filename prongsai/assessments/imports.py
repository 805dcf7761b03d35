"""Reading a results file against a year's framework: per-question scores
(code,score[,question]) or the ten indicator scores (indicator,score), told
apart by the header row.

Pure: takes bytes and a FrameworkSpec, returns validated rows or every error
found, each naming the row, the column and why. The service writes nothing
unless the whole file is valid.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from prongsai.framework.schema import FrameworkSpec
from prongsai.lib.imports import MAX_ERRORS, ImportFailed, check_rows, import_rows
from prongsai.lib.tabular import Row, TableError, read_table
from prongsai.lib.thai import parse_number

# Re-exported: views, services and tests import them from here.
__all__ = [
    "MAX_ERRORS",
    "ImportFailed",
    "IndicatorRow",
    "ScoreRow",
    "indicator_row_checker",
    "is_indicator_file",
    "parse_indicator_results",
    "parse_results",
    "score_row_checker",
]


@dataclass(frozen=True)
class ScoreRow:
    row: int
    code: str
    score: Decimal
    question: str


def parse_results(data: bytes, spec: FrameworkSpec, *, max_bytes: int) -> list[ScoreRow]:
    rows = import_rows(
        data, required=("code", "score"), optional=("question",), max_bytes=max_bytes
    )
    return check_rows(rows, score_row_checker(spec))


def score_row_checker(spec: FrameworkSpec) -> Callable[[Row, str], ScoreRow | str]:
    """The check of one code,score row for `check_rows`. It remembers the codes
    it has seen (a repeated code is an error): one checker per agency's rows,
    so the many-agency import (imports_many.py) keeps the same rules."""
    seen: dict[str, int] = {}

    def check(row: Row, where: str) -> ScoreRow | str:
        raw_code = row.values["code"]
        try:
            code = spec.canonical_code(raw_code)
        except ValueError:
            return _("%(where)s คอลัมน์ code: '%(v)s' ไม่ใช่รหัสข้อ (เช่น I7, E2, o11)") % {
                "where": where,
                "v": raw_code,
            }
        if not spec.has_question(code):
            return _("%(where)s คอลัมน์ code: ไม่มีข้อ %(code)s ในกรอบการประเมินปี %(year)s") % {
                "where": where,
                "code": code,
                "year": spec.year,
            }
        if code in seen:
            return _("%(where)s คอลัมน์ code: ข้อ %(code)s ซ้ำกับแถว %(first)d") % {
                "where": where,
                "code": code,
                "first": seen[code],
            }
        seen[code] = row.number
        raw_score = row.values["score"]
        try:
            score = parse_number(raw_score)
        except ValueError:
            return (
                _("%(where)s คอลัมน์ score: '%(v)s' ไม่ใช่ตัวเลข") % {"where": where, "v": raw_score}
                if raw_score
                else _("%(where)s คอลัมน์ score: ไม่มีคะแนน") % {"where": where}
            )
        if not Decimal(0) <= score <= Decimal(100):
            return _("%(where)s คอลัมน์ score: %(v)s อยู่นอกช่วง 0 ถึง 100") % {
                "where": where,
                "v": raw_score,
            }
        if score != score.quantize(Decimal("0.01")):
            return _("%(where)s คอลัมน์ score: %(v)s มีทศนิยมเกิน 2 ตำแหน่ง") % {
                "where": where,
                "v": raw_score,
            }
        if spec.tool_of(code) == "oit" and score not in (Decimal(0), Decimal(100)):
            return _("%(where)s คอลัมน์ score: ข้อ %(code)s เป็นข้อ OIT ได้เพียง 100 หรือ 0 ไม่ใช่ %(v)s") % {
                "where": where,
                "code": code,
                "v": raw_score,
            }
        return ScoreRow(row.number, code, score, row.values.get("question", ""))

    return check


@dataclass(frozen=True)
class IndicatorRow:
    row: int
    indicator: int
    score: Decimal


INDICATOR_COLUMNS = ("indicator", "score")


def is_indicator_file(data: bytes, *, max_bytes: int) -> bool:
    """Whether the file's header is indicator,score (and not code,score): the
    format is told by the header, as the person wrote it, not by a choice."""
    try:
        read_table(data, required=INDICATOR_COLUMNS, max_bytes=max_bytes)
    except TableError:
        return False
    try:
        read_table(data, required=("code", "score"), max_bytes=max_bytes)
    except TableError:
        return True
    return False  # both headers: the question-level reading, as before


def _score_error(where: str, raw: str) -> tuple[Decimal | None, str | None]:
    try:
        score = parse_number(raw)
    except ValueError:
        if not raw:
            return None, _("%(where)s คอลัมน์ score: ไม่มีคะแนน") % {"where": where}
        return None, _("%(where)s คอลัมน์ score: '%(v)s' ไม่ใช่ตัวเลข") % {"where": where, "v": raw}
    if not Decimal(0) <= score <= Decimal(100):
        return None, _("%(where)s คอลัมน์ score: %(v)s อยู่นอกช่วง 0 ถึง 100") % {
            "where": where,
            "v": raw,
        }
    if score != score.quantize(Decimal("0.01")):
        return None, _("%(where)s คอลัมน์ score: %(v)s มีทศนิยมเกิน 2 ตำแหน่ง") % {
            "where": where,
            "v": raw,
        }
    return score, None


def parse_indicator_results(
    data: bytes, spec: FrameworkSpec, *, max_bytes: int
) -> list[IndicatorRow]:
    """Rows of indicator,score (indicator 1–10 in Thai or Arabic digits, score
    0–100 with at most two decimals). Every error, or the valid rows."""
    rows = import_rows(data, required=INDICATOR_COLUMNS, max_bytes=max_bytes)
    return check_rows(rows, indicator_row_checker(spec))


def indicator_row_checker(spec: FrameworkSpec) -> Callable[[Row, str], IndicatorRow | str]:
    """The check of one indicator,score row for `check_rows`; like
    `score_row_checker` it remembers the numbers seen, one checker per agency."""
    known = {ind.number for ind in spec.indicators}
    seen: dict[int, int] = {}

    def check(row: Row, where: str) -> IndicatorRow | str:
        raw = row.values["indicator"]
        try:
            value = parse_number(raw)
        except ValueError:
            value = None
        if value is None or value != value.to_integral_value() or not 1 <= value <= 10:
            return _("%(where)s คอลัมน์ indicator: '%(v)s' ไม่ใช่หมายเลขตัวชี้วัด 1 ถึง 10") % {
                "where": where,
                "v": raw,
            }
        number = int(value)
        if number not in known:
            return _("%(where)s คอลัมน์ indicator: ไม่มีตัวชี้วัดที่ %(n)d ในกรอบการประเมินปี %(year)s") % {
                "where": where,
                "n": number,
                "year": spec.year,
            }
        if number in seen:
            return _("%(where)s คอลัมน์ indicator: ตัวชี้วัดที่ %(n)d ซ้ำกับแถว %(first)d") % {
                "where": where,
                "n": number,
                "first": seen[number],
            }
        seen[number] = row.number
        score, error = _score_error(where, row.values["score"])
        if error is not None or score is None:
            return error or ""
        return IndicatorRow(row.number, number, score)

    return check
