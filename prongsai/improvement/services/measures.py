"""Measures (มาตรการ) and their steps."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from prongsai.agencies.models import Agency, Department, DepartmentKind
from prongsai.assessments.models import Assessment
from prongsai.assessments.services import User
from prongsai.history.services import diff_fields, record_change
from prongsai.improvement.models import Measure, MeasureStatus, Step, Weakness, WeaknessStatus
from prongsai.improvement.services.weaknesses import advice_for
from prongsai.lib.thai import fiscal_year_bounds, thai_date

__all__ = [
    "departments_for_keys",
    "measure_close",
    "measure_create",
    "measure_create_from_suggestion",
    "measure_reopen",
    "measure_set_status",
    "measure_update",
    "step_add",
    "step_delete",
    "step_move",
    "step_update",
]

# "all" in a suggestion means every usual unit of the agency.
ALL_KINDS = [k for k in DepartmentKind.values if k != DepartmentKind.OTHER]
REASON_REQUIRED = (MeasureStatus.NOT_DONE, MeasureStatus.CANCELLED)
FINISHED = (MeasureStatus.DONE, MeasureStatus.NOT_DONE, MeasureStatus.CANCELLED)


def departments_for_keys(agency: Agency, keys: Iterable[str]) -> list[Department]:
    """Suggestion department keys (office, finance, …, all) → the agency's departments."""
    kinds: set[str] = set()
    for key in keys:
        kinds.update(ALL_KINDS if key == "all" else [key])
    return list(agency.departments.filter(kind__in=kinds))


def _snapshot(m: Measure) -> dict[str, Any]:
    return {
        "name": m.name,
        "plan_year": m.plan_year,
        "status": m.status,
        "status_reason": m.status_reason,
        "progress": m.progress,
        "start_date": m.start_date,
        "due_date": m.due_date,
        "owner": m.owner.get_username() if m.owner else None,
        "note": m.note,
        "closed_at": m.closed_at,
        "weaknesses": sorted(w.question.code for w in m.weaknesses.select_related("question"))
        if m.pk
        else [],
        "departments": sorted(d.name for d in m.departments.all()) if m.pk else [],
    }


def filled(values: dict[str, Any]) -> dict[str, Any]:
    """What a new object was created with: its non-empty values."""
    return {k: v for k, v in values.items() if v not in (None, "", [], 0)}


def _record(
    measure: Measure, actor: User, action: str, summary: str, before: dict[str, Any]
) -> None:
    after = _snapshot(measure)
    record_change(
        agency=measure.agency,
        actor=actor,
        target=measure,
        action=action,
        summary=summary,
        changes=diff_fields(before, after if before else filled(after)),
    )


def ensure_open(measure: Measure) -> None:
    if measure.closed_at is not None:
        raise ValidationError(_("มาตรการนี้ปิดแล้ว ต้องเปิดใหม่ก่อนจึงจะแก้ไขได้"))


