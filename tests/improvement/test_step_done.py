"""Ticking a step as done: the officer (or the department's editor) marks each
step of a measure when it is finished, sees the day on the measure page, the
history keeps it, and a ticked step is never late."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.models import User
from django.utils import timezone

from prongsai.history.models import ChangeRecord
from prongsai.improvement.models import Step
from prongsai.lib.thai import thai_date

YESTERDAY = timezone.localdate() - dt.timedelta(days=1)


def _tick(client: Any, step: Step, action: str = "done") -> Any:
    return client.post(f"/improvement/steps/{step.pk}/", {"action": action})


def test_the_department_editor_ticks_a_step_done_and_the_page_says_when(
    finance_measure: Any, department_editor: User, login: Any
) -> None:
    client = login(department_editor)  # คุณสมศรี of กองคลัง
    step = finance_measure.steps.first()
    assert _tick(client, step).status_code == 302
    step.refresh_from_db()
    assert step.done_on == timezone.localdate()
    page = client.get(f"/improvement/measures/{finance_measure.pk}/").content.decode()
    assert f"เสร็จ {thai_date(timezone.localdate())}" in page
    assert 'value="undone"' in page  # …and can take it back
    record = ChangeRecord.objects.filter(action="step_done").latest("id")
    assert "ขั้นตอนที่ 1 ทำเสร็จแล้ว" in record.summary


def test_unticking_a_step_clears_the_day(
    finance_measure: Any, agency_admin: User, login: Any
) -> None:
    client = login(agency_admin)
    step = finance_measure.steps.first()
    _tick(client, step)
    _tick(client, step, "undone")
    step.refresh_from_db()
    assert step.done_on is None
    assert ChangeRecord.objects.filter(action="step_undone").exists()


def test_a_ticked_step_is_not_late_even_past_its_date(finance_measure: Any) -> None:
    step = finance_measure.steps.first()
    step.due = YESTERDAY
    assert step.is_overdue
    step.done_on = YESTERDAY
    assert not step.is_overdue


def test_a_viewer_cannot_tick_a_step(finance_measure: Any, viewer: User, login: Any) -> None:
    step = finance_measure.steps.first()
    assert _tick(login(viewer), step).status_code in (403, 404)
    step.refresh_from_db()
    assert step.done_on is None


def test_another_agencys_admin_gets_404_and_the_step_stays_open(
    finance_measure: Any, other_admin: User, login: Any
) -> None:
    step = finance_measure.steps.first()
    assert _tick(login(other_admin), step).status_code == 404
    step.refresh_from_db()
    assert step.done_on is None


def test_the_measures_list_counts_the_steps_ticked_done(
    finance_measure: Any, department_editor: User, login: Any
) -> None:
    client = login(department_editor)
    _tick(client, finance_measure.steps.first())
    for url in ("/improvement/measures/", "/improvement/measures/mine/"):
        page = client.get(url).content.decode()
        assert "ขั้นตอนเสร็จ 1/2" in page, url
