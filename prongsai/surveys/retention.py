"""Raw survey answers are kept SURVEY_RAW_RETENTION_DAYS after the survey
closes (PDPA: no longer than needed), then deleted; the aggregates that the
results pages, reports and the public summary show are frozen on the survey
first (prongsai.surveys.frozen), so they read the same afterwards."""

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from prongsai.history.services import record_change
from prongsai.surveys import frozen
from prongsai.surveys.models import Answer, Survey
from prongsai.surveys.selectors import (
    public_aggregates,
    satisfaction_results,
    survey_question_results,
)


def freeze_results(survey: Survey) -> dict[str, Any]:
    """The aggregates of the survey's raw answers, as JSON."""
    sat = satisfaction_results(survey)
    return {
        "version": frozen.VERSION,
        "frozen_on": timezone.localdate().isoformat(),
        "question_results": frozen.question_results_json(survey_question_results(survey)),
        "satisfaction": {
            "n": sat.n,
            "overall": frozen.stat_json(sat.overall),
            "questions": {q.code: frozen.stat_json(stat) for q, stat in sat.questions},
            "services": [
                [
                    name,
                    frozen.stat_json(overall),
                    {c: frozen.stat_json(v) for c, v in per_q.items()},
                ]
                for name, overall, per_q in sat.services
            ],
            "service_counts": [[name, n] for name, n in sat.service_counts],
        },
        "public": public_aggregates(survey),
    }


def purge_due(today: date | None = None, days: int | None = None) -> list[Survey]:
    """Surveys closed more than `days` ago whose raw answers are still stored."""
    today = today or timezone.localdate()
    days = settings.SURVEY_RAW_RETENTION_DAYS if days is None else days
    cutoff = today - timedelta(days=days)
    return list(
        Survey.objects.filter(closes_on__lt=cutoff, answers_purged_on__isnull=True)
        .select_related("agency", "framework")
        .order_by("closes_on", "pk")
    )


@dataclass(frozen=True)
class Purged:
    survey: Survey
    answers: int


def survey_answers_purge(*, survey: Survey, today: date | None = None) -> Purged:
    """Freeze the aggregates, then delete every raw answer of the survey. The
    responses (a date each, no content) stay: they are the response counts."""
    today = today or timezone.localdate()
    with transaction.atomic():
        survey = Survey.objects.select_for_update().select_related("agency").get(pk=survey.pk)
        if survey.answers_purged_on is not None:
            return Purged(survey, 0)
        survey.frozen_results = freeze_results(survey)
        deleted, _ = Answer.objects.filter(response__survey=survey).delete()
        survey.answers_purged_on = today
        # updated_at too: the public pages reuse a cached survey row until it moves.
        survey.save(update_fields=["frozen_results", "answers_purged_on", "updated_at"])
        record_change(
            agency=survey.agency,
            actor=None,
            target=survey,
            action="purge_answers",
            summary=(
                f"ลบคำตอบรายบุคคล {deleted} รายการของแบบสอบถาม “{survey.title}” "
                f"เมื่อพ้น {settings.SURVEY_RAW_RETENTION_DAYS} วันหลังปิดรับคำตอบ (เก็บเฉพาะผลสรุปรวม)"
            ),
        )
    return Purged(survey, deleted)
