"""Late steps in the weekly digest, for a person of several agencies: each
agency's steps under its own name, only of the agencies they administer now
(not one where they only read, nor one they were taken out of)."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import User
from django.core import mail

from prongsai.accounts.models import Membership, Role
from prongsai.agencies.models import Agency
from prongsai.agencies.services import member_remove
from prongsai.improvement.models import Measure, Step
from prongsai.lib.thai import fiscal_year_be
from prongsai.reminders.services import digests_send

TODAY = dt.date(2026, 12, 2)
LATE = TODAY - dt.timedelta(days=2)


def _late_step(agency: Agency, text: str) -> None:
    measure = Measure.objects.create(
        agency=agency,
        plan_year=fiscal_year_be(TODAY),
        name=f"มาตรการของ {agency.slug}",
        due_date=TODAY + dt.timedelta(days=90),
    )
    Step.objects.create(measure=measure, order=1, text=text, due=LATE)


def _third_agency() -> Agency:
    return Agency.objects.create(
        slug="nong-khai", name="อบต.หนองไข่", type="sao", province="นครปฐม", district="บางเลน"
    )


def test_an_admin_of_two_agencies_gets_each_ones_steps_under_its_name_and_no_others(
    agency: Agency, other_agency: Agency, agency_admin: User
) -> None:
    agency_admin.email = "somchai@example.org"
    agency_admin.save()
    Membership.objects.create(user=agency_admin, agency=other_agency, role=Role.ADMIN)
    reader_of = _third_agency()
    Membership.objects.create(user=agency_admin, agency=reader_of, role=Role.VIEWER)
    _late_step(agency, "ขั้นตอนท่าตลาด")
    _late_step(other_agency, "ขั้นตอนอีกแห่ง")
    _late_step(reader_of, "ขั้นตอนหนองไข่")
    digests_send(today=TODAY)
    (body,) = [m.body for m in mail.outbox if m.to == ["somchai@example.org"]]
    ours, theirs = body.index(f"== {agency.name} =="), body.index(f"== {other_agency.name} ==")
    first, second = sorted([(ours, "ขั้นตอนท่าตลาด"), (theirs, "ขั้นตอนอีกแห่ง")])
    assert first[0] < body.index(first[1]) < second[0] < body.index(second[1])
    assert "ขั้นตอนหนองไข่" not in body and reader_of.name not in body


def test_a_person_taken_out_of_an_agency_no_longer_gets_its_steps(
    agency: Agency, other_agency: Agency, agency_admin: User, other_admin: User
) -> None:
    agency_admin.email = "somchai@example.org"
    agency_admin.save()
    membership = Membership.objects.create(user=agency_admin, agency=other_agency, role=Role.ADMIN)
    _late_step(other_agency, "ขั้นตอนอีกแห่ง")
    member_remove(agency=other_agency, actor=other_admin, membership_id=membership.pk)
    digests_send(today=TODAY)
    bodies = [m.body for m in mail.outbox if m.to == ["somchai@example.org"]]
    assert not any("ขั้นตอนอีกแห่ง" in b for b in bodies)
