from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import transaction
from django.utils import timezone
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
from prongsai.assessments.models import (
    AgencyQuestionText,
    Assessment,
    IndicatorScore,
    QuestionScore,
)
from prongsai.framework.models import Framework, Question
from prongsai.framework.services import framework_fill_texts, framework_spec
from prongsai.history.services import record_change, record_changes

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
    return scores_write_many(batches=[(assessment, rows)], source=source, actor=actor)[0]


def _scores_upserted(
    model: type[QuestionScore] | type[IndicatorScore],
    batches: Sequence[tuple[Assessment, Sequence[Any]]],
    existing: dict[tuple[int, Any], Any],
    *,
    key: Callable[[Assessment, Any], tuple[int, Any]],
    build: Callable[[Assessment, Any], Any],
    source: str,
    now: datetime,
) -> list[tuple[int, int]]:
    """Insert the rows that are new, update those whose score or source
    changed (two bulk queries in all); (created, updated) per batch."""
    new: list[Any] = []
    changed: list[Any] = []
    counts = []
    for assessment, rows in batches:
        created = updated = 0
        for row in rows:
            score = existing.get(key(assessment, row))
            if score is None:
                made = build(assessment, row)
                made.source = source
                new.append(made)
                created += 1
            elif score.score != row.score or score.source != source:
                score.score, score.source, score.updated_at = row.score, source, now
                changed.append(score)
                updated += 1
        counts.append((created, updated))
    model.objects.bulk_create(new, batch_size=1000)  # type: ignore[attr-defined]
    model.objects.bulk_update(  # type: ignore[attr-defined]
        changed, ["score", "source", "updated_at"], batch_size=1000
    )
    return counts


def _batches_recorded(
    batches: Sequence[tuple[Assessment, Sequence[object]]],
    counts: list[tuple[int, int]],
    *,
    now: datetime,
    actor: User,
    source: str,
    summary: str,
) -> None:
    """After a many-assessment write: each assessment's updated_at moves (stored
    network summaries see them as stale) and each gets one history entry;
    `summary` takes n (rows), c (created) and u (updated)."""
    Assessment.objects.filter(pk__in=[a.pk for a, _rows in batches]).update(updated_at=now)
    for assessment, _rows in batches:
        assessment.updated_at = now
    record_changes(
        entries=[
            (assessment.agency, assessment, summary % {"n": len(rows), "c": c, "u": u})
            for (assessment, rows), (c, u) in zip(batches, counts, strict=True)
        ],
        actor=actor,
        action="scores_imported" if source == "import" else "scores_edited",
    )


@transaction.atomic
def scores_write_many(
    *, batches: list[tuple[Assessment, list[ScoreRow]]], source: str, actor: User
) -> list[dict[str, int | list[str]]]:
    """Store the rows of each assessment (one summary per batch, in order).
    A fixed number of queries however many assessments and rows: the
    many-agency import writes a whole province's results this way."""
    if not batches:
        return []
    ids = [a.pk for a, _rows in batches]
    questions = {
        (framework_id, code): pk
        for framework_id, code, pk in Question.objects.filter(
            framework_id__in={a.framework_id for a, _rows in batches}
        ).values_list("framework_id", "code", "id")
    }
    existing = {
        (s.assessment_id, s.question_id): s
        for s in QuestionScore.objects.filter(assessment_id__in=ids).only(
            "id", "assessment_id", "question_id", "score", "source"
        )
    }
    now = timezone.now()
    counts = _scores_upserted(
        QuestionScore,
        batches,
        existing,
        key=lambda a, row: (a.pk, questions[(a.framework_id, row.code)]),
        build=lambda a, row: QuestionScore(
            assessment=a, question_id=questions[(a.framework_id, row.code)], score=row.score
        ),
        source=source,
        now=now,
    )
    # A framework's unknown texts are filled once, from every batch's rows (the
    # first text given for a code wins): one framework_fill_texts per framework.
    texts: dict[int, tuple[Framework, dict[str, str]]] = {}
    for assessment, rows in batches:
        wanted = texts.setdefault(assessment.framework_id, (assessment.framework, {}))[1]
        for r in rows:
            if r.question:
                wanted.setdefault(r.code, r.question)
    filled = {
        pk: framework_fill_texts(framework, wanted)
        for pk, (framework, wanted) in texts.items()
        if wanted
    }
    _batches_recorded(
        batches, counts, now=now, actor=actor, source=source,
        summary=_("บันทึกคะแนน %(n)d ข้อ (ใหม่ %(c)d แก้ไข %(u)d)"),
    )  # fmt: skip
    return [
        {"created": c, "updated": u, "filled_texts": filled.get(a.framework_id, [])}
        for (a, _rows), (c, u) in zip(batches, counts, strict=True)
    ]


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
    spec = framework_spec(framework)
    rows = parse_results(data, spec, max_bytes=settings.IMPORT_MAX_BYTES)
    # A question column is this agency's wording: kept for it alone where the
    # framework lacks the text, never written into the framework every agency
    # reads (scores_write_many would fill it for all of them).
    texts = {
        r.code: r.question.strip()
        for r in rows
        if r.question.strip() and spec.question(r.code).text is None
    }
    rows = [replace(r, question="") for r in rows]
    with transaction.atomic():
        assessment = assessment_get_or_create(agency=agency, year=year, kind=kind)
        summary = scores_write(assessment=assessment, rows=rows, source="import", actor=actor)
        questions = dict(framework.questions.filter(code__in=texts).values_list("code", "id"))
        for code, text in texts.items():
            AgencyQuestionText.objects.update_or_create(
                agency=agency, question_id=questions[code], defaults={"text": text}
            )
    summary["agency_texts"] = sorted(texts)
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


@transaction.atomic
def indicator_scores_write_many(
    *, batches: list[tuple[Assessment, list[IndicatorRow]]], source: str, actor: User
) -> list[dict[str, int]]:
    """`indicator_scores_write` for many assessments (the many-agency import's
    agency,indicator,score rows): one summary per batch, in order, and a
    fixed number of queries however many assessments."""
    if not batches:
        return []
    ids = [a.pk for a, _rows in batches]
    existing = {
        (s.assessment_id, s.indicator): s
        for s in IndicatorScore.objects.filter(assessment_id__in=ids).only(
            "id", "assessment_id", "indicator", "score", "source"
        )
    }
    with_questions = set(
        QuestionScore.objects.filter(assessment_id__in=ids).values_list("assessment_id", flat=True)
    )
    now = timezone.now()
    counts = _scores_upserted(
        IndicatorScore,
        batches,
        existing,
        key=lambda a, row: (a.pk, row.indicator),
        build=lambda a, row: IndicatorScore(assessment=a, indicator=row.indicator, score=row.score),
        source=source,
        now=now,
    )
    _batches_recorded(
        batches, counts, now=now, actor=actor, source=source,
        summary=_("บันทึกคะแนนรายตัวชี้วัด %(n)d ตัวชี้วัด (ใหม่ %(c)d แก้ไข %(u)d)"),
    )  # fmt: skip
    return [
        {
            "created": c,
            "updated": u,
            "indicators": len(rows),
            "superseded": int(a.pk in with_questions),
        }
        for (a, rows), (c, u) in zip(batches, counts, strict=True)
    ]


def assessment_indicator_scores(assessment: Assessment) -> dict[int, Decimal]:
    return dict(assessment.indicator_scores.values_list("indicator", "score"))


def assessment_scores(assessment: Assessment) -> dict[str, Decimal]:
    return {code: score for code, score in assessment.scores.values_list("question__code", "score")}
