"""The weekly digest: what it says, to whom, once a week, and the opt-out."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.contrib.auth.models import User
from django.core import mail, signing
from django.db import connection
from django.test.utils import CaptureQueriesContext

from prongsai.agencies.models import Agency
from prongsai.improvement.models import Measure
from prongsai.lib.thai import fiscal_year_be
from prongsai.network.models import Supervision
from prongsai.publishing.models import DisclosureItem, DisclosureYear
from prongsai.reminders.models import ReminderPreference
from prongsai.reminders.services import digests_send, unsubscribe_token

TODAY = dt.date(2026, 12, 2)  # a Wednesday
CYCLE = fiscal_year_be(TODAY)


def _work(agency: Agency) -> None:
    Measure.objects.create(
        agency=agency, plan_year=CYCLE, name="อบรมคุณธรรม", due_date=TODAY - dt.timedelta(days=3)
    )
    Measure.objects.create(
        agency=agency, plan_year=CYCLE, name="ปรับปรุงเว็บไซต์", due_date=TODAY + dt.timedelta(10)
    )
    Measure.objects.create(
        agency=agency, plan_year=CYCLE, name="ไกลออกไป", due_date=TODAY + dt.timedelta(days=60)
    )
    DisclosureItem.objects.create(agency=agency, year=CYCLE, code="o1")
    DisclosureYear.objects.create(
        agency=agency, year=CYCLE, window_closes=TODAY + dt.timedelta(days=20)
    )


@pytest.fixture
def admin_with_work(agency, agency_admin: User) -> User:
    agency_admin.email = "admin@example.org"
    agency_admin.save()
    _work(agency)
    return agency_admin


def test_admin_gets_a_thai_digest_of_what_is_due_with_links(admin_with_work, settings):
    settings.SITE_URL = "https://prongsai.example"
    assert digests_send(today=TODAY) == 1
    body = mail.outbox[0].body
    assert mail.outbox[0].to == ["admin@example.org"]
    assert "อบรมคุณธรรม" in body and "29 พฤศจิกายน 2569" in body  # overdue, Buddhist Era
    assert "ปรับปรุงเว็บไซต์" in body  # due within 14 days
    assert "ไกลออกไป" not in body
    assert "o1" in body and "อีก 20 วัน" in body
    assert "https://prongsai.example/improvement/measures/" in body
    assert "https://prongsai.example/reminders/unsubscribe/" in body


def test_running_twice_in_a_week_sends_once(admin_with_work):
    digests_send(today=TODAY)
    digests_send(today=TODAY + dt.timedelta(days=2))
    assert len(mail.outbox) == 1
    digests_send(today=TODAY + dt.timedelta(days=7))
    assert len(mail.outbox) == 2


def test_nothing_due_sends_nothing(agency, agency_admin):
    agency_admin.email = "admin@example.org"
    agency_admin.save()
    assert digests_send(today=TODAY) == 0


def test_unsubscribe_link_works_without_signing_in(admin_with_work, client):
    digests_send(today=TODAY)
    url = re.search(r"https?://\S+/reminders/unsubscribe/\S+/", mail.outbox[0].body).group(0)
    path = url.split("://", 1)[1].split("/", 1)[1]
    assert client.get("/" + path).status_code == 200
    assert not ReminderPreference.objects.filter(enabled=False).exists()  # GET only asks
    client.post("/" + path)
    assert ReminderPreference.objects.get(user=admin_with_work).enabled is False
    assert digests_send(today=TODAY + dt.timedelta(days=7)) == 0


def test_unsubscribe_token_cannot_be_forged_for_another_user(admin_with_work, other_admin, client):
    # Another user's id with the admin's signature, and one signed with a made-up salt.
    other_payload = signing.dumps({"u": other_admin.pk}, salt="x").split(":", 1)[0]
    admin_signature = unsubscribe_token(admin_with_work).split(":", 1)[1]
    for forged in (f"{other_payload}:{admin_signature}", signing.dumps({"u": other_admin.pk})):
        assert client.post(f"/reminders/unsubscribe/{forged}/").status_code == 404
    assert client.post("/reminders/unsubscribe/nonsense/").status_code == 404
    assert not ReminderPreference.objects.filter(user=other_admin).exists()


def test_user_turns_the_digest_off_and_on_from_the_security_page(admin_with_work, login):
    c = login(admin_with_work)
    assert "อีเมลสรุปรายสัปดาห์" in c.get("/accounts/security/").content.decode()
    c.post("/reminders/toggle/", {"enabled": "0"})
    assert digests_send(today=TODAY) == 0
    c.post("/reminders/toggle/", {"enabled": "1"})
    assert digests_send(today=TODAY) == 1


def test_anonymous_cannot_toggle(client):
    assert client.post("/reminders/toggle/", {"enabled": "0"}).status_code == 302


def _agencies(n: int, start: int = 0) -> None:
    for i in range(start, start + n):
        a = Agency.objects.create(
            slug=f"a{i}", name=f"อบต.{i}", type="sao", province="ราชบุรี", district="เมือง"
        )
        _work(a)
        u = User.objects.create_user(username=f"u{i}", email=f"u{i}@example.org")
        from prongsai.agencies.services import member_set

        member_set(agency=a, user=u, role="admin", departments=[])


def test_queries_do_not_grow_with_the_number_of_agencies(frameworks):
    _agencies(2)
    with CaptureQueriesContext(connection) as few:
        digests_send(today=TODAY)
    _agencies(8, start=2)
    with CaptureQueriesContext(connection) as many:
        digests_send(today=TODAY + dt.timedelta(days=7))
    # Each email's DigestSent row (savepoint + insert) is per person, not per
    # agency's data; the reads stay constant.
    per_mail = 3
    assert len(many) - per_mail * 10 == len(few) - per_mail * 2


def test_supervisor_digest_lists_only_agencies_in_scope(frameworks):
    inside = Agency.objects.create(
        slug="in", name="อบต.ในเขต", type="sao", province="ราชบุรี", district="เมือง"
    )
    Agency.objects.create(
        slug="out", name="อบต.นอกเขต", type="sao", province="ชลบุรี", district="เมือง"
    )
    sup = User.objects.create_user(username="sup", email="sup@example.org")
    Supervision.objects.create(user=sup, kind="province", province="ราชบุรี")
    assert digests_send(today=TODAY) == 1
    body = mail.outbox[0].body
    assert inside.name in body and "ยังไม่มีมาตรการ" in body
    assert "อบต.นอกเขต" not in body


def test_supervisor_digest_queries_do_not_grow_with_agencies_in_scope(frameworks):
    sup = User.objects.create_user(username="sup", email="sup@example.org")
    Supervision.objects.create(user=sup, kind="province", province="ราชบุรี")
    _agencies(2)
    with CaptureQueriesContext(connection) as few:
        digests_send(today=TODAY)
    _agencies(8, start=2)
    with CaptureQueriesContext(connection) as many:
        digests_send(today=TODAY + dt.timedelta(days=7))
    per_mail = 3
    assert len(many) - per_mail * 11 <= len(few) - per_mail * 3


def test_an_admin_who_also_supervises_gets_both_digests_once(admin_with_work):
    Supervision.objects.create(user=admin_with_work, kind="province", province="นครปฐม")
    assert digests_send(today=TODAY) == 2
    assert digests_send(today=TODAY) == 0
    assert {m.subject.split(":")[1].split()[0] for m in mail.outbox} == {
        "งานที่ถึงกำหนดประจำสัปดาห์",
        "หน่วยงานที่ควรติดตามประจำสัปดาห์",
    }


def test_editors_and_viewers_get_no_agency_digest(agency, department_editor, viewer):
    _work(agency)
    for user in (department_editor, viewer):
        user.email = f"{user.username}@example.org"
        user.save()
    assert digests_send(today=TODAY) == 0


def test_send_reminders_command_sends_the_week_digest(admin_with_work):
    from django.core.management import call_command

    call_command("send_reminders")
    call_command("send_reminders")
    assert len(mail.outbox) <= 1  # today's real date decides what is due; never twice
