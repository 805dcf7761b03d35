"""What people see: every page people use, opened by the persona who uses it
(demo sign-ins, a staff user, a visitor), at laptop and phone widths, loads
without errors or CSP violations, never scrolls sideways, and names every
image and form field. With SCREENSHOT_DIR set, every page is also saved there
for people to look at (118 full-page shots: left out of a plain run for time)."""

from __future__ import annotations

import io
import os
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from tests.conftest import _pass_second_factor
from tests.lib.test_csp_browser import WATCH_VIOLATIONS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SLUG = "tha-talad"
# Not demo sign-ins: a deployment staff user the test makes, someone who typed
# the password but not yet the code, and a visitor who is not signed in.
STAFF, HALF_SIGNED_IN, VISITOR = "staff", "half-signed-in", "visitor"


# Object ids differ from run to run; each is looked up in the demo the test loaded.
def _measure(**filters: Any) -> Any:
    from prongsai.improvement.models import Measure

    return Measure.objects.filter(agency__slug=SLUG, **filters).order_by("id").first()


def measure(suffix: str = "", **filters: Any) -> Callable[[], str]:
    return lambda: f"/improvement/measures/{_measure(**filters).pk}/{suffix}"


def result_edit() -> str:
    from prongsai.improvement.models import Result

    result = Result.objects.filter(measure__agency__slug=SLUG).order_by("id").first()
    return f"/improvement/results/{result.pk}/edit/"  # type: ignore[union-attr]


def _weakness() -> Any:
    from prongsai.improvement.models import Weakness

    return Weakness.objects.filter(assessment__agency__slug=SLUG).order_by("id").first()


def _assessment() -> Any:
    from prongsai.assessments.models import Assessment

    return Assessment.objects.filter(agency__slug=SLUG).order_by("-year").first()


def assessment(prefix: str, suffix: str = "") -> Callable[[], str]:
    return lambda: f"{prefix}{_assessment().year}/{_assessment().kind}/{suffix}"


def weakness() -> str:
    return f"/improvement/weaknesses/{_weakness().pk}/"


def recommendation() -> str:
    found = _weakness()
    return f"/improvement/recommendations/{found.assessment.year}/{found.question.code}/"


def _item() -> Any:
    from prongsai.publishing.models import DisclosureItem

    return DisclosureItem.objects.filter(agency__slug=SLUG, links__isnull=False).first()


def disclosure_item() -> str:
    item = _item()
    return f"/disclosure/{item.year}/items/{item.pk}/"


def link_history() -> str:
    return f"/disclosure/links/{_item().links.first().pk}/history/"


def public_year() -> str:
    return f"/public/{SLUG}/{_item().year}/"


def public_item() -> str:
    item = _item()
    return f"/public/{SLUG}/{item.year}/{item.code}/"


def _invite() -> str:
    from prongsai.accounts.invitations import invitation_create
    from prongsai.agencies.models import Agency

    _, token = invitation_create(
        agency=Agency.objects.get(slug=SLUG),
        email="somchai.jaidee@example.com",
        role="viewer",
        invited_by=None,
    )
    return token


def invitation() -> str:
    return f"/accounts/invitation/{_invite()}/"


def settings_with_invitation() -> str:
    """With one invitation pending, so its row and buttons show."""
    _invite()
    return "/agency/settings/"


def survey(suffix: str = "", *, public: bool = False) -> Callable[[], str]:
    """The demo's staff survey (IIT, by code), or its public satisfaction one."""
    from prongsai.surveys.demo import PUBLIC_SLUG, STAFF_SLUG

    return lambda: f"/surveys/survey/{PUBLIC_SLUG if public else STAFF_SLUG}/{suffix}"


def public_survey(suffix: str = "") -> Callable[[], str]:
    from prongsai.surveys.demo import PUBLIC_SLUG

    return lambda: f"/surveys/s/{PUBLIC_SLUG}/{suffix}"


