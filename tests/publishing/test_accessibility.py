"""The public page in headless Chromium: axe-core finds no serious or critical
problems, and screenshots on a phone (390 px) and a laptop (1366 px) are left in
SCREENSHOT_DIR for people to look at. The signed-in checklist is checked too."""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from prongsai.publishing.services import publication_publish

from .test_public_page import fill_agency

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
PUBLIC_PATHS = (
    "/public/tha-talad/",
    "/public/tha-talad/2566/",
    "/public/tha-talad/2566/o1/",
    "/public/tha-talad/embed/",
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def axe_problems(page) -> list[str]:  # type: ignore[no-untyped-def]
    # Evaluated through DevTools, not as a <script> tag the page's CSP would block.
    page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    assert len(result["passes"]) > 10  # axe really ran its rules on this page
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — "
        + "; ".join(node["target"][0] for node in v["nodes"][:5])
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


@pytest.fixture
def public_site(settings, tmp_path, frameworks, agency, agency_admin):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path / "media"
    data = fill_agency(agency)
    publication_publish(agency=agency, actor=agency_admin)
    return data


LAPTOP = {"viewport": {"width": 1366, "height": 900}, "locale": "th-TH"}
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "locale": "th-TH",
    "is_mobile": True,
    "has_touch": True,
}


def in_browser(check: Callable[[Any], None]) -> None:
    """Run `check(browser)` with Chromium driven from a thread of its own.

    The shared session `browser` fixture leaves Playwright's event loop running on
    the main thread, which breaks later tests that call asyncio.run() (the
    website checker's). A thread of our own starts and stops its loop cleanly."""
    failure: list[BaseException] = []

    def work() -> None:
        from playwright.sync_api import sync_playwright

        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(
                    executable_path=shutil.which("chromium") or "/usr/bin/chromium",
                    args=["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                          "--disable-background-networking", "--disable-component-update"],
                )  # fmt: skip
                try:
                    check(browser)
                finally:
                    browser.close()
        except BaseException as e:
            failure.append(e)

    thread = threading.Thread(target=work)
    thread.start()
    thread.join()
    if failure:
        raise failure[0]


def test_public_pages_pass_axe_on_a_laptop_and_a_phone(
    live_server, screenshot_dir, public_site
) -> None:
    def check(browser: Any) -> None:
        for options in (LAPTOP, PHONE):
            page = browser.new_page(**options)
            for path in PUBLIC_PATHS:
                page.goto(live_server.url + path)
                assert page.locator("html").get_attribute("lang") == "th"
                assert axe_problems(page) == [], path
            name = "laptop" if options is LAPTOP else "phone"
            page.goto(live_server.url + "/public/tha-talad/")
            page.screenshot(path=os.path.join(screenshot_dir, f"public-{name}.png"), full_page=True)
            if options is PHONE:
                # Nothing sticks out sideways on a phone.
                assert page.evaluate("document.documentElement.scrollWidth") <= 390
                page.goto(live_server.url + "/public/tha-talad/2566/o1/")
                page.screenshot(path=os.path.join(screenshot_dir, "public-item-phone.png"),
                                full_page=True)  # fmt: skip
            page.close()

    in_browser(check)


def test_checklist_passes_axe_for_the_admin(
    live_server, screenshot_dir, public_site, agency_admin
) -> None:
    from django.test import Client

    client = Client()
    client.force_login(agency_admin)
    session = client.cookies["sessionid"].value

    def check(browser: Any) -> None:
        context = browser.new_context(**LAPTOP)
        context.add_cookies([{"name": "sessionid", "value": session, "url": live_server.url}])
        page = context.new_page()
        page.goto(live_server.url + "/disclosure/2566/")
        page.locator("#item-o1 > summary").click()
        assert axe_problems(page) == []
        page.screenshot(path=os.path.join(screenshot_dir, "checklist-laptop.png"))
        page.goto(live_server.url + "/disclosure/publish/")
        assert axe_problems(page) == []
        context.close()

    in_browser(check)
