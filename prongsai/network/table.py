"""The network table in SQL: every column of a supervisor's table is an
annotation of the scope's agencies, so filtering, sorting, paging and the
summaries run in the database and a page over 8,000 agencies reads 100 rows,
not 8,000. The page, its export and `prongsai network --json` all read this
one query, so they show the same numbers.

Columns for ITA year Y: the stored score summary of Y (and Y-1's total for the
change), the measures of fiscal year Y+1, the OIT items of ITA Y+1 with their
last check, the OIT window of Y+1 and the survey responses of Y+1.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import (
    Count,
    DecimalField,
    ExpressionWrapper,
    F,
    FloatField,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Cast, Coalesce, NullIf

from prongsai.agencies.models import Agency
from prongsai.assessments.models import Assessment
from prongsai.improvement.models import Measure, MeasureStatus
from prongsai.improvement.selectors import overdue_q
from prongsai.network.models import AssessmentSummary
from prongsai.network.selectors import PASS_TOTAL
from prongsai.network.services import summaries_refresh
from prongsai.publishing.models import DisclosureItem, DisclosureYear, LinkCheck
from prongsai.surveys.models import Response

SUMMARY_FIELDS = ("total", "grade", "rating", "iit", "eit", "oit", "indicators")
COLUMNS = (
    "pk", "slug", "name", "type", "province", "district", *SUMMARY_FIELDS, "previous_total",
    "planned", "done", "overdue", "oit_items", "oit_passing", "oit_closes", "responses",
)  # fmt: skip


def _summary(year: int, field: str) -> Subquery:
    return Subquery(
        AssessmentSummary.objects.filter(
            assessment__agency=OuterRef("pk"), assessment__year=year, assessment__kind="official"
        ).values(field)[:1]
    )


def _count(qs: QuerySet[Any], by: str) -> Coalesce:
    """COUNT of `qs` per agency (`by` is the path to the agency), 0 when none."""
    counted = qs.order_by().values(by).annotate(n=Count("pk")).values("n")[:1]
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def table(agencies: QuerySet[Agency], year: int, today: dt.date) -> QuerySet[Agency]:
    """The scope's agencies with every column of the table for ITA `year`.
    Summaries are brought up to date first (one query when none is stale)."""
    summaries_refresh(
        Assessment.objects.filter(
            agency__in=agencies.values("pk"), kind="official", year__in=[year, year - 1]
        )
    )
    measures = Measure.objects.filter(agency=OuterRef("pk"), plan_year=year + 1)
    items = DisclosureItem.objects.filter(agency=OuterRef("pk"), year=year + 1)
    last_ok = LinkCheck.objects.filter(item=OuterRef("pk")).order_by("-fetched_at", "-id")
    qs = agencies.annotate(
        **{f: _summary(year, f) for f in SUMMARY_FIELDS},
        previous_total=_summary(year - 1, "total"),
        planned=_count(measures, "agency"),
        done=_count(
            measures.filter(Q(status=MeasureStatus.DONE) | Q(closed_at__isnull=False)), "agency"
        ),
        overdue=_count(measures.filter(overdue_q(today)), "agency"),
        oit_items=_count(items, "agency"),
        oit_passing=_count(
            items.annotate(last_ok=Subquery(last_ok.values("ok")[:1])).filter(last_ok=True),
            "agency",
        ),
        oit_closes=Subquery(
            DisclosureYear.objects.filter(agency=OuterRef("pk"), year=year + 1).values(
                "window_closes"
            )[:1]
        ),
        responses=_count(
            Response.objects.filter(survey__agency=OuterRef("pk"), survey__year=year + 1),
            "survey__agency",
        ),
    )
    return qs.annotate(
        change=ExpressionWrapper(
            F("total") - F("previous_total"),
            output_field=DecimalField(max_digits=6, decimal_places=2),
        ),
        oit_ready=100.0
        * Cast("oit_passing", FloatField())
        / NullIf(Cast("oit_items", FloatField()), 0.0),
    )


def _mean(value: Decimal | float | None) -> Decimal | None:
    if value is None:
        return None
    return Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _official(agencies: QuerySet[Agency], year: int) -> QuerySet[AssessmentSummary]:
    return AssessmentSummary.objects.filter(
        assessment__agency__in=agencies.values("pk"),
        assessment__year=year,
        assessment__kind="official",
    )


def scope_counts(
    agencies: QuerySet[Agency], year: int, key: str | None
) -> tuple[dict[str, Any], list[dict[str, Any]], list[str]]:
    """The scope's summary, the same per area (`key`: province or district, or
    None) and the ratings present, for ITA `year`, from one GROUP BY over the
    stored summaries (area × rating) and one count of agencies per area."""
    by = [f"assessment__agency__{key}"] if key else []
    groups = list(
        _official(agencies, year)
        .order_by()
        .values(*by, "rating")
        .annotate(
            n=Count("total"),
            total_sum=Sum("total"),
            passing=Count("pk", filter=Q(total__gte=PASS_TOTAL)),
        )
    )
    counts = (
        dict(agencies.order_by().values(key).annotate(n=Count("pk")).values_list(key, "n"))
        if key
        else {"": agencies.count()}
    )

    def combine(rows: list[dict[str, Any]], agencies_n: int) -> dict[str, Any]:
        n = sum(r["n"] for r in rows)
        total = sum((r["total_sum"] or 0 for r in rows), Decimal(0))
        return {
            "agencies": agencies_n,
            "with_results": n,
            "mean_total": _mean(total / n) if n else None,
            "passing": sum(r["passing"] for r in rows),
        }

    summary = combine(groups, sum(counts.values()))
    areas = [
        {"name": name, **combine([g for g in groups if g[by[0]] == name], n)}
        for name, n in sorted(counts.items())
    ] if key else []  # fmt: skip
    ratings = sorted({g["rating"] for g in groups if g["rating"]})
    return summary, areas, ratings
