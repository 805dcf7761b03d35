"""What changed from one ITA year to the next, and which item is which across years.

The NACC renumbers the instrument almost every year (o12 of 2566 is o10 of 2567), so
a code alone does not follow an item. A year's file says where an item came from with
``previous: o12``; without it, the same code in the year before is taken as the same
item. Before a staff user loads a new year, ``framework_diff`` lists what was added,
removed, renumbered or moved between indicators, and suggests ``previous`` links for
items whose wording is identical under a new number.

Pure: works on ``FrameworkSpec`` objects only.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

from prongsai.framework.schema import FrameworkSpec, QuestionSpec

ChangeKind = Literal["added", "removed", "renumbered", "moved", "text_changed", "suggested"]


@dataclass(frozen=True)
class ItemChange:
    kind: ChangeKind
    code: str | None  # in the new year (None for a removed item)
    previous_code: str | None  # in the year before (None for an added item)
    detail: str  # Thai, for the staff user reading the preview


@dataclass(frozen=True)
class FrameworkDiff:
    year: int
    previous_year: int | None
    changes: tuple[ItemChange, ...] = field(default_factory=tuple)

    def of_kind(self, kind: ChangeKind) -> list[ItemChange]:
        return [c for c in self.changes if c.kind == kind]

    @property
    def counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for change in self.changes:
            counts[change.kind] = counts.get(change.kind, 0) + 1
        return counts


_SPACE = re.compile(r"\s+")


def _norm(text: str | None) -> str | None:
    return _SPACE.sub("", text) if text else None


def _where(q: QuestionSpec) -> str:
    return f"ตัวชี้วัดย่อย {q.sub_indicator}" if q.sub_indicator else f"ตัวชี้วัดที่ {q.indicator}"


def previous_code_of(q: QuestionSpec, previous: FrameworkSpec) -> str | None:
    """The code this item had in ``previous`` (the year before), or None."""
    if q.previous is not None:
        return q.previous if previous.has_question(q.previous) else None
    return q.code if previous.has_question(q.code) else None


def framework_diff(new: FrameworkSpec, previous: FrameworkSpec | None) -> FrameworkDiff:
    if previous is None:
        return FrameworkDiff(year=new.year, previous_year=None)
    changes: list[ItemChange] = []
    matched_old: set[str] = set()
    unmatched_new: list[QuestionSpec] = []
    for q in new.questions:
        if q.previous is not None and not previous.has_question(q.previous):
            changes.append(
                ItemChange(
                    "added",
                    q.code,
                    None,
                    f"ช่อง previous ระบุ {q.previous} แต่ปี {previous.year} ไม่มีข้อนี้",
                )
            )
            continue
        old_code = previous_code_of(q, previous)
        if old_code is None:
            unmatched_new.append(q)
            continue
        matched_old.add(old_code)
        old = previous.question(old_code)
        if old_code != q.code:
            changes.append(
                ItemChange(
                    "renumbered",
                    q.code,
                    old_code,
                    f"{old_code} ปี {previous.year} เปลี่ยนเลขเป็น {q.code}",
                )
            )
        if (old.indicator, old.sub_indicator) != (q.indicator, q.sub_indicator):
            changes.append(
                ItemChange("moved", q.code, old_code, f"ย้ายจาก{_where(old)} ไป{_where(q)}")
            )
        if _norm(old.text) and _norm(q.text) and _norm(old.text) != _norm(q.text):
            changes.append(
                ItemChange(
                    "text_changed", q.code, old_code, "ถ้อยคำต่างจากปีก่อน — ตรวจว่ายังเป็นเรื่องเดียวกัน"
                )
            )
    removed = [q for q in previous.questions if q.code not in matched_old]
    by_text = {_norm(q.text): q for q in removed if _norm(q.text)}
    for q in unmatched_new:
        twin = by_text.pop(_norm(q.text), None) if _norm(q.text) else None
        if twin is not None and twin.tool == q.tool:
            removed.remove(twin)
            changes.append(
                ItemChange(
                    "suggested",
                    q.code,
                    twin.code,
                    f"ถ้อยคำเหมือน {twin.code} ปี {previous.year} ทุกคำ — "
                    f"ถ้าเป็นข้อเดียวกัน ให้ใส่ previous: {twin.code} ที่ข้อ {q.code}",
                )
            )
        else:
            changes.append(ItemChange("added", q.code, None, f"ข้อใหม่ใน{_where(q)}"))
    for q in removed:
        changes.append(ItemChange("removed", None, q.code, f"ไม่มีในปี {new.year}"))
    return FrameworkDiff(year=new.year, previous_year=previous.year, changes=tuple(changes))


def item_across_years(specs: Iterable[FrameworkSpec], year: int, code: str) -> dict[int, str]:
    """``{year: code}`` of one item in every year it can be followed to, through the
    ``previous`` links (and same codes where a year gives none). Years are followed
    outward from ``year`` until a year lacks the item."""
    by_year = {spec.year: spec for spec in specs}
    start = by_year.get(year)
    if start is None or not start.has_question(code):
        return {}
    found = {year: start.question(code).code}
    current, y = start.question(code), year
    while (y - 1) in by_year:
        old = previous_code_of(current, by_year[y - 1])
        if old is None:
            break
        y -= 1
        found[y] = old
        current = by_year[y].question(old)
    current_code, y = found[year], year
    while (y + 1) in by_year:
        nxt = by_year[y + 1]
        follower = next(
            (q for q in nxt.questions if previous_code_of(q, by_year[y]) == current_code), None
        )
        if follower is None:
            break
        y += 1
        found[y] = current_code = follower.code
    return dict(sorted(found.items()))
