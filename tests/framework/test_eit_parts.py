"""A year can rate on each EIT part (ส่วนที่ 1 / ส่วนที่ 2): the file says so,
and a file that asks for it without tagging its EIT questions is refused."""

import pytest

from prongsai.framework.library import (
    FrameworkFileError,
    framework_to_yaml,
    load_shipped_frameworks,
    parse_framework_text,
)
from prongsai.framework.schema import FrameworkSpec

SPEC_2566 = {s.year: s for s in load_shipped_frameworks()}[2566]


def with_parts(spec: FrameworkSpec, *, tag_all: bool = True) -> dict:  # type: ignore[type-arg]
    data = spec.model_dump(mode="json", exclude_defaults=True)
    data["ratings"][1]["min_each_eit_part"] = 85
    for q in data["questions"]:
        if q["code"].startswith("E") and (tag_all or q["code"] != "E15"):
            q["eit_part"] = 1 if int(q["code"][1:]) <= 10 else 2
    return data


def test_a_rating_rule_can_require_each_eit_part_and_the_questions_say_their_part():
    spec = FrameworkSpec.model_validate(with_parts(SPEC_2566))
    assert spec.ratings[1].min_each_eit_part == 85
    assert spec.question("E3").eit_part == 1
    assert spec.question("E12").eit_part == 2
    assert spec.eit_parts() == (1, 2)


def test_the_shipped_years_have_no_eit_part_rule_because_no_source_gives_one():
    for spec in load_shipped_frameworks():
        assert all(r.min_each_eit_part is None for r in spec.ratings), spec.year
        assert spec.eit_parts() == (), spec.year


def test_a_rule_on_eit_parts_with_an_untagged_eit_question_names_the_question():
    text = framework_to_yaml(SPEC_2566).replace(
        "min_each_tool: 85", "min_each_tool: 85\n    min_each_eit_part: 85", 1
    )
    with pytest.raises(FrameworkFileError) as err:
        parse_framework_text(text, source_name="ita-2566.yaml")
    message = str(err.value)
    assert "eit_part" in message and "E1" in message


def test_eit_part_belongs_to_eit_questions_only():
    text = framework_to_yaml(SPEC_2566).replace(
        "  - code: I1\n", "  - code: I1\n    eit_part: 1\n", 1
    )
    with pytest.raises(FrameworkFileError) as err:
        parse_framework_text(text, source_name="ita-2566.yaml")
    assert "ใช้ได้เฉพาะข้อ EIT" in str(err.value)


def test_the_last_rating_cannot_ask_for_eit_parts():
    data = with_parts(SPEC_2566)
    data["ratings"][-1]["min_each_eit_part"] = 10
    with pytest.raises(ValueError, match="min_each_eit_part"):
        FrameworkSpec.model_validate(data)


def test_a_file_with_eit_parts_round_trips_through_export():
    spec = FrameworkSpec.model_validate(with_parts(SPEC_2566))
    again = parse_framework_text(framework_to_yaml(spec), source_name="ita-2566.yaml")
    assert again == spec
