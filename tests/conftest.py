"""Shared fixtures: the personas every test speaks of.

- agency_admin: the ITA officer of อบต.ท่าตลาด (admin of `agency`)
- department_editor: head of กองคลัง, may change only กองคลัง's measures
- viewer: an executive who reads
- other_admin: admin of another agency, who must see nothing of ours
- anonymous: the plain `client` fixture, not signed in
"""

from __future__ import annotations

import io
import os
import shutil
from collections.abc import Callable
from functools import cache
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

os.environ.setdefault("PYTHAINLP_DATA_DIR", "/tmp/pythainlp-data")

PASSWORD = "a-test-password-1"


def pytest_configure(config: pytest.Config) -> None:
    from django.conf import settings

    # Real password hashing costs most of a second per user; tests make many.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Skip tests whose outside tool is missing, saying which; CI installs them."""
    missing = {
        "browser": None
        if shutil.which("chromium")
        else "Chromium is not installed (apt-get install chromium)",
        "poppler": None if shutil.which("pdftotext") else "poppler-utils is not installed",
        "postgres": None
        if os.environ.get("DATABASE_URL", "").startswith("postgres")
        else "needs DATABASE_URL=postgres://…",
    }
    for item in items:
        for marker, reason in missing.items():
            if reason and item.get_closest_marker(marker):
                item.add_marker(pytest.mark.skip(reason=reason))


@cache
def _shipped_specs() -> list[Any]:
    from prongsai.framework.library import load_shipped_frameworks

    return load_shipped_frameworks()


@pytest.fixture
def frameworks(db: None) -> None:
    from prongsai.framework.services import framework_load

    # Transactional tests flush the database, frameworks included; loading
    # again is idempotent, and the files are parsed once per run (parsing is
    # most of a small test's cost).
    for spec in _shipped_specs():
        framework_load(spec)


def _agency(slug: str, name: str, departments: list[tuple[str, str]]):  # type: ignore[no-untyped-def]
    from prongsai.agencies.models import Agency, Department

    agency = Agency.objects.create(
        slug=slug, name=name, type="sao", province="นครปฐม", district="สามพราน"
    )
    for order, (dept, kind) in enumerate(departments, start=1):
        Department.objects.create(agency=agency, name=dept, kind=kind, order=order)
    return agency


@pytest.fixture
def agency(frameworks: None):  # type: ignore[no-untyped-def]
    from prongsai.demo import THA_TALAD_DEPARTMENTS

    return _agency("tha-talad", "องค์การบริหารส่วนตำบลท่าตลาด", THA_TALAD_DEPARTMENTS)


@pytest.fixture
def other_agency(frameworks: None):  # type: ignore[no-untyped-def]
    return _agency("demo-other", "เทศบาลตำบลตัวอย่าง", [("สำนักปลัด", "office"), ("กองคลัง", "finance")])


def _member(agency, username: str, role: str, kinds: tuple[str, ...] = ()) -> User:  # type: ignore[no-untyped-def]
    from prongsai.agencies.services import member_set

    user = User.objects.create_user(username=username, password=PASSWORD)
    member_set(
        agency=agency,
        user=user,
        role=role,
        departments=list(agency.departments.filter(kind__in=kinds)),
    )
    return user


@pytest.fixture
def agency_admin(agency) -> User:  # type: ignore[no-untyped-def]
    return _member(agency, "admin", "admin")


@pytest.fixture
def department_editor(agency) -> User:  # type: ignore[no-untyped-def]
    return _member(agency, "finance", "editor", ("finance",))


@pytest.fixture
def viewer(agency) -> User:  # type: ignore[no-untyped-def]
    return _member(agency, "viewer", "viewer")


@pytest.fixture
def other_admin(other_agency) -> User:  # type: ignore[no-untyped-def]
    return _member(other_agency, "other", "admin")


def _pass_second_factor(client: Client, user: User) -> None:
    """What the code step leaves behind: a confirmed authenticator (made if
    the user has none) recorded in the session as the one that verified it."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


@pytest.fixture
def second_factor() -> Callable[[Client, User], None]:
    return _pass_second_factor


@pytest.fixture
def login(client: Client) -> Callable[[User], Client]:
    """Signed in past both steps, like force_login past the password: a user
    who must have two-factor (staff) or has it gets a verified session.
    Tests of the steps themselves (tests/accounts) use client.force_login."""
    from prongsai.accounts.twofactor import has_two_factor, required_for

    def sign_in(user: User) -> Client:
        client.force_login(user)
        if required_for(user) or has_two_factor(user):
            _pass_second_factor(client, user)
        return client

    return sign_in


@pytest.fixture
def demo(frameworks: None) -> dict[str, object]:
    """The whole demo (`prongsai load-demo`): the seed's agency and demo-other."""
    from prongsai.agencies.models import Agency
    from prongsai.demo import load_demo

    load_demo(io.StringIO())
    return {
        "agency": Agency.objects.get(slug="tha-talad"),
        "other": Agency.objects.get(slug="demo-other"),
        "admin": User.objects.get(username="thatalad-admin"),
        "editor": User.objects.get(username="thatalad-finance"),
        "viewer": User.objects.get(username="thatalad-viewer"),
        "other_admin": User.objects.get(username="other-admin"),
    }


@pytest.fixture(scope="module")
def browser():  # type: ignore[no-untyped-def]
    """Debian's headless Chromium driven by Playwright (no browser download).

    Module-scoped: Playwright's sync API keeps an event loop running in this
    thread while it is open, and later tests that call asyncio.run() (the
    website checker) must not find one."""
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the test's own
    # database calls are still synchronous, which Django must be told.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as p:
        chromium = p.chromium.launch(
            executable_path=shutil.which("chromium") or "/usr/bin/chromium",
            args=[
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield chromium
        chromium.close()


LAPTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def page(browser):  # type: ignore[no-untyped-def]
    """A fresh laptop-sized page (own cookies); see `phone_page` for a phone."""
    context = browser.new_context(viewport=LAPTOP, locale="th-TH")
    yield context.new_page()
    context.close()


@pytest.fixture
def phone_page(browser):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport=PHONE, locale="th-TH", is_mobile=True, has_touch=True)
    yield context.new_page()
    context.close()


@pytest.fixture
def screenshot_dir() -> str:
    """Where browser tests leave screenshots for people to look at."""
    path = os.environ.get("SCREENSHOT_DIR", "/tmp/prongsai-screenshots")
    os.makedirs(path, exist_ok=True)
    return path
