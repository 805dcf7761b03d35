"""State changes of the disclosure checklist and of publications.

Who may do what is decided here, from the actor's membership, so the command
line (actor None: the operator) and the web pages follow the same rules:
a department editor proposes and edits only its department's items, the
agency admin accepts, rejects, imports and publishes.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from prongsai.accounts.access import can_edit, is_admin
from prongsai.accounts.models import Membership
from prongsai.agencies.models import Agency, Department
from prongsai.assessments.services import framework_for_year
from prongsai.framework.schema import FrameworkSpec, QuestionSpec
from prongsai.framework.services import framework_spec
from prongsai.history.services import diff_fields, record_change
from prongsai.publishing.blobs import blob_put

# The check run is a state change too; it lives in checking.py beside the checker's plumbing.
from prongsai.publishing.checking import disclosure_check_run as disclosure_check_run
from prongsai.publishing.imports import parse_links, url_problem
from prongsai.publishing.models import (
    DisclosureItem,
    DisclosureLink,
    DisclosureStatus,
    DisclosureYear,
    Publication,
)
from prongsai.publishing.snapshot import build_snapshot, content_digest, snapshot_files

User = AbstractBaseUser | AnonymousUser | None
UNSET: Any = object()
WINDOWS_FILE = Path(__file__).parent / "data" / "oit-windows.yaml"


# ---------------------------------------------------------------- helpers


def person(actor: User) -> Any:
    """The user to store in a "by" field: nobody for the command line."""
    return actor if actor is not None and actor.is_authenticated else None


def membership_for(actor: User, agency: Agency) -> Membership | None:
    user = person(actor)
    if user is None:
        return None
    return Membership.objects.filter(user=user, agency=agency).first()


def _require_admin(actor: User, agency: Agency) -> None:
    """The command line (actor None) acts as the operator; people must be admins."""
    if actor is not None and not is_admin(membership_for(actor, agency)):
        raise PermissionDenied(_("เฉพาะผู้ดูแลหน่วยงาน"))


def _require_item_edit(actor: User, item: DisclosureItem) -> None:
    if actor is None:
        return
    department = [item.department_id] if item.department_id else []
    if not can_edit(membership_for(actor, item.agency), department):
        raise PermissionDenied(_("ไม่มีสิทธิ์แก้ไขรายการของส่วนราชการอื่น"))


def oit_spec(year: int) -> FrameworkSpec:
    return framework_spec(framework_for_year(year))


def oit_questions(year: int) -> list[QuestionSpec]:
    return list(oit_spec(year).questions_for_tool("oit"))


@lru_cache(maxsize=1)
def _shipped_windows() -> dict[int, dict[str, Any]]:
    data = yaml.safe_load(WINDOWS_FILE.read_text(encoding="utf-8")) or {}
    return {int(year): value for year, value in (data.get("windows") or {}).items()}


def default_window(year: int) -> tuple[dt.date, dt.date, str]:
    known = _shipped_windows().get(year)
    if known:
        return known["opens"], known["closes"], known.get("source", "")
    ce = year - 543
    return dt.date(ce, 3, 1), dt.date(ce, 4, 30), _("ค่าประมาณ (ยังไม่มีปฏิทินของปีนี้ในระบบ)")


# ---------------------------------------------------------------- checklist


@transaction.atomic
def disclosure_items_ensure(*, agency: Agency, year: int) -> list[DisclosureItem]:
    """One item per OIT question of the year's framework (idempotent)."""
    questions = oit_questions(year)
    opens, closes, source = default_window(year)
    DisclosureYear.objects.get_or_create(
        agency=agency,
        year=year,
        defaults={"window_opens": opens, "window_closes": closes, "window_source": source},
    )
    existing = {i.code: i for i in DisclosureItem.objects.filter(agency=agency, year=year)}
    for order, q in enumerate(questions):
        item = existing.get(q.code)
        if item is None:
            DisclosureItem.objects.create(agency=agency, year=year, code=q.code, order=order)
        elif item.order != order:
            item.order = order
            item.save(update_fields=["order"])
    return list(
        DisclosureItem.objects.filter(
            agency=agency, year=year, code__in=[q.code for q in questions]
        )
    )


