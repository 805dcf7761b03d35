from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import transaction
from django.utils.translation import gettext as _

from prongsai.agencies.models import Agency
from prongsai.assessments.imports import (
    ImportFailed,
    IndicatorRow,
    ScoreRow,
    is_indicator_file,
    parse_indicator_results,
    parse_results,
)
from prongsai.assessments.models import Assessment, IndicatorScore, QuestionScore
from prongsai.framework.models import Framework
from prongsai.framework.services import framework_fill_texts, framework_spec
from prongsai.history.services import record_change

User = AbstractBaseUser | AnonymousUser | None


def framework_for_year(year: int) -> Framework:
    framework = Framework.objects.filter(year=year).first()
    if framework is None:
        raise ImportFailed([_("ยังไม่มีกรอบการประเมินปี %d ในระบบ (นำเข้ากรอบการประเมินก่อน)") % year])
    return framework


def assessment_get_or_create(*, agency: Agency, year: int, kind: str = "official") -> Assessment:
    assessment = Assessment.objects.filter(agency=agency, year=year, kind=kind).first()
    if assessment is None:
        assessment = Assessment.objects.create(
            agency=agency, year=year, kind=kind, framework=framework_for_year(year)
        )
    return assessment


@transaction.atomic
def scores_write(
    *, assessment: Assessment, rows: list[ScoreRow], source: str, actor: User
) -> dict[str, int | list[str]]:
    questions = dict(assessment.framework.questions.values_list("code", "id"))
    existing = {s.question_id: s for s in assessment.scores.all()}
    created = updated = 0
    for row in rows:
        question_id = questions[row.code]
        score = existing.get(question_id)
        if score is None:
            QuestionScore.objects.create(
                assessment=assessment, question_id=question_id, score=row.score, source=source
            )
            created += 1
        elif score.score != row.score or score.source != source:
            score.score, score.source = row.score, source
            score.save(update_fields=["score", "source", "updated_at"])
            updated += 1
    filled = framework_fill_texts(
        assessment.framework, {r.code: r.question for r in rows if r.question}
    )
    assessment.save(update_fields=["updated_at"])
    record_change(
        agency=assessment.agency,
        actor=actor,
        target=assessment,
        action="scores_imported" if source == "import" else "scores_edited",
        summary=_("บันทึกคะแนน %(n)d ข้อ (ใหม่ %(c)d แก้ไข %(u)d)")
        % {"n": len(rows), "c": created, "u": updated},
    )
    return {"created": created, "updated": updated, "filled_texts": filled}


def results_import(
    *, agency: Agency, year: int, data: bytes, actor: User, kind: str = "official"
) -> tuple[Assessment, dict[str, int | list[str]]]:
    """Import a results file. All or nothing: raises ImportFailed with every
    error found, and then the database is exactly as before."""
    framework = framework_for_year(year)
    if is_indicator_file(data, max_bytes=settings.IMPORT_MAX_BYTES):
        indicator_rows = parse_indicator_results(
            data, framework_spec(framework), max_bytes=settings.IMPORT_MAX_BYTES
        )
        with transaction.atomic():
            assessment = assessment_get_or_create(agency=agency, year=year, kind=kind)
            summary = indicator_scores_write(
                assessment=assessment, rows=indicator_rows, source="import", actor=actor
            )
        return assessment, summary
    rows = parse_results(data, framework_spec(framework), max_bytes=settings.IMPORT_MAX_BYTES)
    with transaction.atomic():
        assessment = assessment_get_or_create(agency=agency, year=year, kind=kind)
        summary = scores_write(assessment=assessment, rows=rows, source="import", actor=actor)
    return assessment, summary


@transaction.atomic
def indicator_scores_write(
    *, assessment: Assessment, rows: list[IndicatorRow], source: str, actor: User
) -> dict[str, int | list[str]]:
    """Store indicator scores. They are kept even when the assessment has
    question scores, but those win for every total (summary["superseded"] is
    1 then, so the page and the command can say so)."""
    existing = {s.indicator: s for s in assessment.indicator_scores.all()}
    created = updated = 0
    for row in rows:
        score = existing.get(row.indicator)
        if score is None:
            IndicatorScore.objects.create(
                assessment=assessment, indicator=row.indicator, score=row.score, source=source
            )
            created += 1
        elif score.score != row.score or score.source != source:
            score.score, score.source = row.score, source
            score.save(update_fields=["score", "source", "updated_at"])
            updated += 1
    # updated_at moves: stored summaries (network) see the assessment as stale.
    assessment.save(update_fields=["updated_at"])
    record_change(
        agency=assessment.agency,
        actor=actor,
        target=assessment,
        action="scores_imported",
        summary=_("บันทึกคะแนนรายตัวชี้วัด %(n)d ตัวชี้วัด (ใหม่ %(c)d แก้ไข %(u)d)")
        % {"n": len(rows), "c": created, "u": updated},
    )
    return {
        "created": created,
        "updated": updated,
        "filled_texts": [],
        # Only an indicator-level import has this key: callers word their message by it.
        "indicators": len(rows),
        "superseded": int(assessment.scores.exists()),
    }


def assessment_indicator_scores(assessment: Assessment) -> dict[int, Decimal]:
    return dict(assessment.indicator_scores.values_list("indicator", "score"))


def assessment_scores(assessment: Assessment) -> dict[str, Decimal]:
    return {code: score for code, score in assessment.scores.values_list("question__code", "score")}
