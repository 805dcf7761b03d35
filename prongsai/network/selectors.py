"""Reads over many agencies. Every function here makes a fixed number of queries,
whatever the number of agencies: a national page of 8,000 agencies asks the
database as often as a district page of 10."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from prongsai.agencies.models import Agency, AgencyType
from prongsai.assessments.models import Assessment
from prongsai.improvement.models import MeasureStatus
from prongsai.network.measure_kinds import kinds_of
from prongsai.network.models import Supervision
from prongsai.network.scope import DISTRICT, NATIONAL, PROVINCE, Scope
from prongsai.network.whatworked import Change

PASS_TOTAL = Decimal(85)  # the NACC's pass mark for the total and for an indicator
WEAKEST_SHOWN = 3


def scopes_of(user: Any) -> list[Scope]:
    if not getattr(user, "is_authenticated", False):
        return []
    return [s.scope for s in Supervision.objects.filter(user=user)]


def agencies_in(scopes: list[Scope]) -> QuerySet[Agency]:
    """Agencies in any of the scopes; none for no scope."""
    if not scopes:
        return Agency.objects.none()
    # OR of each scope's condition. A national scope without types is the
    # empty Q (everything); `Q(pk__in=[]) | Q()` would drop it and give nothing.
    conditions = [scope.agencies_q() for scope in scopes]
    if any(not c for c in conditions):
        return Agency.objects.all()
    q = conditions[0]
    for c in conditions[1:]:
        q |= c
    return Agency.objects.filter(q)


@dataclass(frozen=True)
class AgencyInfo:
    """What the network table shows of an agency (the attribute names of
    Agency, so templates and filters read either)."""

    pk: int
    slug: str
    name: str
    type: str
    province: str
    district: str

    def get_type_display(self) -> str:
        return str(AgencyType(self.type).label) if self.type in AgencyType.values else self.type


@dataclass
class NetworkRow:
    agency: AgencyInfo
    total: Decimal | None = None
    grade: str = ""
    rating: str = ""
    iit: Decimal | None = None
    eit: Decimal | None = None
    oit: Decimal | None = None
    weak_indicators: list[int] = field(default_factory=list)
    previous_total: Decimal | None = None
    measures: dict[str, int] = field(
        default_factory=lambda: {"planned": 0, "done": 0, "overdue": 0}
    )
    oit_items: int = 0
    oit_passing: int = 0
    oit_days_left: int | None = None
    responses: int = 0

    @property
    def change(self) -> Decimal | None:
        if self.total is None or self.previous_total is None:
            return None
        return self.total - self.previous_total

    @property
    def oit_ready(self) -> float | None:
        """Share (0–100) of the agency's disclosure items whose last check passed."""
        if not self.oit_items:
            return None
        return round(100 * self.oit_passing / self.oit_items, 1)

    @property
    def has_results(self) -> bool:
        return self.total is not None

    def as_json(self) -> dict[str, Any]:
        def num(value: Decimal | None) -> float | None:
            return None if value is None else float(value)

        a = self.agency
        return {
            "slug": a.slug,
            "name": a.name,
            "province": a.province,
            "district": a.district,
            "type": a.type,
            "total": num(self.total),
            "grade": self.grade or None,
            "rating": self.rating or None,
            "iit": num(self.iit),
            "eit": num(self.eit),
            "oit": num(self.oit),
            "weak_indicators": self.weak_indicators,
            "change": num(self.change),
            "measures": dict(self.measures),
            "oit_ready": self.oit_ready,
            "oit_days_left": self.oit_days_left,
            "responses": self.responses,
        }


_PASS_FLOAT = float(PASS_TOTAL)  # indicators are stored as floats; Decimal comparisons cost 10×


def _weakest(indicators: dict[str, float]) -> list[int]:
    below = sorted((score, int(n)) for n, score in indicators.items() if score < _PASS_FLOAT)
    return [n for _score, n in below[:WEAKEST_SHOWN]]


def _score(value: Decimal | float | None) -> Decimal | None:
    # Through a subquery SQLite hands back 81.4000000000000 or 94: scores are
    # shown with two decimals whatever the database.
    return None if value is None else Decimal(str(value)).quantize(Decimal("0.01"))


def _indicators(value: Any) -> dict[str, float]:
    if isinstance(value, str):  # a JSON column through a subquery may come back as text
        import json

        value = json.loads(value)
    return value or {}


def row_from(values: dict[str, Any], today: dt.date) -> NetworkRow:
    """A row of the SQL table (network.table) as the page and the JSON show it."""
    closes = values["oit_closes"]
    if isinstance(closes, str):  # SQLite, through a subquery
        closes = dt.date.fromisoformat(closes)
    return NetworkRow(
        agency=AgencyInfo(
            *(values[k] for k in ("pk", "slug", "name", "type", "province", "district"))
        ),
        total=_score(values["total"]),
        grade=values["grade"] or "",
        rating=values["rating"] or "",
        iit=_score(values["iit"]),
        eit=_score(values["eit"]),
        oit=_score(values["oit"]),
        weak_indicators=_weakest(_indicators(values["indicators"])),
        previous_total=_score(values["previous_total"]),
        measures={k: values[k] for k in ("planned", "done", "overdue")},
        oit_items=values["oit_items"],
        oit_passing=values["oit_passing"],
        oit_days_left=None if closes is None else (closes - today).days,
        responses=values["responses"],
    )