@transaction.atomic
def disclosure_year_update(
    *, agency: Agency, year: int, window_opens: dt.date | None, window_closes: dt.date | None,
    actor: User,
) -> DisclosureYear:  # fmt: skip
    _require_admin(actor, agency)
    if window_opens and window_closes and window_closes < window_opens:
        raise ValidationError({"window_closes": _("วันปิดต้องไม่ก่อนวันเปิด")})
    entry, _created = DisclosureYear.objects.get_or_create(agency=agency, year=year)
    before = {"window_opens": entry.window_opens, "window_closes": entry.window_closes}
    entry.window_opens, entry.window_closes = window_opens, window_closes
    entry.window_source = _("กำหนดโดยผู้ดูแลหน่วยงาน")
    entry.save()
    item = DisclosureItem.objects.filter(agency=agency, year=year).first()
    if item is not None:  # history hangs on an object; the year has no row of its own in history
        record_change(
            agency=agency, actor=actor, target=item, action="disclosure_window",
            summary=_("กำหนดช่วงรับข้อมูล OIT ปี %d") % year,
            changes=diff_fields(before, {"window_opens": window_opens, "window_closes": window_closes}),
        )  # fmt: skip
    return entry


def _clean_links(urls: list[str]) -> list[str]:
    errors, cleaned = [], []
    for line, raw in enumerate(urls, start=1):
        url = raw.strip()
        if not url:
            continue
        problem = url_problem(url)
        if problem:
            errors.append(_("บรรทัด %(n)d: %(why)s") % {"n": line, "why": problem})
        elif url in cleaned:
            errors.append(_("บรรทัด %(n)d: ลิงก์ซ้ำ") % {"n": line})
        else:
            cleaned.append(url)
    if errors:
        raise ValidationError({"links": errors})
    return cleaned


def _set_links(item: DisclosureItem, urls: list[str]) -> tuple[int, int]:
    """Make the item's links exactly `urls`, in order; returns (added, removed).
    Links that stay keep their id, so their check history stays attached."""
    current = {link.url: link for link in item.links.all()}
    removed = [link.pk for url, link in current.items() if url not in urls]
    DisclosureLink.objects.filter(pk__in=removed).delete()
    added = 0
    for order, url in enumerate(urls):
        link = current.get(url)
        if link is None:
            DisclosureLink.objects.create(item=item, url=url, order=order)
            added += 1
        elif link.order != order:
            link.order = order
            link.save(update_fields=["order"])
    return added, len(removed)


