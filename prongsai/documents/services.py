"""Generating a document file for an agency: build the data, then render."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from prongsai.agencies.models import Agency
from prongsai.documents.builder import build_report
from prongsai.documents.content import SECTION_KEYS, paragraphs_of
from prongsai.documents.data import Kind
from prongsai.documents.models import DocumentText
from prongsai.history.services import record_change

Format = Literal["pdf", "docx"]

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
# Shown on the documents page; the documents themselves stay Thai.
TITLES = {
    "results": _("รายงานผลการดำเนินการตามมาตรการ"),
    "measures": _("มาตรการส่งเสริมคุณธรรมและความโปร่งใส"),
}


@dataclass(frozen=True)
class RenderedDocument:
    filename: str
    content_type: str
    data: bytes


def document_render(
    agency: Agency,
    *,
    plan_year: int,
    kind: Kind,
    fmt: Format,
    assessment_year: int | None = None,
    signed_on: dt.date | None = None,
) -> RenderedDocument:
    """Raises builder.NothingToReport when there is no assessment to report on."""
    doc = build_report(
        agency,
        plan_year=plan_year,
        kind=kind,
        assessment_year=assessment_year,
        signed_on=signed_on,
    )
    if fmt == "pdf":
        from prongsai.documents.render_pdf import render_pdf

        data = render_pdf(doc)
    else:
        from prongsai.documents.render_docx import render_docx

        data = render_docx(doc)
    name = "report" if kind == "results" else "measures"
    return RenderedDocument(
        filename=f"{agency.slug}-{name}-{plan_year}.{fmt}",
        content_type=CONTENT_TYPES[fmt],
        data=data,
    )


MAX_SECTION_CHARS = 10_000


def _section_check(kind: str, key: str) -> None:
    if kind != "measures" or key not in SECTION_KEYS:
        raise ValidationError(gettext("ไม่มีหัวข้อ %(key)s ในเอกสารนี้") % {"key": key})


@transaction.atomic
def document_text_save(
    *,
    agency: Agency,
    plan_year: int,
    kind: str,
    key: str,
    text: str,
    actor: AbstractBaseUser | AnonymousUser,
) -> DocumentText:
    """Keep the officer's wording of one section for every later export."""
    _section_check(kind, key)
    text = text.replace("\r\n", "\n").strip()
    if not paragraphs_of(text):
        raise ValidationError(gettext("หัวข้อนี้ว่าง: พิมพ์ข้อความ หรือกด \u201cใช้ข้อความที่ระบบสร้าง\u201d"))
    if len(text) > MAX_SECTION_CHARS:
        raise ValidationError(gettext("ข้อความยาวเกิน %(n)d ตัวอักษร") % {"n": MAX_SECTION_CHARS})
    row = DocumentText.objects.filter(
        agency=agency, plan_year=plan_year, kind=kind, key=key
    ).first()
    before = row.text if row else ""
    if row is None:
        row = DocumentText(agency=agency, plan_year=plan_year, kind=kind, key=key)
    row.text = text
    row.updated_by = actor  # type: ignore[assignment]
    row.save()
    record_change(
        agency=agency,
        actor=actor,
        target=row,
        action="document_text_saved",
        summary=gettext("แก้ไขข้อความหัวข้อ %(key)s ของเอกสารปี %(year)d")
        % {"key": key, "year": plan_year},
        changes={"text": [before, text]},
    )
    return row


@transaction.atomic
def document_text_reset(
    *, agency: Agency, plan_year: int, kind: str, key: str, actor: AbstractBaseUser | AnonymousUser
) -> None:
    """Back to our generated text for that section."""
    _section_check(kind, key)
    row = DocumentText.objects.filter(
        agency=agency, plan_year=plan_year, kind=kind, key=key
    ).first()
    if row is None:
        return
    record_change(
        agency=agency,
        actor=actor,
        target=row,
        action="document_text_reset",
        summary=gettext("ใช้ข้อความที่ระบบสร้างสำหรับหัวข้อ %(key)s ของเอกสารปี %(year)d")
        % {"key": key, "year": plan_year},
        changes={"text": [row.text, ""]},
    )
    row.delete()
