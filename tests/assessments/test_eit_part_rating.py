"""A rating rule on each EIT part: 'ผ่านดี' needs every part at 85, not only
the EIT as a whole (a year that publishes EIT ส่วนที่ 1 and ส่วนที่ 2 separately)."""

from decimal import Decimal

from prongsai.assessments.scoring import compute_scores, rating_for
from prongsai.framework.library import load_shipped_frameworks
from prongsai.framework.schema import FrameworkSpec

D = Decimal
SPEC_2566 = {s.year: s for s in load_shipped_frameworks()}[2566]


def spec_with_parts() -> FrameworkSpec:
    # E1–E10 in part 1, E11–E15 in part 2; 'ผ่านดี' also needs each part ≥ 85.
    data = SPEC_2566.model_dump(mode="json", exclude_defaults=True)
    data["ratings"][1]["min_each_eit_part"] = 85
    for q in data["questions"]:
        if q["code"].startswith("E"):
            q["eit_part"] = 1 if int(q["code"][1:]) <= 10 else 2
    return FrameworkSpec.model_validate(data)


def scores(spec: FrameworkSpec, eit: dict[str, Decimal]) -> dict[str, Decimal]:
    out = {}
    for q in spec.questions:
        if q.answer_type == "oit_item":
            out[q.code] = D(100)
        else:
            out[q.code] = eit.get(q.code, D(90))
    return out


def test_each_eit_part_is_scored_on_its_own():
    spec = spec_with_parts()
    low_part_2 = {f"E{n}": D(70) for n in range(11, 16)}
    report = compute_scores(spec, scores(spec, low_part_2))
    assert report.eit_parts == {1: D("90.00"), 2: D("70.00")}
    assert report.as_json()["eit_parts"] == {"1": 90.0, "2": 70.0}


def test_an_agency_good_overall_but_weak_in_one_eit_part_is_pass_not_good_pass():
    spec = spec_with_parts()
    # Part 2 (indicator 8 only) at 80: EIT as a whole = (90 + 90 + 80) / 3 = 86.67 ≥ 85.
    report = compute_scores(spec, scores(spec, {f"E{n}": D(80) for n in range(11, 16)}))
    assert report.eit == D("86.67")
    assert report.iit == D("90.00") and report.oit == D("100.00")
    assert report.rating == "ผ่าน"


def test_every_eit_part_at_85_keeps_good_pass():
    spec = spec_with_parts()
    report = compute_scores(spec, scores(spec, {}))
    assert report.eit_parts == {1: D("90.00"), 2: D("90.00")}
    assert report.rating == "ผ่านดี"


def test_the_same_scores_without_the_part_rule_are_good_pass():
    report = compute_scores(SPEC_2566, scores(SPEC_2566, {f"E{n}": D(80) for n in range(11, 16)}))
    assert report.eit_parts == {}
    assert report.rating == "ผ่านดี"


def test_a_part_rule_is_never_met_when_the_part_scores_are_unknown():
    spec = spec_with_parts()
    tools = {"iit": D(90), "eit": D(90), "oit": D(100)}
    assert rating_for(spec, D(93), tools) == "ผ่าน"
    assert rating_for(spec, D(93), tools, {1: D(90), 2: None}) == "ผ่าน"
    assert rating_for(spec, D(93), tools, {1: D(90), 2: D(85)}) == "ผ่านดี"


def test_a_missing_eit_answer_leaves_its_part_and_the_total_unknown_with_a_reason():
    spec = spec_with_parts()
    answers = scores(spec, {})
    del answers["E12"]
    report = compute_scores(spec, answers)
    assert report.eit_parts == {1: D("90.00"), 2: None}
    assert report.total is None and report.rating is None
    assert any("E12" in str(r["message"]) for r in report.reasons())
