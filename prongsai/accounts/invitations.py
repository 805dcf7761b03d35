"""Invitations: how a person joins an agency.

The agency's admin (or staff, or the command line) invites an email address.
The person opens the one-time link and either makes an account, choosing
their own password, or — if they already have an account — signs in and is
given the membership. Nobody ever sets or sees another person's password.

The token is 32 random bytes; only its SHA-256 is stored. A link works once,
until it expires or is revoked; re-sending makes a new token (the old link
stops working).
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from prongsai.accounts.models import Invitation, Membership, Role
from prongsai.agencies.models import Agency, Department
from prongsai.agencies.services import member_set
from prongsai.history.services import record_change

INVITATION_DAYS = 7


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def invitation_link(token: str) -> str:
    return settings.SITE_URL + reverse("accounts:invitation_accept", args=[token])


def pending(qs):  # type: ignore[no-untyped-def]
    return qs.filter(accepted_at=None, revoked_at=None, expires_at__gt=timezone.now())


def invitation_by_token(token: str) -> Invitation | None:
    """The pending invitation this link is for, or None (unknown, used,
    revoked or expired: the page says the same for each)."""
    if not token or len(token) > 100:
        return None
    return (
        pending(Invitation.objects.select_related("agency")).filter(token_hash=_hash(token)).first()
    )


def _send(invitation: Invitation, token: str) -> None:
    link = invitation_link(token)
    # One line whatever the name holds: a line break in a header makes the
    # mail fail (after the invitation was saved, so it was never sent again).
    name = " ".join(invitation.target_name.split())
    subject = _("คำเชิญเข้าใช้ Prongsai: %(agency)s") % {"agency": name}
    role = (
        _("ผู้กำกับดูแล (อ่านอย่างเดียว)") if invitation.for_supervisor else invitation.get_role_display()
    )
    body = _(
        "คุณได้รับเชิญให้เข้าใช้ระบบ Prongsai (โปร่งใส) ของ %(agency)s ในบทบาท %(role)s\n\n"
        "เปิดลิงก์นี้เพื่อตั้งชื่อผู้ใช้และรหัสผ่านของคุณเอง "
        "(ถ้ามีบัญชีอยู่แล้ว ให้เข้าสู่ระบบด้วยบัญชีเดิม):\n%(link)s\n\n"
        "ลิงก์ใช้ได้ครั้งเดียว ถึงวันที่ %(expires)s\n"
        "ถ้าคุณไม่รู้จักหน่วยงานนี้ ไม่ต้องทำอะไร"
    ) % {
        "agency": invitation.target_name,
        "role": role,
        "link": link,
        "expires": timezone.localtime(invitation.expires_at).strftime("%d/%m/%Y %H:%M"),
    }
    send_mail(subject, body, None, [invitation.email])


@transaction.atomic
def invitation_create(
    *,
    agency: Agency,
    email: str,
    role: str,
    departments: list[Department] | None = None,
    invited_by: User | None,
) -> tuple[Invitation, str]:
    """Invite `email` to `agency`; sends the email and returns the invitation
    and the link's token (shown once to whoever invited). The answer is the
    same whether the address has an account anywhere or not."""
    email = email.strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError({"email": _("อีเมล '%(email)s' ไม่ถูกต้อง") % {"email": email}}) from None
    if role not in Role.values:
        raise ValidationError({"role": _("ไม่รู้จักบทบาท '%(role)s'") % {"role": role}})
    departments = departments or []
    if any(d.agency_id != agency.pk for d in departments):
        raise ValidationError({"departments": _("ส่วนราชการต้องอยู่ในหน่วยงานเดียวกัน")})
    if role == Role.EDITOR and not departments:
        raise ValidationError({"departments": _("ผู้แก้ไขของส่วนราชการต้องเลือกส่วนราชการอย่างน้อยหนึ่งแห่ง")})
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        agency=agency,
        email=email,
        role=role,
        token_hash=_hash(token),
        invited_by=invited_by,
        expires_at=timezone.now() + timedelta(days=INVITATION_DAYS),
    )
    invitation.departments.set(departments if role == Role.EDITOR else [])
    record_change(
        agency=agency,
        actor=invited_by,
        target=invitation,
        action="invitation_create",
        summary=f"เชิญ {email} ในบทบาท {invitation.get_role_display()}",
    )
    transaction.on_commit(lambda: _send(invitation, token))
    return invitation, token


@transaction.atomic
def supervisor_invitation_create(
    *, email: str, scope: str, types: list[str], invited_by: User | None
) -> tuple[Invitation, str]:
    """Staff invite `email` to supervise a scope (checked with the network's
    own parser). On acceptance the person gets a Supervision, no agency role."""
    from prongsai.network.scope import parse_scope

    email = email.strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError({"email": _("อีเมล '%(email)s' ไม่ถูกต้อง") % {"email": email}}) from None
    parsed = parse_scope(scope, types)
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        agency=None,
        scope=parsed.text,
        scope_types=list(parsed.types),
        email=email,
        role="",
        token_hash=_hash(token),
        invited_by=invited_by,
        expires_at=timezone.now() + timedelta(days=INVITATION_DAYS),
    )
    transaction.on_commit(lambda: _send(invitation, token))
    return invitation, token


def _pending_of_agency(agency: Agency, invitation_id: int) -> Invitation:
    invitation = pending(Invitation.objects.select_for_update()).filter(
        agency=agency, pk=invitation_id
    )
    found = invitation.first()
    if found is None:
        raise Invitation.DoesNotExist
    return found


@transaction.atomic
def invitation_resend(*, agency: Agency, invitation_id: int, actor: User | None) -> str:
    """A new link for a pending invitation of `agency` (the old one stops
    working), valid for another week; sends it and returns the token."""
    invitation = _pending_of_agency(agency, invitation_id)
    token = secrets.token_urlsafe(32)
    invitation.token_hash = _hash(token)
    invitation.expires_at = timezone.now() + timedelta(days=INVITATION_DAYS)
    invitation.save(update_fields=["token_hash", "expires_at"])
    record_change(
        agency=agency,
        actor=actor,
        target=invitation,
        action="invitation_resend",
        summary=f"ส่งคำเชิญ {invitation.email} อีกครั้ง",
    )
    transaction.on_commit(lambda: _send(invitation, token))
    return token


@transaction.atomic
def invitation_revoke(*, agency: Agency, invitation_id: int, actor: User | None) -> Invitation:
    invitation = _pending_of_agency(agency, invitation_id)
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])
    record_change(
        agency=agency,
        actor=actor,
        target=invitation,
        action="invitation_revoke",
        summary=f"ยกเลิกคำเชิญ {invitation.email}",
    )
    return invitation


def _accept(invitation: Invitation, user: User) -> Membership | None:
    """The membership the invitation gives, or None for a supervisor's
    invitation (which gives a Supervision)."""
    # Claim the invitation first, conditionally, so two requests with the
    # same link cannot both use it.
    claimed = pending(Invitation.objects.filter(pk=invitation.pk)).update(
        accepted_at=timezone.now(), accepted_by=user
    )
    if claimed != 1:
        raise ValidationError(_("ลิงก์คำเชิญนี้ใช้ไปแล้ว ถูกยกเลิก หรือหมดอายุ"))
    if invitation.agency is None:
        from prongsai.network.scope import parse_scope
        from prongsai.network.services import supervision_create

        scope = parse_scope(invitation.scope, invitation.scope_types)
        supervision_create(user=user, scope=scope, created_by=invitation.invited_by)
        return None
    existing = Membership.objects.filter(user=user, agency=invitation.agency).first()
    role = invitation.role
    if existing is not None and existing.role == Role.ADMIN:
        role = Role.ADMIN  # an invitation never demotes
    membership = member_set(
        agency=invitation.agency,
        user=user,
        role=role,
        departments=list(invitation.departments.all()),
    )
    record_change(
        agency=invitation.agency,
        actor=user,
        target=membership,
        action="member_join",
        summary=f"{user.username} ตอบรับคำเชิญ ({membership.get_role_display()})",
    )
    return membership


@transaction.atomic
def invitation_accept_existing(*, invitation: Invitation, user: User) -> Membership | None:
    """A signed-in user accepts: they get the membership (or the supervision),
    nothing else about their account changes. They are told by email (if they
    have one)."""
    membership = _accept(invitation, user)
    if user.email:
        agency_name = invitation.target_name
        role_name = membership.get_role_display() if membership else _("ผู้กำกับดูแล (อ่านอย่างเดียว)")
        transaction.on_commit(
            lambda: send_mail(
                _("คุณได้รับการเพิ่มเข้าหน่วยงาน %(agency)s") % {"agency": agency_name},
                _(
                    "บัญชี %(username)s ได้รับการเพิ่มเข้าหน่วยงาน %(agency)s ในบทบาท %(role)s "
                    "ใน Prongsai แล้ว ถ้าคุณไม่ได้ทำเอง โปรดแจ้งผู้ดูแลระบบ"
                )
                % {
                    "username": user.username,
                    "agency": agency_name,
                    "role": role_name,
                },
                None,
                [user.email],
            )
        )
    return membership


@transaction.atomic
def invitation_accept_new(
    *, invitation: Invitation, username: str, full_name: str, password: str
) -> User:
    """A new person accepts: makes their account with the invitation's email
    and the password they chose."""
    if User.objects.filter(email__iexact=invitation.email).exists():
        raise ValidationError(_("อีเมลนี้มีบัญชีอยู่แล้ว กรุณาเข้าสู่ระบบแล้วเปิดลิงก์อีกครั้ง"))
    user = account_create(
        username=username, email=invitation.email, full_name=full_name, password=password
    )
    _accept(invitation, user)
    return user


def account_create(
    *, username: str, email: str, full_name: str, password: str, is_staff: bool = False
) -> User:
    """A new account with the password its owner chose (an invitation's or
    the first run's), checked by Django's password validators. Nobody else
    ever sets a password."""
    username = username.strip()
    if not username:
        raise ValidationError({"username": _("กรุณากรอกชื่อผู้ใช้")})
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": _("ชื่อผู้ใช้ '%(u)s' มีผู้ใช้แล้ว") % {"u": username}})
    user = User(
        username=username,
        email=email.strip().lower(),
        first_name=full_name.strip()[:150],
        is_staff=is_staff,
    )
    try:
        password_validation.validate_password(password, user)
    except ValidationError as e:
        raise ValidationError({"password1": e.messages}) from None
    user.set_password(password)
    user.save()
    return user


def username_suggestion(email: str) -> str:
    local = email.split("@", 1)[0]
    base = "".join(c for c in local if c.isalnum() or c in "._-")[:140] or "user"
    name, n = base, 1
    while User.objects.filter(username__iexact=name).exists():
        n += 1
        name = f"{base}{n}"
    return name
