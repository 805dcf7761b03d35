"""Writes are isolated: every POST route, replayed with a valid request of
Tha Talad's admin as another agency's admin, the department editor of กองคลัง
(on an object of สำนักปลัด), the viewer and an anonymous visitor, is refused
(403, 404 or the sign-in page) and changes none of Tha Talad's rows."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.conf import settings
from django.shortcuts import resolve_url
from django.urls import reverse

from tests.security import cases
from tests.security.snapshot import snapshot

PERSONA = {"anonymous": None}


def replay(route: str, persona: str, world: Any, as_persona: Any) -> tuple[Any, list[str]]:
    """The admin's request as `persona`; the response and what changed."""
    case = cases.POST[route]
    before = world.baseline
    if case.prepare is not None:
        case.prepare(world)
        before = snapshot(world.agency)
    client = as_persona(PERSONA.get(persona, persona))
    url = reverse(route, kwargs=case.kwargs(world))
    headers = {"HX-Request": "true"} if case.htmx else {}
    response = client.post(url, case.data(world), headers=headers)
    return response, before.changed(snapshot(world.agency))


def refused(response: Any) -> bool:
    if response.status_code in (403, 404):
        return True
    login = resolve_url(settings.LOGIN_URL)
    return response.status_code == 302 and response["Location"].startswith(login)


def _errors(response: Any) -> list[str]:
    """The error messages of a page, to say why a case's payload failed."""
    html = response.content.decode(errors="replace")
    return re.findall(r"(?:error|invalid)[^>]*>\s*([^<]{3,200})", html)[:8]


def routes_for(persona: str) -> list[str]:
    return sorted(r for r, c in cases.POST.items() if persona in c.attackers)


@pytest.mark.parametrize("route", sorted(cases.POST))
def test_agency_admin_request_succeeds(route: str, world: Any, as_persona: Any) -> None:
    """The replayed request is one that works: else refusing it proves nothing."""
    response, changed = replay(route, "admin", world, as_persona)
    assert response.status_code in (200, 302), (response.status_code, _errors(response))
    if cases.POST[route].admin_changes:
        assert changed, f"{route}: the admin's request changed nothing of Tha Talad"


def _assert_refused(route: str, persona: str, world: Any, as_persona: Any) -> None:
    response, changed = replay(route, persona, world, as_persona)
    assert refused(response), (response.status_code, response.get("Location"))
    assert not changed, f"{route} as {persona} changed Tha Talad's rows: {changed}"


@pytest.mark.parametrize("route", routes_for("other_admin"))
def test_other_agency_admin_cannot_post(route: str, world: Any, as_persona: Any) -> None:
    if cases.POST[route].own_agency:
        # The URL names no object: they act on their own agency, which is
        # theirs to change; Tha Talad's rows must stay as they were.
        response, changed = replay(route, "other_admin", world, as_persona)
        assert response.status_code < 500
        assert not changed, f"{route} as another agency's admin changed Tha Talad's rows: {changed}"
        return
    _assert_refused(route, "other_admin", world, as_persona)


@pytest.mark.parametrize("route", routes_for("editor"))
def test_department_editor_cannot_post_outside_their_department(
    route: str, world: Any, as_persona: Any
) -> None:
    _assert_refused(route, "editor", world, as_persona)


@pytest.mark.parametrize("route", routes_for("viewer"))
def test_viewer_cannot_post(route: str, world: Any, as_persona: Any) -> None:
    _assert_refused(route, "viewer", world, as_persona)


@pytest.mark.parametrize("route", routes_for("anonymous"))
def test_anonymous_cannot_post(route: str, world: Any, as_persona: Any) -> None:
    _assert_refused(route, "anonymous", world, as_persona)
