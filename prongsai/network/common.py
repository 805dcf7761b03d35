"""The weaknesses agencies of a scope share, and what the others did about them.

Only measures an agency has published (they appear in its latest public page) are
shown to other agencies' supervisors: the rest is the agency's own working draft.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, OuterRef, QuerySet, Subquery

from prongsai.agencies.models import Agency
from prongsai.assessments.models import QuestionScore
from prongsai.framework.models import Framework
from prongsai.framework.services import framework_spec
from prongsai.improvement.models import Weakness
from prongsai.network.selectors import PASS_TOTAL
from prongsai.publishing.models import Publication

SHOWN_QUESTIONS = 10
SHOWN_MEASURES = 5


@dataclass
class UsedMeasure:
    agency: str
    name: str
    change: Decimal | None  # the agency's score change on this question the next year


@dataclass
class CommonWeakness:
    code: str
    text: str
    agencies_below: int
    measures: list[UsedMeasure] = field(default_factory=list)


def _published_measure_ids(agency_ids: set[int]) -> set[int]:
    latest = Publication.objects.filter(agency=OuterRef("agency")).order_by("-version")
    publications = Publication.objects.filter(
        agency_id__in=agency_ids, pk=Subquery(latest.values("pk")[:1])
    ).values_list("content", flat=True)
    ids: set[int] = set()
    for content in publications:
        for measure in (content or {}).get("measures", []):
            if isinstance(measure, dict) and isinstance(measure.get("id"), int):
                ids.add(measure["id"])
    return ids


def common_weaknesses(agencies: QuerySet[Agency], year: int) -> list[CommonWeakness]:
    """The questions most often below 85 in the scope in ITA `year`, with the
    published measures agencies used for each and their score change to `year`+1.
    A fixed number of queries."""
    ids = agencies.values("pk")
    below = (
        QuestionScore.objects.filter(
            assessment__agency__in=ids,
            assessment__kind="official",
            assessment__year=year,
            score__lt=PASS_TOTAL,
        )
        .values("question__code")
        .annotate(n=Count("assessment__agency", distinct=True))
        .order_by("-n", "question__code")[:SHOWN_QUESTIONS]
    )
    top = {row["question__code"]: row["n"] for row in below}
    if not top:
        return []
    framework = Framework.objects.filter(year=year).first()
    spec = framework_spec(framework) if framework else None

    def text(code: str) -> str:
        if spec is None or not spec.has_question(code):
            return ""
        return spec.question(code).text or ""

    used = list(
        Weakness.objects.filter(
            assessment__agency__in=ids,
            assessment__kind="official",
            assessment__year=year,
            question__code__in=list(top),
            measures__isnull=False,
        ).values_list(
            "question__code",
            "assessment__agency_id",
            "assessment__agency__name",
            "measures__id",
            "measures__name",
        )
    )
    published = _published_measure_ids({agency_id for _c, agency_id, *_rest in used})
    scores: dict[tuple[int, int, str], Decimal] = {}
    for agency_id, y, code, score in QuestionScore.objects.filter(
        assessment__agency_id__in={agency_id for _c, agency_id, *_rest in used},
        assessment__kind="official",
        assessment__year__in=[year, year + 1],
        question__code__in=list(top),
    ).values_list("assessment__agency_id", "assessment__year", "question__code", "score"):
        scores[(agency_id, y, code)] = score
    measures: dict[str, list[UsedMeasure]] = defaultdict(list)
    for code, agency_id, agency_name, measure_id, measure_name in used:
        if measure_id not in published or len(measures[code]) >= SHOWN_MEASURES:
            continue
        before, after = scores.get((agency_id, year, code)), scores.get((agency_id, year + 1, code))
        change = after - before if before is not None and after is not None else None
        measures[code].append(UsedMeasure(agency_name, measure_name, change))
    return [
        CommonWeakness(code=code, text=text(code), agencies_below=n, measures=measures[code])
        for code, n in top.items()
    ]
