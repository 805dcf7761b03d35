"""Analysis pages: weaknesses of an assessment and the agency's recommendations.
Measures are in views_measures.py, results and evidence in views_results.py."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from prongsai.accounts.access import admin_required, get_for_agency, member_required
from prongsai.assessments.models import Assessment
from prongsai.assessments.selectors import (
    assessments_of,
    latest_assessment,
    questions_unavailable,
)
from prongsai.framework.models import Question
from prongsai.framework.services import framework_spec
from prongsai.history.services import history_for
from prongsai.improvement.forms import (
    RecommendationForm,
    WeaknessAddForm,
    WeaknessDropForm,
    WeaknessTextForm,
    add_service_errors,
)
from prongsai.improvement.models import AgencyRecommendation, Weakness
from prongsai.improvement.recommendations import load_library
from prongsai.improvement.selectors import weakness_for_page, weakness_groups
from prongsai.improvement.services import (
    measure_create_from_suggestion,
    recommendation_delete_agency_copy,
    recommendation_save_agency_copy,
    weakness_add,
    weakness_drop,
    weakness_restore,
    weakness_update_text,
    weaknesses_analyze,
)


def _agency(request: HttpRequest) -> Any:
    return request.agency  # type: ignore[attr-defined]


def _is_admin(request: HttpRequest) -> bool:
    return bool(request.membership.is_admin)  # type: ignore[attr-defined]


def _weakness(request: HttpRequest, pk: int) -> Weakness:
    qs = Weakness.objects.select_related("question", "assessment__agency", "assessment__framework")
    return get_for_agency(qs, _agency(request), path="assessment__agency", pk=pk)


def _analysis_url(assessment: Assessment) -> str:
    return reverse("improvement:analysis", args=[assessment.year, assessment.kind])


def _render_analysis(
    request: HttpRequest,
    assessment: Assessment,
    *,
    add_form: WeaknessAddForm | None = None,
    drop_forms: dict[int, WeaknessDropForm] | None = None,
    status: int = 200,
) -> HttpResponse:
    context = {
        "assessment": assessment,
        "assessments": assessments_of(_agency(request)),
        "threshold": assessment.agency.weakness_threshold,
        "is_admin": _is_admin(request),
        "add_form": add_form or WeaknessAddForm(),
        "drop_forms": drop_forms or {},
        **weakness_groups(assessment),
        "questions_unavailable": questions_unavailable(assessment),
    }
    template = "improvement/analysis.html"
    if request.htmx:  # type: ignore[attr-defined]
        # htmx swaps only 2xx answers; the errors are in the partial itself.
        return render(request, template + "#weakness-list", context)
    return render(request, template, context, status=status)


@member_required
def analysis_index(request: HttpRequest) -> HttpResponse:
    assessment = latest_assessment(_agency(request))
    if assessment is None:
        return render(request, "improvement/analysis_empty.html", {"is_admin": _is_admin(request)})
    return redirect(_analysis_url(assessment))


@member_required
def analysis(request: HttpRequest, year: int, kind: str) -> HttpResponse:
    assessment = get_for_agency(
        Assessment.objects.select_related("agency", "framework"),
        _agency(request),
        year=year,
        kind=kind,
    )
    return _render_analysis(request, assessment)


@admin_required
@require_POST
def analysis_run(request: HttpRequest, year: int, kind: str) -> HttpResponse:
    assessment = get_for_agency(Assessment, _agency(request), year=year, kind=kind)
    summary = weaknesses_analyze(assessment=assessment, actor=request.user)
    if summary["created"]:
        messages.success(
            request,
            _("พบข้อบกพร่องใหม่ %(n)d ข้อ: %(codes)s")
            % {"n": len(summary["created"]), "codes": ", ".join(summary["created"])},
        )
    else:
        messages.info(request, _("วิเคราะห์แล้ว ไม่มีข้อบกพร่องใหม่"))
    return redirect(_analysis_url(assessment))


@admin_required
@require_POST
def weakness_add_view(request: HttpRequest, year: int, kind: str) -> HttpResponse:
    assessment = get_for_agency(Assessment, _agency(request), year=year, kind=kind)
    form = WeaknessAddForm(request.POST)
    form.is_valid()
    try:
        weakness = weakness_add(
            assessment=assessment, code=form.cleaned_data.get("code", ""), actor=request.user
        )
    except ValidationError as e:
        add_service_errors(form, e)
        return _render_analysis(request, assessment, add_form=form, status=400)
    if request.htmx:  # type: ignore[attr-defined]
        return _render_analysis(request, assessment)
    messages.success(request, _("เพิ่มข้อ %s เป็นข้อบกพร่องแล้ว") % weakness.question.code)
    return redirect(_analysis_url(assessment) + f"#w{weakness.pk}")


@admin_required
@require_POST
def weakness_drop_view(request: HttpRequest, pk: int) -> HttpResponse:
    weakness = _weakness(request, pk)
    form = WeaknessDropForm(request.POST)
    form.is_valid()
    try:
        weakness_drop(
            weakness=weakness, actor=request.user, reason=form.cleaned_data.get("reason", "")
        )
    except ValidationError as e:
        add_service_errors(form, e)
        return _render_analysis(
            request, weakness.assessment, drop_forms={weakness.pk: form}, status=400
        )
    if request.htmx:  # type: ignore[attr-defined]
        return _render_analysis(request, weakness.assessment)
    messages.success(
        request, _("ย้ายข้อ %s ไปไว้ในรายการที่ไม่ถือเป็นข้อบกพร่องแล้ว") % weakness.question.code
    )
    return redirect(_analysis_url(weakness.assessment) + "#dropped")


@admin_required
@require_POST
def weakness_restore_view(request: HttpRequest, pk: int) -> HttpResponse:
    weakness = _weakness(request, pk)
    try:
        weakness_restore(weakness=weakness, actor=request.user)
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
    if request.htmx:  # type: ignore[attr-defined]
        return _render_analysis(request, weakness.assessment)
    return redirect(_analysis_url(weakness.assessment) + f"#w{weakness.pk}")


def _weakness_page(
    request: HttpRequest,
    weakness: Weakness,
    form: WeaknessTextForm | None = None,
    status: int = 200,
) -> HttpResponse:
    initial = {
        "diagnosis": weakness.diagnosis,
        "recommendation": weakness.recommendation,
        "references": ", ".join(weakness.references),
    }
    spec = framework_spec(weakness.assessment.framework)
    return render(
        request,
        "improvement/weakness_detail.html",
        {
            "w": weakness_for_page(weakness),
            "indicator": spec.indicator(weakness.question.indicator),
            "tool": spec.tools[weakness.question.tool],  # type: ignore[index]
            "form": form or WeaknessTextForm(initial=initial),
            "history": history_for(weakness),
            "is_admin": _is_admin(request),
        },
        status=status,
    )


@member_required
def weakness_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _weakness_page(request, _weakness(request, pk))


@admin_required
@require_POST
def weakness_edit(request: HttpRequest, pk: int) -> HttpResponse:
    weakness = _weakness(request, pk)
    form = WeaknessTextForm(request.POST)
    form.is_valid()
    try:
        weakness_update_text(
            weakness=weakness,
            actor=request.user,
            diagnosis=form.cleaned_data.get("diagnosis", ""),
            recommendation=form.cleaned_data.get("recommendation", ""),
            references=form.cleaned_data.get("references", ""),
        )
    except ValidationError as e:
        add_service_errors(form, e)
        return _weakness_page(request, weakness, form, status=400)
    messages.success(request, _("บันทึกข้อความของข้อ %s แล้ว") % weakness.question.code)
    return redirect("improvement:weakness", pk=weakness.pk)


@admin_required
@require_POST
def measure_from_suggestion(request: HttpRequest, pk: int, index: int) -> HttpResponse:
    weakness = _weakness(request, pk)
    try:
        measure, created = measure_create_from_suggestion(
            weakness=weakness, index=index, actor=request.user
        )
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
        return redirect(_analysis_url(weakness.assessment) + f"#w{weakness.pk}")
    if created:
        messages.success(
            request, _("สร้างมาตรการ “%s” แล้ว ตรวจและแก้ไขรายละเอียดได้ที่หน้านี้") % measure.name
        )
    else:
        messages.info(request, _("มีมาตรการนี้สำหรับข้อบกพร่องนี้อยู่แล้ว"))
    return redirect("improvement:measure", pk=measure.pk)


def _library_entry(year: int, code: str) -> tuple[Any, str]:
    """The shipped entry for a question (its own, else its indicator's)."""
    question = Question.objects.filter(framework__year=year, code=code).first()
    if question is None:
        raise Http404
    library = load_library(year)
    if library is None:
        return None, "none"
    try:
        return library.for_question(code, question.indicator)
    except KeyError:
        return None, "none"


@admin_required
def recommendation_edit(request: HttpRequest, year: int, code: str) -> HttpResponse:
    agency = _agency(request)
    entry, source = _library_entry(year, code)
    copy = AgencyRecommendation.objects.filter(agency=agency, year=year, code=code).first()
    base = copy or entry
    initial = (
        {
            "diagnosis": base.diagnosis,
            "recommendation": base.recommendation,
            "references": ", ".join(base.references),
        }
        if base is not None
        else {}
    )
    form = RecommendationForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        form.is_valid()
        try:
            recommendation_save_agency_copy(
                agency=agency,
                year=year,
                code=code,
                actor=request.user,
                diagnosis=form.cleaned_data.get("diagnosis", ""),
                recommendation=form.cleaned_data.get("recommendation", ""),
                references=form.cleaned_data.get("references", ""),
            )
        except ValidationError as e:
            add_service_errors(form, e)
            status = 400
        else:
            messages.success(request, _("บันทึกข้อเสนอแนะฉบับหน่วยงานของข้อ %s แล้ว") % code)
            return redirect("improvement:recommendation", year=year, code=code)
    context = {
        "year": year,
        "code": code,
        "form": form,
        "copy": copy,
        "entry": entry,
        "source": source,
        "history": history_for(copy) if copy is not None else [],
    }
    return render(request, "improvement/recommendation_form.html", context, status=status)


@admin_required
@require_POST
def recommendation_reset(request: HttpRequest, year: int, code: str) -> HttpResponse:
    recommendation_delete_agency_copy(
        agency=_agency(request), year=year, code=code, actor=request.user
    )
    messages.success(request, _("กลับไปใช้ข้อเสนอแนะตามคลังของระบบสำหรับข้อ %s แล้ว") % code)
    return redirect("improvement:recommendation", year=year, code=code)
