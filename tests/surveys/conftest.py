"""Surveys of the test agency: a staff IIT survey (single-use codes) and a public
satisfaction survey, both open today."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone


@pytest.fixture
def staff_survey(agency):  # type: ignore[no-untyped-def]
    from prongsai.framework.models import Framework
    from prongsai.surveys.services import survey_create_from_framework

    today = timezone.localdate()
    survey, _left_out = survey_create_from_framework(
        agency=agency,
        framework=Framework.objects.get(year=2564),
        tool="iit",
        title="IIT ประเมินตนเอง",
        slug="staff",
        opens_on=today - timedelta(days=1),
        closes_on=today + timedelta(days=10),
        actor=None,
    )
    return survey


@pytest.fixture
def public_survey(agency):  # type: ignore[no-untyped-def]
    from prongsai.surveys.services import survey_create_custom

    today = timezone.localdate()
    return survey_create_custom(
        agency=agency,
        title="ความพึงพอใจ",
        slug="public",
        opens_on=today - timedelta(days=1),
        closes_on=today + timedelta(days=10),
        services=["ชำระภาษี", "ขออนุญาตก่อสร้าง"],
        questions=[
            ("สะดวกรวดเร็ว", "satisfaction"),
            ("สุภาพ", "satisfaction"),
            ("ข้อเสนอแนะ", "free_text"),
        ],
        actor=None,
    )


def fill(
    survey, *, value: str = "3", satisfaction: str = "4", service: str | None = None
) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """A complete form for `survey`, as a browser would post it."""
    from prongsai.surveys.questionnaire import questionnaire

    data: dict[str, str] = {}
    for q in questionnaire(survey).questions:
        if q.answer_type == "service":
            data[q.field] = service or q.choices[0]
        elif q.answer_type == "free_text":
            continue
        elif q.parts:
            for p in q.parts:
                data[p.field] = value if p.answer_type == "four_level" else "no"
        elif q.answer_type == "satisfaction":
            data[q.field] = satisfaction
        elif q.answer_type == "yes_no":
            data[q.field] = "yes"
        else:
            data[q.field] = value
    return data
