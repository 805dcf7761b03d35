"""Building and configuring surveys (agency admins); reading them (members)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from prongsai.accounts.access import admin_required, get_for_agency, member_required
from prongsai.framework.models import Framework
from prongsai.surveys import forms as f
from prongsai.surveys import services
from prongsai.surveys.models import AnswerType, Survey
from prongsai.surveys.posters import qr_svg
from prongsai.surveys.questionnaire import questionnaire
from prongsai.surveys.selectors import public_url, survey_progress, survey_state, surveys_of


def _errors_to_form(form: BaseForm, error: ValidationError) -> None:
    for field, errors in error.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)


def get_survey(request: HttpRequest, slug: str) -> Survey:
    agency = request.agency  # type: ignore[attr-defined]
    return get_for_agency(Survey.objects.select_related("agency", "framework"), agency, slug=slug)


@member_required
def survey_list(request: HttpRequest) -> HttpResponse:
    agency = request.agency  # type: ignore[attr-defined]
    return render(request, "surveys/list.html", {"surveys": surveys_of(agency), "agency": agency})


@admin_required
def survey_new(request: HttpRequest) -> HttpResponse:
    """Step 1 (GET): year and tool. Step 2: the questions with known texts, the
    missing ones with a box each for the admin's text, and the settings."""
    choice = f.FrameworkChoiceForm(request.GET or None)
    if not choice.is_valid():
        return render(request, "surveys/new.html", {"choice": choice})
    framework: Framework = choice.cleaned_data["framework"]
    tool = choice.cleaned_data["tool"]
    found = services.framework_questions(framework, tool)
    form = f.NewSurveyForm(
        request.POST or None,
        initial={
            "title": _("แบบสอบถาม %(tool)s ประเมินตนเอง ปี %(year)d")
            % {"tool": tool.upper(), "year": framework.year}
        },
    )
    access = f.StaffAccessForm(request.POST or None) if tool == "iit" else None
    supplied = {q.code: request.POST.get(f"text-{q.code}", "") for q in found.missing}
    if request.method == "POST" and form.is_valid() and (access is None or access.is_valid()):
        data = form.cleaned_data
        try:
            survey, left_out = services.survey_create_from_framework(
                agency=request.agency,  # type: ignore[attr-defined]
                framework=framework,
                tool=tool,
                title=data["title"],
                slug=data["slug"] or None,
                opens_on=data["opens_on"],
                closes_on=data["closes_on"],
                layout=data["layout"],
                min_sample=data["min_sample"],
                access=access.cleaned_data["access"] if access else "codes",
                shared_code=access.cleaned_data["shared_code"] if access else "",
                supplied_texts=supplied,
                actor=request.user,
            )
        except ValidationError as e:
            _errors_to_form(form, e)
        else:
            messages.success(request, _("สร้างแบบสอบถามแล้ว"))
            if left_out:
                messages.warning(
                    request,
                    _("ข้อที่ยังไม่ทราบข้อความจึงไม่อยู่ในแบบสอบถาม: %s") % ", ".join(left_out),
                )
            return redirect("surveys:detail", slug=survey.slug)
    context = {
        "choice": choice,
        "framework": framework,
        "tool": tool,
        "found": found,
        "form": form,
        "access": access,
        "supplied": supplied,
        "answer_labels": dict(AnswerType.choices),
    }
    return render(
        request, "surveys/new.html", context, status=400 if request.method == "POST" else 200
    )


@admin_required
def survey_new_custom(request: HttpRequest) -> HttpResponse:
    form = f.CustomSurveyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        questions = [
            (line, "satisfaction") for line in data["questions"].splitlines() if line.strip()
        ]
        if data["comment"]:
            questions.append((_("ข้อเสนอแนะเพิ่มเติม"), "free_text"))
        try:
            survey = services.survey_create_custom(
                agency=request.agency,  # type: ignore[attr-defined]
                title=data["title"],
                slug=data["slug"] or None,
                kind=data["kind"],
                opens_on=data["opens_on"],
                closes_on=data["closes_on"],
                layout=data["layout"],
                min_sample=data["min_sample"],
                access=data["access"],
                shared_code=data["shared_code"],
                services=data["services"].splitlines(),
                questions=questions,
                actor=request.user,
            )
        except ValidationError as e:
            _errors_to_form(form, e)
        else:
            messages.success(request, _("สร้างแบบสอบถามแล้ว"))
            return redirect("surveys:detail", slug=survey.slug)
    status = 400 if request.method == "POST" else 200
    return render(request, "surveys/new_custom.html", {"form": form}, status=status)


