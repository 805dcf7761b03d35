"""The answer pages: plain HTML forms, no sign-in, no JavaScript needed.

A completed questionnaire costs one GET and one POST (one short transaction,
`submit.py`). In paged mode the answers of earlier screens travel in hidden fields
of the next screen, not in a server-side session, so an abandoned questionnaire
leaves nothing behind anywhere (and nothing partial is ever stored).
"""

from __future__ import annotations

import time
from datetime import datetime
from typing import Any

from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from prongsai.lib.http import client_address
from prongsai.surveys import pagecache
from prongsai.surveys.models import AccessCode, Survey
from prongsai.surveys.questionnaire import Group, Questionnaire, parse_answers, questionnaire
from prongsai.surveys.selectors import public_aggregates, survey_state
from prongsai.surveys.submit import (
    Outcome,
    code_hash,
    new_client_token,
    rate_limit_allows,
    response_submit,
    shared_code_ok,
    valid_client_token,
)

_surveys: dict[str, tuple[object, float, Survey]] = {}
SURVEY_CACHE_SECONDS = 60.0


def _survey(slug: str) -> Survey:
    """The survey of the URL. Answer pages are the hot path: one small query
    checks that the survey has not changed (`updated_at`) and the row read
    before is reused; the agency's name may lag by up to a minute."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id, updated_at FROM {Survey._meta.db_table} WHERE slug = %s", [slug]
        )
        row = cursor.fetchone()
    if row is None:
        raise Http404
    cached = _surveys.get(slug)
    now = time.monotonic()
    if cached is not None and cached[0] == row[1] and now - cached[1] < SURVEY_CACHE_SECONDS:
        return cached[2]
    survey = Survey.objects.select_related("agency").get(pk=row[0])
    if len(_surveys) > 1000:
        _surveys.clear()
    _surveys[slug] = (row[1], now, survey)
    return survey


@require_GET
def health(request: HttpRequest) -> HttpResponse:
    """A trivial endpoint: the load test's baseline (same server, no database)."""
    return HttpResponse("ok", content_type="text/plain")


def _closed(request: HttpRequest, survey: Survey, state: str, status: int) -> HttpResponse:
    return render(request, "surveys/closed.html", {"survey": survey, "state": state}, status=status)


def _render_form(
    request: HttpRequest,
    survey: Survey,
    qn: Questionnaire,
    *,
    step: int = 1,
    values: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    code: str = "",
    code_error: str = "",
    client_id: str | None = None,
    status: int = 200,
    csrf_token: str | None = None,
) -> HttpResponse:
    paged = survey.layout == "paged" and len(qn.groups) > 1
    groups = [qn.groups[step - 1]] if paged else list(qn.groups)
    shown = {f for g in groups for q in g.questions for f, _p in q.fields}
    values = values or {}
    errors = errors or {}
    # "ข้อ 2, 3.1": links from the summary to each question with a problem.
    error_links = [
        (field, f"{q.number}.{part}" if part else str(q.number))
        for q in qn.questions
        for field, part in q.fields
        if field in errors
    ]
    blank = not values and not errors
    context: dict[str, Any] = {
        "survey": survey,
        "groups": groups,
        "values": values,
        "errors": errors,
        "error_links": error_links,
        "hidden": sorted((k, v) for k, v in values.items() if k not in shown),
        "code": code,
        "code_error": code_error,
        "client_id": client_id or new_client_token(),
        "paged": paged,
        "step": step,
        "steps": len(qn.groups),
        "last_step": not paged or step == len(qn.groups),
        "total_questions": len(qn.questions),
    }
    if blank:
        context["questions_html"] = _blank_questions(qn, step if paged else 0, groups)
    if csrf_token is not None:  # pagecache renders with a placeholder
        context["csrf_token"] = csrf_token
    return render(request, "surveys/answer.html", context, status=status)


_blank_cache: dict[tuple[int, datetime, str, int], str] = {}


def _blank_questions(qn: Questionnaire, step: int, groups: list[Group]) -> SafeString:
    """The questions of a blank screen, rendered once per survey version, language
    and screen: every respondent's first GET shows the same HTML, and rendering
    some sixty radio buttons is most of the cost of the page."""
    key = (qn.survey_pk, qn.version, get_language() or "", step)
    html = _blank_cache.get(key)
    if html is None:
        html = render_to_string(
            "surveys/_questions.html", {"groups": groups, "values": {}, "errors": {}}
        )
        if len(_blank_cache) > 1000:
            _blank_cache.clear()
        _blank_cache[key] = html
    return mark_safe(html)  # our own template's output


def _form_values(qn: Questionnaire, data: Any) -> dict[str, str]:
    """Every answer field the POST carries (this screen's and the hidden ones)."""
    out = {}
    for q in qn.questions:
        for field, _part in q.fields:
            value = data.get(field, "")
            if value:
                out[field] = value
    return out


