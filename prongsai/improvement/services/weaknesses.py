"""Weaknesses and the agency's own copy of recommendations."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from prongsai.agencies.models import Agency
from prongsai.assessments.models import Assessment
from prongsai.assessments.services import User, assessment_scores
from prongsai.framework.schema import FrameworkSpec
from prongsai.framework.services import framework_spec
from prongsai.history.services import diff_fields, record_change
from prongsai.improvement.analysis import Finding, QuestionInfo, find_weaknesses, render_text
from prongsai.improvement.models import (
    AgencyRecommendation,
    TextSource,
    Weakness,
    WeaknessStatus,
)
from prongsai.improvement.recommendations import (
    REFERENCE,
    SuggestedMeasure,
    borrowed_measures,
    load_library,
)

__all__ = [
    "Advice",
    "advice_for",
    "findings_with_advice",
    "parse_references",
    "question_infos",
    "weakness_add",
    "weakness_drop",
    "weakness_restore",
    "weakness_update_text",
    "weaknesses_analyze",
]


@dataclass
class Advice:
    """Diagnosis, recommendation, references and suggested measures for one
    question, placeholders filled. Measures keep department keys (office,
    finance, …, all) so they can be mapped to the agency's departments."""

    diagnosis: str = ""
    recommendation: str = ""
    references: list[str] = field(default_factory=list)
    source: str = TextSource.NONE
    measures: list[dict[str, Any]] = field(default_factory=list)


def question_infos(spec: FrameworkSpec) -> list[QuestionInfo]:
    return [
        QuestionInfo(
            code=q.code,
            tool=spec.tool_of(q.code),
            indicator=q.indicator,
            indicator_name=spec.indicator(q.indicator).name,
            text=q.text,
        )
        for q in spec.questions
    ]


def _filler(code: str, score: Decimal | None):  # type: ignore[no-untyped-def]
    def fill(text: str) -> str:
        if score is None:
            return text.replace("{code}", code).replace("{score}", "—")
        return render_text(text, code=code, score=score)

    return fill


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))


def _copy_advice(copy: AgencyRecommendation, code: str, score: Decimal | None) -> Advice:
    fill = _filler(code, score)
    return Advice(
        diagnosis=fill(copy.diagnosis),
        recommendation=fill(copy.recommendation),
        references=_unique([fill(r) for r in copy.references]),
        source=TextSource.AGENCY,
        measures=[
            {
                "name": fill(m["name"]),
                "steps": [fill(s) for s in m.get("steps", [])],
                "departments": list(m.get("departments", [])),
            }
            for m in copy.measures
        ],
    )


def _measure(m: SuggestedMeasure, fill: Any) -> dict[str, Any]:
    return {
        "name": fill(m.name),
        "steps": [fill(s) for s in m.steps],
        "departments": list(m.departments),
    }


def advice_for(
    *, agency: Agency, year: int, code: str, indicator: int, score: Decimal | None
) -> Advice:
    """The agency's own copy if it made one, else the shipped library's entry."""
    copy = AgencyRecommendation.objects.filter(agency=agency, year=year, code=code).first()
    if copy is not None:
        return _copy_advice(copy, code, score)
    library = load_library(year)
    if library is None:
        fill = _filler(code, score)
        return Advice(measures=[_measure(m, fill) for m in borrowed_measures(year, indicator)])
    try:
        entry, _source = library.for_question(code, indicator)
    except KeyError:
        return Advice()
    fill = _filler(code, score)
    return Advice(
        diagnosis=fill(entry.diagnosis),
        recommendation=fill(entry.recommendation),
        references=_unique([fill(r) for r in entry.references]),
        source=entry.status,
        measures=[_measure(m, fill) for m in entry.measures],
    )


def _snapshot(w: Weakness) -> dict[str, Any]:
    return {
        "status": w.status,
        "score": w.score,
        "drop_reason": w.drop_reason,
        "diagnosis": w.diagnosis,
        "recommendation": w.recommendation,
        "references": list(w.references),
        "text_source": w.text_source,
    }


def _set_texts(w: Weakness, advice: Advice) -> None:
    w.diagnosis = advice.diagnosis
    w.recommendation = advice.recommendation
    w.references = advice.references
    w.text_source = advice.source


