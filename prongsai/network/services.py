"""State changes of the network app: supervisors and the score summaries."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from prongsai.assessments.models import Assessment, QuestionScore
from prongsai.assessments.scoring import compute_scores
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
    "key", "total", "iit", "eit", "oit", "grade", "rating", "complete", "indicators", "computed_at"
]  # fmt: skip


def _with_keys(assessments: QuerySet[Assessment]) -> QuerySet[Assessment]:
    return assessments.select_related("framework").only(
        "pk", "agency_id", "year", "updated_at", "framework__content_sha256", "framework__year"
    )


def _key(assessment: Assessment) -> str:
    # Every write of scores goes through assessments.services.scores_write,
    # which touches the assessment's updated_at; so the assessment's own
    # timestamp and the framework's content say whether a summary is stale,
    # without counting 2.4 M score rows on every page (it used to be
    # Count/Max over the scores: 1.1 s for 800 agencies on PostgreSQL).
    return f"{assessment.updated_at.isoformat()}:{assessment.framework.content_sha256[:16]}"


def summaries_refresh(assessments: QuerySet[Assessment]) -> dict[int, AssessmentSummary]:
    """The summary of each assessment, recomputing only those whose scores or
    framework changed since. Queries do not grow with the number of assessments:
    one for the keys, one for the stored summaries, one for the scores of the
    stale ones, and the writes."""
    keyed = list(_with_keys(assessments))
    stored = {
        s.assessment_id: s
        for s in AssessmentSummary.objects.filter(assessment_id__in=[a.pk for a in keyed])
    }
    stale = [a for a in keyed if a.pk not in stored or stored[a.pk].key != _key(a)]
    if stale:
        scores: dict[int, dict[str, Decimal]] = defaultdict(dict)
        rows = QuestionScore.objects.filter(assessment_id__in=[a.pk for a in stale]).values_list(
            "assessment_id", "question__code", "score"
        )
        for assessment_id, code, score in rows.iterator(chunk_size=20_000):
            scores[assessment_id][code] = score
        fresh = []
        for a in stale:
            report = compute_scores(framework_spec(a.framework), scores[a.pk])
            summary = stored.get(a.pk) or AssessmentSummary(assessment=a)
            summary.key = _key(a)
            summary.total, summary.grade = report.total, report.grade or ""
            summary.iit, summary.eit, summary.oit = report.iit, report.eit, report.oit
            summary.rating = report.rating or ""
            summary.complete = report.total is not None
            summary.indicators = {
                str(n): float(p.score) for n, p in report.indicators.items() if p.score is not None
            }
            fresh.append(summary)
            stored[a.pk] = summary
        new = [s for s in fresh if s.pk is None]
        old = [s for s in fresh if s.pk is not None]
        now = timezone.now()
        for s in fresh:
            s.computed_at = now
        with transaction.atomic():
            AssessmentSummary.objects.bulk_create(new, batch_size=1000)
            AssessmentSummary.objects.bulk_update(old, _FIELDS, batch_size=1000)
    return stored
