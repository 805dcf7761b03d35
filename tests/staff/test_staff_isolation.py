"""Every staff route (tests/security/cases.py STAFF_ONLY), requested with a
payload that works for staff, as each agency persona and a supervisor: 404 and
nothing changed; anonymous: the sign-in page. A new staff route without a
request here makes the test fail."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from prongsai.accounts.models import Invitation, StaffAction
from prongsai.agencies.models import Agency
from prongsai.assessments.models import QuestionScore
from prongsai.framework.models import Framework
from prongsai.network.models import Supervision
from tests.security import cases

RESULTS_CSV = "agency,code,score\ntha-talad,I7,79.27\n"
AGENCIES_CSV = (
    "code,slug,name,type,province,district\n7730101,ban-mai,อบต.บ้านใหม่,อบต.,นครปฐม,เมืองนครปฐม\n"
)


def _results_token() -> dict[str, Any]:
    """A confirmation token of the staff user, when there is one; for the
    other personas the guard answers before any token is looked at."""
    from prongsai.staff.results_import import pending_keep

    staff = User.objects.filter(is_staff=True).first()
    if staff is None:
        return {"token": "forged"}
    token = pending_keep(data=RESULTS_CSV.encode(), year=2566, file_name="r.csv", user=staff)
    return {"token": token}


def _framework_yaml() -> str:
    from tests.framework.test_framework_pages import yaml_for_new_year

    return yaml_for_new_year().decode()


# route → (method, data builder); GET routes have no data.
REQUESTS: dict[str, tuple[str, Callable[[], dict[str, Any]]]] = {
    "staff:home": ("get", dict),
    "staff:agency_new": (
        "post",
        lambda: {
            "name": "อบต.บ้านใหม่",
            "slug": "ban-mai",
            "type": "sao",
            "province": "นครปฐม",
            "district": "เมืองนครปฐม",
            "admin_email": "admin@banmai.go.th",
        },
    ),
    "staff:agencies_preview": (
        "post",
        lambda: {"file": SimpleUploadedFile("agencies.csv", AGENCIES_CSV.encode())},
    ),
    "staff:agencies_confirm": (
        "post",
        lambda: {
            "rows": json.dumps(
                [
                    {
                        "number": 2,
                        "slug": "ban-mai",
                        "code": "7730101",
                        "name": "อบต.บ้านใหม่",
                        "type": "sao",
                        "province": "นครปฐม",
                        "district": "เมืองนครปฐม",
                    }
                ]
            )
        },
    ),
    "staff:results_import": (
        "post",
        lambda: {"year": "2566", "file": SimpleUploadedFile("r.csv", RESULTS_CSV.encode())},
    ),
    "staff:results_confirm": ("post", _results_token),
    "staff:supervisor_new": (
        "post",
        lambda: {"email": "sup@example.go.th", "scope": "province:นครปฐม"},
    ),
    "framework:import_preview": (
        "post",
        lambda: {"file": SimpleUploadedFile("ita-2590.yaml", _framework_yaml().encode())},
    ),
    "framework:import_confirm": (
        "post",
        lambda: {"name": "ita-2590.yaml", "text": _framework_yaml()},
    ),
}


def test_every_staff_route_has_a_request_here() -> None:
    assert set(REQUESTS) == set(cases.STAFF_ONLY)


def _state() -> tuple[int, ...]:
    return (
        Agency.objects.count(),
        Invitation.objects.count(),
        StaffAction.objects.count(),
        Supervision.objects.count(),
        Framework.objects.count(),
        QuestionScore.objects.count(),
    )


def _send(client: Client, route: str) -> Any:
    method, data = REQUESTS[route]
    return getattr(client, method)(reverse(route), data())


@pytest.mark.parametrize("route", sorted(REQUESTS))
def test_staff_route_works_for_staff(
    route: str, staff_user: User, agency: Any, client_for: Any
) -> None:
    response = _send(client_for(staff_user), route)
    assert response.status_code in (200, 302), response.content.decode()[:500]


@pytest.mark.parametrize("route", sorted(REQUESTS))
@pytest.mark.parametrize("persona", ["agency_admin", "department_editor", "viewer", "supervisor"])
def test_staff_route_answers_404_to_everyone_else_and_changes_nothing(
    route: str, persona: str, request: pytest.FixtureRequest, client_for: Any
) -> None:
    user = request.getfixturevalue(persona)
    before = _state()
    response = _send(client_for(user), route)
    assert response.status_code == 404
    assert _state() == before


@pytest.mark.parametrize("route", sorted(REQUESTS))
def test_staff_route_sends_anonymous_visitors_to_sign_in(route: str, frameworks: None) -> None:
    before = _state()
    response = _send(Client(), route)
    assert response.status_code == 302 and reverse("accounts:login") in response.url
    assert _state() == before


@pytest.mark.parametrize("route", sorted(r for r, (m, _d) in REQUESTS.items() if m == "post"))
def test_a_staff_post_route_opened_by_a_non_staff_member_looks_like_no_page_at_all(
    route: str, agency_admin: User, client_for: Any
) -> None:
    # A GET used to answer 405 (the method check ran before the staff check):
    # enough for an agency admin to map the staff area.
    assert client_for(agency_admin).get(reverse(route)).status_code == 404
