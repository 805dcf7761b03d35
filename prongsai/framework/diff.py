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
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Literal

from prongsai.framework.schema import FrameworkSpec, QuestionSpec

ChangeKind = Literal[
    "added", "removed", "renumbered", "moved", "text_changed", "suggested", "reused"
]

# How alike two wordings must be (difflib ratio on the text without spaces) to be
# offered as the same item under a new number. On the shipped years, two different
# items of one sub-indicator reach 0.78 ("คู่มือหรือมาตรฐานการให้บริการ" against
# "…การปฏิบัติงาน"); a title with a word or two added stays above 0.85.
SIMILAR = 0.85


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


def _similarity(a: str | None, b: str | None) -> float:
    na, nb = _norm(a), _norm(b)
    if not na or not nb:
        return 0.0
    return 1.0 if na == nb else SequenceMatcher(None, na, nb, autojunk=False).ratio()


def _twin(q: QuestionSpec, candidates: Sequence[QuestionSpec]) -> tuple[QuestionSpec, float] | None:
    """The candidate of the same tool whose wording is most like ``q``'s, if alike enough."""
    best = max(
        ((c, _similarity(q.text, c.text)) for c in candidates if c.tool == q.tool),
        key=lambda pair: pair[1],
        default=None,
    )
    return best if best is not None and best[1] >= SIMILAR else None


def _short(text: str | None, length: int = 40) -> str:
    if not text:
        return "ไม่ทราบถ้อยคำ"
    return text if len(text) <= length else text[: length - 1] + "…"


def _claimed(new: FrameworkSpec) -> set[str]:
    """Old codes that a ``previous`` link names: never joined to another item."""
    return {q.previous for q in new.questions if q.previous is not None}


def _reused(q: QuestionSpec, old: QuestionSpec, previous: FrameworkSpec, claimed: set[str]) -> bool:
    """Is ``q`` a new item that took ``old``'s number? Only when both wordings are
    known, they are not alike, and another item of the year before reads like ``q``
    (otherwise it is the same item re-worded, reported as text_changed)."""
    if not (_norm(q.text) and _norm(old.text)) or _similarity(q.text, old.text) >= SIMILAR:
        return False
    others = [p for p in previous.questions if p.code != old.code and p.code not in claimed]
    return _twin(q, others) is not None


def predecessors(new: FrameworkSpec, previous: FrameworkSpec) -> dict[str, str]:
    """``{code in new: code of the same item in previous}`` for every item that has
    one: a ``previous`` link, else the same code — unless that code is another item's
    ``previous``, the item is ``new_item``, or its number was reused (see ``_reused``).
    Each old code is joined to one new item at most."""
    claimed = _claimed(new)
    found: dict[str, str] = {}
    for q in new.questions:
        if q.new_item:
            continue
        if q.previous is not None:
            if previous.has_question(q.previous):
                found[q.code] = q.previous
            continue
        if q.code in claimed or not previous.has_question(q.code):
            continue
        if not _reused(q, previous.question(q.code), previous, claimed):
            found[q.code] = q.code
    return found


def framework_diff(new: FrameworkSpec, previous: FrameworkSpec | None) -> FrameworkDiff:
    if previous is None:
        return FrameworkDiff(year=new.year, previous_year=None)
    joined = predecessors(new, previous)
    claimed = _claimed(new)
    changes: list[ItemChange] = []
    unmatched_new: list[QuestionSpec] = []
    for q in new.questions:
        if q.new_item:
            changes.append(ItemChange("added", q.code, None, f"ข้อใหม่ใน{_where(q)} (new_item)"))
            continue
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
        old_code = joined.get(q.code)
        if old_code is None:
            if previous.has_question(q.code):
                old = previous.question(q.code)
                holder = next(
                    (n.code for n in new.questions if n.previous == q.code and n is not q), None
                )
                why = (
                    f"ข้อ {holder} ปี {new.year} ระบุ previous: {q.code} แล้ว"
                    if q.code in claimed and holder
                    else f"ถ้อยคำตรงกับข้ออื่นของปี {previous.year}"
                )
                changes.append(
                    ItemChange(
                        "reused",
                        q.code,
                        old.code,
                        f"เลข {q.code} ปี {previous.year} เป็นอีกเรื่องหนึ่ง ({_short(old.text)}); "
                        f"{why} — ไม่นับเป็นข้อเดียวกัน",
                    )
                )
            unmatched_new.append(q)
            continue
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
            alike = _similarity(old.text, q.text)
            changes.append(
                ItemChange(
                    "text_changed",
                    q.code,
                    old_code,
                    "ถ้อยคำต่างจากปีก่อน — ตรวจว่ายังเป็นเรื่องเดียวกัน"
                    if alike >= 0.5
                    else f"ถ้อยคำต่างจากปีก่อนมาก ({old_code} ปี {previous.year}: "
                    f"{_short(old.text)}) — ถ้าเป็นข้อใหม่ให้ใส่ new_item: true",
                )
            )
    matched_old = set(joined.values())
    removed = [q for q in previous.questions if q.code not in matched_old]
    for q in unmatched_new:
        found = _twin(q, [r for r in removed if r.code not in claimed])
        if found is not None:
            twin, ratio = found
            removed.remove(twin)
            how = "ถ้อยคำเหมือน" if ratio == 1.0 else f"ถ้อยคำคล้าย ({round(ratio * 100)} %)"
            changes.append(
                ItemChange(
                    "suggested",
                    q.code,
                    twin.code,
                    f"{how} {twin.code} ปี {previous.year} — "
                    f"ถ้าเป็นข้อเดียวกัน ให้ใส่ previous: {twin.code} ที่ข้อ {q.code}",
                )
            )
        else:
            changes.append(ItemChange("added", q.code, None, f"ข้อใหม่ใน{_where(q)}"))
    for q in removed:
        changes.append(ItemChange("removed", None, q.code, f"ไม่มีในปี {new.year}"))
    return FrameworkDiff(year=new.year, previous_year=previous.year, changes=tuple(changes))


def item_across_years(specs: Iterable[FrameworkSpec], year: int, code: str) -> dict[int, str]:
    """``{year: code}`` of one item in every year it can be followed to (see
    ``predecessors``). Years are followed outward from ``year`` until a year lacks
    the item."""
    by_year = {spec.year: spec for spec in specs}
    start = by_year.get(year)
    if start is None or not start.has_question(code):
        return {}
    found = {year: start.question(code).code}
    current, y = found[year], year
    while (y - 1) in by_year:
        old = predecessors(by_year[y], by_year[y - 1]).get(current)
        if old is None:
            break
        y -= 1
        found[y] = current = old
    current, y = found[year], year
    while (y + 1) in by_year:
        later = {old: new for new, old in predecessors(by_year[y + 1], by_year[y]).items()}.get(
            current
        )
        if later is None:
            break
        y += 1
        found[y] = current = later
    return dict(sorted(found.items()))
