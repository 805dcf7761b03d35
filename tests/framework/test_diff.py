"""A staff user about to load a new year sees what the NACC changed, and an item is
followed across years even where it was renumbered."""

from __future__ import annotations

from functools import cache

from prongsai.framework.diff import framework_diff, item_across_years
from prongsai.framework.library import DATA_DIR, load_framework_file
from prongsai.framework.schema import FrameworkSpec, QuestionSpec


@cache
def _year_2566() -> FrameworkSpec:
    return load_framework_file(DATA_DIR / "ita-2566.yaml")


def _next_year(spec: FrameworkSpec, year: int, questions: list[QuestionSpec]) -> FrameworkSpec:
    fields = {name: getattr(spec, name) for name in type(spec).model_fields}
    return FrameworkSpec.model_validate({**fields, "year": year, "questions": tuple(questions)})


def _renumbered_year() -> FrameworkSpec:
    """2567 as a test case: o12 becomes o10 (said by `previous`), o11 is dropped,
    o13 moves to 9.1, and o40's wording is kept under the new number o44."""
    old = _year_2566()
    questions = []
    for q in old.questions:
        if q.code == "o10":
            continue  # the old o10 disappears; o12 takes its number
        if q.code == "o11":
            continue
        if q.code == "o12":
            q = q.model_copy(update={"code": "o10", "previous": "o12"})
        elif q.code == "o13":
            q = q.model_copy(update={"sub_indicator": "9.1"})
        elif q.code == "o40":
            q = q.model_copy(update={"code": "o44"})
        questions.append(q)
    return _next_year(old, 2567, questions)


def test_an_unchanged_year_reports_no_difference() -> None:
    old = _year_2566()
    assert framework_diff(_next_year(old, 2567, list(old.questions)), old).changes == ()


def test_renumbered_removed_and_moved_items_are_each_named() -> None:
    diff = framework_diff(_renumbered_year(), _year_2566())
    assert [(c.previous_code, c.code) for c in diff.of_kind("renumbered")] == [("o12", "o10")]
    assert {c.previous_code for c in diff.of_kind("removed")} == {"o10", "o11"}
    moved = diff.of_kind("moved")
    assert [(c.code, c.detail) for c in moved] == [("o13", "ย้ายจากตัวชี้วัดย่อย 9.2 ไปตัวชี้วัดย่อย 9.1")]


def test_the_same_wording_under_a_new_number_is_suggested_as_the_same_item() -> None:
    diff = framework_diff(_renumbered_year(), _year_2566())
    suggested = diff.of_kind("suggested")
    assert [(c.previous_code, c.code) for c in suggested] == [("o40", "o44")]
    assert "previous: o40" in suggested[0].detail
    assert "o40" not in {c.previous_code for c in diff.of_kind("removed")}


def test_an_item_is_followed_through_a_renumbering_in_both_directions() -> None:
    specs = [_year_2566(), _renumbered_year()]
    assert item_across_years(specs, 2567, "o10") == {2566: "o12", 2567: "o10"}
    assert item_across_years(specs, 2566, "o12") == {2566: "o12", 2567: "o10"}
    # The old o10 was dropped: it exists only in its own year.
    assert item_across_years(specs, 2566, "o10") == {2566: "o10"}
    assert item_across_years(specs, 2567, "I7") == {2566: "I7", 2567: "I7"}


def test_a_previous_link_to_a_code_the_year_before_lacks_is_reported() -> None:
    old = _year_2566()
    questions = [
        q.model_copy(update={"previous": "o99"}) if q.code == "o1" else q for q in old.questions
    ]
    diff = framework_diff(_next_year(old, 2567, questions), old)
    assert any(c.code == "o1" and "o99" in c.detail for c in diff.of_kind("added"))
