"""`prongsai load-demo` opens a staff and a public survey for tha-talad."""

from __future__ import annotations

import io

import pytest

from prongsai.demo import load_demo
from prongsai.surveys.models import Response, Survey
from prongsai.surveys.selectors import survey_state

pytestmark = pytest.mark.django_db


def test_the_demo_opens_a_staff_and_a_public_survey_with_sample_answers(demo):
    surveys = {s.kind: s for s in Survey.objects.filter(agency=demo["agency"])}
    assert set(surveys) == {"staff", "public"}
    assert all(survey_state(s) == "open" for s in surveys.values())
    staff = surveys["staff"]
    assert staff.year == 2566 and staff.uses_codes
    assert list(staff.questions.values_list("code", flat=True)) == ["I7", "I8", "I9", "I14", "I27"]
    public = surveys["public"]
    assert public.questions.filter(answer_type="service").get().choices == [
        "ชำระภาษี",
        "ขออนุญาตก่อสร้าง",
        "รับเรื่องร้องเรียน",
        "เบี้ยยังชีพผู้สูงอายุ",
    ]
    assert Response.objects.filter(survey=staff).count() == 12
    assert Response.objects.filter(survey=public).count() == 28
    assert staff.codes.count() == 0  # the demo's codes were spent like real ones


def test_loading_the_demo_again_changes_nothing(demo):
    before = (Survey.objects.count(), Response.objects.count())
    out = io.StringIO()
    load_demo(out)
    assert (Survey.objects.count(), Response.objects.count()) == before


def test_the_demo_says_which_iit_questions_are_missing(frameworks):
    out = io.StringIO()
    load_demo(out)
    assert "ยังไม่ทราบข้อความ 25 ข้อ (I1, I2" in out.getvalue()
