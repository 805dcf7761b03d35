"""The admin's weekly digest lists the steps past their own due date, of
measures still open; measures keep their own due dates as before."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from prongsai.agencies.models import Agency
from prongsai.improvement.models import Measure, MeasureStatus, Step
from prongsai.lib.thai import fiscal_year_be
from prongsai.reminders.selectors import agencies_due
from prongsai.reminders.services import digests_send

TODAY = dt.date(2026, 12, 2)  # a Wednesday
CYCLE = fiscal_year_be(TODAY)
FAR = TODAY + dt.timedelta(days=90)  # the measures themselves are not due


def _measure(agency: Agency, name: str, **kw: object) -> Measure:
    return Measure.objects.create(agency=agency, plan_year=CYCLE, name=name, due_date=FAR, **kw)


def _step(measure: Measure, order: int, text: str, due: dt.date | None) -> Step:
    return Step.objects.create(measure=measure, order=order, text=text, due=due)


@pytest.fixture
def admin(agency: Agency, agency_admin: User) -> User:
    agency_admin.email = "admin@example.org"
    agency_admin.save()
    return agency_admin


def test_a_step_past_its_date_is_in_the_digest_with_its_measure_and_date(
    admin: User, agency: Agency, settings: Any
) -> None:
    settings.SITE_URL = "https://prongsai.example"
    website = _measure(agency, "ปรับปรุงเว็บไซต์")
    _step(website, 1, "จัดทำร่างหน้าเว็บ", TODAY - dt.timedelta(days=3))
    _step(website, 2, "ขออนุมัตินายก", TODAY + dt.timedelta(days=3))
    _step(website, 3, "เผยแพร่", None)
    assert digests_send(today=TODAY) == 1
    body = mail.outbox[0].body
    assert "ขั้นตอนของมาตรการที่เลยกำหนด" in body
    assert "- ปรับปรุงเว็บไซต์: ขั้นตอนที่ 1 จัดทำร่างหน้าเว็บ (กำหนดเสร็จ 29 พฤศจิกายน 2569)" in body
    assert "ขออนุมัตินายก" not in body and "เผยแพร่" not in body
    assert "https://prongsai.example/improvement/measures/" in body
    assert "มาตรการที่เกินกำหนด" not in body  # the measure itself is not late


def test_a_step_due_today_is_not_late_yet(admin: User, agency: Agency) -> None:
    _step(_measure(agency, "อบรม"), 1, "จัดอบรม", TODAY)
    assert digests_send(today=TODAY) == 0


@pytest.mark.parametrize(
    "finished",
    [
        {"status": MeasureStatus.DONE},
        {"status": MeasureStatus.CANCELLED},
        {"closed_at": dt.datetime(2026, 11, 1, tzinfo=dt.UTC)},
    ],
    ids=["done", "cancelled", "closed"],
)
def test_steps_of_a_finished_measure_are_not_listed(
    admin: User, agency: Agency, finished: dict[str, object]
) -> None:
    _step(_measure(agency, "เสร็จแล้ว", **finished), 1, "ขั้นตอนเก่า", TODAY - dt.timedelta(30))
    assert digests_send(today=TODAY) == 0


def test_another_agencys_late_steps_stay_in_its_own_digest(
    admin: User, agency: Agency, other_agency: Agency, other_admin: User
) -> None:
    other_admin.email = "other@example.org"
    other_admin.save()
    _step(_measure(agency, "ของท่าตลาด"), 1, "ขั้นตอนท่าตลาด", TODAY - dt.timedelta(1))
    _step(_measure(other_agency, "ของอีกแห่ง"), 1, "ขั้นตอนอีกแห่ง", TODAY - dt.timedelta(1))
    assert digests_send(today=TODAY) == 2
    bodies = {m.to[0]: m.body for m in mail.outbox}
    assert "ขั้นตอนท่าตลาด" in bodies["admin@example.org"]
    assert "ขั้นตอนอีกแห่ง" not in bodies["admin@example.org"]
    assert "ขั้นตอนอีกแห่ง" in bodies["other@example.org"]


def test_late_steps_are_read_in_one_query_whatever_the_number_of_agencies(frameworks: None) -> None:
    agencies = [
        Agency.objects.create(
            slug=f"s{i}", name=f"อบต.{i}", type="sao", province="ราชบุรี", district="เมือง"
        )
        for i in range(6)
    ]
    for a in agencies:
        m = _measure(a, f"มาตรการ {a.slug}")
        _step(m, 1, "ก", TODAY - dt.timedelta(2))
        _step(m, 2, "ข", TODAY - dt.timedelta(1))
    with CaptureQueriesContext(connection) as few:
        agencies_due({agencies[0].pk}, TODAY)
    with CaptureQueriesContext(connection) as many:
        dues = agencies_due({a.pk for a in agencies}, TODAY)
    assert len(many) == len(few)
    assert all([s.text for s in d.steps_overdue] == ["ก", "ข"] for d in dues.values())


def test_a_step_ticked_done_is_not_listed_even_past_its_date(admin: User, agency: Agency) -> None:
    step = _step(_measure(agency, "อบรม"), 1, "จัดอบรม", TODAY - dt.timedelta(days=5))
    step.done_on = TODAY - dt.timedelta(days=6)
    step.save()
    assert digests_send(today=TODAY) == 0


def test_a_line_break_typed_into_a_step_cannot_fake_a_line_of_the_email(
    admin: User, agency: Agency
) -> None:
    # A step pasted from Word with a line break and something that reads like
    # the digest's own "act here" line: it stays inside its own line.
    website = _measure(agency, "ปรับปรุง\nเว็บไซต์")
    _step(website, 1, "ร่างหน้าเว็บ\nดำเนินการที่ https://evil.example", TODAY - dt.timedelta(days=2))
    assert digests_send(today=TODAY) == 1
    lines = mail.outbox[0].body.splitlines()
    assert not any(line.startswith("ดำเนินการที่ https://evil") for line in lines)
    assert any(
        line.startswith("- ปรับปรุง เว็บไซต์: ขั้นตอนที่ 1 ร่างหน้าเว็บ ดำเนินการที่ https://evil")
        for line in lines
    )