def _validate(
    *,
    agency: Agency,
    name: str,
    plan_year: int | None,
    start_date: dt.date | None,
    due_date: dt.date | None,
    progress: int,
    weaknesses: Sequence[Weakness],
    departments: Sequence[Department],
    owner: Any,
) -> None:
    errors: dict[str, str] = {}
    if not name:
        errors["name"] = _("กรุณากรอกชื่อมาตรการ")
    elif len(name) > 300:
        errors["name"] = _("ชื่อมาตรการยาวเกิน 300 ตัวอักษร")
    if plan_year is None or not 2500 <= plan_year <= 2700:
        errors["plan_year"] = _("ปีงบประมาณต้องเป็นปี พ.ศ. เช่น 2567")
    if start_date and due_date and due_date < start_date:
        errors["due_date"] = _("กำหนดเสร็จต้องไม่ก่อนวันเริ่ม")
    if not 0 <= progress <= 100:
        errors["progress"] = _("ความคืบหน้าต้องอยู่ระหว่าง 0 ถึง 100")
    if any(w.assessment.agency_id != agency.pk for w in weaknesses):
        errors["weaknesses"] = _("ข้อบกพร่องต้องเป็นของหน่วยงานนี้")
    if any(d.agency_id != agency.pk for d in departments):
        errors["departments"] = _("ส่วนราชการต้องเป็นของหน่วยงานนี้")
    if owner is not None and not owner.memberships.filter(agency=agency).exists():
        errors["owner"] = _("ผู้รับผิดชอบต้องเป็นผู้ใช้ของหน่วยงานนี้")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def measure_create(
    *,
    agency: Agency,
    actor: User,
    name: str,
    plan_year: int,
    assessment: Assessment | None = None,
    weaknesses: Sequence[Weakness] = (),
    departments: Sequence[Department] = (),
    owner: Any = None,
    start_date: dt.date | None = None,
    due_date: dt.date | None = None,
    progress: int = 0,
    note: str = "",
    steps: Sequence[str] = (),
) -> Measure:
    name = " ".join(name.split())
    _validate(
        agency=agency,
        name=name,
        plan_year=plan_year,
        start_date=start_date,
        due_date=due_date,
        progress=progress,
        weaknesses=weaknesses,
        departments=departments,
        owner=owner,
    )
    if assessment is None and weaknesses:
        assessment = weaknesses[0].assessment
    order = (agency.measures.aggregate(n=Max("order"))["n"] or 0) + 1
    measure = Measure.objects.create(
        agency=agency,
        assessment=assessment,
        plan_year=plan_year,
        name=name,
        owner=owner,
        start_date=start_date,
        due_date=due_date,
        progress=progress,
        note=note.strip(),
        order=order,
    )
    measure.weaknesses.set(weaknesses)
    measure.departments.set(departments)
    for n, text in enumerate((s.strip() for s in steps if s.strip()), start=1):
        Step.objects.create(measure=measure, order=n, text=text)
    _record(measure, actor, "measure_created", _("สร้างมาตรการ “%s”") % name, {})
    return measure


def _same_suggestion(a: dict[str, Any], b: dict[str, Any]) -> bool:
    return a["name"] == b["name"] and list(a["steps"]) == list(b["steps"])


@transaction.atomic
def measure_create_from_suggestion(
    *, weakness: Weakness, index: int, actor: User
) -> tuple[Measure, bool]:
    """One click: the suggested measure `index` of this weakness becomes a
    measure with its name, steps and departments, answering every active
    weakness of the assessment that suggests the same measure (the seed's I8
    and I9 share one). Clicking twice gives the same measure: (measure, False)."""
    assessment = weakness.assessment
    agency = assessment.agency

    def suggestions(w: Weakness) -> list[dict[str, Any]]:
        return advice_for(
            agency=agency,
            year=assessment.year,
            code=w.question.code,
            indicator=w.question.indicator,
            score=w.score,
        ).measures

    own = suggestions(weakness)
    if not 0 <= index < len(own):
        raise ValidationError(_("ไม่พบมาตรการที่แนะนำรายการนี้"))
    suggestion = own[index]
    existing = agency.measures.filter(weaknesses=weakness, name=suggestion["name"]).first()
    if existing is not None:
        return existing, False
    answered = [
        w
        for w in assessment.weaknesses.filter(status=WeaknessStatus.ACTIVE).select_related(
            "question"
        )
        if w.pk == weakness.pk or any(_same_suggestion(suggestion, s) for s in suggestions(w))
    ]
    plan_year = assessment.year + 1
    start, end = fiscal_year_bounds(plan_year)
    owner = actor if actor is not None and getattr(actor, "is_authenticated", False) else None
    measure = measure_create(
        agency=agency,
        actor=actor,
        name=suggestion["name"],
        plan_year=plan_year,
        assessment=assessment,
        weaknesses=answered,
        departments=departments_for_keys(agency, suggestion["departments"]),
        owner=owner,
        start_date=start,
        due_date=end,
        steps=suggestion["steps"],
    )
    return measure, True


