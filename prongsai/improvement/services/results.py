"""Results of measures and the evidence behind them."""

from __future__ import annotations

import datetime as dt
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from prongsai.assessments.services import User
from prongsai.history.services import diff_fields, record_change
from prongsai.improvement.models import (
    Evidence,
    EvidenceKind,
    EvidenceRevision,
    Measure,
    Result,
)
from prongsai.improvement.services.measures import ensure_open, filled
from prongsai.improvement.uploads import check_upload, store

__all__ = [
    "evidence_add_file",
    "evidence_add_link",
    "evidence_add_screenshot",
    "evidence_revise",
    "result_add",
    "result_delete",
    "result_update",
]


def _user(actor: User) -> Any:
    return actor if actor is not None and actor.is_authenticated else None


def _snapshot(r: Result) -> dict[str, Any]:
    return {
        "text": r.text,
        "date": r.date,
        "doc_number": r.doc_number,
        "doc_date": r.doc_date,
        "public": r.public,
    }


def _validate(text: str, date: dt.date | None, doc_number: str, doc_date: dt.date | None) -> None:
    errors: dict[str, str] = {}
    if not text:
        errors["text"] = _("กรุณากรอกผลการดำเนินการ")
    if date is None:
        errors["date"] = _("กรุณาระบุวันที่ดำเนินการ")
    if len(doc_number) > 60:
        errors["doc_number"] = _("เลขที่หนังสือยาวเกิน 60 ตัวอักษร")
    if doc_date is not None and not doc_number:
        errors["doc_number"] = _("ระบุวันที่ของหนังสือแล้ว กรุณากรอกเลขที่หนังสือด้วย")
    if errors:
        raise ValidationError(errors)


def _clean_doc_number(raw: str) -> str:
    # People type "ที่ ๑๔๙/2566" as the seed prints it; we keep "๑๔๙/2566".
    text = " ".join(raw.split())
    return text[3:].strip() if text.startswith("ที่ ") else text


@transaction.atomic
def result_add(
    *,
    measure: Measure,
    actor: User,
    text: str,
    date: dt.date | None,
    doc_number: str = "",
    doc_date: dt.date | None = None,
    public: bool = True,
    evidence_file: IO[bytes] | None = None,
    evidence_name: str = "",
    evidence_caption: str = "",
) -> Result:
    """A dated result; with `evidence_file`, its first evidence in the same
    step (all or nothing: a refused file adds no result)."""
    ensure_open(measure)
    text, doc_number = text.strip(), _clean_doc_number(doc_number)
    _validate(text, date, doc_number, doc_date)
    result = Result.objects.create(
        measure=measure,
        text=text,
        date=date,  # type: ignore[misc]  # _validate refused None
        doc_number=doc_number,
        doc_date=doc_date,
        public=public,
        created_by=_user(actor),
    )
    record_change(
        agency=measure.agency,
        actor=actor,
        target=result,
        action="result_added",
        summary=_("เพิ่มผลการดำเนินการของมาตรการ “%s”") % measure.name,
        changes=diff_fields({}, filled(_snapshot(result))),
    )
    if evidence_file is not None:
        try:
            evidence_add_file(
                result=result,
                actor=actor,
                upload=evidence_file,
                name=evidence_name,
                caption=evidence_caption or evidence_name,
                public=public,
            )
        except ValidationError as e:
            raise ValidationError({"evidence_file": e.messages}) from e
    return result


@transaction.atomic
def result_update(
    *,
    result: Result,
    actor: User,
    text: str,
    date: dt.date | None,
    doc_number: str = "",
    doc_date: dt.date | None = None,
    public: bool = True,
) -> Result:
    ensure_open(result.measure)
    text, doc_number = text.strip(), _clean_doc_number(doc_number)
    _validate(text, date, doc_number, doc_date)
    before = _snapshot(result)
    result.text, result.date, result.doc_number = text, date, doc_number  # type: ignore[assignment]
    result.doc_date, result.public = doc_date, public
    result.save()
    changes = diff_fields(before, _snapshot(result))
    if changes:
        record_change(
            agency=result.measure.agency,
            actor=actor,
            target=result,
            action="result_updated",
            summary=_("แก้ไขผลการดำเนินการของมาตรการ “%s”") % result.measure.name,
            changes=changes,
        )
    return result


@transaction.atomic
def result_delete(*, result: Result, actor: User) -> None:
    """Deleting keeps the stored evidence files (revisions are history); the
    deletion is recorded on the measure, whose page keeps showing it."""
    measure = result.measure
    ensure_open(measure)
    record_change(
        agency=measure.agency,
        actor=actor,
        target=measure,
        action="result_deleted",
        summary=_("ลบผลการดำเนินการ: %s") % result.text[:200],
        changes=diff_fields(_snapshot(result), {}),
    )
    result.delete()


def _revision_from_upload(
    *, evidence: Evidence, actor: User, upload: IO[bytes], name: str, note: str, images_only: bool
) -> EvidenceRevision:
    checked = check_upload(upload, name=name, images_only=images_only)
    agency_id = evidence.result.measure.agency_id
    file_name, thumb_name = store(checked, agency_id=agency_id)
    try:
        version = (evidence.revisions.aggregate(n=Max("version"))["n"] or 0) + 1
        revision = EvidenceRevision(
            evidence=evidence,
            version=version,
            original_name=checked.original_name,
            content_type=checked.content_type,
            size=checked.size,
            sha256=checked.sha256,
            note=note.strip(),
            created_by=_user(actor),
        )
        revision.file.name = file_name
        revision.thumbnail.name = thumb_name
        revision.save()
    except Exception:
        # The database write failed: do not leave an orphan file behind.
        for stored in (file_name, thumb_name):
            if stored:
                default_storage.delete(stored)
        raise
    return revision


