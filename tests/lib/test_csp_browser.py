"""With the Content-Security-Policy on, a real browser still signs in, shows the
dashboard, runs htmx (a request fires and its answer is swapped in), and shows the
public survey and transparency pages, and reports no CSP violation anywhere.

The policy forbids inline scripts and styles; a template that slipped one back in
would break silently in the browser only, so this is where it shows.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Runs in every page before its own scripts, outside the policy (DevTools protocol).
WATCH_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push(e.violatedDirective + " " + (e.blockedURI || "inline"));
});
"""


@pytest.fixture
def watched(page: Any) -> tuple[Any, list[str]]:
    """The laptop page, and every console message or error that speaks of the policy."""
    problems: list[str] = []
    page.add_init_script(WATCH_VIOLATIONS)
    page.on(
        "console",
        lambda msg: problems.append(msg.text) if "Content Security Policy" in msg.text else None,
    )
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    return page, problems


def violations(page: Any) -> list[str]:
    return list(page.evaluate("window.__cspViolations || []"))


def visit(page: Any, url: str) -> None:
    response = page.goto(url)
    assert response is not None and response.status == 200, url
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.wait_for_load_state("networkidle")
    assert violations(page) == [], url


def test_signed_in_pages_and_htmx_work_under_the_policy(
    live_server: Any, watched: tuple[Any, list[str]], agency_admin: Any, frameworks: Any
) -> None:
    page, problems = watched
    base = live_server.url

    visit(page, f"{base}/accounts/login/")
    page.fill("#id_username", "admin")
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(f"{base}/")
    page.wait_for_load_state("networkidle")
    assert violations(page) == []
    assert page.locator("nav.app").count() == 1  # the dashboard, signed in

    # htmx: changing a filter fires a request and swaps the table in place.
    visit(page, f"{base}/improvement/measures/")
    assert page.evaluate("typeof htmx") == "object"
    page.evaluate(
        "document.querySelector('#measure-table').insertAdjacentHTML('afterbegin',"
        " '<i id=before-swap></i>')"
    )
    with page.expect_response(lambda r: "/measures/?" in r.url and r.status == 200) as answer:
        page.select_option("select[name=status]", index=1)
    assert answer.value.request.headers.get("hx-request") == "true"
    page.wait_for_function("!document.querySelector('#before-swap')")
    assert "status=" in page.url  # hx-push-url ran too
    assert violations(page) == [] and problems == []


def test_public_survey_and_transparency_pages_work_under_the_policy(
    live_server: Any, settings: Any, tmp_path: Any, agency: Any, watched: tuple[Any, list[str]]
) -> None:
    from prongsai.publishing.services import publication_publish
    from prongsai.surveys.services import survey_create_custom

    settings.MEDIA_ROOT = tmp_path / "media"
    today = timezone.localdate()
    survey = survey_create_custom(
        agency=agency, title="ความพึงพอใจ", slug="csp", opens_on=today - timedelta(days=1),
        closes_on=today + timedelta(days=10), services=["ชำระภาษี"],
        questions=[("สะดวกรวดเร็ว", "satisfaction")], actor=None,
    )  # fmt: skip
    publication_publish(agency=agency, actor=None)
    page, problems = watched
    base = live_server.url

    visit(page, f"{base}/surveys/s/{survey.slug}/")
    assert page.locator("h1").inner_text() == "ความพึงพอใจ"
    page.locator('input[name="q-Q1"]').first.check()
    page.locator('input[name="q-Q2"]').first.check()
    page.get_by_role("button", name="ส่งคำตอบ").click()
    page.wait_for_url("**/thanks/")
    assert violations(page) == []

    visit(page, f"{base}/public/{agency.slug}/")
    assert agency.name in page.locator("header").inner_text()
    visit(page, f"{base}/public/{agency.slug}/embed/")
    assert problems == []
