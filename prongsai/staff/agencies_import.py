"""Many agencies from one table (a province's or the DLA's list):
`code,slug,name,type,province,district[,admin_email]`.

Rows are checked first, all of them, against each other and against the
agencies already here; then applied in one transaction. A row whose slug exists
updates that agency; a new slug creates one. An admin email invites that person
as the agency's admin, unless the agency already has an admin or a pending
invitation for that address (running the same file twice sends nothing twice).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import asdict, dataclass, field

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from prongsai.accounts.invitations import invitation_create
from prongsai.accounts.models import Invitation, Membership, Role
from prongsai.accounts.staff_log import Action, staff_action_record
from prongsai.agencies.models import Agency
from prongsai.agencies.services import agency_create, agency_type_from_text
from prongsai.history.services import record_change
from prongsai.lib.imports import ImportFailed, check_rows, import_rows
from prongsai.lib.tabular import Row

REQUIRED = ("slug", "name", "type", "province", "district")
OPTIONAL = ("code", "admin_email")
FIELDS = ("code", "name", "type", "province", "district")
CODE_RE = re.compile(r"^[0-9A-Za-z-]{1,20}$")


@dataclass
class AgencyRow:
    number: int
    slug: str
    code: str
    name: str
    type: str
    province: str
    district: str
    admin_email: str = ""
    # Filled by the plan: "create", "update" or "same"; the fields that change;
    # whether an invitation will go out.
    status: str = ""
    changes: dict[str, list[str]] = field(default_factory=dict)
    invite: bool = False
    invite_note: str = ""


def _check(row: Row, where: str) -> AgencyRow | str:
    v = row.values
    problems = []
    slug = v.get("slug", "")
    if not slug:
        problems.append(_("คอลัมน์ slug ว่าง"))
    elif slug != slugify(slug) or len(slug) > 60:
        problems.append(
            _("คอลัมน์ slug '%(slug)s' ใช้ได้เฉพาะอักษรอังกฤษตัวเล็ก ตัวเลข และ - (ไม่เกิน 60 ตัว)")
            % {"slug": slug}
        )
    for column in ("name", "type", "province", "district"):
        if not v.get(column, ""):
            problems.append(_("คอลัมน์ %(col)s ว่าง") % {"col": column})
    if len(v.get("name", "")) > 200:
        problems.append(_("คอลัมน์ name ยาวเกิน 200 ตัวอักษร"))
    # Checked here, not left to the model at the confirmation: a row the
    # preview passed must not fail the whole import afterwards.
    for column in ("province", "district"):
        if len(v.get(column, "")) > 100:
            problems.append(_("คอลัมน์ %(col)s ยาวเกิน 100 ตัวอักษร") % {"col": column})
    # A quoted cell may hold a line break: the agency's name would break the
    # subject of its admin's invitation (refused after the agencies were
    # written) and its province or district every scope that names them.
    for column in ("name", "province", "district"):
        if any(unicodedata.category(c) == "Cc" for c in v.get(column, "")):
            problems.append(
                _("คอลัมน์ %(col)s มีการขึ้นบรรทัดใหม่หรืออักขระควบคุม ใส่ให้อยู่ในบรรทัดเดียว") % {"col": column}
            )
    kind = ""
    if v.get("type", ""):
        try:
            kind = agency_type_from_text(v["type"])
        except ValidationError as e:
            problems.append(_("คอลัมน์ type: %s") % e.messages[0])
    code = v.get("code", "")
    if code and not CODE_RE.match(code):
        problems.append(
            _("คอลัมน์ code '%(code)s' ใช้ได้เฉพาะตัวเลข อักษรอังกฤษ และ - ไม่เกิน 20 ตัว") % {"code": code}
        )
    email = v.get("admin_email", "").strip().lower()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            problems.append(_("คอลัมน์ admin_email '%(email)s' ไม่ใช่อีเมลที่ถูกต้อง") % {"email": email})
    if problems:
        return f"{where}: " + "; ".join(problems)
    return AgencyRow(
        number=row.number,
        slug=slug,
        code=code,
        name=v["name"],
        type=kind,
        province=v["province"],
        district=v["district"],
        admin_email=email,
    )


def _plan(rows: list[AgencyRow]) -> list[AgencyRow]:
    """Compare with each other and with what exists (a fixed number of queries,
    whatever the number of rows); fill status, changes and invite."""
    errors: list[str] = []
    seen_slug: dict[str, int] = {}
    seen_code: dict[str, int] = {}
    for r in rows:
        if r.slug in seen_slug:
            errors.append(
                _("แถว %(n)d: slug '%(slug)s' ซ้ำกับแถว %(m)d")
                % {"n": r.number, "slug": r.slug, "m": seen_slug[r.slug]}
            )
        seen_slug.setdefault(r.slug, r.number)
        if r.code:
            if r.code in seen_code:
                errors.append(
                    _("แถว %(n)d: code '%(code)s' ซ้ำกับแถว %(m)d")
                    % {"n": r.number, "code": r.code, "m": seen_code[r.code]}
                )
            seen_code.setdefault(r.code, r.number)
    existing = {a.slug: a for a in Agency.objects.filter(slug__in=seen_slug)}
    code_owner = dict(Agency.objects.filter(code__in=seen_code).values_list("code", "slug"))
    with_admin = set(
        Membership.objects.filter(agency__slug__in=seen_slug, role=Role.ADMIN).values_list(
            "agency__slug", flat=True
        )
    )
    invited = set(
        Invitation.objects.filter(
            agency__slug__in=seen_slug,
            accepted_at=None,
            revoked_at=None,
            expires_at__gt=timezone.now(),
        ).values_list("agency__slug", "email")
    )
    for r in rows:
        owner = code_owner.get(r.code) if r.code else None
        if owner is not None and owner != r.slug:
            errors.append(
                _("แถว %(n)d: code '%(code)s' เป็นของหน่วยงาน '%(owner)s' อยู่แล้ว")
                % {"n": r.number, "code": r.code, "owner": owner}
            )
        agency = existing.get(r.slug)
        if agency is None:
            r.status = "create"
        else:
            r.changes = {
                f: [str(getattr(agency, f)), str(getattr(r, f))]
                for f in FIELDS
                if str(getattr(agency, f)) != str(getattr(r, f))
            }
            r.status = "update" if r.changes else "same"
        if r.admin_email:
            if r.slug in with_admin:
                r.invite_note = _("มีผู้ดูแลแล้ว ไม่ส่งคำเชิญ")
            elif (r.slug, r.admin_email) in invited:
                r.invite_note = _("มีคำเชิญที่ยังไม่หมดอายุอยู่แล้ว")
            else:
                r.invite = True
    if errors:
        raise ImportFailed(errors)
    return rows


def agencies_read(data: bytes, *, max_bytes: int) -> list[AgencyRow]:
    """Read and check a file; raises ImportFailed with every problem. Writes nothing."""
    rows = import_rows(data, required=REQUIRED, optional=OPTIONAL, max_bytes=max_bytes)
    return _plan(check_rows(rows, _check))


def rows_to_payload(rows: list[AgencyRow]) -> list[dict[str, object]]:
    keep = ("number", "slug", "code", "name", "type", "province", "district", "admin_email")
    return [{k: v for k, v in asdict(r).items() if k in keep} for r in rows]


def rows_from_payload(payload: object) -> list[AgencyRow]:
    """The rows a preview page sent back, checked again from scratch: the
    browser could have changed them."""
    if not isinstance(payload, list) or not payload:
        raise ImportFailed([_("ข้อมูลที่ยืนยันไม่ครบ กรุณาอัปโหลดไฟล์อีกครั้ง")])
    rows = []
    for item in payload:
        if not isinstance(item, dict) or not isinstance(item.get("number"), int):
            raise ImportFailed([_("ข้อมูลที่ยืนยันไม่ครบ กรุณาอัปโหลดไฟล์อีกครั้ง")])
        values = {k: str(item.get(k, "")) for k in (*REQUIRED, *OPTIONAL)}
        rows.append(Row(item["number"], values))
    return _plan(check_rows(rows, _check))


@dataclass
class ImportOutcome:
    created: list[Agency] = field(default_factory=list)
    updated: list[Agency] = field(default_factory=list)
    unchanged: int = 0
    links: list[tuple[Agency, str, str]] = field(default_factory=list)  # agency, email, token


@transaction.atomic
def agencies_import(*, rows: list[AgencyRow], actor: User | None) -> ImportOutcome:
    """Apply checked rows, all or nothing; invitations go out after the commit."""
    out = ImportOutcome()
    existing = {
        a.slug: a
        for a in Agency.objects.select_for_update().filter(slug__in=[r.slug for r in rows])
    }
    for r in rows:
        agency = existing.get(r.slug)
        if agency is None:
            agency = agency_create(
                slug=r.slug, name=r.name, type=r.type, province=r.province, district=r.district
            )
            if r.code:
                agency.code = r.code
                agency.full_clean()
                agency.save(update_fields=["code"])
            out.created.append(agency)
        elif r.changes:
            for f in FIELDS:
                setattr(agency, f, getattr(r, f))
            agency.full_clean()
            agency.save(update_fields=list(FIELDS))
            record_change(
                agency=agency,
                actor=actor,
                target=agency,
                action="agency_update",
                summary="ผู้ดูแลระบบปรับข้อมูลหน่วยงานจากไฟล์รายชื่อหน่วยงาน",
                changes=r.changes,
            )
            out.updated.append(agency)
        else:
            out.unchanged += 1
        if r.invite:
            _invitation, token = invitation_create(
                agency=agency, email=r.admin_email, role=Role.ADMIN, invited_by=actor
            )
            out.links.append((agency, r.admin_email, token))
    staff_action_record(
        actor=actor,
        action=Action.AGENCIES_IMPORT,
        summary=(
            f"นำเข้ารายชื่อหน่วยงาน {len(rows)} แถว: สร้าง {len(out.created)} "
            f"ปรับปรุง {len(out.updated)} ไม่เปลี่ยน {out.unchanged} เชิญผู้ดูแล {len(out.links)}"
        ),
    )
    return out
