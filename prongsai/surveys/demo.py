"""Demo surveys of อบต.ท่าตลาด (called from `prongsai load-demo`; idempotent).

A staff pre-assessment survey from the ITA 2566 IIT questions whose texts are
known, and a public satisfaction survey of four usual SAO services, each with a
few made-up responses stored through the real submission path (codes are spent
like a respondent's would be). Both stay open: a later run moves a closed demo
survey's closing date forward.
"""

from __future__ import annotations

import random
import uuid
from datetime import timedelta
from typing import TextIO

from django.utils import timezone

from prongsai.agencies.models import Agency
from prongsai.framework.models import Framework
from prongsai.surveys.models import Survey
from prongsai.surveys.questionnaire import questionnaire
from prongsai.surveys.services import (
    codes_generate,
    survey_create_custom,
    survey_create_from_framework,
)
from prongsai.surveys.submit import response_submit

STAFF_SLUG = "tha-talad-iit-2566"
PUBLIC_SLUG = "tha-talad-satisfaction"
SERVICES = ["ชำระภาษี", "ขออนุญาตก่อสร้าง", "รับเรื่องร้องเรียน", "เบี้ยยังชีพผู้สูงอายุ"]
SATISFACTION_QUESTIONS = [
    "ความสะดวกและรวดเร็วในการให้บริการ",
    "ขั้นตอนการให้บริการชัดเจน ไม่ยุ่งยาก",
    "เจ้าหน้าที่ให้บริการด้วยความสุภาพ เต็มใจ และเป็นธรรม",
    "การให้ข้อมูลและคำแนะนำที่ถูกต้องครบถ้วน",
    "สถานที่และสิ่งอำนวยความสะดวก",
    "ความพึงพอใจต่อการให้บริการโดยรวม",
]
COMMENTS = ["ควรเพิ่มที่จอดรถ", "เจ้าหน้าที่บริการดีมาก", "อยากให้ชำระภาษีออนไลน์ได้"]
STAFF_RESPONSES = 12
PUBLIC_RESPONSES = 28


def _keep_open(survey: Survey) -> None:
    today = timezone.localdate()
    if survey.closes_on < today or survey.opens_on > today:
        survey.opens_on = min(survey.opens_on, today - timedelta(days=7))
        survey.closes_on = today + timedelta(days=30)
        survey.save(update_fields=["opens_on", "closes_on", "updated_at"])


def _answers(survey: Survey, rng: random.Random) -> dict[tuple[str, int], str]:
    out: dict[tuple[str, int], str] = {}
    for q in questionnaire(survey).questions:
        if q.answer_type == "four_level":
            out[(q.code, 0)] = rng.choices("1234", weights=[1, 2, 5, 4])[0]
        elif q.answer_type == "yes_no":
            out[(q.code, 0)] = rng.choices(["yes", "no"], weights=[4, 1])[0]
        elif q.answer_type == "multi_part":
            for p in q.parts:
                out[(q.code, p.number)] = rng.choices("1234", weights=[1, 2, 5, 4])[0]
        elif q.answer_type == "satisfaction":
            out[(q.code, 0)] = rng.choices("12345", weights=[1, 1, 4, 8, 6])[0]
        elif q.answer_type == "service":
            out[(q.code, 0)] = rng.choice(q.choices)
        elif q.answer_type == "free_text" and rng.random() < 0.2:
            out[(q.code, 0)] = rng.choice(COMMENTS)
    return out


def _sample_responses(survey: Survey, count: int, seed: int) -> None:
    rng = random.Random(seed)
    ids = {q.code: q.pk for q in questionnaire(survey).questions}
    codes = codes_generate(survey=survey, count=count, actor=None) if survey.uses_codes else []
    today = timezone.localdate()
    for n in range(count):
        response_submit(
            survey=survey,
            question_ids=ids,
            answers=_answers(survey, rng),
            token=uuid.UUID(int=rng.getrandbits(128)).hex,
            code=codes[n] if codes else None,
            today=today - timedelta(days=rng.randrange(0, 7)),
        )


def load_survey_demo(agency: Agency, out: TextIO) -> None:
    today = timezone.localdate()
    staff = Survey.objects.filter(slug=STAFF_SLUG).first()
    if staff is None:
        framework = Framework.objects.get(year=2566)
        staff, left_out = survey_create_from_framework(
            agency=agency,
            framework=framework,
            tool="iit",
            title="แบบสอบถามบุคลากร IIT ประเมินตนเอง ปี 2566",
            slug=STAFF_SLUG,
            opens_on=today - timedelta(days=7),
            closes_on=today + timedelta(days=30),
            access="codes",
            min_sample=20,
            actor=None,
        )
        _sample_responses(staff, STAFF_RESPONSES, seed=2566)
        out.write(
            f"แบบสอบถามบุคลากร {STAFF_SLUG}: ข้อ IIT 2566 ที่ทราบข้อความ {staff.questions.count()} ข้อ; "
            f"ยังไม่ทราบข้อความ {len(left_out)} ข้อ ({', '.join(left_out)}) ไม่อยู่ในแบบสอบถาม\n"
        )
    _keep_open(staff)
    public = Survey.objects.filter(slug=PUBLIC_SLUG).first()
    if public is None:
        public = survey_create_custom(
            agency=agency,
            title="แบบสอบถามความพึงพอใจต่อการให้บริการ อบต.ท่าตลาด",
            slug=PUBLIC_SLUG,
            kind="public",
            opens_on=today - timedelta(days=7),
            closes_on=today + timedelta(days=30),
            min_sample=40,
            services=SERVICES,
            questions=[(text, "satisfaction") for text in SATISFACTION_QUESTIONS]
            + [("ข้อเสนอแนะเพิ่มเติม", "free_text")],
            intro="ขอความร่วมมือประเมินความพึงพอใจต่อการให้บริการของ อบต.ท่าตลาด เพื่อนำไปปรับปรุงงานบริการ",
            actor=None,
        )
        public.public_results = True
        public.save(update_fields=["public_results", "updated_at"])
        _sample_responses(public, PUBLIC_RESPONSES, seed=2567)
    _keep_open(public)
