from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from prongsai.accounts.access import admin_required, get_for_agency, member_required
from prongsai.assessments.forms import ImportForm, TextImportForm
from prongsai.assessments.imports import ImportFailed, ScoreRow
from prongsai.assessments.models import Assessment
from prongsai.assessments.selectors import (
    assessment_report,
    assessments_of,
    indicator_scores_superseded,
    latest_assessment,
)
from prongsai.assessments.services import results_import, scores_write
from prongsai.assessments.text_import import (
    agency_question_texts,
    text_import_preview,
    text_import_save,
)
from prongsai.framework.services import framework_spec
from prongsai.lib.thai import parse_number


def _indicator_rows(assessment: Assessment) -> list[dict[str, Any]]:
    """Indicators with their questions, scores and sources, for the tables."""
    spec = framework_spec(assessment.framework)
    report = assessment_report(assessment)
    sources = dict(assessment.scores.values_list("question__code", "source"))
    threshold = assessment.agency.weakness_threshold
    # The agency's own wording where the framework does not know the text.
    own_texts = agency_question_texts(assessment.agency, assessment)
    rows = []
    for ind in spec.indicators:
        questions = [
            {
                "code": q.code,
                "text": q.text or own_texts.get(q.code),
                "text_status": q.text_status if q.text or q.code not in own_texts else "agency",
                "sub_indicator": q.sub_indicator,
                "score": report.questions.get(q.code),
                "source": sources.get(q.code),
                "low": (s := report.questions.get(q.code)) is not None and s < threshold,
            }
            for q in spec.questions_for_indicator(ind.number)
        ]
        part = report.indicators[ind.number]
        rows.append(
            {
                "number": ind.number,
                "tool": ind.tool,
                "name": ind.name,
                "score": part.score,
                "partial": part.partial,
                "answered": part.answered,
                "expected": part.expected,
                "low": part.score is not None and part.score < threshold,
                "questions": questions,
            }
        )
    return rows


def _import_message(summary: dict[str, Any]) -> str:
    if "indicators" not in summary:
        return _("นำเข้าคะแนนแล้ว: ใหม่ %(c)s ข้อ แก้ไข %(u)s ข้อ") % {
            "c": summary["created"],
            "u": summary["updated"],
        }
    message = _("นำเข้าคะแนนรายตัวชี้วัดแล้ว: ใหม่ %(c)s ตัวชี้วัด แก้ไข %(u)s ตัวชี้วัด") % {
        "c": summary["created"],
        "u": summary["updated"],
    }
    if summary["superseded"]:
        message += " " + _("(ปีนี้มีคะแนนรายข้ออยู่แล้ว ระบบใช้คะแนนรายข้อในการคำนวณ)")
    return message


@member_required
def dashboard(request: HttpRequest) -> HttpResponse:
    agency = request.agency  # type: ignore[attr-defined]
    assessment = latest_assessment(agency)
    context: dict[str, object] = {"agency": agency, "assessment": assessment}
    if assessment is not None:
        context["report"] = assessment_report(assessment)
        context["indicators"] = _indicator_rows(assessment)
        context["indicator_scores_superseded"] = indicator_scores_superseded(assessment)
    from prongsai.lib.dashboard import dashboard_panels

    context["panels"] = dashboard_panels(request, agency, assessment)
    return render(request, "assessments/dashboard.html", context)


@member_required
def results(request: HttpRequest) -> HttpResponse:
    agency = request.agency  # type: ignore[attr-defined]
    rows = [(a, assessment_report(a)) for a in assessments_of(agency)]
    return render(
        request,
        "assessments/results.html",
        {"rows": rows, "form": ImportForm(), "is_admin": request.membership.is_admin},  # type: ignore[attr-defined]
    )


@member_required
def assessment_detail(request: HttpRequest, year: int, kind: str) -> HttpResponse:
    assessment = get_for_agency(Assessment, request.agency, year=year, kind=kind)  # type: ignore[attr-defined]
    return render(
        request,
        "assessments/detail.html",
        {
            "assessment": assessment,
            "report": assessment_report(assessment),
            "indicators": _indicator_rows(assessment),
            "indicator_scores_superseded": indicator_scores_superseded(assessment),
            "is_admin": request.membership.is_admin,  # type: ignore[attr-defined]
        },
    )


