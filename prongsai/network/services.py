"""State changes of the network app: supervisors and the score summaries."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone

from prongsai.assessments.models import Assessment, IndicatorScore, QuestionScore
from prongsai.assessments.scoring_indicators import report_for
from prongsai.framework.services import framework_spec
from prongsai.network.models import AssessmentSummary, Supervision
from prongsai.network.scope import Scope


@transaction.atomic
def supervision_create(*, user: User, scope: Scope, created_by: User | None = None) -> Supervision:
    supervision, _created = Supervision.objects.update_or_create(
        user=user,
        kind=scope.kind,
        province=scope.province,
        district=scope.district,
        defaults={"agency_types": list(scope.types), "created_by": created_by},
    )
    return supervision


_FIELDS = [
    "key", "total", "iit", "eit", "oit", "grade", "rating", "complete", "indicators", "computed_at",
    "source_updated_at", "framework_sha",
]  # fmt: skip


def _stale(assessments: QuerySet[Assessment]) -> QuerySet[Assessment]:
    """Those without a summary, or whose scores or framework changed since."""
    return assessments.filter(
        Q(summary__isnull=True)
        | Q(summary__source_updated_at__isnull=True)
        | ~Q(summary__source_updated_at=F("updated_at"))
        | ~Q(summary__framework_sha=F("framework__content_sha256"))
    )


def _key(assessment: Assessment) -> str:
    return f"{assessment.updated_at.isoformat()}:{assessment.framework.content_sha256[:16]}"


def summaries_refresh(assessments: QuerySet[Assessment]) -> int:
    """Recompute the summaries of the assessments whose scores or framework
    changed since (usually none); returns how many. Queries do not grow with
    the number of assessments: one finds the stale ones (in SQL, without
    loading the others), one reads their scores, then the writes."""
    # Not the framework's spec: thousands of copies of the same JSON.
    stale = list(
        _stale(assessments)
        .select_related("framework")
        .only("pk", "updated_at", "framework__id", "framework__content_sha256")
    )
    stored = {
        s.assessment_id: s
        for s in AssessmentSummary.objects.filter(assessment_id__in=[a.pk for a in stale])
    }
    if stale:
        scores: dict[int, dict[str, Decimal]] = defaultdict(dict)
        rows = QuestionScore.objects.filter(assessment_id__in=[a.pk for a in stale]).values_list(
            "assessment_id", "question__code", "score"
        )
        for assessment_id, code, score in rows.iterator(chunk_size=20_000):
            scores[assessment_id][code] = score
        # Agencies with only the ten indicator scores: used where no question scores are.
        by_indicator: dict[int, dict[int, Decimal]] = defaultdict(dict)
        for assessment_id, number, score in IndicatorScore.objects.filter(
            assessment_id__in=[a.pk for a in stale]
        ).values_list("assessment_id", "indicator", "score"):
            by_indicator[assessment_id][number] = score
        fresh = []
        for a in stale:
            report = report_for(framework_spec(a.framework), scores[a.pk], by_indicator[a.pk])
            summary = stored.get(a.pk) or AssessmentSummary(assessment=a)
            summary.key = _key(a)
            summary.source_updated_at = a.updated_at
            summary.framework_sha = a.framework.content_sha256
            summary.total, summary.grade = report.total, report.grade or ""
            summary.iit, summary.eit, summary.oit = report.iit, report.eit, report.oit
            summary.rating = report.rating or ""
            summary.complete = report.total is not None
            summary.indicators = {
                str(n): float(p.score) for n, p in report.indicators.items() if p.score is not None
            }
            fresh.append(summary)
        new = [s for s in fresh if s.pk is None]
        old = [s for s in fresh if s.pk is not None]
        now = timezone.now()
        for s in fresh:
            s.computed_at = now
        with transaction.atomic():
            AssessmentSummary.objects.bulk_create(new, batch_size=1000)
            AssessmentSummary.objects.bulk_update(old, _FIELDS, batch_size=1000)
    return len(stale)
