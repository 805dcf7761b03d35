"""State changes of the staff area: the first run, an agency with its admin's
invitation, a supervisor's invitation. Each one writes the staff log."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from prongsai.accounts.invitations import (
    account_create,
    invitation_create,
    supervisor_invitation_create,
)
from prongsai.accounts.models import Invitation, Role
from prongsai.accounts.staff_log import Action, staff_action_record
from prongsai.agencies.models import Agency
from prongsai.agencies.services import agency_create, member_set
from prongsai.staff.models import Installation


def setup_open() -> bool:
    """The first-run page exists only on a fresh install (no agency and no
    account yet), and on a production server only for whoever has
    SETUP_TOKEN. Any account means someone already runs the deployment
    (a staff account from `createsuperuser`, a supervisor): the page would
    let a visitor make a second staff account next to them."""
    if settings.PRODUCTION and not settings.SETUP_TOKEN:
        return False
    return (
        not Installation.objects.exists()
        and not Agency.objects.exists()
        and not User.objects.exists()
    )


@transaction.atomic
def first_run_setup(
    *,
    agency: dict[str, str],
    username: str,
    full_name: str,
    email: str,
    password: str,
    staff: bool,
) -> User:
    """The installer's agency and their own admin account (with the password
    they chose), in one step. With `staff` the account also runs the
    deployment (frameworks, more agencies) and must then use two-factor
    sign-in when REQUIRE_2FA_FOR says so."""
    installed = ValidationError(_("ติดตั้งไปแล้ว: มีหน่วยงานในระบบแล้ว ให้เข้าสู่ระบบตามปกติ"))
    if Agency.objects.exists() or User.objects.exists():
        raise installed
    try:
        with transaction.atomic():
            Installation.objects.create(id=1)
    except IntegrityError:
        raise installed from None
    user = account_create(
        username=username, email=email, full_name=full_name, password=password, is_staff=staff
    )
    created = agency_create(**agency)
    member_set(agency=created, user=user, role=Role.ADMIN)
    staff_action_record(
        actor=user,
        action=Action.AGENCY_CREATE,
        summary=f"ติดตั้งครั้งแรก: สร้างหน่วยงาน {created.name} ({created.slug}) และผู้ดูแล {username}",
    )
    return user


@transaction.atomic
def agency_create_by_staff(
    *, actor: User, fields: dict[str, str], code: str = "", admin_email: str = ""
) -> tuple[Agency, str]:
    """A staff user creates an agency; with `admin_email` its admin is invited
    (the token is returned to show the link once)."""
    agency = agency_create(**fields)
    if code:
        agency.code = code
        agency.full_clean()
        agency.save(update_fields=["code"])
    token = ""
    if admin_email:
        _invitation, token = invitation_create(
            agency=agency, email=admin_email, role=Role.ADMIN, invited_by=actor
        )
    staff_action_record(
        actor=actor,
        action=Action.AGENCY_CREATE,
        summary=f"สร้างหน่วยงาน {agency.name} ({agency.slug})"
        + (f" และเชิญผู้ดูแล {admin_email}" if admin_email else ""),
    )
    return agency, token


@transaction.atomic
def supervisor_invite(
    *, actor: User, email: str, scope: str, types: list[str]
) -> tuple[Invitation, str]:
    invitation, token = supervisor_invitation_create(
        email=email, scope=scope, types=types, invited_by=actor
    )
    staff_action_record(
        actor=actor,
        action=Action.SUPERVISOR_CREATE,
        summary=f"เชิญ {invitation.email} เป็นผู้กำกับดูแล {invitation.scope}"
        + (f" ({','.join(invitation.scope_types)})" if invitation.scope_types else ""),
    )
    return invitation, token
