from __future__ import annotations

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from prongsai.accounts.models import Membership, Role
from prongsai.agencies.models import AGENCY_TYPE_ALIASES, Agency, AgencyType, Department
from prongsai.history.services import record_change


def agency_type_from_text(text: str) -> str:
    """Accept the key (sao), the Thai abbreviation (อบต.) or the full name."""
    value = text.strip()
    if value in AgencyType.values:
        return value
    if value in AGENCY_TYPE_ALIASES:
        return AGENCY_TYPE_ALIASES[value].value
    for choice in AgencyType:
        if value == choice.label:
            return choice.value
    options = ", ".join([*AgencyType.values, *AGENCY_TYPE_ALIASES])
    raise ValidationError(
        _("ไม่รู้จักประเภทหน่วยงาน '%(text)s' (ใช้ได้: %(options)s)") % {"text": text, "options": options}
    )


@transaction.atomic
def agency_create(
    *, slug: str, name: str, type: str, province: str, district: str, website: str = ""
) -> Agency:
    if slug != slugify(slug) or not slug:
        raise ValidationError(
            _("slug '%(slug)s' ใช้ได้เฉพาะอักษรอังกฤษตัวเล็ก ตัวเลข และ -") % {"slug": slug}
        )
    if Agency.objects.filter(slug=slug).exists():
        raise ValidationError(_("มีหน่วยงาน slug '%(slug)s' อยู่แล้ว") % {"slug": slug})
    agency = Agency(
        slug=slug,
        name=name.strip(),
        type=agency_type_from_text(type),
        province=province.strip(),
        district=district.strip(),
        website=website,
    )
    agency.full_clean()
    agency.save()
    return agency


@transaction.atomic
def department_create(*, agency: Agency, name: str, kind: str = "other") -> Department:
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("กรุณากรอกชื่อส่วนราชการ")})
    if agency.departments.filter(name=name).exists():
        raise ValidationError({"name": _("มีส่วนราชการชื่อ '%(name)s' อยู่แล้ว") % {"name": name}})
    order = agency.departments.count() + 1
    return Department.objects.create(agency=agency, name=name, kind=kind, order=order)


@transaction.atomic
def member_set(
    *,
    agency: Agency,
    user: User,
    role: str,
    departments: list[Department] | None = None,
) -> Membership:
    """Give `user` this role in `agency` (used by accepted invitations, the
    first-run page and the demo; never touches the user's password)."""
    if role not in Role.values:
        raise ValidationError({"role": _("ไม่รู้จักบทบาท '%(role)s'") % {"role": role}})
    departments = departments or []
    if any(d.agency_id != agency.pk for d in departments):
        raise ValidationError({"departments": _("ส่วนราชการต้องอยู่ในหน่วยงานเดียวกัน")})
    if role == Role.EDITOR and not departments:
        raise ValidationError({"departments": _("ผู้แก้ไขของส่วนราชการต้องมีส่วนราชการอย่างน้อยหนึ่งแห่ง")})
    membership, _created = Membership.objects.update_or_create(
        user=user, agency=agency, defaults={"role": role}
    )
    membership.departments.set(departments if role == Role.EDITOR else [])
    return membership


def _no_such_member(username: str) -> ValidationError:
    # The same words whether the username exists in another agency or not at
    # all: the settings page must not let an admin list other agencies' users.
    return ValidationError(
        {
            "username": _(
                "ไม่มีผู้ใช้ '%(username)s' ในหน่วยงานนี้ "
                "ผู้ใช้ใหม่หรือผู้ใช้ของหน่วยงานอื่นเพิ่มได้ด้วยการเชิญทางอีเมลเท่านั้น"
            )
            % {"username": username}
        }
    )


def _other_admins(membership: Membership) -> bool:
    return (
        Membership.objects.filter(agency_id=membership.agency_id, role=Role.ADMIN)
        .exclude(pk=membership.pk)
        .exists()
    )


@transaction.atomic
def member_role_change(
    *,
    agency: Agency,
    actor: User,
    username: str,
    role: str,
    departments: list[Department] | None = None,
) -> Membership:
    """Change the role of someone who is already a member of `agency`. Adding
    a person goes through an invitation, never through here."""
    membership = (
        Membership.objects.select_for_update()
        .filter(agency=agency, user__username=username)
        .select_related("user")
        .first()
    )
    if membership is None:
        raise _no_such_member(username)
    old_role = membership.role
    old_departments = sorted(membership.departments.values_list("name", flat=True))
    if old_role == Role.ADMIN and role != Role.ADMIN and not _other_admins(membership):
        raise ValidationError({"role": _("หน่วยงานต้องมีผู้ดูแลอย่างน้อยหนึ่งคน: เพิ่มผู้ดูแลคนอื่นก่อนเปลี่ยนบทบาทนี้")})
    membership = member_set(agency=agency, user=membership.user, role=role, departments=departments)
    record_change(
        agency=agency,
        actor=actor,
        target=membership,
        action="member_role",
        summary=f"เปลี่ยนบทบาทของ {username} เป็น {membership.get_role_display()}",
        changes={
            "role": [old_role, role],
            "departments": [old_departments, sorted(d.name for d in departments or [])],
        },
    )
    return membership


@transaction.atomic
def member_remove(*, agency: Agency, actor: User, membership_id: int) -> None:
    """Take a person out of `agency` (their account stays: it may belong to
    other agencies)."""
    membership = (
        Membership.objects.select_for_update()
        .filter(agency=agency, pk=membership_id)
        .select_related("user")
        .first()
    )
    if membership is None:
        raise Membership.DoesNotExist
    if membership.role == Role.ADMIN and not _other_admins(membership):
        raise ValidationError(_("นำผู้ดูแลคนสุดท้ายของหน่วยงานออกไม่ได้"))
    record_change(
        agency=agency,
        actor=actor,
        target=membership,
        action="member_remove",
        summary=f"นำ {membership.user.username} ออกจากหน่วยงาน",
        changes={"role": [membership.role, None]},
    )
    membership.delete()
