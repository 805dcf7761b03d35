"""Writing what a report of last year (o42/o43) said as drafts of this cycle.

All or nothing: one transaction; any refusal (an unknown question code, an
empty measure name, a closed measure…) writes nothing. Weaknesses go to the
assessment of the ITA year read (created if missing, as a score import does);
measures are planned for the next fiscal year, with the steps, the agency's
departments matched by kind and the results. Department names the reader did
not recognise are returned, never created: a typo in a document must not
become a department.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from prongsai.agencies.models import Agency
from prongsai.assessments.models import Assessment
from prongsai.assessments.services import User, assessment_get_or_create
from prongsai.framework.services import framework_spec
from prongsai.history.services import record_change
from prongsai.improvement.models import TextSource, Weakness
from prongsai.improvement.report_import import ReportDraft
from prongsai.improvement.services.measures import (
    departments_for_keys,
    measure_create,
)
from prongsai.improvement.services.results import result_add
from prongsai.lib.thai import fiscal_year_bounds


def _score(raw: str, code: str) -> Decimal:
    try:
        score = Decimal(raw)
    except (InvalidOperation, TypeError):
        raise ValidationError(
            {"weaknesses": _("ข้อ %(c)s: คะแนน “%(s)s” ไม่ใช่ตัวเลข") % {"c": code, "s": raw}}
        ) from None
    if not 0 <= score <= 100:
        raise ValidationError({"weaknesses": _("ข้อ %s: คะแนนต้องอยู่ระหว่าง 0 ถึง 100") % code})
    return score


@transaction.atomic
def weakness_add_from_report(
    *, assessment: Assessment, code: str, score: str, diagnosis: str, actor: User
) -> Weakness:
    """A weakness as last year's report stated it (its score and the NACC's
    diagnosis), or the existing one of that question, left as it is."""
    spec = framework_spec(assessment.framework)
    try:
        code = spec.question(code).code
    except KeyError:
        raise ValidationError(
            {
                "weaknesses": _("ไม่มีข้อ '%(code)s' ในกรอบการประเมินปี %(y)d")
                % {"code": code, "y": assessment.year}
            }
        ) from None
    question = assessment.framework.questions.get(code=code)
    existing = assessment.weaknesses.filter(question=question).first()
    if existing is not None:
        return existing
    weakness = Weakness.objects.create(
        assessment=assessment,
        question=question,
        score=_score(score, code),
        added_by_hand=True,
        diagnosis=diagnosis.strip(),
        text_source=TextSource.NACC,  # the report quotes the NACC diagnosis
    )
    record_change(
        agency=assessment.agency,
        actor=actor,
        target=weakness,
        action="weakness_imported",
        summary=_("นำเข้าข้อ %s เป็นข้อบกพร่องจากรายงานปีก่อน") % code,
    )
    return weakness


def _result_date(raw: str | None, plan_year: int) -> dt.date:
    """The printed date; otherwise the plan year's last day (or today, if
    earlier), which the officer corrects on the measure page."""
    if raw:
        try:
            return dt.date.fromisoformat(raw)
        except ValueError:
            pass
    return min(fiscal_year_bounds(plan_year)[1], timezone.localdate())


@transaction.atomic
def report_import_apply(
    *, agency: Agency, year: int, draft: ReportDraft, actor: User
) -> dict[str, Any]:
    """Create the drafts of `draft` (already chosen and edited by the officer)."""
    assessment = assessment_get_or_create(agency=agency, year=year)
    plan_year = year + 1
    by_code: dict[str, Weakness] = {}
    for w in draft.weaknesses:
        weakness = weakness_add_from_report(
            assessment=assessment, code=w.code, score=w.score, diagnosis=w.diagnosis, actor=actor
        )
        by_code[w.code.upper()] = weakness
    measures = []
    unknown: list[str] = []
    skipped: list[str] = []
    for m in draft.measures:
        # Importing the same report twice must not double the plan: a measure
        # of that name answering the same weaknesses in that plan year is left
        # as it is and named. (The seed repeats a name for other weaknesses.)
        same = agency.measures.filter(plan_year=plan_year, name=" ".join(m.title.split()))
        codes = sorted(c.upper() for c in m.weaknesses)
        if any(sorted(w.question.code for w in x.weaknesses.all()) == codes for x in same):
            skipped.append(m.title)
            continue
        missing = [c for c in m.weaknesses if c.upper() not in by_code]
        if missing:
            raise ValidationError(
                {
                    "measures": _("มาตรการ “%(t)s” อ้างถึงข้อ %(c)s ที่ไม่ได้นำเข้า")
                    % {"t": m.title, "c": ", ".join(missing)}
                }
            )
        try:
            measure = measure_create(
                agency=agency,
                actor=actor,
                name=m.title,
                plan_year=plan_year,
                assessment=assessment,
                weaknesses=[by_code[c.upper()] for c in m.weaknesses],
                departments=departments_for_keys(agency, m.departments),
                steps=m.steps,
            )
            dates = m.result_dates + [None] * (len(m.results) - len(m.result_dates))
            for text, date in zip(m.results, dates, strict=False):
                result_add(
                    measure=measure,
                    actor=actor,
                    text=text,
                    date=_result_date(date, plan_year),
                )
        except ValidationError as e:
            raise ValidationError(
                {
                    "measures": _("มาตรการ “%(t)s”: %(e)s")
                    % {"t": m.title, "e": " ".join(e.messages)}
                }
            ) from e
        measures.append(measure)
        unknown += [n for n in m.unknown_departments if n not in unknown]
    return {
        "weaknesses": len(by_code),
        "measures": len(measures),
        "steps": sum(m.steps.count() for m in measures),
        "results": sum(m.results.count() for m in measures),
        "unknown_departments": unknown,
        "skipped": skipped,
    }