@transaction.atomic
def measure_update(
    *,
    measure: Measure,
    actor: User,
    name: str,
    plan_year: int,
    weaknesses: Sequence[Weakness],
    departments: Sequence[Department],
    owner: Any,
    start_date: dt.date | None,
    due_date: dt.date | None,
    progress: int,
    note: str = "",
) -> Measure:
    ensure_open(measure)
    name = " ".join(name.split())
    _validate(
        agency=measure.agency,
        name=name,
        plan_year=plan_year,
        start_date=start_date,
        due_date=due_date,
        progress=progress,
        weaknesses=weaknesses,
        departments=departments,
        owner=owner,
    )
    before = _snapshot(measure)
    measure.name, measure.plan_year, measure.owner = name, plan_year, owner
    measure.start_date, measure.due_date, measure.progress = start_date, due_date, progress
    measure.note = note.strip()
    measure.save()
    measure.weaknesses.set(weaknesses)
    measure.departments.set(departments)
    _record(measure, actor, "measure_updated", _("แก้ไขมาตรการ “%s”") % name, before)
    return measure


@transaction.atomic
def measure_set_status(
    *, measure: Measure, actor: User, status: str, reason: str = "", progress: int | None = None
) -> Measure:
    """Planned, in progress, done, not done or cancelled. Not done and
    cancelled need a reason. Done sets the progress to 100 but does not close."""
    ensure_open(measure)
    reason = reason.strip()
    if status not in MeasureStatus.values:
        raise ValidationError({"status": _("ไม่รู้จักสถานะ '%s'") % status})
    if status in REASON_REQUIRED and not reason:
        raise ValidationError({"reason": _("กรุณาระบุเหตุผลที่%s") % MeasureStatus(status).label})
    if progress is not None and not 0 <= progress <= 100:
        raise ValidationError({"progress": _("ความคืบหน้าต้องอยู่ระหว่าง 0 ถึง 100")})
    before = _snapshot(measure)
    measure.status = status
    measure.status_reason = reason if status in REASON_REQUIRED else ""
    if progress is not None:
        measure.progress = progress
    if status == MeasureStatus.DONE:
        measure.progress = 100
    measure.save()
    label = MeasureStatus(status).label
    summary = _("เปลี่ยนสถานะเป็น “%s”") % label + (f" — {reason}" if measure.status_reason else "")
    _record(measure, actor, "measure_status", summary, before)
    return measure


@transaction.atomic
def measure_close(*, measure: Measure, actor: User) -> Measure:
    """The officer checked the results and evidence: closed. Only a measure
    that is done, not done or cancelled can be closed; "done" alone is not
    "closed"."""
    ensure_open(measure)
    if measure.status not in FINISHED:
        raise ValidationError(
            _("ปิดมาตรการได้เมื่อสถานะเป็น “ดำเนินการแล้ว” “ไม่ได้ดำเนินการ” หรือ “ยกเลิก” เท่านั้น")
        )
    before = _snapshot(measure)
    measure.closed_at = timezone.now()
    measure.save(update_fields=["closed_at", "updated_at"])
    _record(measure, actor, "measure_closed", _("ปิดมาตรการ (ตรวจผลและหลักฐานแล้ว)"), before)
    return measure


@transaction.atomic
def measure_reopen(*, measure: Measure, actor: User) -> Measure:
    if measure.closed_at is None:
        raise ValidationError(_("มาตรการนี้ยังไม่ได้ปิด"))
    before = _snapshot(measure)
    measure.closed_at = None
    measure.save(update_fields=["closed_at", "updated_at"])
    _record(measure, actor, "measure_reopened", _("เปิดมาตรการอีกครั้ง"), before)
    return measure


