"""A missing total always comes with its reason: missing scores or an incomplete framework."""

import io
import json
from decimal import Decimal

from django.core.management import call_command
from django.urls import reverse

from prongsai.assessments.models import Assessment, QuestionScore
from prongsai.assessments.scoring import compute_scores
from prongsai.framework.library import load_shipped_frameworks
from prongsai.framework.models import Framework

SPECS = {spec.year: spec for spec in load_shipped_frameworks()}


def every_question_of(year: int) -> dict[str, Decimal]:
    spec = SPECS[year]
    return {
        q.code: Decimal(100) if q.answer_type == "oit_item" else Decimal(90) for q in spec.questions
    }


def test_2567_with_every_shipped_question_scored_has_no_total_and_says_the_framework_lacks_oit_items():
    report = compute_scores(SPECS[2567], every_question_of(2567))
    assert report.total is None and report.oit is None
    assert report.iit == Decimal("90.00") and report.eit == Decimal("90.00")
    assert not report.complete and report.framework_incomplete
    data = report.as_json()
    assert data["complete"] is False
    assert {"9.3", "9.4", "10.1", "10.2"} <= set(data["missing"])
    [reason] = data["reasons"]
    assert reason["tool"] == "oit" and reason["kind"] == "framework_incomplete"
    assert "ตัวชี้วัดย่อย 9.3" in reason["message"] and "2567" in reason["message"]


def test_indicator_9_of_2567_is_partial_because_9_3_and_9_4_have_no_items():
    report = compute_scores(SPECS[2567], every_question_of(2567))
    assert report.indicators[9].partial
    assert report.indicators[9].gaps == ("9.3", "9.4")


def test_a_complete_framework_with_every_score_has_a_total_and_nothing_missing():
    report = compute_scores(SPECS[2566], every_question_of(2566))
    assert report.total is not None
    assert report.as_json()["missing"] == [] and report.reasons() == []


def test_missing_scores_are_named_with_their_tool():
    scores = every_question_of(2566)
    del scores["I7"], scores["E2"]
    reasons = compute_scores(SPECS[2566], scores).reasons()
    assert [(r["tool"], r["codes"]) for r in reasons] == [("iit", ["I7"]), ("eit", ["E2"])]


def test_a_tool_without_questions_is_a_framework_gap():
    spec = SPECS[2566]
    no_eit = spec.model_copy(update={"questions": [q for q in spec.questions if q.code[0] != "E"]})
    scores = {c: v for c, v in every_question_of(2566).items() if c[0] != "E"}
    report = compute_scores(no_eit, scores)
    assert report.total is None and report.eit is None
    assert {"6", "7", "8"} <= set(report.as_json()["missing"])
    assert [r["kind"] for r in report.reasons()] == ["framework_incomplete"]


def _scored_2567(agency) -> Assessment:  # type: ignore[no-untyped-def]
    framework = Framework.objects.get(year=2567)
    assessment = Assessment.objects.create(agency=agency, year=2567, framework=framework)
    for q in framework.questions.all():
        value = Decimal(100) if q.code.startswith("o") else Decimal(90)
        QuestionScore.objects.create(assessment=assessment, question=q, score=value)
    return assessment


def test_scores_json_for_2567_is_not_complete_and_lists_what_is_missing(agency):
    _scored_2567(agency)
    out = io.StringIO()
    call_command("scores", agency=agency.slug, year=2567, json=True, stdout=out)
    data = json.loads(out.getvalue())
    assert data["total"] is None
    assert data["complete"] is False and data["missing"]
    assert data["reasons"][0]["kind"] == "framework_incomplete"


def test_scores_text_for_2567_explains_why_there_is_no_total(agency):
    _scored_2567(agency)
    out = io.StringIO()
    call_command("scores", agency=agency.slug, year=2567, stdout=out)
    text = out.getvalue()
    assert "ไม่มีคะแนนรวม เพราะ:" in text
    assert "OIT: กรอบการประเมินปี 2567 ยังไม่ครบ" in text
    assert "ตัวชี้วัดย่อย 10.1" in text


def test_the_dashboard_says_why_there_is_no_total(agency, agency_admin, login):
    _scored_2567(agency)
    page = login(agency_admin).get(reverse("assessments:dashboard")).content.decode()
    assert "ยังคำนวณคะแนนรวมไม่ได้ เพราะ:" in page
    assert "กรอบการประเมินปี 2567 ยังไม่ครบ" in page


def test_the_results_list_marks_an_incomplete_framework(agency, viewer, login):
    _scored_2567(agency)
    page = login(viewer).get(reverse("assessments:results")).content.decode()
    assert "กรอบการประเมินยังไม่ครบ" in page
