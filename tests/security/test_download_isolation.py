"""Files are isolated like pages: every download route of the registry
(cases.DOWNLOADS), fetched as Tha Talad's admin (it must be a file, else the
refusals below prove nothing), as another agency's admin, as a supervisor of
another province and anonymously. Only routes declared public or shared may
answer them, and public ones only with what was published."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.shortcuts import resolve_url
from django.test import Client
from django.urls import reverse

from tests.security import cases

PRIVATE = sorted(r for r, d in cases.DOWNLOADS.items() if not d.public and not d.shared)
PUBLIC = sorted(r for r, d in cases.DOWNLOADS.items() if d.public)


def _url(route: str, world: Any) -> str:
    case = cases.DOWNLOADS[route]
    return reverse(route, kwargs=case.kwargs(world)) + (f"?{case.query}" if case.query else "")


def _is_file(response: Any) -> bool:
    kind = response.get("Content-Type", "")
    return response.has_header("Content-Disposition") or not kind.startswith("text/html")


def _body(response: Any) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return bytes(response.content)


def _to_sign_in(response: Any) -> bool:
    login = resolve_url(settings.LOGIN_URL)
    return response.status_code == 302 and response["Location"].startswith(login)


@pytest.mark.parametrize("route", sorted(cases.DOWNLOADS))
def test_the_agency_admin_gets_each_download_as_a_file(
    route: str, world: Any, as_persona: Any
) -> None:
    response = as_persona("admin").get(_url(route, world))
    assert response.status_code == 200, (route, response.status_code)
    assert _is_file(response), f"{route} answered a page, not a file"


@pytest.mark.parametrize("route", PRIVATE)
def test_another_agencys_admin_never_gets_tha_talads_file(
    route: str, world: Any, as_persona: Any
) -> None:
    url = _url(route, world)
    mine = _body(as_persona("admin").get(url))
    theirs = as_persona("other_admin").get(url)
    # Routes whose URL names an object of Tha Talad answer 404; routes that
    # name only a year (the agency is the signed-in member's) answer the other
    # agency's own file, which must not be Tha Talad's.
    assert theirs.status_code in (403, 404) or _body(theirs) != mine, route


@pytest.mark.parametrize("route", PRIVATE)
def test_anonymous_visitors_are_sent_to_sign_in_for_every_private_file(
    route: str, world: Any, as_persona: Any
) -> None:
    response = as_persona(None).get(_url(route, world))
    assert _to_sign_in(response) or response.status_code == 404, (route, response.status_code)


@pytest.mark.parametrize("route", PRIVATE)
def test_a_supervisor_of_another_province_gets_no_private_file(
    route: str, world: Any, as_persona: Any
) -> None:
    from prongsai.network.scope import parse_scope
    from prongsai.network.services import supervision_create

    user = User.objects.create_user("chiangmai-sup")
    supervision_create(user=user, scope=parse_scope("province:เชียงใหม่"))
    client = Client()
    client.force_login(user)
    response = client.get(_url(route, world))
    assert not (response.status_code == 200 and _is_file(response)), route


@pytest.mark.parametrize("route", PUBLIC)
def test_public_files_are_served_to_anyone_once_published(
    route: str, world: Any, as_persona: Any
) -> None:
    response = as_persona(None).get(_url(route, world))
    assert response.status_code == 200 and _is_file(response), route


def test_nothing_is_public_before_the_agency_publishes(world: Any, as_persona: Any) -> None:
    """demo-other has published nothing: its open data answers 404."""
    from prongsai.publishing.models import Publication

    assert not Publication.objects.filter(agency=world.other).exists()
    anonymous = as_persona(None)
    for route in ("publishing:public_json", "publishing:public_csv"):
        assert anonymous.get(reverse(route, kwargs={"slug": world.other.slug})).status_code == 404
    unlisted = reverse(
        "publishing:public_file", kwargs={"slug": world.agency.slug, "sha256": "a" * 64}
    )
    assert anonymous.get(unlisted).status_code == 404


def test_survey_aggregates_are_public_only_when_the_agency_made_them_public(
    world: Any, as_persona: Any
) -> None:
    survey = world.public_survey
    url = reverse("surveys:aggregates", kwargs={"slug": survey.slug})
    survey.public_results = False
    survey.save()  # as the survey's settings page saves it (updated_at moves)
    assert as_persona(None).get(url).status_code == 404


@pytest.mark.parametrize("route", ["improvement:evidence_file", "improvement:evidence_thumbnail"])
def test_uploaded_evidence_cannot_run_in_our_origin(
    route: str, world: Any, as_persona: Any
) -> None:
    response = as_persona("admin").get(_url(route, world))
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]


def test_every_download_route_is_covered_here() -> None:
    assert set(PRIVATE) | set(PUBLIC) | {r for r, d in cases.DOWNLOADS.items() if d.shared} == set(
        cases.DOWNLOADS
    )
