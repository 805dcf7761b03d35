"""Two-factor sign-in: an authenticator app (TOTP) and single-use recovery codes.

The devices are django-otp's: TOTPDevice for the app, one StaticDevice per
user holding the recovery codes. Both throttle wrong codes themselves
(ThrottlingMixin: 1, 2, 4, 8 … seconds after each failure, kept in the
database), so guessing a six-digit code is not a matter of minutes.

A user "has two-factor" when they have a confirmed TOTP device; the recovery
codes are only a way around a lost phone, never the only factor.
"""

from __future__ import annotations

import base64
import re
from datetime import datetime

import segno
from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, User
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from prongsai.accounts.models import Membership, Role

RECOVERY_CODE_COUNT = 10
TOTP_CODE = re.compile(r"^\d{6}$")


def required_for(user: AbstractBaseUser | User) -> bool:
    """Must this user sign in with a second factor? REQUIRE_2FA_FOR says for
    whom: `staff` (they change what every agency shares) and, where the
    deployment asks, `admin` (an admin of any agency)."""
    if not user.is_authenticated:
        return False
    groups = set(settings.REQUIRE_2FA_FOR)
    if "staff" in groups and (
        getattr(user, "is_staff", False) or getattr(user, "is_superuser", False)
    ):
        return True
    if "admin" in groups:
        return Membership.objects.filter(user_id=user.pk, role=Role.ADMIN).exists()
    return False


def confirmed_totp(user: AbstractBaseUser | User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user_id=user.pk, confirmed=True).first()


def has_two_factor(user: AbstractBaseUser | User) -> bool:
    return TOTPDevice.objects.filter(user_id=user.pk, confirmed=True).exists()


def recovery_codes_left(user: AbstractBaseUser | User) -> int:
    return StaticToken.objects.filter(device__user_id=user.pk, device__confirmed=True).count()


def secret_base32(device: TOTPDevice) -> str:
    """The key as people type it into an app: base32, in groups of four."""
    text = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def qr_svg(device: TOTPDevice) -> str:
    """The otpauth:// link as an inline SVG drawn on the server (no script,
    and the secret never goes to a third-party QR service)."""
    return str(
        segno.make(device.config_url, error="m").svg_inline(scale=5, dark="#000", light="#fff")
    )


def totp_device_start(*, user: User) -> TOTPDevice:
    """A new, unconfirmed authenticator for the user; an earlier unconfirmed
    one is replaced so only the QR code on screen works."""
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user, confirmed=False).delete()
        return TOTPDevice.objects.create(user=user, name=_("แอปยืนยันตัวตน"), confirmed=False)


def totp_device_confirm(*, device: TOTPDevice, code: str) -> list[str]:
    """Confirm the authenticator with its first code; replaces any earlier
    authenticator and returns the new recovery codes (shown once)."""
    code = code.strip().replace(" ", "")
    with transaction.atomic():
        locked = TOTPDevice.objects.select_for_update().get(pk=device.pk, confirmed=False)
        accepted = bool(TOTP_CODE.match(code)) and locked.verify_token(code)
    if not accepted:
        # Raised outside the transaction: the failure count verify_token saved
        # (throttling) must stay.
        raise ValidationError({"code": _("รหัส 6 หลักไม่ถูกต้องหรือหมดเวลาแล้ว ลองรหัสล่าสุดในแอป")})
    with transaction.atomic():
        TOTPDevice.objects.filter(user_id=locked.user_id).exclude(pk=locked.pk).delete()
        TOTPDevice.objects.filter(pk=locked.pk).update(confirmed=True)
        device.confirmed = True
        _record(locked.user, "two_factor_on", "เปิดใช้การยืนยันตัวตนสองขั้นตอน")
        return _recovery_codes_replace(locked.user)


def recovery_codes_regenerate(*, user: User) -> list[str]:
    """Ten new recovery codes; the old ones stop working."""
    with transaction.atomic():
        return _recovery_codes_replace(user)


def _recovery_codes_replace(user: User) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    static = StaticDevice.objects.create(user=user, name=_("รหัสสำรอง"), confirmed=True)
    codes = [StaticToken.random_token() for _i in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=static, token=c) for c in codes)
    return codes


def code_verify(*, user: User, code: str) -> Device | None:
    """The device that accepts this code: six digits are tried on the
    authenticator, anything else as a recovery code (which is then used up).
    None when wrong or while the device is throttled; every wrong code makes
    the next wait longer."""
    code = code.strip().replace(" ", "").replace("-", "")
    if not code:
        return None
    if TOTP_CODE.match(code):
        candidates = TOTPDevice.objects.filter(user=user, confirmed=True)
    else:
        code = code.lower()
        candidates = StaticDevice.objects.filter(user=user, confirmed=True)  # type: ignore[assignment]
    with transaction.atomic():
        for device in candidates.select_for_update():
            if device.verify_token(code):
                return device
    return None


def throttled_until(user: User) -> datetime | None:
    """When the user's devices accept a code again, if they are throttled now."""
    latest = None
    for device in [*TOTPDevice.objects.filter(user=user), *StaticDevice.objects.filter(user=user)]:
        allowed, data = device.verify_is_allowed()
        if not allowed and data and data.get("locked_until"):
            latest = max(latest or data["locked_until"], data["locked_until"])
    return latest


def _record(user: User, action: str, summary: str) -> None:
    """Turning two-factor on or off is written in the history of every agency
    the person belongs to: their admins see who weakened their sign-in."""
    from prongsai.accounts.models import Membership
    from prongsai.history.services import record_change

    for membership in Membership.objects.filter(user=user).select_related("agency"):
        record_change(
            agency=membership.agency,
            actor=user,
            target=membership,
            action=action,
            summary=f"{user.username}: {summary}",
        )


def two_factor_disable(*, user: User, password: str, code: str) -> None:
    """Turn two-factor off: the password and a current code (or a recovery
    code) both, so a session left open on a shared computer is not enough."""
    errors: dict[str, str] = {}
    if not user.check_password(password):
        errors["password"] = _("รหัสผ่านไม่ถูกต้อง")
    if code_verify(user=user, code=code) is None:
        errors["code"] = _("รหัสจากแอปหรือรหัสสำรองไม่ถูกต้อง")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
        _record(user, "two_factor_off", "ปิดการยืนยันตัวตนสองขั้นตอน")
        if user.email:
            # The owner hears of it even if it was not them.
            transaction.on_commit(
                lambda: send_mail(
                    _("ปิดการยืนยันตัวตนสองขั้นตอนของบัญชี %(u)s แล้ว") % {"u": user.username},
                    _(
                        "บัญชี %(u)s ใน Prongsai ปิดการยืนยันตัวตนสองขั้นตอนแล้ว "
                        "ถ้าคุณไม่ได้ทำเอง ให้เปลี่ยนรหัสผ่านทันทีและแจ้งผู้ดูแลระบบ"
                    )
                    % {"u": user.username},
                    None,
                    [user.email],
                )
            )