ADMIN, FINANCE, VIEWER = "thatalad-admin", "thatalad-finance", "thatalad-viewer"
# (who, page name, path or how to find it). One test each.
PAGES: list[tuple[str, str, str | Callable[[], str]]] = [
    (ADMIN, "dashboard", "/"),
    (VIEWER, "dashboard", "/"),
    ("other-admin", "dashboard", "/"),
    (ADMIN, "results", "/results/"),
    (ADMIN, "assessment", assessment("/results/")),
    (ADMIN, "scores-edit", assessment("/results/", "edit/")),
    (ADMIN, "results-import", "/results/import/"),
    (ADMIN, "analysis-list", "/improvement/analysis/"),
    (ADMIN, "analysis", assessment("/improvement/analysis/")),
    (ADMIN, "weakness", weakness),
    (ADMIN, "recommendation", recommendation),
    (ADMIN, "report-import", "/improvement/import-report/"),
    (ADMIN, "measures", "/improvement/measures/"),
    (VIEWER, "measures", "/improvement/measures/"),
    (ADMIN, "measure", measure()),
    (ADMIN, "measure-new", "/improvement/measures/new/"),
    (ADMIN, "measure-edit", measure("edit/")),
    (ADMIN, "result-edit", result_edit),
    (FINANCE, "my-measures", "/improvement/measures/mine/"),
    (FINANCE, "measure", measure(departments__kind="finance")),
    (FINANCE, "measure-edit", measure("edit/", departments__kind="finance")),
    (VIEWER, "measure", measure()),
    (ADMIN, "documents", "/documents/"),
    (ADMIN, "settings", settings_with_invitation),
    (ADMIN, "signer", "/agency/settings/signer/"),
    (ADMIN, "account", "/accounts/security/"),
    (VIEWER, "account", "/accounts/security/"),
    (ADMIN, "password-change", "/accounts/password/change/"),
    (ADMIN, "disclosure", "/disclosure/"),
    (ADMIN, "disclosure-item", disclosure_item),
    (ADMIN, "link-history", link_history),
    (ADMIN, "publish", "/disclosure/publish/"),
    (FINANCE, "disclosure", "/disclosure/"),
    (ADMIN, "surveys", "/surveys/"),
    (ADMIN, "survey-new", "/surveys/new/"),
    (ADMIN, "survey-new-custom", "/surveys/new/custom/"),
    (ADMIN, "survey", survey()),
    (ADMIN, "survey-public-kind", survey(public=True)),
    (ADMIN, "survey-progress", survey("progress/")),
    (ADMIN, "survey-results", survey("results/")),
    (ADMIN, "survey-round", "/surveys/round/"),
    (ADMIN, "frameworks", "/frameworks/"),
    (ADMIN, "framework", "/frameworks/2567/"),
    ("nakhonpathom-sup", "network", "/network/"),
    ("nakhonpathom-sup", "network-agency", f"/network/agency/{SLUG}/"),
    (STAFF, "staff", "/staff/"),
    (STAFF, "staff-agency-new", "/staff/agencies/new/"),
    (STAFF, "frameworks", "/frameworks/"),
    (HALF_SIGNED_IN, "code", "/accounts/login/code/"),
    (VISITOR, "sign-in", "/accounts/login/"),
    (VISITOR, "password-reset", "/accounts/password/reset/"),
    (VISITOR, "invitation", invitation),
    (VISITOR, "public-agency", f"/public/{SLUG}/"),
    (VISITOR, "public-year", public_year),
    (VISITOR, "public-item", public_item),
    (VISITOR, "public-embed", f"/public/{SLUG}/embed/"),
    (VISITOR, "public-survey", public_survey()),
    (VISITOR, "public-survey-thanks", public_survey("thanks/")),
]

