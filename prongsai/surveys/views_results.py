"""Progress, results, report, exports, poster and pre-assessment of one survey."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from prongsai.accounts.access import admin_required, member_required
from prongsai.framework.services import framework_spec
from prongsai.surveys.charts import satisfaction_chart
from prongsai.surveys.exports import export_csv, export_xlsx
from prongsai.surveys.posters import poster_pdf, survey_poster_data
from prongsai.surveys.questionnaire import questionnaire
from prongsai.surveys.report import level, report_docx, report_pdf
from prongsai.surveys.selectors import (
    public_url,
    satisfaction_results,
    survey_progress,
    survey_question_results,
    survey_score_report,
)
from prongsai.surveys.services import survey_to_pre_assessment
from prongsai.surveys.views_admin import get_survey

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _download(
    data: bytes, content_type: str, filename: str, *, inline: bool = False
) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@member_required
def progress(request: HttpRequest, slug: str) -> HttpResponse:
    """Responses against the minimum sample, per day. Live: the panel polls its
    own partial with htmx every few seconds; without JS a reload shows the same."""
    survey = get_survey(request, slug)
    context = {"survey": survey, "progress": survey_progress(survey)}
    template = "surveys/_progress.html" if request.htmx else "surveys/progress.html"  # type: ignore[attr-defined]
    return render(request, template, context)


@member_required
def results(request: HttpRequest, slug: str) -> HttpResponse:
    survey = get_survey(request, slug)
    qn = questionnaire(survey)
    is_admin = request.membership.is_admin  # type: ignore[attr-defined]
    context: dict[str, object] = {"survey": survey, "is_admin": is_admin}
    has_satisfaction = any(q.answer_type == "satisfaction" for q in qn.questions)
    if survey.framework is not None:
        scores = survey_question_results(survey)
        report = survey_score_report(survey)
        spec = framework_spec(survey.framework)
        tool = survey.basis
        context["report"] = report
        context["tool_score"] = report.tool(tool) if report else None
        context["tool_questions"] = len(spec.questions_for_tool(tool))  # type: ignore[arg-type]
        context["indicator_rows"] = [
            (ind, report.indicators[ind.number])
            for ind in spec.indicators
            if report and ind.tool == tool and report.indicators[ind.number].answered
        ]
        context["question_rows"] = [
            (q, scores.get(q.code)) for q in qn.questions if q.code in scores
        ]
    if has_satisfaction:
        sat = satisfaction_results(survey, with_comments=is_admin)
        context["sat"] = sat
        context["sat_rows"] = [(q, stat, level(stat.mean)) for q, stat in sat.questions]
        context["service_rows"] = [
            (name, stat, count, level(stat.mean))
            for (name, stat, _per_q), (_n, count) in zip(
                sat.services, sat.service_counts, strict=True
            )
        ]
    context["progress"] = survey_progress(survey)
    return render(request, "surveys/results.html", context)


@member_required
def chart(request: HttpRequest, slug: str) -> HttpResponse:
    survey = get_survey(request, slug)
    sat = satisfaction_results(survey)
    if not sat.questions:
        raise Http404
    png = satisfaction_chart(tuple((q.text, stat.mean) for q, stat in sat.questions))
    return _download(png, "image/png", f"{survey.slug}.png", inline=True)


@member_required
def report(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    survey = get_survey(request, slug)
    if not any(q.answer_type == "satisfaction" for q in questionnaire(survey).questions):
        raise Http404
    if fmt == "pdf":
        return _download(report_pdf(survey), PDF, f"satisfaction-{survey.slug}.pdf", inline=True)
    if fmt == "docx":
        return _download(report_docx(survey), DOCX, f"satisfaction-{survey.slug}.docx")
    raise Http404


@admin_required
def export(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    survey = get_survey(request, slug)
    if fmt == "csv":
        return _download(
            export_csv(survey), "text/csv; charset=utf-8", f"responses-{survey.slug}.csv"
        )
    if fmt == "xlsx":
        return _download(export_xlsx(survey), XLSX, f"responses-{survey.slug}.xlsx")
    raise Http404


@member_required
def poster(request: HttpRequest, slug: str) -> HttpResponse:
    survey = get_survey(request, slug)
    pdf = poster_pdf(survey_poster_data(survey, public_url(survey)))
    return _download(pdf, PDF, f"poster-{survey.slug}.pdf", inline=True)


@admin_required
@require_POST
def pre_assessment(request: HttpRequest, slug: str) -> HttpResponse:
    survey = get_survey(request, slug)
    try:
        assessment = survey_to_pre_assessment(survey=survey, actor=request.user)
    except ValidationError as e:
        for error in e.messages:
            messages.error(request, error)
        return redirect("surveys:results", slug=slug)
    messages.success(
        request,
        _("บันทึกเป็นผลการประเมินตนเอง ปี %d แล้ว (หน่วยงานวัดเอง ไม่ใช่ผลของ ป.ป.ช.)") % assessment.year,
    )
    return redirect("assessments:detail", year=assessment.year, kind=assessment.kind)
