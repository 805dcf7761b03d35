"""A survey's scores as the year's pre-assessment, by the NACC rules."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from prongsai.assessments.models import Assessment, QuestionScore
from prongsai.assessments.selectors import assessment_report
from prongsai.surveys.selectors import survey_question_results, survey_score_report
from prongsai.surveys.services import codes_generate, survey_to_pre_assessment
from tests.surveys.conftest import fill

pytestmark = pytest.mark.django_db


@pytest.fixture
def answered(client, staff_survey):  # type: ignore[no-untyped-def]
    """Two staff answers: every 4-level item "มากที่สุด" (4) in one, "น้อย" (2) in
    the other; every yes/no part "ไม่มี"."""
    codes = codes_generate(survey=staff_survey, count=2, actor=None)
    for n, (code, value) in enumerate(zip(codes, "42", strict=True)):
        data = fill(staff_survey, value=value) | {"code": code, "client_id": f"{n}" * 32}
        assert client.post(f"/surveys/s/{staff_survey.slug}/", data).status_code == 303
    return staff_survey


def test_question_scores_follow_the_nacc_rules(answered):
    scores = {code: r.score for code, r in survey_question_results(answered).items()}
    assert scores["I2"] == Decimal("66.67")  # (100 + 100/3) / 2 = 200/3
    assert scores["I9"] == Decimal("33.33")  # reversed: (0 + 200/3) / 2 = 100/3
    assert scores["I1"] == Decimal("66.67")  # two 4-level parts: (100 + 100/3) / 2
    assert scores["I4"] == Decimal("100.00")  # three reversed yes/no parts, all "ไม่มี"
    assert scores["I11"] == Decimal("50.00")  # (100 + 0) / 2 and (100/3 + 200/3) / 2


def test_indicator_and_tool_scores_are_computed_as_for_imported_results(answered):
    report = survey_score_report(answered)
    assert report is not None
    # Indicator 1 = mean of I1–I6 as stored (two decimals, like an import):
    # (66.67 × 3 + 100 × 3) / 6 = 83.335 → 83.34
    assert report.indicators[1].score == Decimal("83.34")
    assert report.indicators[1].answered == 6
    assert report.iit is not None and report.eit is None and report.total is None


def test_a_survey_becomes_the_years_pre_assessment_labelled_as_our_own(answered, agency):
    assessment = survey_to_pre_assessment(survey=answered, actor=None)
    assert (assessment.agency, assessment.year, assessment.kind) == (agency, 2564, "pre")
    assert "ไม่ใช่ผลการประเมินของ สำนักงาน ป.ป.ช." in assessment.note
    scores = QuestionScore.objects.filter(assessment=assessment)
    assert scores.count() == 30 and set(scores.values_list("source", flat=True)) == {"survey"}
    assert scores.get(question__code="I9").score == Decimal("33.33")
    assert assessment_report(assessment).indicators[1].score == Decimal("83.34")
    # Again: same scores, no duplicate assessment.
    survey_to_pre_assessment(survey=answered, actor=None)
    assert Assessment.objects.filter(agency=agency, kind="pre").count() == 1


def test_the_dashboard_shows_the_pre_assessment_as_our_own_measurement(
    answered, login, agency_admin
):
    survey_to_pre_assessment(survey=answered, actor=None)
    html = login(agency_admin).get("/").content.decode()
    assert "หน่วยงานวัดเอง" in html


def test_the_admin_turns_the_survey_into_a_pre_assessment_from_the_results_page(
    answered, login, agency_admin
):
    client = login(agency_admin)
    assert (
        "บันทึกเป็นผลการประเมินตนเอง"
        in client.get(f"/surveys/survey/{answered.slug}/results/").content.decode()
    )
    response = client.post(f"/surveys/survey/{answered.slug}/pre-assessment/")
    assert response.status_code == 302 and response["Location"] == "/results/2564/pre/"


def test_a_survey_without_answers_or_of_custom_questions_cannot_be_a_pre_assessment(
    staff_survey, public_survey
):
    with pytest.raises(ValidationError):
        survey_to_pre_assessment(survey=staff_survey, actor=None)
    with pytest.raises(ValidationError):
        survey_to_pre_assessment(survey=public_survey, actor=None)
