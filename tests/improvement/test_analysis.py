"""From scores to weaknesses, checked against the seed report of อบต.ท่าตลาด (2566 results)."""

from __future__ import annotations

import random
from decimal import Decimal

import pytest

from prongsai.improvement.analysis import (
    Finding,
    QuestionInfo,
    find_weaknesses,
    format_score,
    group_findings,
    render_text,
)
from prongsai.improvement.recommendations import RecommendationLibrary, load_library

INDICATOR_NAMES = {
    1: "การปฏิบัติหน้าที่",
    2: "การใช้งบประมาณ",
    3: "การใช้อำนาจ",
    4: "การใช้ทรัพย์สินของราชการ",
    5: "การแก้ไขปัญหาการทุจริต",
    6: "คุณภาพการดำเนินงาน",
    7: "ประสิทธิภาพการสื่อสาร",
    8: "การปรับปรุงการทำงาน",
    9: "การเปิดเผยข้อมูล",
    10: "การป้องกันการทุจริต",
}

SEED_SCORES = {
    "I7": Decimal("79.27"),
    "I8": Decimal("53.56"),
    "I9": Decimal("77.27"),
    "I14": Decimal("78.00"),
    "I27": Decimal("72.50"),
    "E2": Decimal("82.50"),
    "E7": Decimal("84.59"),
    "E13": Decimal("81.31"),
    "E14": Decimal("84.59"),
    "E15": Decimal("84.59"),
}
SEED_ORDER = ["I7", "I8", "I9", "I14", "I27", "E2", "E7", "E13", "E14", "E15"]


def _info(code: str, tool: str, indicator: int) -> QuestionInfo:
    return QuestionInfo(
        code=code,
        tool=tool,
        indicator=indicator,
        indicator_name=INDICATOR_NAMES[indicator],
        text=f"ข้อคำถาม {code}",
    )


