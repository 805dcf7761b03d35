"""Two-factor sign-in: an authenticator app (TOTP) and single-use recovery
codes, required for staff (and agency admins where the deployment says so)."""

import time

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from prongsai.accounts import twofactor
from tests.conftest import PASSWORD


def code_for(device: TOTPDevice, steps_ahead: int = 0) -> str:
    """What the person's app shows now (or a step later: a code once accepted
    is never accepted again)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():0{device.digits}d}"


def enroll(user: User) -> tuple[TOTPDevice, list[str]]:
    device = twofactor.totp_device_start(user=user)
    codes = twofactor.totp_device_confirm(device=device, code=code_for(device))
    device.refresh_from_db()
    return device, codes


def dashboard(client: Client):  # type: ignore[no-untyped-def]
    return client.get(reverse("assessments:dashboard"))


def test_a_user_sets_up_an_authenticator_with_its_first_code(client, viewer):
    client.force_login(viewer)
    response = client.post(reverse("accounts:totp_new"))
    device = TOTPDevice.objects.get(user=viewer)
    assert response["Location"] == reverse("accounts:totp_confirm", args=[device.pk])
    page = client.get(response["Location"]).content.decode()
    assert "<svg" in page and "<script" not in page.split("<main")[1]
    assert twofactor.secret_base32(device) in page
    assert not device.confirmed

    response = client.post(response["Location"], {"code": code_for(device)})
    assert response.status_code == 200
    device.refresh_from_db()
    assert device.confirmed
    shown = [
        t for t in StaticToken.objects.filter(device__user=viewer).values_list("token", flat=True)
    ]
    assert len(shown) == 10
    assert all(code in response.content.decode() for code in shown)
    # The session that proved the new factor goes on working.
    assert dashboard(client).status_code == 200


def test_a_wrong_first_code_does_not_confirm_the_authenticator(client, viewer):
    client.force_login(viewer)
    client.post(reverse("accounts:totp_new"))
    device = TOTPDevice.objects.get(user=viewer)
    wrong = f"{(int(code_for(device)) + 1) % 1_000_000:06d}"
    response = client.post(reverse("accounts:totp_confirm", args=[device.pk]), {"code": wrong})
    assert response.status_code == 400
    assert "รหัส 6 หลักไม่ถูกต้อง" in response.content.decode()
    device.refresh_from_db()
    assert not device.confirmed
    assert device.throttling_failure_count == 1
    assert not StaticToken.objects.filter(device__user=viewer).exists()


def test_signing_in_with_an_authenticator_asks_for_the_code_after_the_password(client, viewer):
    device, _codes = enroll(viewer)
    response = client.post(
        reverse("accounts:login"),
        {"username": "viewer", "password": PASSWORD, "next": "/improvement/"},
    )
    assert response["Location"].startswith(reverse("accounts:otp"))
    # Signed in with the password only: no page but the code step.
    assert dashboard(client)["Location"].startswith(reverse("accounts:otp"))
    response = client.post(
        reverse("accounts:otp"), {"code": code_for(device, 1), "next": "/improvement/"}
    )
    assert response["Location"] == "/improvement/"
    assert dashboard(client).status_code == 200


def test_a_wrong_code_at_sign_in_is_refused(client, viewer):
    device, _codes = enroll(viewer)
    client.force_login(viewer)
    wrong = f"{(int(code_for(device, 1)) + 1) % 1_000_000:06d}"
    response = client.post(reverse("accounts:otp"), {"code": wrong})
    assert response.status_code == 400
    assert "รหัสไม่ถูกต้อง" in response.content.decode()
    # A password alone does not even show which agency the account is in.
    assert viewer.memberships.get().agency.name not in response.content.decode()
    assert dashboard(client)["Location"].startswith(reverse("accounts:otp"))


def test_the_device_throttles_codes_after_wrong_ones_even_the_right_code(client, viewer):
    device, _codes = enroll(viewer)
    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_count=5, throttling_failure_timestamp=timezone.now()
    )
    client.force_login(viewer)
    response = client.post(reverse("accounts:otp"), {"code": code_for(device, 1)})
    assert response.status_code == 400
    assert "ระบบจะรับรหัสถัดไปได้หลังเวลา" in response.content.decode()
    assert dashboard(client).status_code == 302


def test_five_wrong_codes_end_the_session_and_lock_the_account(client, viewer, settings):
    settings.AXES_FAILURE_LIMIT = 5
    device, _codes = enroll(viewer)
    client.force_login(viewer)
    for _n in range(5):
        # Guessed codes: throttling is what the previous test is about.
        TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=0)
        response = client.post(reverse("accounts:otp"), {"code": "000000"})
    assert response.status_code == 429
    assert "ระงับการเข้าสู่ระบบชั่วคราว" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert not AccessAttempt.objects.filter(post_data__contains="000000").exists()
    locked = client.post(reverse("accounts:login"), {"username": "viewer", "password": PASSWORD})
    assert locked.status_code == 429


def test_a_recovery_code_works_once_only(viewer):
    _device, codes = enroll(viewer)
    first = Client()
    first.force_login(viewer)
    response = first.post(reverse("accounts:otp"), {"code": codes[0].upper()})
    assert response.status_code == 302
    assert dashboard(first).status_code == 200

    second = Client()
    second.force_login(viewer)
    assert second.post(reverse("accounts:otp"), {"code": codes[0]}).status_code == 400
    assert dashboard(second).status_code == 302
    assert twofactor.recovery_codes_left(viewer) == 9


def test_new_recovery_codes_replace_the_old_ones(login, viewer):
    _device, old = enroll(viewer)
    client = login(viewer)
    response = client.post(reverse("accounts:recovery_codes"))
    new = list(StaticToken.objects.filter(device__user=viewer).values_list("token", flat=True))
    assert len(new) == 10 and not set(new) & set(old)
    assert all(code in response.content.decode() for code in new)
    assert twofactor.code_verify(user=viewer, code=old[1]) is None


def test_a_password_alone_cannot_make_new_recovery_codes(client, viewer):
    _device, old = enroll(viewer)
    client.force_login(viewer)
    response = client.post(reverse("accounts:recovery_codes"))
    assert response["Location"].startswith(reverse("accounts:otp"))
    assert set(
        StaticToken.objects.filter(device__user=viewer).values_list("token", flat=True)
    ) == set(old)


def test_staff_without_an_authenticator_are_sent_to_set_one_up(client, viewer):
    viewer.is_staff = True
    viewer.save()
    client.force_login(viewer)
    response = dashboard(client)
    assert response["Location"] == reverse("accounts:security")
    assert client.get(reverse("framework:index"))["Location"] == reverse("accounts:security")
    page = client.get(reverse("accounts:security")).content.decode()
    assert "ต้องใช้การยืนยันตัวตนสองขั้นตอน" in page
    assert reverse("assessments:results") not in page
    assert client.post(reverse("accounts:logout")).status_code == 302


def test_staff_signing_in_with_a_password_go_to_the_setup_page(client, viewer):
    viewer.is_staff = True
    viewer.save()
    response = client.post(reverse("accounts:login"), {"username": "viewer", "password": PASSWORD})
    assert response["Location"] == reverse("accounts:security")


def test_agency_admins_are_not_forced_by_default(client, agency_admin):
    client.force_login(agency_admin)
    assert dashboard(client).status_code == 200


def test_agency_admins_are_forced_where_the_deployment_says_so(
    client, agency_admin, viewer, settings
):
    settings.REQUIRE_2FA_FOR = ["admin", "staff"]
    client.force_login(agency_admin)
    assert dashboard(client)["Location"] == reverse("accounts:security")
    viewer_client = Client()
    viewer_client.force_login(viewer)
    assert dashboard(viewer_client).status_code == 200


def test_a_user_cannot_see_or_confirm_another_users_authenticator(client, viewer, other_admin):
    client.force_login(viewer)
    client.post(reverse("accounts:totp_new"))
    device = TOTPDevice.objects.get(user=viewer)
    thief = Client()
    thief.force_login(other_admin)
    url = reverse("accounts:totp_confirm", args=[device.pk])
    assert thief.get(url).status_code == 404
    assert thief.post(url, {"code": code_for(device)}).status_code == 404
    device.refresh_from_db()
    assert not device.confirmed


def test_a_user_cannot_turn_off_another_users_authenticator(viewer, other_admin):
    device, _codes = enroll(viewer)
    thief = Client()
    thief.force_login(other_admin)
    url = reverse("accounts:totp_disable", args=[device.pk])
    assert thief.get(url).status_code == 404
    response = thief.post(url, {"password": PASSWORD, "code": code_for(device, 1)})
    assert response.status_code == 404
    assert TOTPDevice.objects.filter(pk=device.pk, confirmed=True).exists()


def test_two_factor_cannot_be_turned_off_without_a_code(login, viewer):
    device, _codes = enroll(viewer)
    client = login(viewer)
    url = reverse("accounts:totp_disable", args=[device.pk])
    response = client.post(url, {"password": PASSWORD, "code": ""})
    assert response.status_code == 400
    assert "รหัสจากแอปหรือรหัสสำรองไม่ถูกต้อง" in response.content.decode()
    assert client.post(url, {"password": PASSWORD, "code": "123456"}).status_code == 400
    assert TOTPDevice.objects.filter(pk=device.pk).exists()


def test_two_factor_cannot_be_turned_off_without_the_password(login, viewer):
    device, codes = enroll(viewer)
    client = login(viewer)
    url = reverse("accounts:totp_disable", args=[device.pk])
    response = client.post(url, {"password": "wrong", "code": codes[0]})
    assert response.status_code == 400
    assert "รหัสผ่านไม่ถูกต้อง" in response.content.decode()
    assert TOTPDevice.objects.filter(pk=device.pk).exists()


def test_two_factor_is_turned_off_with_the_password_and_a_code(login, viewer):
    device, _codes = enroll(viewer)
    client = login(viewer)
    url = reverse("accounts:totp_disable", args=[device.pk])
    response = client.post(url, {"password": PASSWORD, "code": code_for(device, 1)})
    assert response["Location"] == reverse("accounts:security")
    assert not twofactor.has_two_factor(viewer)
    assert not StaticToken.objects.filter(device__user=viewer).exists()


@pytest.mark.parametrize("name", ["accounts:security", "accounts:otp"])
def test_the_security_pages_need_a_signed_in_user(client, name):
    response = client.get(reverse(name))
    assert response["Location"].startswith(reverse("accounts:login"))


def test_turning_two_factor_on_and_off_is_in_the_agency_history_and_the_owner_is_told(
    login, viewer, agency, django_capture_on_commit_callbacks
):
    from django.core import mail

    from prongsai.history.models import ChangeRecord

    device, _codes = enroll(viewer)
    viewer.email = "somchai@thatalad.go.th"
    viewer.save()
    client = login(viewer)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("accounts:totp_disable", args=[device.pk]),
            {"password": PASSWORD, "code": code_for(device, 1)},
        )
    actions = list(ChangeRecord.objects.filter(agency=agency).values_list("action", flat=True))
    assert "two_factor_on" in actions and "two_factor_off" in actions
    assert mail.outbox[-1].to == ["somchai@thatalad.go.th"]
    assert "ปิดการยืนยันตัวตนสองขั้นตอน" in mail.outbox[-1].subject
