"""State changes of surveys: build, configure, issue codes, turn into a pre-assessment,
and the official-round kit. Storing answers is in `submit.py` (the hot path)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.text import slugify
from django.utils.translation import gettext as _

from prongsai.agencies.models import Agency
from prongsai.assessments.imports import ScoreRow
from prongsai.assessments.models import Assessment
from prongsai.assessments.services import assessment_get_or_create, scores_write
from prongsai.framework.models import Framework
from prongsai.framework.schema import QuestionSpec
from prongsai.framework.services import framework_spec
from prongsai.history.services import record_change
from prongsai.surveys.models import (
    AccessCode,
    AnswerType,
    OfficialRound,
    RoundProgress,
    Survey,
    SurveyQuestion,
)
from prongsai.surveys.submit import code_hash, format_code, new_code

User = AbstractBaseUser | AnonymousUser | None

MAX_CODES_AT_ONCE = 2000
CUSTOM_TYPES = ("satisfaction", "free_text", "four_level", "yes_no")
PRE_ASSESSMENT_NOTE = (
    "ผลการประเมินตนเอง: หน่วยงานวัดเองด้วยแบบสอบถามในระบบโปร่งใส ไม่ใช่ผลการประเมินของ สำนักงาน ป.ป.ช."
)


@dataclass(frozen=True)
class FrameworkQuestions:
    """The questions of one tool of a framework year, split by whether their text is known."""

    framework: Framework
    tool: str
    known: tuple[QuestionSpec, ...]
    missing: tuple[QuestionSpec, ...]


def _text_known(q: QuestionSpec) -> bool:
    return q.text is not None


def framework_questions(framework: Framework, tool: str) -> FrameworkQuestions:
    if tool not in ("iit", "eit"):
        raise ValidationError({"tool": _("สร้างแบบสอบถามได้จาก IIT หรือ EIT เท่านั้น")})
    questions = framework_spec(framework).questions_for_tool(tool)  # type: ignore[arg-type]
    return FrameworkQuestions(
        framework,
        tool,
        tuple(q for q in questions if _text_known(q)),
        tuple(q for q in questions if not _text_known(q)),
    )


def _unique_slug(base: str) -> str:
    base = slugify(base)[:70] or "survey"
    slug, n = base, 1
    while Survey.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def _check_survey_fields(fields: dict[str, Any]) -> None:
    errors: dict[str, str] = {}
    if not str(fields.get("title", "")).strip():
        errors["title"] = _("กรุณาตั้งชื่อแบบสอบถาม")
    opens, closes = fields.get("opens_on"), fields.get("closes_on")
    if opens and closes and closes < opens:
        errors["closes_on"] = _("วันปิดต้องไม่ก่อนวันเปิด")
    slug = fields.get("slug")
    if slug is not None and slug != slugify(slug):
        errors["slug"] = _("ใช้ได้เฉพาะอักษรอังกฤษตัวเล็ก ตัวเลข และ -")
    shared = fields.get("kind") == "staff" and fields.get("access") == "shared"
    if shared and len(str(fields.get("shared_code", "")).strip()) < 6:
        errors["shared_code"] = _("รหัสร่วมต้องยาวอย่างน้อย 6 ตัวอักษร")
    if errors:
        raise ValidationError(errors)


def _new_survey(*, agency: Agency, actor: User, slug: str | None, **fields: Any) -> Survey:
    _check_survey_fields({**fields, "slug": slug})
    if slug and Survey.objects.filter(slug=slug).exists():
        raise ValidationError({"slug": _("มีแบบสอบถามชื่อในลิงก์ '%s' อยู่แล้ว") % slug})
    base = f"{agency.slug}-{fields['basis']}-{fields.get('year') or ''}".rstrip("-")
    survey = Survey.objects.create(agency=agency, slug=slug or _unique_slug(base), **fields)
    record_change(
        agency=agency,
        actor=actor,
        target=survey,
        action="survey_created",
        summary=_("สร้างแบบสอบถาม %s") % survey.title,
    )
    return survey


@transaction.atomic
def survey_create_from_framework(
    *,
    agency: Agency,
    framework: Framework,
    tool: str,
    title: str,
    opens_on: date,
    closes_on: date,
    actor: User,
    slug: str | None = None,
    layout: str = "one_page",
    access: str = "codes",
    shared_code: str = "",
    min_sample: int | None = None,
    supplied_texts: dict[str, str] | None = None,
) -> tuple[Survey, list[str]]:
    """A staff survey from the year's IIT questions or a public one from its EIT
    questions. Questions whose text is unknown are left out unless the admin
    supplies a text (kept in the survey, never written back to the framework).
    Returns the survey and the codes still left out."""
    found = framework_questions(framework, tool)
    supplied = {k: v.strip() for k, v in (supplied_texts or {}).items() if v and v.strip()}
    spec = framework_spec(framework)
    survey = _new_survey(
        agency=agency,
        actor=actor,
        slug=slug,
        title=title.strip(),
        kind="staff" if tool == "iit" else "public",
        basis=tool,
        framework=framework,
        year=framework.year,
        layout=layout,
        access=access,
        shared_code=shared_code.strip(),
        opens_on=opens_on,
        closes_on=closes_on,
        min_sample=min_sample,
    )
    left_out: list[str] = []
    rows = []
    for q in (*found.known, *found.missing):
        text = q.text or supplied.get(q.code)
        if not text:
            left_out.append(q.code)
            continue
        indicator = spec.indicator(q.indicator)
        rows.append(
            SurveyQuestion(
                survey=survey,
                order=spec.questions.index(q) + 1,
                code=q.code,
                group=_("ตัวชี้วัดที่ %(n)d %(name)s") % {"n": indicator.number, "name": indicator.name},
                text=text,
                text_from_admin=q.text is None,
                answer_type=q.answer_type,
                reversed=q.reversed,
                parts=[
                    {"text": p.text, "answer_type": p.answer_type, "reversed": p.reversed}
                    for p in q.parts
                ],
            )
        )
    if not rows:
        raise ValidationError(
            {
                "__all__": _("ปี %d ยังไม่มีข้อคำถามที่ทราบข้อความเลย กรุณาเติมข้อความอย่างน้อยหนึ่งข้อ")
                % framework.year
            }
        )
    SurveyQuestion.objects.bulk_create(sorted(rows, key=lambda r: r.order))
    return survey, left_out


@transaction.atomic
def survey_create_custom(
    *,
    agency: Agency,
    title: str,
    opens_on: date,
    closes_on: date,
    actor: User,
    kind: str = "public",
    slug: str | None = None,
    layout: str = "one_page",
    access: str = "codes",
    shared_code: str = "",
    min_sample: int | None = None,
    year: int | None = None,
    services: Sequence[str] = (),
    questions: Sequence[tuple[str, str]] = (),
    intro: str = "",
) -> Survey:
    """A satisfaction survey of the agency's own questions; with services, the
    first question asks which service the respondent used."""
    survey = _new_survey(
        agency=agency,
        actor=actor,
        slug=slug,
        title=title.strip(),
        kind=kind,
        basis="custom",
        year=year,
        layout=layout,
        access=access,
        shared_code=shared_code.strip(),
        opens_on=opens_on,
        closes_on=closes_on,
        min_sample=min_sample,
        intro=intro,
    )
    services = [s.strip() for s in services if s.strip()]
    if services:
        _question_create(
            survey,
            text=_("ท่านมาใช้บริการงานใด"),
            answer_type="service",
            choices=services,
            group=_("งานบริการ"),
        )
    for text, answer_type in questions:
        _question_create(survey, text=text, answer_type=answer_type, group=_("ความพึงพอใจ"))
    return survey


def _question_create(
    survey: Survey, *, text: str, answer_type: str, group: str, choices: Sequence[str] = ()
) -> SurveyQuestion:
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("กรุณากรอกข้อความคำถาม")})
    if answer_type not in (*CUSTOM_TYPES, "service"):
        raise ValidationError({"answer_type": _("ไม่รู้จักประเภทคำตอบ '%s'") % answer_type})
    if answer_type == "service" and len(choices) < 1:
        raise ValidationError({"choices": _("กรุณาระบุงานบริการอย่างน้อยหนึ่งงาน")})
    if answer_type == "service" and survey.questions.filter(answer_type="service").exists():
        raise ValidationError({"answer_type": _("แบบสอบถามมีคำถามเลือกงานบริการแล้ว")})
    existing = list(survey.questions.values_list("code", "order"))
    number = len(existing) + 1
    codes = {c for c, _o in existing}
    while f"Q{number}" in codes:
        number += 1
    return SurveyQuestion.objects.create(
        survey=survey,
        order=max((o for _c, o in existing), default=0) + 1,
        code=f"Q{number}",
        group=group,
        text=text,
        text_from_admin=True,
        answer_type=answer_type,
        choices=list(choices),
        required=answer_type != "free_text",
    )


def _refuse_if_answered(survey: Survey) -> None:
    if survey.responses.exists():
        raise ValidationError(
            {"__all__": _("แบบสอบถามนี้มีผู้ตอบแล้ว จึงเปลี่ยนข้อคำถามไม่ได้ (คำตอบเดิมจะไม่ตรงกับคำถาม)")}
        )


@transaction.atomic
def question_add(
    *, survey: Survey, text: str, answer_type: str, actor: User, choices: Sequence[str] = ()
) -> SurveyQuestion:
    _refuse_if_answered(survey)
    group = _("งานบริการ") if answer_type == "service" else _("ความพึงพอใจ")
    if survey.basis != "custom":
        group = _("ข้อคำถามเพิ่มเติมของหน่วยงาน")
    question = _question_create(
        survey,
        text=text,
        answer_type=answer_type,
        group=group,
        choices=[c for c in choices if c.strip()],
    )
    survey.save(update_fields=["updated_at"])
    record_change(
        agency=survey.agency,
        actor=actor,
        target=survey,
        action="survey_question_added",
        summary=_("เพิ่มข้อคำถาม %s") % question.code,
    )
    return question


@transaction.atomic
def question_text_set(*, survey: Survey, code: str, text: str, actor: User) -> SurveyQuestion:
    """Correct a question's wording before anyone has answered."""
    _refuse_if_answered(survey)
    question = survey.questions.filter(code=code).first()
    if question is None:
        raise ValidationError({"code": _("ไม่พบข้อ %s") % code})
    if not text.strip():
        raise ValidationError({"text": _("กรุณากรอกข้อความคำถาม")})
    question.text, question.text_from_admin = text.strip(), True
    question.save(update_fields=["text", "text_from_admin"])
    survey.save(update_fields=["updated_at"])
    record_change(
        agency=survey.agency,
        actor=actor,
        target=survey,
        action="survey_question_text",
        summary=_("แก้ข้อความข้อ %s") % code,
    )
    return question


