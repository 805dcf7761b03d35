"""Scoring follows the NACC's arithmetic (ita-framework.md §5)."""

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from prongsai.assessments.scoring import compute_scores, rating_for
from prongsai.framework.library import load_shipped_frameworks

SPECS = {spec.year: spec for spec in load_shipped_frameworks()}
D = Decimal


NINETY = D(90)


def all_passed(spec, survey_score=NINETY):  # type: ignore[no-untyped-def]
    return {
        q.code: (D(100) if q.answer_type == "oit_item" else survey_score) for q in spec.questions
    }


def test_one_item_missing_in_9_2_and_9_5_gives_indicator_9_of_93_50_and_oit_96_75():
    spec = SPECS[2564]
    scores = all_passed(spec)
    scores[spec.questions_for_sub_indicator("9.2")[0].code] = D(0)
    scores[spec.questions_for_sub_indicator("9.5")[0].code] = D(0)
    report = compute_scores(spec, scores)
    assert report.indicators[9].score == D("93.50")
    assert report.indicators[10].score == D("100.00")
    assert report.oit == D("96.75")


@pytest.mark.parametrize(
    ("sub", "failed", "indicator", "expected"),
    [
        ("9.1", 1, 9, "97.78"),
        ("9.2", 1, 9, "97.50"),
        ("9.3", 1, 9, "97.14"),
        ("9.5", 1, 9, "96.00"),
        ("10.1", 1, 10, "93.75"),
        ("10.1", 2, 10, "87.50"),
    ],
)
def test_indicator_scores_match_the_nacc_2564_regional_report(sub, failed, indicator, expected):
    spec = SPECS[2564]
    scores = all_passed(spec)
    for q in spec.questions_for_sub_indicator(sub)[:failed]:
        scores[q.code] = D(0)
    assert compute_scores(spec, scores).indicators[indicator].score == D(expected)


def test_total_weighs_iit_and_eit_thirty_percent_and_oit_forty():
    spec = SPECS[2566]
    scores = all_passed(spec, survey_score=D(80))
    report = compute_scores(spec, scores)
    assert (report.iit, report.eit, report.oit) == (D("80.00"), D("80.00"), D("100.00"))
    assert report.total == D("88.00")
    assert report.grade == "A"


def test_survey_indicator_is_the_mean_of_its_questions_rounded_half_up():
    spec = SPECS[2566]
    scores = all_passed(spec)
    codes = [q.code for q in spec.questions_for_indicator(2)]
    for code, value in zip(codes, ["79.27", "53.56", "77.27", "100", "100", "100"], strict=False):
        scores[code] = D(value)
    # (79.27 + 53.56 + 77.27 + 300) / 6 = 85.016666… → 85.02
    assert compute_scores(spec, scores).indicators[2].score == D("85.02")


def test_a_missing_question_is_reported_and_never_counted_as_zero():
    spec = SPECS[2566]
    scores = all_passed(spec)
    del scores["I7"]
    report = compute_scores(spec, scores)
    assert report.missing == ["I7"]
    assert report.indicators[2].score == D("90.00")
    assert report.indicators[2].partial
    assert report.iit is None
    assert report.eit == D("90.00")
    assert report.total is None and report.grade is None and report.rating is None


def test_codes_the_framework_does_not_know_are_ignored():
    spec = SPECS[2566]
    scores = all_passed(spec)
    scores["I99"] = D(0)
    assert compute_scores(spec, scores).total == compute_scores(spec, all_passed(spec)).total


@pytest.mark.parametrize(
    ("total", "iit", "eit", "oit", "label"),
    [
        ("96.00", "95", "95", "98", "ผ่านดีเยี่ยม"),
        ("96.00", "94.99", "96", "98", "ผ่านดี"),
        ("94.64", "95", "84.99", "100", "ผ่าน"),  # the SAO 2568 case: EIT below 85
        ("85.00", "85", "85", "85", "ผ่านดี"),
        ("84.99", "90", "90", "80", "ต้องปรับปรุง"),
        ("70.00", "70", "70", "70", "ต้องปรับปรุง"),
        ("69.99", "70", "70", "70", "ต้องปรับปรุงอย่างเร่งด่วน"),
    ],
)
def test_rating_follows_the_2566_rules(total, iit, eit, oit, label):
    tools = {"iit": D(iit), "eit": D(eit), "oit": D(oit)}
    assert rating_for(SPECS[2566], D(total), tools) == label


def test_years_before_2566_have_grades_but_no_rating():
    report = compute_scores(SPECS[2564], all_passed(SPECS[2564], survey_score=D(96)))
    assert report.grade == "AA"
    assert report.rating is None


@pytest.mark.parametrize(
    ("score", "grade"),
    [
        ("95.00", "AA"),
        ("94.99", "A"),
        ("85", "A"),
        ("84.99", "B"),
        ("75", "B"),
        ("65", "C"),
        ("55", "D"),
        ("50", "E"),
        ("49.99", "F"),
        ("0", "F"),
    ],
)
def test_grade_bands_include_their_lower_bound(score, grade):
    from prongsai.assessments.scoring import grade_for

    assert grade_for(SPECS[2565], D(score)) == grade


score_values = st.decimals(
    min_value=0, max_value=100, places=2, allow_nan=False, allow_infinity=False
)


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_every_score_stays_between_0_and_100(data):
    spec = SPECS[2566]
    scores = {
        q.code: (
            data.draw(st.sampled_from([D(0), D(100)]))
            if q.answer_type == "oit_item"
            else data.draw(score_values)
        )
        for q in spec.questions
    }
    report = compute_scores(spec, scores)
    values = [report.iit, report.eit, report.oit, report.total]
    values += [p.score for p in report.indicators.values()]
    values += [p.score for p in report.sub_indicators.values()]
    assert all(v is not None and D(0) <= v <= D(100) for v in values)


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_raising_one_score_never_lowers_the_total(data):
    spec = SPECS[2566]
    scores = {
        q.code: (D(0) if q.answer_type == "oit_item" else data.draw(score_values))
        for q in spec.questions
    }
    before = compute_scores(spec, scores).total
    code = data.draw(st.sampled_from([q.code for q in spec.questions]))
    raised = dict(scores)
    raised[code] = D(100)
    after = compute_scores(spec, raised).total
    assert before is not None and after is not None
    assert after >= before