# Checked in the page: sideways overflow (naming the last element past the
# edge), unnamed images, unlabelled inputs, and on a phone controls smaller
# than 24 × 24 px (WCAG 2.2 target size), which a thumb misses.
CHECKS = """(phone) => {
  const problems = [];
  if (document.documentElement.scrollWidth > window.innerWidth + 1) {
    let widest = "";
    for (const el of document.body.querySelectorAll("*"))
      if (el.getBoundingClientRect().right > window.innerWidth + 1)
        widest = el.tagName.toLowerCase() + (el.className ? "." + el.className : "");
    problems.push("overflow " + document.documentElement.scrollWidth + " " + widest);
  }
  for (const img of document.querySelectorAll("img, svg[role=img]")) {
    const name = img.getAttribute("alt") ?? img.getAttribute("aria-label")
      ?? img.getAttribute("aria-labelledby") ?? img.querySelector?.("title")?.textContent;
    if (name === null || name === undefined) problems.push("unnamed " + img.outerHTML.slice(0, 80));
  }
  for (const el of document.querySelectorAll("input:not([type=hidden]):not([type=submit]), select, textarea")) {
    if (!(el.labels && el.labels.length) && !el.getAttribute("aria-label")
        && !el.getAttribute("aria-labelledby"))
      problems.push("unlabelled " + (el.name || el.id));
  }
  const controls = "button, [role=button], input:not([type=hidden]):not([type=checkbox]):not([type=radio]), select, summary";
  for (const el of phone ? document.querySelectorAll(controls) : []) {
    const box = el.getBoundingClientRect();
    if (box.width && box.height && (box.width < 24 || box.height < 24))
      problems.push(`tiny ${Math.round(box.width)}x${Math.round(box.height)} `
        + el.outerHTML.slice(0, 80));
  }
  return problems;
}"""


def check(page: Any, url: str, shot: str, phone: bool) -> list[str]:
    response = page.goto(url)
    problems = [] if response and response.status == 200 else [f"status {url}"]
    page.wait_for_load_state("networkidle")
    problems += page.evaluate("window.__cspViolations || []")
    problems += page.evaluate(CHECKS, phone)
    if os.environ.get("SCREENSHOT_DIR"):  # only when someone will look
        page.screenshot(path=shot, full_page=True)
    return [f"{url}: {p}" for p in problems]


def session_of(who: str) -> str | None:
    """The session cookie of `who`, signed in past both steps (the code step
    skipped for HALF_SIGNED_IN); None for the visitor."""
    if who == VISITOR:
        return None
    if who == STAFF:
        user = User.objects.create_user("staff-qa", "staff@example.com", is_staff=True)
    else:
        user = User.objects.get(username=ADMIN if who == HALF_SIGNED_IN else who)
    client = Client()
    client.force_login(user)
    if who == HALF_SIGNED_IN:
        from django_otp.plugins.otp_totp.models import TOTPDevice

        TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    else:
        _pass_second_factor(client, user)
    return client.cookies["sessionid"].value


def look(live_server: Any, browser: Any, shots: str, name: str, path: str, who: str) -> list[str]:
    session = session_of(who)
    problems: list[str] = []
    for label, size in (("laptop", (1366, 800)), ("phone", (390, 844))):
        context = browser.new_context(
            viewport={"width": size[0], "height": size[1]}, locale="th-TH"
        )
        if session:
            context.add_cookies([{"name": "sessionid", "value": session, "url": live_server.url}])
        page = context.new_page()
        page.add_init_script(WATCH_VIOLATIONS)
        page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
        shot = f"{shots}/{who}-{name}-{label}.png"
        problems.extend(
            f"{label} {p}" for p in check(page, live_server.url + path, shot, label == "phone")
        )
        context.close()
    return problems


@pytest.mark.parametrize(
    ("who", "name", "path"), PAGES, ids=[f"{who}-{name}" for who, name, _ in PAGES]
)
def test_each_page_reads_well_at_laptop_and_phone_width_for_whoever_uses_it(
    live_server: Any,
    browser: Any,
    screenshot_dir: str,
    who: str,
    name: str,
    path: str | Callable[[], str],
) -> None:
    from prongsai.demo import load_demo

    load_demo(io.StringIO())
    url = path if isinstance(path, str) else path()
    assert look(live_server, browser, screenshot_dir, name, url, who) == []


def test_the_first_run_setup_page_reads_well_before_any_agency_exists(
    live_server: Any, browser: Any, screenshot_dir: str
) -> None:
    assert look(live_server, browser, screenshot_dir, "setup", "/setup/", VISITOR) == []
