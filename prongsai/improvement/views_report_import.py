"""Last year's report (o42/o43) read into drafts: upload, review on one
screen, confirm. Nothing is written before the confirmation, and the confirmed
form is read field by field and validated again by the services (no hidden
payload is trusted: codes, scores, texts and department kinds all come back
through the same checks as a typed form)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from prongsai.accounts.access import admin_required
from prongsai.improvement.report_import import (
    DEPARTMENT_KINDS,
    MeasureDraft,
    ReportDraft,
    WeaknessDraft,
    parse_report,
    text_of_report,
)
from prongsai.improvement.services import report_import_apply
from prongsai.improvement.uploads import size_text

TEMPLATE = "improvement/report_import.html"
KINDS = [kind for _word, kind in DEPARTMENT_KINDS]


def _year(raw: str | None) -> int | None:
    try:
        year = int(raw or "")
    except ValueError:
        return None
    return year if 2500 <= year <= 2700 else None


def _kinds(request: HttpRequest) -> list[tuple[str, str]]:
    """Each department kind with the names of the agency's departments of it,
    so the officer ticks their own departments, not a code."""
    agency = request.agency  # type: ignore[attr-defined]
    names: dict[str, list[str]] = {}
    for d in agency.departments.all():
        names.setdefault(d.kind, []).append(d.name)
    choices = [(k, ", ".join(names[k])) for k in KINDS if k in names]
    return [("all", _("ทุกส่วนราชการ")), *[c for c in choices if c[0] != "all"]]


def _read_upload(request: HttpRequest) -> tuple[ReportDraft | None, str]:
    upload = request.FILES.get("file")
    if upload is None:
        return None, _("กรุณาเลือกไฟล์รายงาน (.docx .pdf หรือ .txt)")
    limit = settings.UPLOAD_MAX_BYTES
    if upload.size is None or upload.size > limit:
        return None, _("ไฟล์ใหญ่เกิน %s") % size_text(limit)
    try:
        # Checked by content: a .pdf must start as a PDF, a .docx be a Word zip.
        text = text_of_report(upload.read(limit + 1), upload.name or "")
    except ValueError as e:
        return None, str(e)
    draft = parse_report(text)
    if draft.problems:
        return None, "; ".join(draft.problems)
    if not draft.weaknesses and not draft.measures:
        return None, _("ไม่พบข้อบกพร่องหรือมาตรการในไฟล์นี้ (ใช้รูปแบบรายงาน o42/o43)")
    return draft, ""


@admin_required
@require_http_methods(["GET", "POST"])
def report_import_upload(request: HttpRequest) -> HttpResponse:
    """Upload (POST with a file) answers the review screen; writes nothing."""
    year = _year(request.GET.get("year"))
    error = ""
    kinds = _kinds(request)
    if request.method == "POST":
        year = _year(request.POST.get("year"))
        draft, error = _read_upload(request)
        if year is None:
            error = _("ปี ITA ต้องเป็นปี พ.ศ. เช่น 2566")
        elif draft is not None:
            return render(request, TEMPLATE, {"draft": draft, "year": year, "kinds": kinds})
    return render(
        request,
        TEMPLATE,
        {"year": year, "error": error, "kinds": kinds},
        status=400 if error else 200,
    )


def _lines(raw: str) -> list[str]:
    return [line.strip() for line in raw.splitlines() if line.strip()]


def draft_from_post(data: QueryDict) -> ReportDraft:
    """The ticked and edited drafts of the review form (indices are only
    positions: every value is validated again when written)."""
    weaknesses: list[WeaknessDraft] = []
    n = 0
    while f"w-{n}-code" in data:
        if data.get(f"w-{n}-keep"):
            weaknesses.append(
                WeaknessDraft(
                    code=data.get(f"w-{n}-code", "").strip().upper(),
                    score=data.get(f"w-{n}-score", "").strip(),
                    question="",
                    diagnosis=data.get(f"w-{n}-diagnosis", ""),
                    line=0,
                )
            )
        n += 1
    kept = {w.code for w in weaknesses}
    measures: list[MeasureDraft] = []
    n = 0
    while f"m-{n}-title" in data:
        if data.get(f"m-{n}-keep"):
            codes = [c.strip().upper() for c in data.get(f"m-{n}-weaknesses", "").split(",")]
            results = _lines(data.get(f"m-{n}-results", ""))
            dates = data.get(f"m-{n}-dates", "").split(",")
            measures.append(
                MeasureDraft(
                    title=data.get(f"m-{n}-title", ""),
                    # An unticked weakness is left out of its measures too.
                    weaknesses=[c for c in codes if c in kept],
                    steps=_lines(data.get(f"m-{n}-steps", "")),
                    departments=[k for k in data.getlist(f"m-{n}-departments") if k in KINDS],
                    results=results,
                    result_dates=[(d.strip() or None) for d in dates][: len(results)],
                )
            )
        n += 1
    return ReportDraft(weaknesses, measures, [])


@admin_required
@require_POST
def report_import_confirm(request: HttpRequest) -> HttpResponse:
    year = _year(request.POST.get("year"))
    draft = draft_from_post(request.POST)
    context: dict[str, Any] = {"draft": draft, "year": year, "kinds": _kinds(request)}
    if year is None:
        context["error"] = _("ปี ITA ต้องเป็นปี พ.ศ. เช่น 2566")
        return render(request, TEMPLATE, context, status=400)
    if not draft.weaknesses and not draft.measures:
        context["error"] = _("ไม่ได้เลือกรายการใดเลย จึงไม่ได้บันทึก")
        return render(request, TEMPLATE, context, status=400)
    try:
        summary = report_import_apply(
            agency=request.agency,  # type: ignore[attr-defined]
            year=year,
            draft=draft,
            actor=request.user,
        )
    except ValidationError as e:
        context["error"] = _("ไม่ได้บันทึกอะไรเลย: ") + " ".join(e.messages)
        return render(request, TEMPLATE, context, status=400)
    messages.success(
        request,
        _("นำเข้าร่างแล้ว: ข้อบกพร่อง %(w)d มาตรการ %(m)d ผลการดำเนินการ %(r)d")
        % {"w": summary["weaknesses"], "m": summary["measures"], "r": summary["results"]},
    )
    if summary["skipped"]:
        messages.warning(
            request,
            _("มีมาตรการชื่อนี้ในปีงบประมาณนั้นแล้ว จึงข้าม: %s") % ", ".join(summary["skipped"]),
        )
    if summary["unknown_departments"]:
        messages.warning(
            request,
            _("ไม่พบส่วนราชการเหล่านี้ในหน่วยงาน (ไม่ได้สร้างให้): %s")
            % ", ".join(summary["unknown_departments"]),
        )
    return redirect("improvement:measures")
