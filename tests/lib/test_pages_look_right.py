"""What people see: the main pages, signed in as each demo persona, at laptop
and phone widths, load without errors or CSP violations, never scroll sideways,
and name every image and form field. Screenshots go to SCREENSHOT_DIR."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.test import Client

from tests.conftest import _pass_second_factor
from tests.lib.test_csp_browser import WATCH_VIOLATIONS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGES = ["/", "/improvement/measures/", "/documents/", "/surveys/"]

# Checked in the page: sideways overflow, unnamed images, unlabelled inputs.
CHECKS = """() => {
  const problems = [];
  if (document.documentElement.scrollWidth > window.innerWidth + 1)
    problems.push("overflow " + document.documentElement.scrollWidth);
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
  return problems;
}"""


def check(page: Any, url: str, shot: str) -> list[str]:
    response = page.goto(url)
    problems = [] if response and response.status == 200 else [f"status {url}"]
    page.wait_for_load_state("networkidle")
    problems += page.evaluate("window.__cspViolations || []")
    problems += page.evaluate(CHECKS)
    page.screenshot(path=shot, full_page=True)
    return [f"{url}: {p}" for p in problems]


@pytest.mark.parametrize("username", ["thatalad-admin", "thatalad-viewer"])
def test_main_pages_read_well_at_laptop_and_phone_width(
    live_server: Any, browser: Any, screenshot_dir: str, username: str
) -> None:
    from django.contrib.auth import get_user_model

    from prongsai.demo import load_demo

    load_demo(io.StringIO())
    user = get_user_model().objects.get(username=username)
    client = Client()
    client.force_login(user)
    _pass_second_factor(client, user)
    session = client.cookies["sessionid"].value
    problems: list[str] = []
    for label, size in (("laptop", (1366, 800)), ("phone", (390, 844))):
        context = browser.new_context(
            viewport={"width": size[0], "height": size[1]}, locale="th-TH"
        )
        context.add_cookies([{"name": "sessionid", "value": session, "url": live_server.url}])
        page = context.new_page()
        page.add_init_script(WATCH_VIOLATIONS)
        page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
        for path in PAGES:
            name = path.strip("/").replace("/", "-") or "dashboard"
            problems.extend(
                check(
                    page, live_server.url + path, f"{screenshot_dir}/{username}-{name}-{label}.png"
                )
            )
        context.close()
    assert problems == []