def _code_problem(survey: Survey, code: str, *, check_single_use: bool) -> str:
    if not survey.needs_code:
        return ""
    if not code.strip():
        return _("กรุณากรอกรหัสเข้าตอบที่ได้รับ")
    if survey.access == "shared":
        return "" if shared_code_ok(survey, code) else _("รหัสไม่ถูกต้อง")
    if (
        check_single_use
        and not AccessCode.objects.filter(survey=survey, code_hash=code_hash(survey, code)).exists()
    ):
        return _("รหัสนี้ไม่ถูกต้องหรือถูกใช้ไปแล้ว")
    return ""


@never_cache
@require_http_methods(["GET", "POST"])
def answer(request: HttpRequest, slug: str) -> HttpResponse:
    survey = _survey(slug)
    state = survey_state(survey)
    if state != "open":
        return _closed(request, survey, state, 200 if request.method == "GET" else 403)
    qn = questionnaire(survey)
    if request.method == "GET":
        if pagecache.cacheable(request):
            return pagecache.blank_page(
                request,
                survey,
                new_client_token(),
                lambda csrf, client_id: _render_form(
                    request, survey, qn, client_id=client_id, csrf_token=csrf
                ),
            )
        return _render_form(request, survey, qn, code=request.GET.get("code", "")[:40])

    data = request.POST
    code = data.get("code", "")[:40]
    client_id = data.get("client_id", "")
    if not valid_client_token(client_id):
        return _render_form(
            request,
            survey,
            qn,
            values=_form_values(qn, data),
            code=code,
            status=400,
            code_error=_("แบบฟอร์มไม่สมบูรณ์ กรุณาตรวจคำตอบแล้วกดส่งอีกครั้ง"),
        )
    today = timezone.localdate()
    address = client_address(request)
    # Staff surveys: codes already stop repeats and a whole office may answer
    # from one address, so only refused codes count (against guessing), and an
    # address that has guessed too often is stopped before any code is checked.
    if survey.needs_code and not rate_limit_allows(survey, address, today, count=False):
        return render(request, "surveys/rate_limited.html", {"survey": survey}, status=429)

    def refused(code_problem: str) -> None:
        if code_problem and code.strip():
            rate_limit_allows(survey, address, today)

    values = _form_values(qn, data)
    paged = survey.layout == "paged" and len(qn.groups) > 1
    try:
        step = min(max(int(data.get("step", "1")), 1), len(qn.groups))
    except ValueError:
        step = 1
    action = data.get("action", "submit")
    common: dict[str, Any] = {"values": values, "code": code, "client_id": client_id}

    if paged and action == "back":
        return _render_form(request, survey, qn, step=max(step - 1, 1), **common)
    if paged and action == "next":
        _answers, errors = parse_answers(qn, data, groups={step})
        problem = _code_problem(survey, code, check_single_use=True) if step == 1 else ""
        refused(problem)
        if errors or problem:
            return _render_form(
                request,
                survey,
                qn,
                step=step,
                errors=errors,
                code_error=problem,
                status=400,
                **common,
            )
        return _render_form(request, survey, qn, step=min(step + 1, len(qn.groups)), **common)

    answers, errors = parse_answers(qn, data)
    problem = _code_problem(survey, code, check_single_use=False)
    refused(problem)
    if errors or problem:
        first = step
        if paged and errors:
            first = next(
                g.number
                for g in qn.groups
                for q in g.questions
                for f, _p in q.fields
                if f in errors
            )
        elif paged:
            first = 1
        return _render_form(
            request, survey, qn, step=first, errors=errors, code_error=problem, status=400, **common
        )
    if not survey.needs_code and not rate_limit_allows(survey, address, today):
        return render(request, "surveys/rate_limited.html", {"survey": survey}, status=429)
    outcome = response_submit(
        survey=survey,
        question_ids={q.code: q.pk for q in qn.questions},
        answers=answers,
        token=client_id,
        code=code,
        today=today,
    )
    if outcome == Outcome.BAD_CODE:
        refused("bad code")
        return _render_form(
            request,
            survey,
            qn,
            step=1,
            status=403,
            code_error=_("รหัสนี้ไม่ถูกต้องหรือถูกใช้ไปแล้ว คำตอบยังไม่ถูกบันทึก"),
            **common,
        )
    # 303: the browser follows with a GET, so reloading the thank-you page
    # never re-posts the form (a re-post would be harmless anyway).
    return HttpResponseRedirect(reverse("surveys:thanks", args=[survey.slug]), status=303)


@require_GET
def thanks(request: HttpRequest, slug: str) -> HttpResponse:
    return render(request, "surveys/thanks.html", {"survey": _survey(slug)})


@require_GET
def aggregates(request: HttpRequest, slug: str) -> HttpResponse:
    """Aggregates only, for public display; 404 unless the admin published them."""
    survey = _survey(slug)
    if not survey.public_results:
        raise Http404
    response = JsonResponse(public_aggregates(survey), json_dumps_params={"ensure_ascii": False})
    response["Access-Control-Allow-Origin"] = "*"
    return response
