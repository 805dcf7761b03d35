"""Sign-in throttling (django-axes): a password guesser is stopped per account
and per address, for a while, and told in Thai until when."""

from datetime import timedelta
from unittest import mock

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.conftest import PASSWORD

LOCKED = "ระงับการเข้าสู่ระบบชั่วคราว"


def sign_in(client: Client, username: str, password: str, address: str = "10.0.0.1", **extra):  # type: ignore[no-untyped-def]
    return client.post(
        reverse("accounts:login"),
        {"username": username, "password": password},
        REMOTE_ADDR=address,
        **extra,
    )


def signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


@pytest.fixture(autouse=True)
def five_tries_fifteen_minutes(settings) -> None:  # type: ignore[no-untyped-def]
    # The defaults, stated here so the tests say what they rely on.
    settings.AXES_FAILURE_LIMIT = 5
    settings.AXES_COOLOFF_TIME = timedelta(minutes=15)


def test_five_wrong_passwords_lock_the_account_even_from_different_addresses(client, agency_admin):
    for n in range(4):
        assert sign_in(client, "admin", "wrong", f"10.0.1.{n}").status_code == 200
    fifth = sign_in(client, "admin", "wrong", "10.0.1.9")
    assert fifth.status_code == 429
    response = sign_in(client, "admin", PASSWORD, "10.0.2.1")
    assert response.status_code == 429
    assert LOCKED in response.content.decode()
    assert not signed_in(client)


def test_four_wrong_passwords_do_not_lock_the_account(client, agency_admin):
    for n in range(4):
        sign_in(client, "admin", "wrong", f"10.0.1.{n}")
    assert sign_in(client, "admin", PASSWORD, "10.0.2.1").status_code == 302
    assert signed_in(client)


def test_many_accounts_tried_from_one_address_lock_the_address(client, agency_admin):
    for name in ("a", "b", "c", "d", "e"):
        sign_in(client, name, "wrong", "10.0.0.66")
    response = sign_in(client, "admin", PASSWORD, "10.0.0.66")
    assert response.status_code == 429
    assert LOCKED in response.content.decode()
    assert not signed_in(client)
    # The account itself was never guessed at: from elsewhere it signs in.
    assert sign_in(Client(), "admin", PASSWORD, "10.0.0.67").status_code == 302


def test_the_lockout_page_says_in_thai_until_when(client, agency_admin):
    for _n in range(5):
        sign_in(client, "admin", "wrong")
    page = sign_in(client, "admin", PASSWORD).content.decode()
    until = timezone.localtime(timezone.now() + timedelta(minutes=15))
    assert LOCKED in page
    assert "ลองใหม่ได้หลังเวลา" in page
    # Minute boundaries may pass while the test runs.
    assert any((until - timedelta(minutes=m)).strftime("%H:%M") in page for m in (0, 1))
    assert "อีกประมาณ 15 นาที" in page or "อีกประมาณ 14 นาที" in page


def later(minutes: int):  # type: ignore[no-untyped-def]
    """Axes reads the clock once per request (the attempt's time); move it."""
    moved = timezone.now() + timedelta(minutes=minutes)
    return mock.patch("axes.handlers.proxy.now", return_value=moved)


def test_the_lockout_ends_by_itself_after_the_cool_off(client, agency_admin):
    for _n in range(5):
        sign_in(client, "admin", "wrong")
    with later(14):
        assert sign_in(client, "admin", PASSWORD).status_code == 429
    with later(16):
        assert sign_in(client, "admin", PASSWORD).status_code == 302
    assert signed_in(client)


def test_a_successful_sign_in_resets_the_count(client, agency_admin):
    for _n in range(4):
        sign_in(client, "admin", "wrong")
    assert sign_in(client, "admin", PASSWORD).status_code == 302
    client.logout()
    for _n in range(4):
        sign_in(client, "admin", "wrong")
    assert sign_in(client, "admin", PASSWORD).status_code == 302


def test_behind_a_proxy_the_visitor_is_the_forwarded_address(client, agency_admin, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    for name in ("a", "b", "c", "d", "e"):
        sign_in(client, name, "wrong", "10.9.9.9", HTTP_X_FORWARDED_FOR="203.0.113.5")
    # The visitor cannot escape by writing another address in front.
    forged = sign_in(
        Client(), "admin", PASSWORD, "10.9.9.9", HTTP_X_FORWARDED_FOR="198.51.100.1, 203.0.113.5"
    )
    assert forged.status_code == 429
    # Another visitor behind the same proxy is not locked out.
    other = sign_in(Client(), "admin", PASSWORD, "10.9.9.9", HTTP_X_FORWARDED_FOR="203.0.113.6")
    assert other.status_code == 302


def test_code_run_without_a_visitor_still_signs_in_with_the_password(client, agency_admin):
    # The test client's login() calls authenticate() without a request.
    assert client.login(username="admin", password=PASSWORD)
    assert not Client().login(username="admin", password="wrong")


def test_a_proxy_that_forwards_no_address_does_not_break_signing_in(client, agency_admin, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    response = sign_in(client, "admin", PASSWORD, "10.9.9.9", HTTP_X_FORWARDED_FOR="unknown")
    assert response.status_code == 302
    for _n in range(5):
        sign_in(Client(), "admin", "wrong", "10.9.9.9", HTTP_X_FORWARDED_FOR="unknown")
    # Still counted against the account.
    assert sign_in(Client(), "admin", PASSWORD, "10.0.0.1").status_code == 429
