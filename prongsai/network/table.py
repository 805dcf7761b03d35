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
    Avg,
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


_COUNTS = {
    "with_results": Count("total"),
    "mean_total": Avg("total"),
    "passing": Count("pk", filter=Q(total__gte=PASS_TOTAL)),
}


def summary_of(agencies: QuerySet[Agency], year: int) -> dict[str, Any]:
    """Counts over every agency of the scope for ITA `year`: read from the
    stored summaries directly (two small aggregates), not through the table's
    per-row subqueries."""
    found = _official(agencies, year).aggregate(**_COUNTS)
    found["agencies"] = agencies.count()
    found["mean_total"] = _mean(found["mean_total"])
    return found


def summaries_by(agencies: QuerySet[Agency], year: int, key: str) -> list[dict[str, Any]]:
    """The same counts per province or district (two GROUP BY queries)."""
    counts = dict(agencies.order_by().values(key).annotate(n=Count("pk")).values_list(key, "n"))
    scores = {
        g[f"assessment__agency__{key}"]: g
        for g in _official(agencies, year)
        .order_by()
        .values(f"assessment__agency__{key}")
        .annotate(**_COUNTS)
    }
    empty = {"with_results": 0, "mean_total": None, "passing": 0}
    return [
        {
            "name": name,
            "agencies": n,
            **{k: scores.get(name, empty)[k] for k in empty},
            "mean_total": _mean(scores.get(name, empty)["mean_total"]),
        }
        for name, n in sorted(counts.items())
    ]


def ratings_of(agencies: QuerySet[Agency], year: int) -> list[str]:
    """The ratings that occur in the scope for ITA `year` (for the filter)."""
    return sorted(
        r
        for r in _official(agencies, year).order_by().values_list("rating", flat=True).distinct()
        if r
    )