SETTABLE = (
    "title",
    "opens_on",
    "closes_on",
    "layout",
    "access",
    "shared_code",
    "min_sample",
    "rate_limit",
    "public_results",
    "intro",
)


@transaction.atomic
def survey_update(*, survey: Survey, actor: User, **fields: Any) -> Survey:
    unknown = set(fields) - set(SETTABLE)
    if unknown:
        raise ValidationError({"__all__": f"unknown fields {sorted(unknown)}"})
    merged = {f: getattr(survey, f) for f in SETTABLE} | fields | {"kind": survey.kind}
    _check_survey_fields(merged)
    before = {f: getattr(survey, f) for f in fields}
    for name, value in fields.items():
        setattr(survey, name, value)
    survey.save()
    from prongsai.history.services import diff_fields

    record_change(
        agency=survey.agency,
        actor=actor,
        target=survey,
        action="survey_updated",
        summary=_("แก้ไขการตั้งค่าแบบสอบถาม %s") % survey.title,
        changes=diff_fields(before, {f: getattr(survey, f) for f in fields}),
    )
    return survey


def codes_generate(*, survey: Survey, count: int, actor: User) -> list[str]:
    """N new single-use codes, returned once in clear (for printing); only their
    keyed hashes are stored, so a lost slip cannot be reprinted, only replaced."""
    if not survey.uses_codes:
        raise ValidationError({"__all__": _("แบบสอบถามนี้ไม่ได้ใช้รหัสแบบใช้ครั้งเดียว")})
    if not 1 <= count <= MAX_CODES_AT_ONCE:
        raise ValidationError({"count": _("สร้างได้ครั้งละ 1–%d รหัส") % MAX_CODES_AT_ONCE})
    for _attempt in range(5):
        codes = {new_code() for _ in range(count)}
        if len(codes) < count:
            continue
        try:
            with transaction.atomic():
                AccessCode.objects.bulk_create(
                    AccessCode(survey=survey, code_hash=code_hash(survey, c)) for c in codes
                )
                Survey.objects.filter(pk=survey.pk).update(codes_issued=F("codes_issued") + count)
                record_change(
                    agency=survey.agency,
                    actor=actor,
                    target=survey,
                    action="survey_codes",
                    summary=_("สร้างรหัสเข้าตอบ %d รหัส") % count,
                )
        except IntegrityError:  # a repeat of an existing code: about 1 in 10^11 per code
            continue
        survey.refresh_from_db(fields=["codes_issued"])
        return [format_code(c) for c in sorted(codes)]
    raise RuntimeError("could not generate unique codes")


