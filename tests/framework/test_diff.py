"""A staff user about to load a new year sees what the NACC changed, and an item is
followed across years even where it was renumbered."""

from __future__ import annotations

from functools import cache

from prongsai.framework.diff import framework_diff, item_across_years, predecessors
from prongsai.framework.library import DATA_DIR, load_framework_file
from prongsai.framework.schema import FrameworkSpec, QuestionSpec


@cache
def _year_2566() -> FrameworkSpec:
    """The shipped 2566 without its own links to 2565: the cases below build a
    fictional next year from it."""
    spec = load_framework_file(DATA_DIR / "ita-2566.yaml")
    plain = [q.model_copy(update={"previous": None, "new_item": False}) for q in spec.questions]
    return _next_year(spec, 2566, plain)


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


def _reused_number_year() -> FrameworkSpec:
    """2567 as a test case without any `previous` link: the NACC drops o10 and moves
    every later item of 9.1/9.2 up by one, so o10 now reads like o11 of 2566."""
    old = _year_2566()
    questions = []
    for q in old.questions:
        if q.code == "o10":
            continue
        if q.tool == "oit" and 11 <= int(q.code[1:]) <= 13:
            q = q.model_copy(update={"code": f"o{int(q.code[1:]) - 1}"})
        questions.append(q)
    return _next_year(old, 2567, questions)


def test_a_number_the_nacc_gave_to_another_item_is_not_joined_to_the_old_item() -> None:
    new, old = _reused_number_year(), _year_2566()
    diff = framework_diff(new, old)
    reused = {c.code for c in diff.of_kind("reused")}
    assert {"o10", "o11", "o12"} <= reused
    assert "o10" not in predecessors(new, old)
    # …and the staff user is told which item of the year before it reads like.
    assert ("o11", "o10") in {(c.previous_code, c.code) for c in diff.of_kind("suggested")}


def test_a_reworded_item_under_its_own_number_is_still_the_same_item() -> None:
    old = _year_2566()
    questions = [
        q.model_copy(update={"text": (q.text or "") + "ของหน่วยงาน"}) if q.code == "o14" else q
        for q in old.questions
    ]
    new = _next_year(old, 2567, questions)
    assert predecessors(new, old)["o14"] == "o14"
    assert [c.kind for c in framework_diff(new, old).changes] == ["text_changed"]


def test_nearly_the_same_wording_under_a_new_number_is_offered_with_how_alike_it_is() -> None:
    old = _year_2566()
    questions = []
    for q in old.questions:
        if q.code == "o14":
            q = q.model_copy(update={"code": "o50", "text": "คู่มือหรือมาตรฐานในการปฏิบัติงาน"})
        questions.append(q)
    diff = framework_diff(_next_year(old, 2567, questions), old)
    (suggestion,) = diff.of_kind("suggested")
    assert (suggestion.previous_code, suggestion.code) == ("o14", "o50")
    assert "คล้าย" in suggestion.detail and "%" in suggestion.detail


def test_an_item_marked_new_has_no_history_even_where_its_number_existed() -> None:
    specs = [load_framework_file(DATA_DIR / f"ita-{y}.yaml") for y in (2565, 2566)]
    assert item_across_years(specs, 2566, "o10") == {2566: "o10"}  # personal-data policy
    assert item_across_years(specs, 2566, "o13") == {2565: "o12", 2566: "o13"}
    (added,) = [c for c in framework_diff(specs[1], specs[0]).changes if c.code == "o10"]
    assert added.kind == "added"


def test_an_item_cannot_be_both_new_and_linked_to_a_previous_one() -> None:
    import pytest
    from pydantic import ValidationError

    old = _year_2566()
    bad = old.question("o14").model_dump() | {"new_item": True, "previous": "o13"}
    with pytest.raises(ValidationError, match="new_item"):
        QuestionSpec.model_validate(bad)


def test_an_old_number_named_by_another_items_previous_link_is_not_joined_twice() -> None:
    specs = {y: load_framework_file(DATA_DIR / f"ita-{y}.yaml") for y in (2567, 2568)}
    joined = predecessors(specs[2568], specs[2567])
    assert joined["o3"] == "o4"  # contact information
    assert "o4" not in joined  # 2568 o4 is the news item, not 2567's contact information
