"""Generating a document file for an agency: build the data, then render."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from django.utils.translation import gettext_lazy as _

from prongsai.agencies.models import Agency
from prongsai.documents.builder import build_report
from prongsai.documents.data import Kind

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
) -> RenderedDocument:
    """Raises builder.NothingToReport when there is no assessment to report on."""
    doc = build_report(agency, plan_year=plan_year, kind=kind, assessment_year=assessment_year)
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