@transaction.atomic
def survey_to_pre_assessment(*, survey: Survey, actor: User) -> Assessment:
    """Write the survey's question scores into the year's pre-assessment
    (Assessment kind "pre", source "survey"), which the dashboard and the
    analysis read like imported results, labelled as the agency's own measurement."""
    from prongsai.surveys.selectors import survey_question_results

    if survey.framework is None or survey.basis == "custom":
        raise ValidationError({"__all__": _("แบบสอบถามนี้ไม่ได้สร้างจากข้อคำถามของ ป.ป.ช.")})
    spec = framework_spec(survey.framework)
    results = survey_question_results(survey)
    rows = [
        ScoreRow(n, code, result.score, "")
        for n, (code, result) in enumerate(results.items(), start=1)
        if result.score is not None and spec.has_question(code)
    ]
    if not rows:
        raise ValidationError({"__all__": _("ยังไม่มีคำตอบให้คำนวณคะแนน")})
    assessment = assessment_get_or_create(
        agency=survey.agency, year=survey.framework.year, kind="pre"
    )
    if not assessment.note:
        assessment.note = PRE_ASSESSMENT_NOTE
        assessment.save(update_fields=["note"])
    scores_write(assessment=assessment, rows=rows, source="survey", actor=actor)
    return assessment


