"""Two-factor in headless Chromium: a staff member signs in, is sent to set up
an authenticator, scans (reads the secret), confirms, keeps the recovery codes,
and next time signs in with a code. Screenshots on a phone are left in
`screenshot_dir`, each checked for sideways scrolling."""

from __future__ import annotations

import os
import re
from typing import Any

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.accounts.test_twofactor import code_for
from tests.conftest import PASSWORD, PHONE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_set_up_two_factor_and_sign_in_with_a_code_on_a_phone(
    live_server: Any, browser: Any, agency_admin: Any, screenshot_dir: str
) -> None:
    agency_admin.is_staff = True
    agency_admin.save()
    base = live_server.url
    context = browser.new_context(viewport=PHONE, locale="th-TH", is_mobile=True)
    page = context.new_page()

    def shot(name: str) -> None:
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{page.url} scrolls sideways by {overflow}px on a phone"
        page.screenshot(path=os.path.join(screenshot_dir, f"accounts-{name}.png"), full_page=True)

    def sign_in() -> None:
        page.goto(f"{base}/accounts/login/")
        page.fill("#id_username", "admin")
        page.fill("#id_password", PASSWORD)
        page.click("main button[type=submit]")

    sign_in()
    page.wait_for_url(f"{base}/accounts/security/")
    assert "ต้องใช้การยืนยันตัวตนสองขั้นตอน" in page.content()
    shot("security-required")
    page.click("main button[type=submit]")
    page.wait_for_url(re.compile(r".*/accounts/security/totp/\d+/$"))
    assert page.locator("main svg").count() == 1
    shot("security-setup")
    device = TOTPDevice.objects.get(user=agency_admin)
    page.fill("#id_code", code_for(device))
    page.click("main form button[type=submit]")
    codes = page.locator("main ul li").all_inner_texts()
    assert len(codes) == 10
    shot("security-codes")
    page.goto(f"{base}/")
    assert page.url == f"{base}/"

    page.context.clear_cookies()
    sign_in()
    page.wait_for_url(re.compile(r".*/accounts/login/code/.*"))
    shot("otp")
    device.refresh_from_db()
    page.fill("#id_code", code_for(device, 1))
    page.click("main form button[type=submit]")
    page.wait_for_url(f"{base}/")
    context.close()