def _steps_text(measure: Measure) -> list[str]:
    # The due date and the tick are part of the text so that the history shows
    # them changing.
    return [
        f"{s.order}. {s.text}"
        + (_(" (กำหนดเสร็จ %s)") % thai_date(s.due) if s.due else "")
        + (_(" (เสร็จ %s)") % thai_date(s.done_on) if s.done_on else "")
        for s in measure.steps.all()
    ]


def _renumber(measure: Measure) -> None:
    for n, step in enumerate(measure.steps.order_by("order", "id"), start=1):
        if step.order != n:
            step.order = n
            step.save(update_fields=["order"])


def _step_change(
    measure: Measure, actor: User, action: str, summary: str, before: list[str]
) -> None:
    record_change(
        agency=measure.agency,
        actor=actor,
        target=measure,
        action=action,
        summary=summary,
        changes=diff_fields({"steps": before}, {"steps": _steps_text(measure)}),
    )


def _clean_step(text: str) -> str:
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("กรุณากรอกขั้นตอน")})
    return text


@transaction.atomic
def step_add(*, measure: Measure, actor: User, text: str, due: dt.date | None = None) -> Step:
    ensure_open(measure)
    text = _clean_step(text)
    before = _steps_text(measure)
    order = (measure.steps.aggregate(n=Max("order"))["n"] or 0) + 1
    step = Step.objects.create(measure=measure, order=order, text=text, due=due)
    _step_change(measure, actor, "step_added", _("เพิ่มขั้นตอนที่ %d") % order, before)
    return step


@transaction.atomic
def step_update(*, step: Step, actor: User, text: str, due: dt.date | None = None) -> Step:
    """The whole step as the form has it: text and due date (None clears it)."""
    ensure_open(step.measure)
    text = _clean_step(text)
    before = _steps_text(step.measure)
    step.text, step.due = text, due
    step.save(update_fields=["text", "due"])
    _step_change(step.measure, actor, "step_updated", _("แก้ไขขั้นตอนที่ %d") % step.order, before)
    return step


@transaction.atomic
def step_done_set(*, step: Step, actor: User, done: bool) -> Step:
    """Tick a step as done today, or untick it."""
    ensure_open(step.measure)
    if (step.done_on is not None) == done:
        return step
    before = _steps_text(step.measure)
    step.done_on = timezone.localdate() if done else None
    step.save(update_fields=["done_on"])
    summary = (
        _("ขั้นตอนที่ %d ทำเสร็จแล้ว") if done else _("ขั้นตอนที่ %d ยังไม่เสร็จ (ยกเลิกเครื่องหมายเสร็จ)")
    ) % step.order
    _step_change(step.measure, actor, "step_done" if done else "step_undone", summary, before)
    return step


@transaction.atomic
def step_delete(*, step: Step, actor: User) -> None:
    measure = step.measure
    ensure_open(measure)
    before = _steps_text(measure)
    order = step.order
    step.delete()
    _renumber(measure)
    _step_change(measure, actor, "step_deleted", _("ลบขั้นตอนที่ %d") % order, before)


@transaction.atomic
def step_move(*, step: Step, actor: User, direction: str) -> Step:
    measure = step.measure
    ensure_open(measure)
    if direction not in ("up", "down"):
        raise ValidationError(_("ทิศทางต้องเป็น up หรือ down"))
    _renumber(measure)
    step.refresh_from_db()
    steps = list(measure.steps.order_by("order", "id"))
    i = next(n for n, s in enumerate(steps) if s.pk == step.pk)
    j = i - 1 if direction == "up" else i + 1
    if not 0 <= j < len(steps):
        return step
    before = _steps_text(measure)
    other = steps[j]
    step.order, other.order = other.order, step.order
    step.save(update_fields=["order"])
    other.save(update_fields=["order"])
    _step_change(
        measure,
        actor,
        "step_moved",
        _("ย้ายขั้นตอนที่ %(a)d ไปเป็นลำดับที่ %(b)d") % {"a": i + 1, "b": j + 1},
        before,
    )
    return step
