"""Reading a results file (code,score[,question]) against a year's framework.

Pure: takes bytes and a FrameworkSpec, returns validated rows or every error
found, each naming the row, the column and why. The service writes nothing
unless the whole file is valid.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from prongsai.framework.schema import FrameworkSpec
from prongsai.lib.tabular import TableError, read_table
from prongsai.lib.thai import parse_number

MAX_ERRORS = 50


@dataclass(frozen=True)
class ScoreRow:
    row: int
    code: str
    score: Decimal
    question: str


class ImportFailed(ValueError):
    """The file was refused; nothing was written. `errors` are Thai sentences."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("\n".join(errors))
        self.errors = errors


def parse_results(data: bytes, spec: FrameworkSpec, *, max_bytes: int) -> list[ScoreRow]:
    try:
        rows = read_table(
            data, required=("code", "score"), optional=("question",), max_bytes=max_bytes
        )
    except TableError as e:
        raise ImportFailed([str(e)]) from e

    errors: list[str] = []
    seen: dict[str, int] = {}
    result: list[ScoreRow] = []
    for row in rows:
        where = _("แถว %d") % row.number
        raw_code = row.values["code"]
        try:
            code = spec.canonical_code(raw_code)
        except ValueError:
            errors.append(
                _("%(where)s คอลัมน์ code: '%(v)s' ไม่ใช่รหัสข้อ (เช่น I7, E2, o11)")
                % {"where": where, "v": raw_code}
            )
            continue
        if not spec.has_question(code):
            errors.append(
                _("%(where)s คอลัมน์ code: ไม่มีข้อ %(code)s ในกรอบการประเมินปี %(year)s")
                % {"where": where, "code": code, "year": spec.year}
            )
            continue
        if code in seen:
            errors.append(
                _("%(where)s คอลัมน์ code: ข้อ %(code)s ซ้ำกับแถว %(first)d")
                % {"where": where, "code": code, "first": seen[code]}
            )
            continue
        seen[code] = row.number
        raw_score = row.values["score"]
        try:
            score = parse_number(raw_score)
        except ValueError:
            errors.append(
                _("%(where)s คอลัมน์ score: '%(v)s' ไม่ใช่ตัวเลข") % {"where": where, "v": raw_score}
                if raw_score
                else _("%(where)s คอลัมน์ score: ไม่มีคะแนน") % {"where": where}
            )
            continue
        if not Decimal(0) <= score <= Decimal(100):
            errors.append(
                _("%(where)s คอลัมน์ score: %(v)s อยู่นอกช่วง 0 ถึง 100")
                % {"where": where, "v": raw_score}
            )
            continue
        if score != score.quantize(Decimal("0.01")):
            errors.append(
                _("%(where)s คอลัมน์ score: %(v)s มีทศนิยมเกิน 2 ตำแหน่ง")
                % {"where": where, "v": raw_score}
            )
            continue
        if spec.tool_of(code) == "oit" and score not in (Decimal(0), Decimal(100)):
            errors.append(
                _("%(where)s คอลัมน์ score: ข้อ %(code)s เป็นข้อ OIT ได้เพียง 100 หรือ 0 ไม่ใช่ %(v)s")
                % {"where": where, "code": code, "v": raw_score}
            )
            continue
        result.append(ScoreRow(row.number, code, score, row.values.get("question", "")))
        if len(errors) >= MAX_ERRORS:
            break
    if errors:
        if len(errors) >= MAX_ERRORS:
            errors.append(_("…หยุดตรวจหลังพบ %d ข้อผิดพลาด") % MAX_ERRORS)
        raise ImportFailed(errors)
    return result