def _check_link(link: str) -> str:
    link = link.strip()
    try:
        URLValidator(schemes=["http", "https"])(link)
    except ValidationError:
        raise ValidationError(
            {"link": _("ลิงก์ต้องขึ้นต้นด้วย http:// หรือ https:// เช่น https://www.example.go.th/ita")}
        ) from None
    return link


def _check_caption(caption: str) -> str:
    caption = " ".join(caption.split())
    if not caption:
        raise ValidationError({"caption": _("กรุณากรอกคำอธิบายหลักฐาน")})
    return caption[:300]


def _record_evidence(
    evidence: Evidence, actor: User, action: str, summary: str, rev: EvidenceRevision
) -> None:
    record_change(
        agency=evidence.result.measure.agency,
        actor=actor,
        target=evidence,
        action=action,
        summary=summary,
        changes=diff_fields(
            {},
            filled(
                {
                    "version": rev.version,
                    "original_name": rev.original_name,
                    "sha256": rev.sha256,
                    "size": rev.size,
                    "link": rev.link,
                }
            ),
        ),
    )


def _add_uploaded(
    *,
    result: Result,
    actor: User,
    upload: IO[bytes],
    name: str,
    caption: str,
    public: bool,
    kind: str,
) -> Evidence:
    ensure_open(result.measure)
    caption = _check_caption(caption or name)
    evidence = Evidence.objects.create(result=result, kind=kind, caption=caption, public=public)
    try:
        revision = _revision_from_upload(
            evidence=evidence,
            actor=actor,
            upload=upload,
            name=name,
            note="",
            images_only=kind == EvidenceKind.SCREENSHOT,
        )
    except ValidationError as e:
        raise ValidationError({"file": e.messages}) from e
    _record_evidence(
        evidence,
        actor,
        "evidence_added",
        _("เพิ่มหลักฐาน “%(c)s” (%(f)s)") % {"c": caption, "f": revision.original_name},
        revision,
    )
    return evidence


@transaction.atomic
def evidence_add_file(
    *,
    result: Result,
    actor: User,
    upload: IO[bytes],
    name: str,
    caption: str = "",
    public: bool = True,
) -> Evidence:
    return _add_uploaded(
        result=result,
        actor=actor,
        upload=upload,
        name=name,
        caption=caption,
        public=public,
        kind=EvidenceKind.FILE,
    )


@transaction.atomic
def evidence_add_screenshot(
    *,
    result: Result,
    actor: User,
    upload: IO[bytes],
    name: str,
    caption: str = "",
    public: bool = True,
) -> Evidence:
    return _add_uploaded(
        result=result,
        actor=actor,
        upload=upload,
        name=name,
        caption=caption,
        public=public,
        kind=EvidenceKind.SCREENSHOT,
    )


@transaction.atomic
def evidence_add_link(
    *, result: Result, actor: User, link: str, caption: str, public: bool = True
) -> Evidence:
    ensure_open(result.measure)
    errors: dict[str, list[str]] = {}
    for check, value in ((_check_link, link), (_check_caption, caption)):
        try:
            value = check(value)
        except ValidationError as e:
            errors.update(e.message_dict)
    if errors:
        raise ValidationError(errors)
    evidence = Evidence.objects.create(
        result=result, kind=EvidenceKind.LINK, caption=_check_caption(caption), public=public
    )
    revision = EvidenceRevision.objects.create(
        evidence=evidence,
        version=1,
        link=_check_link(link),
        created_by=_user(actor),
    )
    _record_evidence(
        evidence, actor, "evidence_added", _("เพิ่มลิงก์หลักฐาน “%s”") % evidence.caption, revision
    )
    return evidence


@transaction.atomic
def evidence_revise(
    *,
    evidence: Evidence,
    actor: User,
    upload: IO[bytes] | None = None,
    name: str = "",
    link: str = "",
    note: str = "",
) -> EvidenceRevision:
    """A new version of the evidence; earlier versions stay and can still be opened."""
    ensure_open(evidence.result.measure)
    if evidence.kind == EvidenceKind.LINK:
        revision = EvidenceRevision.objects.create(
            evidence=evidence,
            version=(evidence.revisions.aggregate(n=Max("version"))["n"] or 0) + 1,
            link=_check_link(link),
            note=note.strip(),
            created_by=_user(actor),
        )
    else:
        if upload is None:
            raise ValidationError({"file": _("กรุณาเลือกไฟล์ฉบับใหม่")})
        try:
            revision = _revision_from_upload(
                evidence=evidence,
                actor=actor,
                upload=upload,
                name=name,
                note=note,
                images_only=evidence.kind == EvidenceKind.SCREENSHOT,
            )
        except ValidationError as e:
            raise ValidationError({"file": e.messages}) from e
    _record_evidence(
        evidence,
        actor,
        "evidence_revised",
        _("เพิ่มฉบับที่ %(v)d ของหลักฐาน “%(c)s”") % {"v": revision.version, "c": evidence.caption},
        revision,
    )
    return revision
