"""Measures: one click from a suggestion, status (done is not closed), overdue, steps, history."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from prongsai.history.services import history_for
from prongsai.improvement.models import Measure
from prongsai.improvement.selectors import measures_list, my_measures, overdue_q
from prongsai.improvement.services import (
    measure_close,
    measure_create,
    measure_create_from_suggestion,
    measure_reopen,
    measure_set_status,
    measure_update,
    result_add,
    step_add,
    step_delete,
    step_move,
)
from tests.improvement.conftest import weakness

pytestmark = pytest.mark.django_db


def kinds(measure: Measure) -> list[str]:
    return sorted(d.kind for d in measure.departments.all())


def test_a_measure_is_created_from_a_suggestion_in_one_click(
    analysed: Any, agency_admin: Any
) -> None:
    measure, created = measure_create_from_suggestion(
        weakness=weakness(analysed, "I7"), index=0, actor=agency_admin
    )
    assert created
    assert measure.name == "เผยแพร่ข้อมูลเกี่ยวกับงบประมาณประจำปี"
    assert measure.steps.first().text.startswith("เพิ่มช่องทางการเผยแพร่ข้อมูล")
    assert measure.steps.count() == 2
    assert kinds(measure) == ["finance", "office"]
    assert measure.plan_year == 2567
    assert (measure.start_date, measure.due_date) == (dt.date(2023, 10, 1), dt.date(2024, 9, 30))
    assert measure.owner == agency_admin and measure.status == "planned"
    assert measure.assessment == analysed


def test_one_suggested_measure_answers_every_weakness_that_suggests_it(
    analysed: Any, agency_admin: Any
) -> None:
    measure, _ = measure_create_from_suggestion(
        weakness=weakness(analysed, "I8"), index=0, actor=agency_admin
    )
    assert sorted(w.question.code for w in measure.weaknesses.all()) == ["I8", "I9"]
    # "all" in the suggestion means every department of the agency.
    assert kinds(measure) == ["education", "finance", "health", "office", "works"]


def test_clicking_the_suggestion_twice_gives_the_same_measure(
    analysed: Any, agency_admin: Any
) -> None:
    first, _ = measure_create_from_suggestion(
        weakness=weakness(analysed, "E2"), index=0, actor=agency_admin
    )
    again, created = measure_create_from_suggestion(
        weakness=weakness(analysed, "E2"), index=0, actor=agency_admin
    )
    assert again == first and not created
    assert Measure.objects.count() == 1


def test_not_done_and_cancelled_need_a_reason(finance_measure: Any, agency_admin: Any) -> None:
    for status in ("not_done", "cancelled"):
        with pytest.raises(ValidationError) as e:
            measure_set_status(
                measure=finance_measure, actor=agency_admin, status=status, reason=" "
            )
        assert "reason" in e.value.message_dict
    measure_set_status(
        measure=finance_measure, actor=agency_admin, status="not_done", reason="งบประมาณไม่เพียงพอ"
    )
    finance_measure.refresh_from_db()
    assert finance_measure.status_reason == "งบประมาณไม่เพียงพอ"


def test_done_is_not_closed(finance_measure: Any, agency_admin: Any) -> None:
    with pytest.raises(ValidationError, match="ปิดมาตรการได้เมื่อ"):
        measure_close(measure=finance_measure, actor=agency_admin)
    measure_set_status(measure=finance_measure, actor=agency_admin, status="done")
    finance_measure.refresh_from_db()
    assert finance_measure.status == "done" and finance_measure.progress == 100
    assert finance_measure.closed_at is None and not finance_measure.is_closed
    measure_close(measure=finance_measure, actor=agency_admin)
    assert finance_measure.is_closed
    with pytest.raises(ValidationError, match="ปิดแล้ว"):
        step_add(measure=finance_measure, actor=agency_admin, text="ขั้นตอนหลังปิด")
    with pytest.raises(ValidationError, match="ปิดแล้ว"):
        result_add(measure=finance_measure, actor=agency_admin, text="ผล", date=dt.date(2024, 1, 1))
    measure_reopen(measure=finance_measure, actor=agency_admin)
    assert not finance_measure.is_closed and finance_measure.status == "done"


def test_overdue_means_past_due_and_neither_done_cancelled_nor_closed(
    finance_measure: Any, office_measure: Any, agency: Any, agency_admin: Any
) -> None:
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    for m in (finance_measure, office_measure):
        Measure.objects.filter(pk=m.pk).update(due_date=yesterday, status="in_progress")
        m.refresh_from_db()
    assert finance_measure.is_overdue
    assert [m.pk for m in measures_list(agency, overdue=True)] == [
        finance_measure.pk,
        office_measure.pk,
    ]
    measure_set_status(measure=finance_measure, actor=agency_admin, status="done")
    measure_set_status(
        measure=office_measure, actor=agency_admin, status="not_done", reason="ไม่มีงบ"
    )
    finance_measure.refresh_from_db()
    office_measure.refresh_from_db()
    assert not finance_measure.is_overdue
    assert office_measure.is_overdue  # not done is still late, until closed
    measure_close(measure=office_measure, actor=agency_admin)
    assert not Measure.objects.filter(overdue_q()).exists()


def test_a_measure_refuses_a_due_date_before_its_start_and_keeps_its_fields(
    finance_measure: Any, agency_admin: Any
) -> None:
    with pytest.raises(ValidationError) as e:
        measure_update(
            measure=finance_measure,
            actor=agency_admin,
            name="",
            plan_year=67,
            weaknesses=[],
            departments=[],
            owner=None,
            start_date=dt.date(2024, 5, 1),
            due_date=dt.date(2024, 4, 1),
            progress=150,
        )
    assert set(e.value.message_dict) == {"name", "plan_year", "due_date", "progress"}
    finance_measure.refresh_from_db()
    assert finance_measure.name == "เผยแพร่ข้อมูลเกี่ยวกับงบประมาณประจำปี"


def test_another_agencys_department_cannot_be_made_responsible(
    finance_measure: Any, other_agency: Any, agency_admin: Any, agency: Any
) -> None:
    with pytest.raises(ValidationError) as e:
        measure_create(
            agency=agency,
            actor=agency_admin,
            name="x",
            plan_year=2567,
            departments=list(other_agency.departments.all()),
        )
    assert "departments" in e.value.message_dict


def test_steps_are_added_moved_and_deleted_in_order(
    finance_measure: Any, agency_admin: Any
) -> None:
    third = step_add(measure=finance_measure, actor=agency_admin, text="รายงานผล")
    step_move(step=third, actor=agency_admin, direction="up")
    assert [s.text for s in finance_measure.steps.all()] == [
        "เพิ่มช่องทางการเผยแพร่ข้อมูล",
        "รายงานผล",
        "เผยแพร่ผ่านเว็บไซต์",
    ]
    step_delete(step=finance_measure.steps.first(), actor=agency_admin)
    assert [(s.order, s.text) for s in finance_measure.steps.all()] == [
        (1, "รายงานผล"),
        (2, "เผยแพร่ผ่านเว็บไซต์"),
    ]
    with pytest.raises(ValidationError):
        step_add(measure=finance_measure, actor=agency_admin, text="  ")


def test_history_records_who_changed_what_on_a_measure_and_when(
    finance_measure: Any, agency_admin: Any, department_editor: Any
) -> None:
    measure_set_status(
        measure=finance_measure, actor=department_editor, status="in_progress", progress=40
    )
    latest = history_for(finance_measure).first()
    assert latest is not None
    assert latest.actor == department_editor and latest.actor_name == "finance"
    assert latest.changes["status"] == ["planned", "in_progress"]
    assert latest.changes["progress"] == [0, 40]
    assert timezone.now() - latest.at < dt.timedelta(minutes=1)


def test_my_measures_are_those_of_the_editors_departments(
    finance_measure: Any, office_measure: Any, department_editor: Any
) -> None:
    membership = department_editor.memberships.get()
    assert [m.pk for m in my_measures(membership)] == [finance_measure.pk]
