"""Importing the ITAS results page as text (itas_text.py reads it).

One transaction: the scores through scores_write (history, all or nothing),
the question texts the framework does not know kept for this agency only
(AgencyQuestionText), and the NACC's recommendation kept as the agency's copy
of the recommendation for that item (improvement's recommendation service).
It lives apart from services.py because it needs the improvement app, whose
services import assessments.services.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from prongsai.agencies.models import Agency
from prongsai.assessments.imports import ImportFailed, ScoreRow
from prongsai.assessments.itas_text import FoundItem, parse_itas_text
from prongsai.assessments.models import AgencyQuestionText, Assessment
from prongsai.assessments.services import (
    User,
    assessment_get_or_create,
    framework_for_year,
    scores_write,
)
from prongsai.framework.services import framework_spec


@dataclass
class TextImportPreview:
    items: list[FoundItem]
    unknown_text: set[str]  # codes whose question text the framework does not know


def text_import_preview(*, year: int, text: str) -> TextImportPreview:
    """Parse and check against the year's framework. Raises ImportFailed
    with every problem (each naming its line)."""
    spec = framework_spec(framework_for_year(year))
    parsed = parse_itas_text(text)
    problems = list(parsed.problems)
    for item in parsed.items:
        if not spec.has_question(item.code):
            problems.append(
                _("บรรทัด %(line)d: ไม่มีข้อ %(code)s ในกรอบการประเมินปี %(year)d")
                % {"line": item.line, "code": item.code, "year": year}
            )
        elif spec.tool_of(item.code) == "oit" and item.score not in (0, 100):
            problems.append(
                _("บรรทัด %(line)d: ข้อ %(code)s เป็นข้อ OIT ได้เพียง 100 หรือ 0")
                % {"line": item.line, "code": item.code}
            )
    if problems:
        raise ImportFailed(problems)
    unknown = {i.code for i in parsed.items if spec.question(i.code).text is None}
    return TextImportPreview(parsed.items, unknown)


def _safe(text: str) -> str:
    # The agency copy treats braces as {code}/{score} placeholders.
    return text.replace("{", "(").replace("}", ")")


@transaction.atomic
def text_import_save(
    *, agency: Agency, year: int, text: str, actor: User, kind: str = "official"
) -> tuple[Assessment, dict[str, object]]:
    from prongsai.improvement.services.recommendations import recommendation_save_agency_copy

    preview = text_import_preview(year=year, text=text)
    assessment = assessment_get_or_create(agency=agency, year=year, kind=kind)
    rows = [ScoreRow(i.line, i.code, i.score, "") for i in preview.items]
    summary: dict[str, object] = dict(
        scores_write(assessment=assessment, rows=rows, source="import", actor=actor)
    )
    questions = dict(assessment.framework.questions.values_list("code", "id"))
    texts = []
    for item in preview.items:
        if item.code in preview.unknown_text and item.question:
            AgencyQuestionText.objects.update_or_create(
                agency=agency, question_id=questions[item.code], defaults={"text": item.question}
            )
            texts.append(item.code)
    recommendations = []
    for item in preview.items:
        diagnosis, advice = item.diagnosis_and_advice
        if not diagnosis:
            continue
        recommendation_save_agency_copy(
            agency=agency,
            year=year,
            code=item.code,
            actor=actor,
            diagnosis=_safe(diagnosis),
            recommendation=_safe(advice),
            references=item.references,
        )
        recommendations.append(item.code)
    summary["agency_texts"] = texts
    summary["recommendations"] = recommendations
    return assessment, summary


def agency_question_texts(agency: Agency, assessment: Assessment) -> dict[str, str]:
    return dict(
        AgencyQuestionText.objects.filter(
            agency=agency, question__framework=assessment.framework
        ).values_list("question__code", "text")
    )
