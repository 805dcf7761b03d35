"""2569 lists all 26 OIT headings of the one agency page found (o2, o5–o7 were the
missing ones), so a year scored in full gets a total, a grade and a rating.
Constructed scores; weights and rating rules are the 2568 ones the file assumes."""

from decimal import Decimal

from prongsai.assessments.scoring import compute_scores
from prongsai.framework.library import load_shipped_frameworks

SPEC = {spec.year: spec for spec in load_shipped_frameworks()}[2569]


def scored(**overrides: int) -> dict[str, Decimal]:
    # Staff answer 95 on every IIT question, service users 90 on every EIT one,
    # and every OIT item is published (100) unless an override says otherwise.
    base = {"iit": 95, "eit": 90, "oit": 100}
    scores = {q.code: Decimal(base[q.tool]) for q in SPEC.questions}
    scores.update({code: Decimal(value) for code, value in overrides.items()})
    return scores


def test_2569_has_every_oit_item_from_o1_to_o26_each_with_its_source():
    oit = SPEC.questions_for_tool("oit")
    assert [q.code for q in oit] == [f"o{n}" for n in range(1, 27)]
    for code in ("o2", "o5", "o6", "o7"):
        q = SPEC.question(code)
        assert q.indicator == 9
        assert q.source is not None and "ita-2569-create.sql" in q.source.url


def test_a_2569_assessment_scored_in_full_gets_a_total_grade_and_rating():
    report = compute_scores(SPEC, scored())
    assert report.missing == [] and report.reasons() == []
    assert (report.iit, report.eit, report.oit) == (
        Decimal("95.00"),
        Decimal("90.00"),
        Decimal("100.00"),
    )
    assert report.total == Decimal("95.50")  # 0.30 × 95 + 0.30 × 90 + 0.40 × 100
    assert report.grade == "AA"
    assert report.rating == "ผ่านดี"  # total ≥ 95, but EIT is below 95


def test_an_unpublished_strategic_plan_o5_lowers_indicator_9_by_one_item_in_19():
    report = compute_scores(SPEC, scored(o5=0))
    # Indicator 9 = 18 of 19 items (94.74), indicator 10 = 100, OIT = their mean.
    assert report.indicators[9].score == Decimal("94.74")
    assert report.oit == Decimal("97.37")
    assert report.total == Decimal("94.45")
    assert report.grade == "A"
    assert report.rating == "ผ่านดี"
