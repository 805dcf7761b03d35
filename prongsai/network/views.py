"""Supervisors' pages. A supervisor reads the agencies of their scope and nothing
else: every agency is looked up inside the scope, so one outside answers 404."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _

from prongsai.agencies.models import AgencyType
from prongsai.assessments.models import Assessment
from prongsai.lib.spreadsheets import csv_bytes, xlsx_bytes
from prongsai.network.charts import chart_bars
from prongsai.network.common import common_weaknesses
from prongsai.network.filters import SORT_LABELS, SORTS, Filters, as_table
from prongsai.network.map import Area, district_map, province_map
from prongsai.network.measure_kinds import LABELS as KIND_LABELS
from prongsai.network.selectors import (
    AreaSummary,
    NetworkRow,
    agencies_in,
    area_key,
    network_rows,
    question_changes,
    row_from,
    scope_summary,
    scopes_of,
)
from prongsai.network.table import COLUMNS, table
from prongsai.network.whatworked import what_worked

View = Callable[..., HttpResponse]
PAGE_SIZE = 100


def supervisor_required(view: View) -> View:
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        scopes = scopes_of(request.user)
        if not scopes:
            raise PermissionDenied(_("เฉพาะผู้กำกับดูแลที่ได้รับขอบเขตหน่วยงาน"))
        request.scopes = scopes  # type: ignore[attr-defined]
        return view(request, *args, **kwargs)

    return wrapper


def _year(request: HttpRequest, agencies: Any) -> int | None:
    years = sorted(
        set(
            Assessment.objects.filter(agency__in=agencies.values("pk"), kind="official")
            .values_list("year", flat=True)
            .distinct()
        ),
        reverse=True,
    )
    asked = request.GET.get("year", "")
    if asked.isdigit() and int(asked) in years:
        return int(asked)
    return years[0] if years else None


def _table(request: HttpRequest) -> dict[str, Any]:
    """The scope's table query for the asked year, filtered and ordered as asked
    (network.table: everything in SQL), with the summaries over the whole scope."""
    scopes = request.scopes  # type: ignore[attr-defined]
    agencies = agencies_in(scopes)
    year = _year(request, agencies)
    name = ", ".join(s.label for s in scopes)
    filters = Filters.from_query(request.GET)
    today = timezone.localdate()
    if year is None:
        return {"scopes": scopes, "year": None, "filters": filters, "today": today,
                "agencies": agencies, "all": None, "shown": None,
                "summary": AreaSummary(name, 0, 0, None, 0), "areas": []}  # fmt: skip
    everything = table(agencies, year, today)
    summary, areas, ratings = scope_summary(name, scopes, agencies, year)
    return {
        "scopes": scopes,
        "year": year,
        "filters": filters,
        "today": today,
        "agencies": agencies,
        "all": everything,
        "shown": filters.apply(everything),
        "summary": summary,
        "areas": areas,
        "ratings": ratings,
    }


def _rows(context: dict[str, Any], qs: Any) -> list[NetworkRow]:
    return [row_from(values, context["today"]) for values in qs.values(*COLUMNS)]


@supervisor_required
def network_page(request: HttpRequest) -> HttpResponse:
    context = _table(request)
    agencies = context["agencies"].order_by()
    present_types = set(agencies.values_list("type", flat=True).distinct())
    context.update(
        ratings=context.get("ratings", []),
        districts=sorted(agencies.values_list("district", flat=True).distinct()),
        types=[t for t in AgencyType if t.value in present_types],
        sorts=[(key, SORT_LABELS[key]) for key in SORTS],
        query=request.GET.urlencode(),
    )
    # A national scope has thousands of rows: the page reads them a page at a
    # time from the database (the summary, filters and export cover every row).
    # No results in the scope yet (a new province): no table query to read
    # (its annotations exist only on network.table's query), an empty page.
    shown = context["shown"].values(*COLUMNS) if context["shown"] is not None else []
    page = Paginator(shown, PAGE_SIZE).get_page(request.GET.get("page"))
    page_query = request.GET.copy()
    page_query.pop("page", None)
    context.update(
        page=page,
        shown=page.paginator.count,
        page_query=page_query.urlencode(),
        rows=[row_from(values, context["today"]) for values in page.object_list],
    )
    if not request.htmx:  # type: ignore[attr-defined]
        context.update(_map(request, context))
    template = "network/_table.html" if request.htmx else "network/index.html"  # type: ignore[attr-defined]
    return render(request, template, context)


def _map(request: HttpRequest, context: dict[str, Any]) -> dict[str, Any]:
    """Provinces (national scope) or districts (a province) shaded by the mean
    total or the share passing, from the area summaries already on the page."""
    key = area_key(context["scopes"])
    if key is None or not context["areas"]:
        return {}
    metric = "passing" if request.GET.get("map") == "passing" else "mean"
    values = {
        a.name: Area(a.mean_total if metric == "mean" else a.passing_share, a.agencies,
                     a.with_results)
        for a in context["areas"]
    }  # fmt: skip
    query = request.GET.copy()
    query.pop("map", None)
    if key == "province":
        drawn = province_map(values, metric)
    else:
        provinces = [s.province for s in context["scopes"] if s.province]
        drawn = district_map(values, metric, provinces, context["filters"].district)
    return {"map": drawn, "map_query": query.urlencode()}


@supervisor_required
def network_export(request: HttpRequest, fmt: str) -> HttpResponse:
    context = _table(request)
    rows = _rows(context, context["shown"]) if context["shown"] is not None else []
    header, body = as_table(rows)
    name = f"network-{context['year'] or 'none'}"
    if fmt == "csv":
        response = HttpResponse(csv_bytes(header, body), content_type="text/csv; charset=utf-8")
    elif fmt == "xlsx":
        response = HttpResponse(
            xlsx_bytes(_("หน่วยงาน"), header, body),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


@supervisor_required
def agency_page(request: HttpRequest, slug: str) -> HttpResponse:
    in_scope = agencies_in(request.scopes)  # type: ignore[attr-defined]
    agency = get_object_or_404(in_scope, slug=slug)
    years = sorted(
        set(agency.assessments.filter(kind="official").values_list("year", flat=True)),
        reverse=True,
    )
    rows = [(y, network_rows(in_scope.filter(pk=agency.pk), y)[0]) for y in years]
    measures = agency.measures.order_by("-plan_year", "order", "id").only(
        "name", "plan_year", "status", "due_date", "closed_at"
    )
    return render(
        request, "network/agency.html", {"agency": agency, "rows": rows, "measures": measures}
    )


def _year_param(text: str) -> int:
    """A Buddhist Era year from the query, or 404: a digit string of any
    length would otherwise reach the database (SQLite refuses integers past
    64 bits with an error page)."""
    if not (text.isascii() and text.isdigit() and len(text) == 4):
        raise Http404
    return int(text)


@supervisor_required
def what_worked_panel(request: HttpRequest) -> HttpResponse:
    """Loaded after the page (htmx): it reads two years of every question's
    scores, which the table itself does not need."""
    agencies = agencies_in(request.scopes)  # type: ignore[attr-defined]
    slug = request.GET.get("agency")
    if slug:
        agencies = agencies.filter(pk=get_object_or_404(agencies, slug=slug).pk)
    year = _year_param(request.GET.get("from", ""))
    verdict = what_worked(question_changes(agencies, year))
    return render(
        request,
        "network/_what_worked.html",
        {
            "verdict": verdict,
            "year": year,
            "chart": chart_bars(verdict),
            "by_kind": [
                {"label": KIND_LABELS.get(kind, kind), "verdict": v} for kind, v in verdict.by_kind
            ],
        },
    )


@supervisor_required
def common_panel(request: HttpRequest) -> HttpResponse:
    """Loaded after the page (htmx): it reads every question score below the
    threshold in the scope, which the table does not need (about 2 s for a
    national scope of 8,000 agencies on PostgreSQL)."""
    year = _year_param(request.GET.get("year", ""))
    common = common_weaknesses(agencies_in(request.scopes), year)  # type: ignore[attr-defined]
    return render(request, "network/_common.html", {"common": common})