def findings_with_advice(assessment: Assessment) -> list[tuple[Finding, Advice]]:
    """The questions below the agency's threshold, in report order, each with
    the texts it gets: the agency's own copy if any, else the library's."""
    agency = assessment.agency
    findings = find_weaknesses(
        questions=question_infos(framework_spec(assessment.framework)),
        scores=assessment_scores(assessment),
        threshold=agency.weakness_threshold,
        library=load_library(assessment.year),
    )
    copies = {
        c.code: c for c in AgencyRecommendation.objects.filter(agency=agency, year=assessment.year)
    }
    out = []
    for finding in findings:
        copy = copies.get(finding.code)
        advice = (
            _copy_advice(copy, finding.code, finding.score)
            if copy is not None
            else Advice(
                diagnosis=finding.diagnosis,
                recommendation=finding.recommendation,
                references=list(finding.references),
                source=finding.status,
            )
        )
        out.append((finding, advice))
    return out


@transaction.atomic
def weaknesses_analyze(*, assessment: Assessment, actor: User) -> dict[str, list[str]]:
    """Turn the questions scoring below the agency's threshold into weaknesses.

    Idempotent: creates the missing ones; refreshes the score, and the texts of
    weaknesses nobody edited by hand; never touches edited texts and never
    brings back a weakness the officer dropped."""
    agency = assessment.agency
    scores = assessment_scores(assessment)
    question_ids = dict(assessment.framework.questions.values_list("code", "id"))
    existing = {w.question_id: w for w in assessment.weaknesses.select_related("question")}
    created: list[str] = []
    updated: list[str] = []
    for finding, advice in findings_with_advice(assessment):
        weakness = existing.pop(question_ids[finding.code], None)
        if weakness is None:
            weakness = Weakness(
                assessment=assessment, question_id=question_ids[finding.code], score=finding.score
            )
            _set_texts(weakness, advice)
            weakness.save()
            created.append(finding.code)
            record_change(
                agency=agency,
                actor=actor,
                target=weakness,
                action="weakness_found",
                summary=_("พบข้อบกพร่อง %(code)s คะแนน %(score)s (ต่ำกว่าเกณฑ์ %(t)s)")
                % {"code": finding.code, "score": finding.score, "t": agency.weakness_threshold},
            )
            continue
        before = _snapshot(weakness)
        weakness.score = finding.score
        if not weakness.text_edited:
            _set_texts(weakness, advice)
        if _refresh(weakness, before, actor):
            updated.append(finding.code)
    # Weaknesses no longer below the threshold stay (the officer decides);
    # only their score follows the results.
    for weakness in existing.values():
        before = _snapshot(weakness)
        weakness.score = scores.get(weakness.question.code)
        if _refresh(weakness, before, actor):
            updated.append(weakness.question.code)
    return {"created": created, "updated": updated}


def _refresh(weakness: Weakness, before: dict[str, Any], actor: User) -> bool:
    changes = diff_fields(before, _snapshot(weakness))
    if not changes:
        return False
    weakness.save()
    record_change(
        agency=weakness.assessment.agency,
        actor=actor,
        target=weakness,
        action="weakness_refreshed",
        summary=_("ปรับข้อบกพร่อง %s ตามผลการประเมินและคลังข้อเสนอแนะ") % weakness.question.code,
        changes=changes,
    )
    return True


@transaction.atomic
def weakness_add(*, assessment: Assessment, code: str, actor: User) -> Weakness:
    """Add a question the analysis did not flag (any score) as a weakness."""
    spec = framework_spec(assessment.framework)
    if not code.strip():
        raise ValidationError({"code": _("กรุณากรอกรหัสข้อ เช่น I12 หรือ E5")})
    try:
        question_spec = spec.question(code)
    except KeyError:
        raise ValidationError(
            {
                "code": _("ไม่มีข้อ '%(code)s' ในกรอบการประเมินปี %(y)d")
                % {"code": code, "y": assessment.year}
            }
        ) from None
    code = question_spec.code
    question = assessment.framework.questions.get(code=code)
    existing = assessment.weaknesses.filter(question=question).first()
    if existing is not None:
        if existing.status == WeaknessStatus.DROPPED:
            raise ValidationError(
                {"code": _("ข้อ %s ถูกระบุว่าไม่ถือเป็นข้อบกพร่อง ใช้ปุ่ม “นำกลับมา” ในรายการด้านล่าง") % code}
            )
        raise ValidationError({"code": _("ข้อ %s เป็นข้อบกพร่องอยู่แล้ว") % code})
    score = assessment_scores(assessment).get(code)
    weakness = Weakness(assessment=assessment, question=question, score=score, added_by_hand=True)
    _set_texts(
        weakness,
        advice_for(
            agency=assessment.agency,
            year=assessment.year,
            code=code,
            indicator=question_spec.indicator,
            score=score,
        ),
    )
    weakness.save()
    record_change(
        agency=assessment.agency,
        actor=actor,
        target=weakness,
        action="weakness_added",
        summary=_("เพิ่มข้อ %s เป็นข้อบกพร่อง") % code,
    )
    return weakness