def network_rows(
    agencies: QuerySet[Agency], year: int, today: dt.date | None = None
) -> list[NetworkRow]:
    """One row per agency for ITA `year`, in the table's default order: its
    results, the change from the year before, and how its next cycle is going
    (measures of fiscal year+1, OIT items and surveys of ITA year+1)."""
    from prongsai.network.table import COLUMNS, table

    today = today or timezone.localdate()
    qs = table(agencies, year, today).order_by("province", "district", "name")
    return [row_from(values, today) for values in qs.values(*COLUMNS)]


@dataclass(frozen=True)
class AreaSummary:
    name: str
    agencies: int
    with_results: int
    mean_total: Decimal | None
    passing: int

    @property
    def passing_share(self) -> float | None:
        return round(100 * self.passing / self.with_results, 1) if self.with_results else None

    def as_json(self) -> dict[str, Any]:
        return {
            "agencies": self.agencies,
            "with_results": self.with_results,
            "mean_total": None if self.mean_total is None else float(self.mean_total),
            "passing": self.passing,
        }


def area_key(scopes: list[Scope]) -> str | None:
    """Areas summarised on top: provinces for a national scope, districts for a
    province, none below."""
    kinds = {s.kind for s in scopes}
    if NATIONAL in kinds:
        return "province"
    if PROVINCE in kinds:
        return "district"
    return None


def scope_summary(
    name: str, scopes: list[Scope], agencies: QuerySet[Agency], year: int
) -> tuple[AreaSummary, list[AreaSummary], list[str]]:
    """The scope's summary, its areas' and the ratings present (network.table)."""
    from prongsai.network.table import scope_counts

    summary, areas, ratings = scope_counts(agencies, year, area_key(scopes))
    return (
        AreaSummary(name=name, **summary),
        [AreaSummary(**area) for area in areas],
        ratings,
    )


def is_district_only(scopes: list[Scope]) -> bool:
    return bool(scopes) and all(s.kind == DISTRICT for s in scopes)


def question_changes(agencies: QuerySet[Agency], year: int) -> list[Change]:
    """Each question's change from ITA `year` to `year`+1 for agencies with both
    results, following renumbered items, and whether a measure (not cancelled)
    targeted it. A fixed number of queries."""
    from prongsai.assessments.models import QuestionScore
    from prongsai.framework.diff import predecessors
    from prongsai.framework.services import framework_spec
    from prongsai.improvement.models import Weakness

    ids = agencies.values("pk")
    assessments = {
        (a.agency_id, a.year): a
        for a in Assessment.objects.filter(
            agency__in=ids, kind="official", year__in=[year, year + 1]
        )
        .select_related("framework")
        # Not the framework's spec: thousands of copies of the same JSON.
        .only("pk", "agency_id", "year", "framework__id", "framework__content_sha256")
    }
    pairs = {
        agency_id: (a, assessments[(agency_id, year + 1)])
        for (agency_id, y), a in assessments.items()
        if y == year and (agency_id, year + 1) in assessments
    }
    if not pairs:
        return []
    scores: dict[int, dict[str, Decimal]] = defaultdict(dict)
    wanted = [a.pk for pair in pairs.values() for a in pair]
    for assessment_id, code, score in QuestionScore.objects.filter(
        assessment_id__in=wanted
    ).values_list("assessment_id", "question__code", "score"):
        scores[assessment_id][code] = score
    targeted: dict[tuple[int, str], set[str]] = defaultdict(set)
    for agency_id, code, measure_name in (
        Weakness.objects.filter(assessment_id__in=[a.pk for a, _b in pairs.values()])
        .filter(measures__isnull=False)
        .exclude(measures__status=MeasureStatus.CANCELLED)
        .values_list("assessment__agency_id", "question__code", "measures__name")
    ):
        targeted[(agency_id, code)].update(kinds_of(measure_name))
    thresholds = dict(
        Agency.objects.filter(pk__in=list(pairs)).values_list("pk", "weakness_threshold")
    )
    changes: list[Change] = []
    follow: dict[tuple[int, int], dict[str, str]] = {}
    for agency_id, (before, after) in pairs.items():
        key = (before.framework_id, after.framework_id)
        if key not in follow:
            old, new = framework_spec(before.framework), framework_spec(after.framework)
            follow[key] = {prev: code for code, prev in predecessors(new, old).items()}
        spec = framework_spec(before.framework)
        for code, score in scores[before.pk].items():
            later = follow[key].get(code)
            if later is None or later not in scores[after.pk]:
                continue
            changes.append(
                Change(
                    agency=agency_id,
                    code=code,
                    indicator=spec.question(code).indicator,
                    change=float(scores[after.pk][later] - score),
                    targeted=(agency_id, code) in targeted,
                    kinds=tuple(sorted(targeted.get((agency_id, code), ()))),
                    weak=score < thresholds[agency_id],
                )
            )
    return changes