@admin_required
def import_results(request: HttpRequest) -> HttpResponse:
    form = ImportForm(request.POST or None, request.FILES or None)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            assessment, summary = results_import(
                agency=request.agency,  # type: ignore[attr-defined]
                year=form.cleaned_data["year"],
                kind=form.cleaned_data["kind"],
                data=form.cleaned_data["file"].read(),
                actor=request.user,
            )
        except ImportFailed as e:
            errors = e.errors
        else:
            messages.success(request, _import_message(summary))
            return redirect("assessments:detail", year=assessment.year, kind=assessment.kind)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "assessments/import.html",
        {"form": form, "errors": errors, "text_form": TextImportForm()},
        status=status,
    )


@admin_required
def import_text(request: HttpRequest) -> HttpResponse:
    """The ITAS page as text: first a table of what was found, then "บันทึก"
    sends the same text back and everything is written in one transaction."""
    text_form = TextImportForm(request.POST, request.FILES) if request.method == "POST" else None
    if text_form is None:
        return redirect("assessments:import")
    errors: list[str] = []
    preview = None
    if text_form.is_valid():
        data = text_form.cleaned_data
        try:
            if "save" in request.POST:
                assessment, summary = text_import_save(
                    agency=request.agency,  # type: ignore[attr-defined]
                    year=data["year"],
                    kind=data["kind"],
                    text=data["text"],
                    actor=request.user,
                )
                messages.success(
                    request,
                    _("นำเข้าคะแนนแล้ว: ใหม่ %(c)s ข้อ แก้ไข %(u)s ข้อ ข้อเสนอแนะ %(r)s ข้อ")
                    % {
                        "c": summary["created"],
                        "u": summary["updated"],
                        "r": len(summary["recommendations"]),  # type: ignore[arg-type]
                    },
                )
                return redirect("assessments:detail", year=assessment.year, kind=assessment.kind)
            preview = text_import_preview(year=data["year"], text=data["text"])
        except ImportFailed as e:
            errors = e.errors
    return render(
        request,
        "assessments/import.html",
        {
            "form": ImportForm(),
            "text_form": text_form,
            "errors": errors,
            "preview": preview,
            "text": text_form.cleaned_data.get("text", "") if text_form.is_valid() else "",
        },
        status=200 if preview is not None else 400,
    )


@admin_required
def edit_scores(request: HttpRequest, year: int, kind: str) -> HttpResponse:
    """Type or correct scores by hand. Every typed value survives an error."""
    assessment = get_for_agency(Assessment, request.agency, year=year, kind=kind)  # type: ignore[attr-defined]
    spec = framework_spec(assessment.framework)
    current = {code: f"{v:.2f}" for code, v in assessment_report(assessment).questions.items()}
    values: dict[str, str] = dict(current)
    field_errors: dict[str, str] = {}
    if request.method == "POST":
        rows: list[ScoreRow] = []
        for n, q in enumerate(spec.questions, start=1):
            raw = request.POST.get(f"score_{q.code}", "").strip()
            values[q.code] = raw
            if not raw:
                continue
            try:
                value = parse_number(raw)
            except ValueError:
                field_errors[q.code] = _("'%s' ไม่ใช่ตัวเลข") % raw
                continue
            if not Decimal(0) <= value <= 100:
                field_errors[q.code] = _("ต้องอยู่ระหว่าง 0 ถึง 100")
            elif value != value.quantize(Decimal("0.01")):
                field_errors[q.code] = _("ทศนิยมได้ไม่เกิน 2 ตำแหน่ง")
            elif q.answer_type == "oit_item" and value not in (0, 100):
                field_errors[q.code] = _("ข้อ OIT ได้เพียง 100 หรือ 0")
            elif current.get(q.code) != f"{value:.2f}":
                rows.append(ScoreRow(n, q.code, value, ""))
        if not field_errors:
            scores_write(assessment=assessment, rows=rows, source="manual", actor=request.user)
            messages.success(request, _("บันทึกคะแนน %d ข้อแล้ว") % len(rows))
            return redirect("assessments:detail", year=year, kind=kind)
    questions = [
        {"spec": q, "value": values.get(q.code, ""), "error": field_errors.get(q.code)}
        for q in spec.questions
    ]
    return render(
        request,
        "assessments/edit_scores.html",
        {"assessment": assessment, "questions": questions, "has_errors": bool(field_errors)},
        status=400 if field_errors else 200,
    )
