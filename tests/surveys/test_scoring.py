"""Questionnaire scoring against hand-computed cases (no database)."""

from __future__ import annotations

from decimal import Decimal

from prongsai.surveys.scoring import (
    PartDef,
    QuestionDef,
    points,
    question_scores,
    satisfaction_by_question,
    satisfaction_by_service,
    satisfaction_stat,
)

FOUR = QuestionDef("I7", "four_level")
FOUR_REVERSED = QuestionDef("I9", "four_level", reversed=True)
YES_NO = QuestionDef("E13", "yes_no")
YES_NO_REVERSED = QuestionDef("I10", "yes_no", reversed=True)
# I4 of 2564: "บุคลากรเรียกรับ … หรือไม่" — money, property, other benefits; "มี" scores 0.
MULTI_REVERSED = QuestionDef(
    "I4",
    "multi_part",
    parts=(PartDef("yes_no", True), PartDef("yes_no", True), PartDef("yes_no", True)),
)
# I11 of 2564: "โปร่งใส ตรวจสอบได้" (A) and "เอื้อประโยชน์ผู้ประกอบการรายใดรายหนึ่ง" (A, reversed).
MULTI_MIXED = QuestionDef(
    "I11", "multi_part", parts=(PartDef("four_level"), PartDef("four_level", True))
)


def score(question: QuestionDef, answers: list[dict]) -> Decimal | None:  # type: ignore[type-arg]
    return question_scores([question], answers)[question.code].score


def test_four_levels_score_0_33_67_100():
    assert [score(FOUR, [{("I7", 0): v}]) for v in "1234"] == [
        Decimal("0.00"),
        Decimal("33.33"),
        Decimal("66.67"),
        Decimal("100.00"),
    ]


def test_means_use_exact_thirds_and_round_only_at_the_end():
    # (100/3 + 200/3 + 200/3) / 3 = 500/9 = 55.555… → 55.56; with rounded points
    # (33.33 + 66.67 + 66.67) / 3 = 55.556 would give the same here, so also:
    assert score(FOUR, [{("I7", 0): "2"}, {("I7", 0): "3"}, {("I7", 0): "3"}]) == Decimal("55.56")
    # three "น้อย": exactly 100/3 → 33.33 (not 33.33 from 99.99/3 = 33.33 by luck)
    assert score(FOUR, [{("I7", 0): "2"}] * 3) == Decimal("33.33")
    # 2 × "มาก" + 1 × "น้อยที่สุด": 400/9 = 44.444… → 44.44
    assert score(FOUR, [{("I7", 0): "3"}, {("I7", 0): "3"}, {("I7", 0): "1"}]) == Decimal("44.44")


def test_rounding_is_half_up():
    # 1 "มี" among 800 answers: 100/800 = 0.125 → 0.13 (banker's rounding would give 0.12)
    answers = [{("E13", 0): "yes"}] + [{("E13", 0): "no"}] * 799
    assert score(YES_NO, answers) == Decimal("0.13")


def test_reversed_four_level_flips_the_points():
    assert points("four_level", "4", reversed=True) == 0
    assert points("four_level", "1", reversed=True) == 100
    # "มากที่สุด" (0) and "น้อย" (200/3): mean 100/3 → 33.33
    assert score(FOUR_REVERSED, [{("I9", 0): "4"}, {("I9", 0): "2"}]) == Decimal("33.33")


def test_yes_no_scores_100_and_0_and_reversed_flips():
    assert score(YES_NO, [{("E13", 0): "yes"}, {("E13", 0): "no"}, {("E13", 0): "yes"}]) == Decimal(
        "66.67"
    )
    # reversed: มี = 0, ไม่มี = 100 → (0 + 0 + 100) / 3
    assert score(
        YES_NO_REVERSED, [{("I10", 0): "yes"}, {("I10", 0): "yes"}, {("I10", 0): "no"}]
    ) == Decimal("33.33")


