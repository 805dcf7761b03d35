from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from prongsai.accounts.models import Membership, Role
from prongsai.agencies.models import AGENCY_TYPE_ALIASES, Agency, AgencyType, Department


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


def user_get_or_create(*, username: str, password: str | None = None, full_name: str = "") -> User:
    User = get_user_model()
    user, created = User.objects.get_or_create(username=username)
    if created or password is not None:
        if password is not None:
            user.set_password(password)
        else:
            user.set_unusable_password()
        if full_name:
            user.first_name = full_name[:150]
        user.save()
    return user  # type: ignore[return-value]
