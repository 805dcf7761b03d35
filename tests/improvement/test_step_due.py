"""A step's own due date: optional, set and changed in the step forms, shown
on the measure page (overdue while the measure is open), kept in the history;
the measure's own due date is untouched."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.contrib.auth.models import User
from django.utils import timezone

from prongsai.history.models import ChangeRecord
from prongsai.improvement.models import MeasureStatus, Step
from prongsai.improvement.services import step_add, step_update
from prongsai.lib.thai import thai_date

YESTERDAY = timezone.localdate() - dt.timedelta(days=1)


def _page(client: Any, measure: Any) -> str:
    response = client.get(f"/improvement/measures/{measure.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def test_a_step_has_no_due_date_unless_one_is_given(
    finance_measure: Any, agency_admin: User
) -> None:
    assert all(s.due is None for s in finance_measure.steps.all())
    step = step_add(
        measure=finance_measure, actor=agency_admin, text="รายงานผล", due=dt.date(2024, 3, 31)
    )
    assert Step.objects.get(pk=step.pk).due == dt.date(2024, 3, 31)


def test_the_step_form_adds_a_step_with_a_buddhist_era_date(
    finance_measure: Any, agency_admin: User, login: Any
) -> None:
    response = login(agency_admin).post(
        f"/improvement/measures/{finance_measure.pk}/steps/",
        {"text": "สรุปผลเสนอนายก", "due": "31/3/2567"},
    )
    assert response.status_code == 302
    step = finance_measure.steps.get(text="สรุปผลเสนอนายก")
    assert step.due == dt.date(2024, 3, 31)
    finance_measure.refresh_from_db()
    assert finance_measure.due_date == dt.date(2024, 9, 30)  # the measure's own date stays


def test_editing_a_step_changes_or_clears_its_due_date_and_the_history_says_so(
    finance_measure: Any, agency_admin: User, login: Any
) -> None:
    client = login(agency_admin)
    step = finance_measure.steps.first()
    url = f"/improvement/steps/{step.pk}/"
    client.post(url, {"action": "update", "text": step.text, "due": "2024-02-15"})
    step.refresh_from_db()
    assert step.due == dt.date(2024, 2, 15)
    record = ChangeRecord.objects.filter(action="step_updated").latest("id")
    assert "กำหนดเสร็จ 15 กุมภาพันธ์ 2567" in str(record.changes)
    client.post(url, {"action": "update", "text": step.text, "due": ""})
    step.refresh_from_db()
    assert step.due is None


def test_an_unreadable_date_is_refused_in_thai_and_nothing_is_saved(
    finance_measure: Any, agency_admin: User, login: Any
) -> None:
    client = login(agency_admin)
    response = client.post(
        f"/improvement/measures/{finance_measure.pk}/steps/",
        {"text": "ขั้นตอนใหม่", "due": "31/13/2567"},
    )
    assert response.status_code == 400
    assert "วันที่ไม่ถูกต้อง ใช้รูปแบบ วัน/เดือน/ปี พ.ศ." in response.content.decode()
    assert not finance_measure.steps.filter(text="ขั้นตอนใหม่").exists()
    step = finance_measure.steps.first()
    response = client.post(
        f"/improvement/steps/{step.pk}/", {"action": "update", "text": "แก้แล้ว", "due": "x"}
    )
    assert response.status_code == 400
    step.refresh_from_db()
    assert step.text != "แก้แล้ว" and step.due is None


def test_the_measure_page_shows_the_step_date_and_marks_it_overdue_while_the_measure_is_open(
    finance_measure: Any, agency_admin: User, login: Any
) -> None:
    step = finance_measure.steps.first()
    step_update(step=step, actor=agency_admin, text=step.text, due=YESTERDAY)
    client = login(agency_admin)
    shown = _step_due(_page(client, finance_measure))
    assert shown.startswith(f"กำหนดเสร็จ {thai_date(YESTERDAY)}") and "เลยกำหนด" in shown
    finance_measure.status = MeasureStatus.DONE
    finance_measure.save(update_fields=["status"])
    shown = _step_due(_page(client, finance_measure))
    assert shown.startswith("กำหนดเสร็จ") and "เลยกำหนด" not in shown


def _step_due(page: str) -> str:
    (found,) = re.findall(r'<small class="step-due">(.*?)</small>', page)
    return str(found)


def test_a_step_overdue_is_past_its_date_and_of_an_open_measure(finance_measure: Any) -> None:
    step = finance_measure.steps.first()
    assert not step.is_overdue  # no date
    step.due = YESTERDAY
    assert step.is_overdue
    step.due = timezone.localdate()
    assert not step.is_overdue  # due today is not late yet
    step.due = YESTERDAY
    step.measure.status = MeasureStatus.CANCELLED
    assert not step.is_overdue