def test_multi_part_is_the_mean_of_its_reversed_parts():
    a = {("I4", 1): "no", ("I4", 2): "no", ("I4", 3): "yes"}  # 100, 100, 0 → 200/3
    b = {("I4", 1): "no", ("I4", 2): "no", ("I4", 3): "no"}  # 100
    # (200/3 + 100) / 2 = 250/3 = 83.333… → 83.33
    assert score(MULTI_REVERSED, [a, b]) == Decimal("83.33")


def test_multi_part_with_one_reversed_part():
    a = {("I11", 1): "4", ("I11", 2): "1"}  # 100 and (reversed) 100 → 100
    b = {("I11", 1): "3", ("I11", 2): "3"}  # 200/3 and (reversed) 100/3 → 50
    assert score(MULTI_MIXED, [a, b]) == Decimal("75.00")


def test_question_score_is_the_mean_of_those_who_answered():
    results = question_scores(
        [FOUR, YES_NO], [{("I7", 0): "4"}, {("I7", 0): "1", ("E13", 0): "yes"}, {}]
    )
    assert results["I7"].score == Decimal("50.00") and results["I7"].answered == 2
    assert results["E13"].score == Decimal("100.00") and results["E13"].answered == 1


def test_a_question_nobody_answered_has_no_score():
    assert question_scores([FOUR], [{}, {}])["I7"].score is None


def test_answers_outside_the_scale_are_ignored():
    assert points("four_level", "5") is None
    assert points("yes_no", "maybe") is None
    assert score(FOUR, [{("I7", 0): "9"}, {("I7", 0): "4"}]) == Decimal("100.00")


def test_satisfaction_mean_and_share_satisfied():
    stat = satisfaction_stat(["5", "4", "4", "3", "1"])
    # (5 + 4 + 4 + 3 + 1) / 5 = 3.40; 3 of 5 answered 4 or 5 = 60 %
    assert (stat.n, stat.mean, stat.satisfied_pct, stat.counts) == (
        5,
        Decimal("3.40"),
        Decimal("60.00"),
        (1, 0, 1, 2, 1),
    )
    # 2 of 3 satisfied = 66.666… → 66.67; mean 13/3 = 4.333… → 4.33
    three = satisfaction_stat(["5", "5", "3"])
    assert (three.mean, three.satisfied_pct) == (Decimal("4.33"), Decimal("66.67"))
    assert satisfaction_stat([]).mean is None


def test_satisfaction_per_question_and_per_service():
    questions = [
        QuestionDef("Q1", "service"),
        QuestionDef("Q2", "satisfaction"),
        QuestionDef("Q3", "satisfaction"),
    ]
    answers = [
        {("Q1", 0): "ชำระภาษี", ("Q2", 0): "5", ("Q3", 0): "4"},
        {("Q1", 0): "ชำระภาษี", ("Q2", 0): "3", ("Q3", 0): "2"},
        {("Q1", 0): "ขออนุญาตก่อสร้าง", ("Q2", 0): "4", ("Q3", 0): "4"},
    ]
    per_question = satisfaction_by_question(questions, answers)
    assert per_question["Q2"].mean == Decimal("4.00")  # (5 + 3 + 4) / 3
    assert per_question["Q3"].mean == Decimal("3.33")  # 10 / 3
    by_service = satisfaction_by_service(
        questions,
        answers,
        service_code="Q1",
        services=["ชำระภาษี", "ขออนุญาตก่อสร้าง", "รับเรื่องร้องเรียน"],
    )
    tax_overall, tax_questions = by_service["ชำระภาษี"]
    assert tax_overall.mean == Decimal("3.50")  # (5 + 4 + 3 + 2) / 4
    assert tax_overall.satisfied_pct == Decimal("50.00")
    assert tax_questions["Q2"].mean == Decimal("4.00")
    assert by_service["รับเรื่องร้องเรียน"][0].n == 0