def _questions_2566() -> list[QuestionInfo]:
    # IIT: six questions per indicator 1-5; EIT: five per indicator 6-8 (ita-framework.md §2-3).
    iit = [_info(f"I{n}", "iit", (n - 1) // 6 + 1) for n in range(1, 31)]
    eit = [_info(f"E{n}", "eit", (n - 1) // 5 + 6) for n in range(1, 16)]
    oit = [_info(f"o{n}", "oit", 9 if n <= 30 else 10) for n in range(1, 44)]
    return iit + eit + oit


QUESTIONS = _questions_2566()


def _seed_scores() -> dict[str, Decimal]:
    """The seed's ten low scores; every other question passes (85.00-100), OIT all 100."""
    passing = [Decimal("85.00"), Decimal("87.50"), Decimal("92.31"), Decimal("100")]
    scores = {q.code: passing[i % len(passing)] for i, q in enumerate(QUESTIONS)}
    scores.update({q.code: Decimal(100) for q in QUESTIONS if q.tool == "oit"})
    scores.update(SEED_SCORES)
    return scores


@pytest.fixture(scope="module")
def library() -> RecommendationLibrary:
    loaded = load_library(2566)
    assert loaded is not None
    return loaded


def _codes(findings: list[Finding]) -> list[str]:
    return [f.code for f in findings]


def test_the_seed_scores_give_exactly_the_seeds_ten_weaknesses_in_its_order(
    library: RecommendationLibrary,
) -> None:
    findings = find_weaknesses(questions=QUESTIONS, scores=_seed_scores(), library=library)
    assert _codes(findings) == SEED_ORDER
    assert [f.score for f in findings] == [SEED_SCORES[c] for c in SEED_ORDER]


def test_findings_are_grouped_by_tool_then_indicator_as_in_the_seed(
    library: RecommendationLibrary,
) -> None:
    findings = find_weaknesses(questions=QUESTIONS, scores=_seed_scores(), library=library)
    grouped = [
        (tool, [(indicator, _codes(items)) for indicator, items in indicators])
        for tool, indicators in group_findings(findings)
    ]
    assert grouped == [
        ("iit", [(2, ["I7", "I8", "I9"]), (3, ["I14"]), (5, ["I27"])]),
        ("eit", [(6, ["E2"]), (7, ["E7"]), (8, ["E13", "E14", "E15"])]),
    ]


def test_order_does_not_depend_on_the_order_questions_come_in(
    library: RecommendationLibrary,
) -> None:
    shuffled = list(QUESTIONS)
    random.Random(2566).shuffle(shuffled)
    findings = find_weaknesses(questions=shuffled, scores=_seed_scores(), library=library)
    assert _codes(findings) == SEED_ORDER
    reversed_groups = group_findings(reversed(findings))
    assert [f.code for _, inds in reversed_groups for _, fs in inds for f in fs] == SEED_ORDER


def test_seed_findings_carry_the_nacc_text_with_the_code_filled_in(
    library: RecommendationLibrary,
) -> None:
    findings = {
        f.code: f
        for f in find_weaknesses(questions=QUESTIONS, scores=_seed_scores(), library=library)
    }
    e2 = findings["E2"]
    assert (e2.source, e2.status) == ("question", "nacc")
    assert "ในข้อ E2 ซึ่งเป็นข้อที่ได้คะแนนค่อนข้างน้อย" in e2.diagnosis
    assert e2.references == ("o18", "o14", "o15")
    assert e2.indicator_name == "คุณภาพการดำเนินงาน"
    assert e2.question == "ข้อคำถาม E2"
    assert findings["E14"].diagnosis.count("ในข้อ E14") == 1
    i7 = findings["I7"]
    assert i7.diagnosis == library.questions["I7"].diagnosis
    assert i7.recommendation.startswith("ดังนั้น")
    assert findings["I9"].recommendation == findings["I8"].recommendation


def test_suggested_measures_name_the_departments(library: RecommendationLibrary) -> None:
    findings = find_weaknesses(questions=QUESTIONS, scores=_seed_scores(), library=library)
    i7 = next(f for f in findings if f.code == "I7")
    (measure,) = i7.suggested_measures
    assert measure.name == "เผยแพร่ข้อมูลเกี่ยวกับงบประมาณประจำปี"
    assert measure.departments == ("สำนักปลัด", "กองคลัง")
    assert len(measure.steps) == 2


def test_a_score_of_exactly_85_is_not_a_weakness(library: RecommendationLibrary) -> None:
    scores = {"I1": Decimal("85.00"), "I2": Decimal("84.99"), "I3": Decimal("85.01")}
    findings = find_weaknesses(questions=QUESTIONS, scores=scores, library=library)
    assert _codes(findings) == ["I2"]


def test_a_higher_threshold_adds_the_questions_below_it(library: RecommendationLibrary) -> None:
    scores = _seed_scores()
    at_85 = find_weaknesses(questions=QUESTIONS, scores=scores, library=library)
    at_90 = find_weaknesses(
        questions=QUESTIONS, scores=scores, threshold=Decimal(90), library=library
    )
    added = set(_codes(at_90)) - set(_codes(at_85))
    assert added == {c for c, s in scores.items() if Decimal(85) <= s < Decimal(90)} - {
        q.code for q in QUESTIONS if q.tool == "oit"
    }
    assert added
    assert set(_codes(at_85)) < set(_codes(at_90))


def test_a_question_without_its_own_entry_gets_its_indicators_draft_default(
    library: RecommendationLibrary,
) -> None:
    findings = find_weaknesses(
        questions=QUESTIONS, scores={"I20": Decimal("70.00")}, library=library
    )
    (finding,) = findings
    assert (finding.source, finding.status) == ("indicator", "draft")
    assert finding.indicator == 4
    assert "ในข้อ I20 ซึ่งเป็นข้อที่ได้คะแนนค่อนข้างน้อย" in finding.diagnosis
    assert "{code}" not in finding.recommendation
    assert finding.references == ()


def test_missing_scores_are_not_weaknesses(library: RecommendationLibrary) -> None:
    scores = _seed_scores()
    del scores["I8"]
    del scores["E13"]
    findings = find_weaknesses(questions=QUESTIONS, scores=scores, library=library)
    assert "I8" not in _codes(findings)
    assert "E13" not in _codes(findings)
    assert find_weaknesses(questions=QUESTIONS, scores={}, library=library) == []


def test_scores_for_codes_not_in_the_framework_are_ignored(
    library: RecommendationLibrary,
) -> None:
    scores = {**_seed_scores(), "I99": Decimal(10), "E40": Decimal(0)}
    findings = find_weaknesses(questions=QUESTIONS, scores=scores, library=library)
    assert _codes(findings) == SEED_ORDER


def test_oit_items_are_left_out_unless_asked_for(library: RecommendationLibrary) -> None:
    scores = {**_seed_scores(), "o11": Decimal(0), "o36": Decimal(0)}
    assert _codes(find_weaknesses(questions=QUESTIONS, scores=scores, library=library)) == (
        SEED_ORDER
    )
    findings = find_weaknesses(
        questions=QUESTIONS, scores=scores, library=library, include_oit=True
    )
    assert _codes(findings) == [*SEED_ORDER, "o11", "o36"]
    o11 = findings[-2]
    assert (o11.source, o11.status) == ("indicator", "draft")
    assert o11.references == ("o11",)
    assert "ในข้อ o11" in o11.diagnosis
    assert o11.suggested_measures[0].name == "เปิดเผยข้อมูลข้อ o11 ให้ครบถ้วน"
    assert [(tool, [i for i, _ in inds]) for tool, inds in group_findings(findings)][-1] == (
        "oit",
        [9, 10],
    )


def test_without_a_library_findings_have_empty_texts(library: RecommendationLibrary) -> None:
    findings = find_weaknesses(questions=QUESTIONS, scores=_seed_scores(), library=None)
    assert _codes(findings) == SEED_ORDER
    for finding in findings:
        assert (finding.source, finding.status) == ("none", "none")
        assert finding.diagnosis == finding.recommendation == ""
        assert finding.references == ()
        assert finding.suggested_measures == ()


def test_a_library_without_entry_or_default_gives_source_none(
    library: RecommendationLibrary,
) -> None:
    partial = library.model_copy(update={"indicators": {}})
    findings = find_weaknesses(
        questions=QUESTIONS,
        scores={"I7": Decimal(50), "I1": Decimal(50)},
        library=partial,
    )
    assert [(f.code, f.source) for f in findings] == [("I1", "none"), ("I7", "question")]


def test_an_unknown_tool_is_a_programming_error(library: RecommendationLibrary) -> None:
    odd = [QuestionInfo(code="X1", tool="xit", indicator=1, indicator_name="", text=None)]
    with pytest.raises(ValueError, match="unknown tool"):
        find_weaknesses(questions=odd, scores={}, library=library)


def test_a_question_listed_twice_is_a_programming_error(library: RecommendationLibrary) -> None:
    with pytest.raises(ValueError, match="I7"):
        find_weaknesses(questions=[QUESTIONS[6], QUESTIONS[6]], scores={}, library=library)


def test_render_text_fills_code_and_score() -> None:
    assert (
        render_text("ในข้อ {code} ได้ {score} คะแนน {code}", code="E2", score=Decimal("82.5"))
        == "ในข้อ E2 ได้ 82.50 คะแนน E2"
    )
    assert render_text("{other} {code}", code="I7", score=Decimal(1)) == "{other} I7"


@pytest.mark.parametrize(
    ("score", "shown"),
    [
        (Decimal("79.265"), "79.27"),
        (Decimal("79.264"), "79.26"),
        (Decimal("79.275"), "79.28"),
        (Decimal("53.555"), "53.56"),
        (Decimal("100"), "100.00"),
        (Decimal("0"), "0.00"),
        (Decimal("84.5"), "84.50"),
    ],
)
def test_format_score_rounds_half_up_to_two_decimals(score: Decimal, shown: str) -> None:
    assert format_score(score) == shown