@transaction.atomic
def disclosure_update(
    *,
    item: DisclosureItem,
    actor: User,
    links: list[str] = UNSET,
    notes: str = UNSET,
    components: list[int] = UNSET,
    department: Department | None = UNSET,
    responsible: str = UNSET,
    due_date: dt.date | None = UNSET,
) -> DisclosureItem:
    """Change what is given. Links, notes and ticked components: the item's
    department editor or the admin. Owner and due date: the admin only. A
    department's change to an accepted item sends it back for acceptance."""
    _require_item_edit(actor, item)
    admin_fields = {"department": department, "responsible": responsible, "due_date": due_date}
    if any(v is not UNSET for v in admin_fields.values()):
        _require_admin(actor, item.agency)
    if (
        department is not UNSET
        and department is not None
        and department.agency_id != item.agency_id
    ):
        raise ValidationError({"department": _("ส่วนราชการต้องอยู่ในหน่วยงานเดียวกัน")})
    before = {
        "links": [link.url for link in item.links.all()],
        "notes": item.notes,
        "components": list(item.components),
        "department": item.department,
        "responsible": item.responsible,
        "due_date": item.due_date,
        "status": item.status,
    }
    if components is not UNSET:
        count = len(oit_spec(item.year).question(item.code).requirements)
        bad = [c for c in components if not 0 <= c < count]
        if bad:
            raise ValidationError({"components": _("ไม่มีองค์ประกอบลำดับที่ %s") % bad[0]})
        item.components = sorted(set(components))
    if links is not UNSET:
        _set_links(item, _clean_links(links))
    for name, value in (("notes", notes), *admin_fields.items()):
        if value is not UNSET:
            setattr(item, name, value.strip() if isinstance(value, str) else value)
    after = {**before, "links": [link.url for link in item.links.all()], "notes": item.notes,
             "components": list(item.components), "department": item.department,
             "responsible": item.responsible, "due_date": item.due_date}  # fmt: skip
    content_changed = (
        before["links"] != after["links"] or before["components"] != after["components"]
    )
    if (
        content_changed
        and item.status == DisclosureStatus.PUBLISHED
        and not _is_admin_or_cli(actor, item)
    ):
        item.status = DisclosureStatus.PROPOSED
        item.proposed_by = person(actor)
        item.proposed_at = timezone.now()
    after["status"] = item.status
    item.save()
    changes = diff_fields(before, after)
    if changes:
        record_change(agency=item.agency, actor=actor, target=item, action="disclosure_updated",
                      summary=_("แก้ไขข้อ %s") % item.code, changes=changes)  # fmt: skip
    return item


def _is_admin_or_cli(actor: User, item: DisclosureItem) -> bool:
    return actor is None or is_admin(membership_for(actor, item.agency))


@transaction.atomic
def disclosure_propose(*, item: DisclosureItem, actor: User) -> DisclosureItem:
    _require_item_edit(actor, item)
    if item.status == DisclosureStatus.PUBLISHED:
        raise ValidationError(_("ข้อ %s เผยแพร่แล้ว ไม่ต้องเสนออีก") % item.code)
    if not item.links.exists():
        raise ValidationError(_("ใส่ลิงก์อย่างน้อยหนึ่งลิงก์ก่อนเสนอ"))
    before = item.status
    item.status = DisclosureStatus.PROPOSED
    item.proposed_by = person(actor)
    item.proposed_at = timezone.now()
    item.save()
    record_change(agency=item.agency, actor=actor, target=item, action="disclosure_proposed",
                  summary=_("เสนอข้อ %s ให้ผู้ดูแลอนุมัติ") % item.code,
                  changes={"status": [before, item.status]})  # fmt: skip
    return item


@transaction.atomic
def disclosure_accept(*, item: DisclosureItem, actor: User) -> DisclosureItem:
    _require_admin(actor, item.agency)
    if not item.links.exists():
        raise ValidationError(_("ข้อ %s ยังไม่มีลิงก์ จึงเผยแพร่ไม่ได้") % item.code)
    before = item.status
    item.status = DisclosureStatus.PUBLISHED
    item.accepted_by = person(actor)
    item.accepted_at = timezone.now()
    item.review_note = ""
    item.save()
    record_change(agency=item.agency, actor=actor, target=item, action="disclosure_accepted",
                  summary=_("อนุมัติข้อ %s ถือว่าเผยแพร่แล้ว") % item.code,
                  changes={"status": [before, item.status]})  # fmt: skip
    return item


@transaction.atomic
def disclosure_reject(*, item: DisclosureItem, actor: User, reason: str) -> DisclosureItem:
    _require_admin(actor, item.agency)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("กรุณาบอกเหตุผลให้ส่วนราชการทราบว่าต้องแก้ไขอะไร")})
    before = item.status
    item.status = DisclosureStatus.NEEDS_UPDATE
    item.review_note = reason
    item.save()
    record_change(agency=item.agency, actor=actor, target=item, action="disclosure_rejected",
                  summary=_("ข้อ %(code)s ต้องปรับปรุง: %(why)s") % {"code": item.code, "why": reason},
                  changes={"status": [before, item.status]})  # fmt: skip
    return item


