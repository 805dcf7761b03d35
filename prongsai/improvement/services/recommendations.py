"""The agency's own copy of a recommendation (AgencyRecommendation): its wording
for a question replaces the shipped library's, which stays untouched."""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from prongsai.agencies.models import Agency
from prongsai.assessments.services import User
from prongsai.history.services import diff_fields, record_change
from prongsai.improvement.models import AgencyRecommendation, Weakness
from prongsai.improvement.recommendations import borrowed_measures, load_library
from prongsai.improvement.services.weaknesses import (
    _refresh,
    _set_texts,
    _snapshot,
    advice_for,
    references_collecting,
)

__all__ = ["recommendation_delete_agency_copy", "recommendation_save_agency_copy"]

_BRACES = re.compile(r"[{}]")


def _check_template(name: str, text: str, errors: dict[str, str]) -> str:
    text = text.strip()
    if _BRACES.search(text.replace("{code}", "").replace("{score}", "")):
        errors[name] = _("ใช้วงเล็บปีกกาได้เฉพาะ {code} และ {score}")
    return text


def _apply_to_weaknesses(agency: Agency, year: int, code: str, actor: User) -> None:
    """Weaknesses of that question nobody edited by hand take the new texts."""
    weaknesses = Weakness.objects.filter(
        assessment__agency=agency, assessment__year=year, question__code=code, text_edited=False
    ).select_related("assessment__agency", "question")
    for weakness in weaknesses:
        before = _snapshot(weakness)
        _set_texts(
            weakness,
            advice_for(
                agency=agency,
                year=year,
                code=code,
                indicator=weakness.question.indicator,
                score=weakness.score,
            ),
        )
        _refresh(weakness, before, actor)


@transaction.atomic
def recommendation_save_agency_copy(
    *,
    agency: Agency,
    year: int,
    code: str,
    actor: User,
    diagnosis: str,
    recommendation: str,
    references: str | list[str],
) -> AgencyRecommendation:
    """Save the agency's own wording for question `code` of ITA `year`; the
    shipped library stays untouched. Suggested measures are copied from the
    library the first time."""
    errors: dict[str, str] = {}
    diagnosis = _check_template("diagnosis", diagnosis, errors)
    recommendation = _check_template("recommendation", recommendation, errors)
    if not diagnosis and "diagnosis" not in errors:
        errors["diagnosis"] = _("กรุณากรอกผลการวิเคราะห์")
    refs = references_collecting(references, errors)
    if errors:
        raise ValidationError(errors)
    copy = AgencyRecommendation.objects.filter(agency=agency, year=year, code=code).first()
    before: dict[str, Any] = {}
    if copy is None:
        copy = AgencyRecommendation(agency=agency, year=year, code=code)
        library = load_library(year)
        if library is not None and library.questions.get(code) is not None:
            copy.measures = [m.model_dump(mode="json") for m in library.questions[code].measures]
        elif library is not None:
            indicator = _indicator_of(year, code)
            if indicator in library.indicators:
                copy.measures = [
                    m.model_dump(mode="json") for m in library.indicators[indicator].measures
                ]
        elif (indicator := _indicator_of(year, code)) is not None:
            # No library for this year (the NACC's text came from ITAS): the
            # indicator's measures of an earlier year, so the officer still
            # has suggestions to adopt in one click.
            copy.measures = [m.model_dump(mode="json") for m in borrowed_measures(year, indicator)]
    else:
        before = {
            "diagnosis": copy.diagnosis,
            "recommendation": copy.recommendation,
            "references": copy.references,
        }
    copy.diagnosis, copy.recommendation, copy.references = diagnosis, recommendation, refs
    copy.save()
    after = {"diagnosis": diagnosis, "recommendation": recommendation, "references": refs}
    record_change(
        agency=agency,
        actor=actor,
        target=copy,
        action="recommendation_saved",
        summary=_("บันทึกข้อเสนอแนะฉบับหน่วยงานของข้อ %(code)s (ITA %(y)d)") % {"code": code, "y": year},
        changes=diff_fields(before, after),
    )
    _apply_to_weaknesses(agency, year, code, actor)
    return copy


def _indicator_of(year: int, code: str) -> int | None:
    from prongsai.framework.models import Question

    return (
        Question.objects.filter(framework__year=year, code=code)
        .values_list("indicator", flat=True)
        .first()
    )


@transaction.atomic
def recommendation_delete_agency_copy(*, agency: Agency, year: int, code: str, actor: User) -> None:
    """Go back to the shipped text for that question."""
    copy = AgencyRecommendation.objects.filter(agency=agency, year=year, code=code).first()
    if copy is None:
        return
    record_change(
        agency=agency,
        actor=actor,
        target=copy,
        action="recommendation_reset",
        summary=_("กลับไปใช้ข้อเสนอแนะตามคลังของระบบสำหรับข้อ %s") % code,
    )
    copy.delete()
    _apply_to_weaknesses(agency, year, code, actor)
