"""The official-round kit: ITAS links, QR posters, targets and a progress log.

Agencies often fall short of the NACC's minimum sample in the official round
(users.md §2), so the same kit serves it: the admin enters the ITAS IIT/EIT links
(https://itas.nacc.go.th/go/iit/<code>, /go/eit/<code>) and the staff count, prints
posters, and logs the counts ITAS shows under "ติดตามสถานะ".
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from prongsai.accounts.access import admin_required, member_required
from prongsai.lib.thai import fiscal_year_be
from prongsai.surveys import forms as f
from prongsai.surveys.charts import progress_chart
from prongsai.surveys.models import OfficialRound
from prongsai.surveys.posters import itas_poster_data, poster_pdf
from prongsai.surveys.selectors import round_series, round_targets
from prongsai.surveys.services import round_progress_record, round_save
from prongsai.surveys.views_admin import _errors_to_form
from prongsai.surveys.views_results import PDF, _download


@member_required
def round_current(request: HttpRequest) -> HttpResponse:
    return redirect("surveys:round", year=fiscal_year_be(timezone.localdate()))


def _round(request: HttpRequest, year: int) -> OfficialRound | None:
    return (
        OfficialRound.objects.select_related("agency")
        .prefetch_related("progress")
        .filter(agency=request.agency, year=year)  # type: ignore[attr-defined]
        .first()
    )


def _page(request: HttpRequest, year: int, status: int = 200, **forms: object) -> HttpResponse:
    agency = request.agency  # type: ignore[attr-defined]
    official = _round(request, year)
    initial = {"staff_count": agency.staff_count}
    if official is not None:
        initial = {
            k: getattr(official, k)
            for k in ("iit_url", "eit_url", "staff_count", "size", "iit_target", "eit_target")
        }
    tools = []
    if official is not None:
        targets = round_targets(official)
        for tool, url, target in (
            ("iit", official.iit_url, targets.iit_target),
            ("eit", official.eit_url, targets.eit_target),
        ):
            series = round_series(official, tool)
            latest = series[-1][1] if series else 0
            tools.append(
                {
                    "tool": tool,
                    "url": url,
                    "target": target,
                    "series": series,
                    "latest": latest,
                    "percent": min(100.0, 100.0 * latest / target) if target else None,
                }
            )
    else:
        targets = None
    context = {
        "year": year,
        "official": official,
        "targets": targets,
        "tools": tools,
        "form": forms.get("form") or f.RoundForm(initial=initial),
        "progress_form": forms.get("progress_form") or f.ProgressForm(),
        "is_admin": request.membership.is_admin,  # type: ignore[attr-defined]
        "agency": agency,
    }
    return render(request, "surveys/round.html", context, status=status)


@member_required
def round_page(request: HttpRequest, year: int) -> HttpResponse:
    return _page(request, year)


@admin_required
@require_POST
def round_update(request: HttpRequest, year: int) -> HttpResponse:
    form = f.RoundForm(request.POST)
    if form.is_valid():
        data = {k: v if v is not None else None for k, v in form.cleaned_data.items()}
        data["size"] = data["size"] or ""
        data["iit_url"] = data["iit_url"] or ""
        data["eit_url"] = data["eit_url"] or ""
        try:
            round_save(agency=request.agency, year=year, actor=request.user, **data)  # type: ignore[attr-defined]
        except ValidationError as e:
            _errors_to_form(form, e)
        else:
            messages.success(request, _("บันทึกข้อมูลรอบประเมินแล้ว"))
            return redirect("surveys:round", year=year)
    return _page(request, year, status=400, form=form)


@admin_required
@require_POST
def round_progress(request: HttpRequest, year: int) -> HttpResponse:
    official = _round(request, year)
    if official is None:
        raise Http404
    form = f.ProgressForm(request.POST)
    if form.is_valid():
        try:
            round_progress_record(official=official, actor=request.user, **form.cleaned_data)
        except ValidationError as e:
            _errors_to_form(form, e)
        else:
            messages.success(request, _("บันทึกจำนวนผู้ตอบแล้ว"))
            return redirect("surveys:round", year=year)
    return _page(request, year, status=400, progress_form=form)


@member_required
def round_poster(request: HttpRequest, year: int, tool: str) -> HttpResponse:
    official = _round(request, year)
    url = getattr(official, f"{tool}_url", "") if tool in ("iit", "eit") else ""
    if official is None or not url:
        raise Http404
    data = itas_poster_data(official.agency, year, tool, url, timezone.localdate())
    return _download(poster_pdf(data), PDF, f"itas-{tool}-{year}.pdf", inline=True)


@member_required
def round_chart(request: HttpRequest, year: int, tool: str) -> HttpResponse:
    official = _round(request, year)
    if official is None or tool not in ("iit", "eit"):
        raise Http404
    targets = round_targets(official)
    target = targets.iit_target if tool == "iit" else targets.eit_target
    # Arabic digits like the rest of the web page (documents use the agency's digits).
    png = progress_chart(tuple(round_series(official, tool)), target, "arabic")
    return _download(png, "image/png", f"itas-{tool}-{year}.png", inline=True)