def disclosure_import(*, agency: Agency, year: int, data: bytes, actor: User) -> dict[str, int]:
    """Links from a code,url file. All or nothing (ImportFailed lists every
    error). For every code in the file, the file's links become the item's
    links; items not in the file are left as they are."""
    _require_admin(actor, agency)
    spec = oit_spec(year)  # ImportFailed when the year has no framework
    rows = parse_links(data, spec, max_bytes=settings.IMPORT_MAX_BYTES)
    by_code: dict[str, list[str]] = {}
    for row in rows:
        by_code.setdefault(row.code, []).append(row.url)
    added = removed = 0
    with transaction.atomic():
        items = {i.code: i for i in disclosure_items_ensure(agency=agency, year=year)}
        for code, urls in by_code.items():
            a, r = _set_links(items[code], urls)
            added, removed = added + a, removed + r
            if a or r:
                record_change(agency=agency, actor=actor, target=items[code],
                              action="disclosure_imported",
                              summary=_("นำเข้าลิงก์ข้อ %(code)s: เพิ่ม %(a)d ลบ %(r)d")
                              % {"code": code, "a": a, "r": r})  # fmt: skip
    return {"items": len(by_code), "links": len(rows), "added": added, "removed": removed}


# ---------------------------------------------------------------- publication


def _freeze_files(data: dict[str, Any], *, copy: bool) -> None:
    """Give every public evidence file its frozen reference (SHA-256). With
    `copy`, the bytes are copied into the published area, so the public copy
    stays even if the evidence is replaced or deleted later."""
    import hashlib

    from django.core.files.storage import default_storage

    for m in data["measures"]:
        for r in m["results"]:
            for e in r["evidence"]:
                stored = e.pop("stored_name", None)
                if not (r.get("public") and e.get("public") and stored and e.get("file")):
                    e["file"] = None
                    continue
                if copy:
                    with default_storage.open(stored, "rb") as f:
                        sha256 = blob_put("published", f.read())
                elif e["file"].get("sha256"):
                    sha256 = e["file"]["sha256"]
                else:
                    with default_storage.open(stored, "rb") as f:
                        sha256 = hashlib.sha256(f.read()).hexdigest()
                e["file"] = {**e["file"], "sha256": sha256}


@transaction.atomic
def publication_publish(*, agency: Agency, actor: User) -> Publication:
    """Freeze what the public page shows, now. Later edits appear only after
    the next publish."""
    from prongsai.publishing.selectors import publication_input

    _require_admin(actor, agency)
    Agency.objects.select_for_update().filter(pk=agency.pk).first()  # one publish at a time
    now = timezone.now()
    data = publication_input(agency, as_of=timezone.localdate(now))
    _freeze_files(data, copy=True)
    content = build_snapshot(data)
    version = (Publication.objects.filter(agency=agency).aggregate(v=Max("version"))["v"] or 0) + 1
    publication = Publication.objects.create(
        agency=agency,
        version=version,
        published_at=now,
        published_by=person(actor),
        content=content,
        files=snapshot_files(content),
        content_sha256=content_digest(content),
    )
    record_change(agency=agency, actor=actor, target=publication, action="published",
                  summary=_("เผยแพร่หน้าความโปร่งใส ครั้งที่ %d") % version)  # fmt: skip
    return publication


def publication_is_current(agency: Agency) -> bool:
    """Would publishing now change nothing? (Used by the demo to stay idempotent
    and by the publish page to say that edits are waiting.)"""
    from prongsai.publishing.selectors import publication_input

    latest = Publication.objects.filter(agency=agency).first()
    if latest is None:
        return False
    data = publication_input(agency, as_of=timezone.localdate())
    _freeze_files(data, copy=False)
    return content_digest(build_snapshot(data)) == latest.content_sha256
