"""Every route is declared in cases.py: a new POST or download view without a
case makes these tests fail."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from tests.security import cases
from tests.security.routes import accepts_post, routes

DECLARED = {
    **cases.POST,
    **cases.POST_ELSEWHERE,
    **cases.DOWNLOADS,
    **cases.READ_ONLY,
    **cases.SUPERVISOR_ONLY,
    **cases.STAFF_ONLY,
}


def test_every_route_of_the_urlconf_is_declared_in_cases() -> None:
    missing = sorted(set(routes()) - set(DECLARED))
    assert not missing, (
        "routes with no case in tests/security/cases.py (POST, DOWNLOADS or READ_ONLY "
        f"with why): {missing}"
    )


def test_every_declared_route_exists() -> None:
    stale = sorted(set(DECLARED) - set(routes()))
    assert not stale, f"cases.py declares routes the URLconf no longer has: {stale}"


def test_no_route_is_declared_twice() -> None:
    groups = [
        cases.POST, cases.POST_ELSEWHERE, cases.DOWNLOADS, cases.READ_ONLY, cases.SUPERVISOR_ONLY,
        cases.STAFF_ONLY,
    ]  # fmt: skip
    names = [name for group in groups for name in group]
    assert len(names) == len(set(names))


def test_every_view_that_acts_on_post_has_a_post_case() -> None:
    posting = {name for name, view in routes().items() if accepts_post(view)}
    undeclared = sorted(
        posting - set(cases.POST) - set(cases.POST_ELSEWHERE) - set(cases.STAFF_ONLY)
    )
    assert not undeclared, f"views that act on POST without a POST case: {undeclared}"


def _is_file(response: Any) -> bool:
    content_type = response.get("Content-Type", "")
    return response.has_header("Content-Disposition") or not content_type.startswith("text/html")


@pytest.mark.parametrize("route", sorted(cases.READ_ONLY))
def test_read_only_page_answers_html_not_a_file(route: str, world: Any, as_persona: Any) -> None:
    client = as_persona("admin")
    response = client.get(reverse(route, kwargs=cases.READ_ONLY[route].kwargs(world)))
    assert response.status_code in (200, 302), (route, response.status_code)
    assert not _is_file(response), f"{route} answers a file: declare it in DOWNLOADS"


@pytest.mark.parametrize("route", sorted(cases.POST))
def test_post_route_answers_no_file_on_get(route: str, world: Any, as_persona: Any) -> None:
    case = cases.POST[route]
    if case.prepare:
        case.prepare(world)
    client = as_persona("admin")
    response = client.get(reverse(route, kwargs=case.kwargs(world)))
    if response.status_code in (200, 201):
        assert not _is_file(response), f"{route} answers a file: declare it in DOWNLOADS"