def _detail(request: HttpRequest, survey: Survey, status: int = 200, **forms: Any) -> HttpResponse:
    url = public_url(survey)
    context = {
        "survey": survey,
        "state": survey_state(survey),
        "url": url,
        "qr": qr_svg(url),
        "progress": survey_progress(survey),
        "questions": questionnaire(survey).questions,
        "answered": survey.responses.exists(),
        "codes_left": survey.codes.count() if survey.uses_codes else None,
        "settings_form": forms.get("settings_form") or f.SurveySettingsForm(instance=survey),
        "question_form": forms.get("question_form") or f.QuestionAddForm(),
        "codes_form": forms.get("codes_form") or f.CodesForm(),
        "is_admin": request.membership.is_admin,  # type: ignore[attr-defined]
        "answer_labels": dict(AnswerType.choices),
    }
    return render(request, "surveys/detail.html", context, status=status)


@member_required
def survey_detail(request: HttpRequest, slug: str) -> HttpResponse:
    return _detail(request, get_survey(request, slug))


@admin_required
@require_POST
def survey_settings(request: HttpRequest, slug: str) -> HttpResponse:
    survey = get_survey(request, slug)
    form = f.SurveySettingsForm(request.POST, instance=Survey.objects.get(pk=survey.pk))
    if form.is_valid():
        try:
            services.survey_update(
                survey=survey,
                actor=request.user,
                **{k: v for k, v in form.cleaned_data.items() if k in services.SETTABLE},
            )
        except ValidationError as e:
            _errors_to_form(form, e)
        else:
            messages.success(request, _("บันทึกการตั้งค่าแล้ว"))
            return redirect("surveys:detail", slug=slug)
    return _detail(request, survey, status=400, settings_form=form)


@admin_required
@require_POST
def question_add(request: HttpRequest, slug: str) -> HttpResponse:
    survey = get_survey(request, slug)
    form = f.QuestionAddForm(request.POST)
    if form.is_valid():
        try:
            services.question_add(survey=survey, actor=request.user, **form.cleaned_data)
        except ValidationError as e:
            _errors_to_form(form, e)
        else:
            messages.success(request, _("เพิ่มข้อคำถามแล้ว"))
            return redirect("surveys:detail", slug=slug)
    return _detail(request, survey, status=400, question_form=form)


@admin_required
@require_POST
def question_text(request: HttpRequest, slug: str, code: str) -> HttpResponse:
    survey = get_survey(request, slug)
    form = f.QuestionTextForm(request.POST)
    if form.is_valid():
        try:
            services.question_text_set(
                survey=survey, code=code, text=form.cleaned_data["text"], actor=request.user
            )
        except ValidationError as e:
            for errors in e.message_dict.values():
                for error in errors:
                    messages.error(request, error)
        else:
            messages.success(request, _("แก้ข้อความข้อ %s แล้ว") % code)
    return redirect("surveys:detail", slug=slug)


@admin_required
@require_POST
def codes_generate(request: HttpRequest, slug: str) -> HttpResponse:
    """New codes, shown once as printable slips (only their hashes are kept)."""
    survey = get_survey(request, slug)
    form = f.CodesForm(request.POST)
    if form.is_valid():
        try:
            codes = services.codes_generate(
                survey=survey, count=form.cleaned_data["count"], actor=request.user
            )
        except ValidationError as e:
            _errors_to_form(form, e)
        else:
            url = public_url(survey)
            slips = [(code, qr_svg(f"{url}?code={code}")) for code in codes]
            return render(
                request, "surveys/slips.html", {"survey": survey, "slips": slips, "url": url}
            )
    return _detail(request, survey, status=400, codes_form=form)