ROUND_FIELDS = ("iit_url", "eit_url", "staff_count", "size", "iit_target", "eit_target")


@transaction.atomic
def round_save(*, agency: Agency, year: int, actor: User, **fields: Any) -> OfficialRound:
    unknown = set(fields) - set(ROUND_FIELDS)
    if unknown:
        raise ValidationError({"__all__": f"unknown fields {sorted(unknown)}"})
    for key in ("iit_url", "eit_url"):
        url = fields.get(key) or ""
        if url and "nacc.go.th" not in url:
            raise ValidationError(
                {
                    key: _(
                        "ลิงก์ของ ITAS ควรอยู่ที่ itas.nacc.go.th (เช่น https://itas.nacc.go.th/go/eit/…)"
                    )
                }
            )
    official, _created = OfficialRound.objects.update_or_create(
        agency=agency, year=year, defaults=fields
    )
    record_change(
        agency=agency,
        actor=actor,
        target=official,
        action="official_round_saved",
        summary=_("บันทึกข้อมูลรอบประเมิน ITA %d") % year,
    )
    return official


@transaction.atomic
def round_progress_record(
    *, official: OfficialRound, tool: str, on: date, count: int, actor: User
) -> RoundProgress:
    if tool not in ("iit", "eit"):
        raise ValidationError({"tool": _("เลือก IIT หรือ EIT")})
    if count < 0:
        raise ValidationError({"count": _("จำนวนต้องไม่ติดลบ")})
    entry, _created = RoundProgress.objects.update_or_create(
        round=official, tool=tool, on=on, defaults={"count": count}
    )
    record_change(
        agency=official.agency,
        actor=actor,
        target=official,
        action="official_round_progress",
        summary=_("บันทึกจำนวนผู้ตอบ %(tool)s %(n)d คน") % {"tool": tool.upper(), "n": count},
    )
    return entry


def answer_types_for_custom() -> list[tuple[str, str]]:
    return [(t, str(AnswerType(t).label)) for t in CUSTOM_TYPES]