@transaction.atomic
def weakness_drop(*, weakness: Weakness, actor: User, reason: str) -> Weakness:
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("กรุณาระบุเหตุผลที่ไม่ถือข้อนี้เป็นข้อบกพร่อง")})
    if weakness.status == WeaknessStatus.DROPPED:
        raise ValidationError({"reason": _("ข้อนี้ไม่ถือเป็นข้อบกพร่องอยู่แล้ว")})
    before = _snapshot(weakness)
    weakness.status = WeaknessStatus.DROPPED
    weakness.drop_reason = reason
    weakness.save(update_fields=["status", "drop_reason", "updated_at"])
    record_change(
        agency=weakness.assessment.agency,
        actor=actor,
        target=weakness,
        action="weakness_dropped",
        summary=_("ไม่ถือข้อ %(code)s เป็นข้อบกพร่อง เหตุผล: %(r)s")
        % {"code": weakness.question.code, "r": reason},
        changes=diff_fields(before, _snapshot(weakness)),
    )
    return weakness


@transaction.atomic
def weakness_restore(*, weakness: Weakness, actor: User) -> Weakness:
    if weakness.status != WeaknessStatus.DROPPED:
        raise ValidationError(_("ข้อนี้เป็นข้อบกพร่องอยู่แล้ว"))
    before = _snapshot(weakness)
    weakness.status = WeaknessStatus.ACTIVE
    weakness.drop_reason = ""
    weakness.save(update_fields=["status", "drop_reason", "updated_at"])
    record_change(
        agency=weakness.assessment.agency,
        actor=actor,
        target=weakness,
        action="weakness_restored",
        summary=_("นำข้อ %s กลับมาเป็นข้อบกพร่อง") % weakness.question.code,
        changes=diff_fields(before, _snapshot(weakness)),
    )
    return weakness


def parse_references(raw: str | list[str]) -> list[str]:
    """ "o11, o12 9.1" → ["o11", "o12", "9.1"]; ValidationError naming a bad one."""
    items = raw if isinstance(raw, list) else re.split(r"[\s,]+", raw)
    refs: list[str] = []
    for item in items:
        item = item.strip()
        if not item:
            continue
        if item[0] == "O":
            item = "o" + item[1:]
        if not REFERENCE.fullmatch(item):
            raise ValidationError(
                {"references": _("'%s' ไม่ใช่รหัสข้อ OIT (เช่น o11) หรือตัวชี้วัดย่อย (เช่น 9.1)") % item}
            )
        refs.append(item)
    return _unique(refs)


def references_collecting(raw: str | list[str], errors: dict[str, str]) -> list[str]:
    """parse_references that adds its error to `errors` instead of raising, so
    that a form shows every field's error at once."""
    try:
        return parse_references(raw)
    except ValidationError as e:
        errors.update({k: v[0] for k, v in e.message_dict.items()})
        return []


@transaction.atomic
def weakness_update_text(
    *,
    weakness: Weakness,
    actor: User,
    diagnosis: str,
    recommendation: str,
    references: str | list[str],
) -> Weakness:
    diagnosis, recommendation = diagnosis.strip(), recommendation.strip()
    errors: dict[str, str] = {}
    if not diagnosis:
        errors["diagnosis"] = _("กรุณากรอกผลการวิเคราะห์")
    refs = references_collecting(references, errors)
    if errors:
        raise ValidationError(errors)
    before = _snapshot(weakness)
    weakness.diagnosis, weakness.recommendation, weakness.references = (
        diagnosis,
        recommendation,
        refs,
    )
    changes = diff_fields(before, _snapshot(weakness))
    if not changes:
        return weakness
    weakness.text_source = TextSource.AGENCY
    weakness.text_edited = True
    weakness.save()
    record_change(
        agency=weakness.assessment.agency,
        actor=actor,
        target=weakness,
        action="weakness_text_edited",
        summary=_("แก้ไขข้อความของข้อบกพร่อง %s") % weakness.question.code,
        changes=changes,
    )
    return weakness
