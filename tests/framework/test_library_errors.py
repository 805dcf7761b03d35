"""A wrong framework file is refused with one Thai message naming file, item and field."""

from __future__ import annotations

import copy
from typing import Any

import pytest
import yaml

from prongsai.framework.library import FrameworkFileError, parse_framework_text

FILE = "ita-2569.yaml"


def minimal() -> dict[str, Any]:
    tool_of = {n: "iit" if n <= 5 else "eit" if n <= 8 else "oit" for n in range(1, 11)}
    indicators: list[dict[str, Any]] = [
        {"number": n, "tool": tool_of[n], "name": f"ตัวชี้วัด {n}", "name_en": f"Indicator {n}"}
        for n in range(1, 11)
    ]
    indicators[8]["sub_indicators"] = [
        {"code": "9.1", "name": "ข้อมูลพื้นฐาน", "name_status": "confirmed"}
    ]
    tool = {"name": "แบบวัด", "name_en": "Tool", "heading": "หัวข้อ"}
    return {
        "schema_version": 1,
        "year": 2569,
        "title": "ITA 2569",
        "status": "partial",
        "sources": ["ทดสอบ"],
        "weights": {"iit": 0.3, "eit": 0.3, "oit": 0.4},
        "grades": [{"grade": "A", "min": 85}, {"grade": "F", "min": 0}],
        "tools": {"iit": tool, "eit": tool, "oit": tool},
        "indicators": indicators,
        "questions": [
            {"code": "I1", "indicator": 1, "text": None, "text_status": "unknown",
             "answer_type": "four_level"},
            {"code": "E1", "indicator": 6, "text": "ข้อความ", "text_status": "confirmed",
             "answer_type": "four_level"},
            {"code": "o1", "indicator": 9, "sub_indicator": "9.1", "text": "โครงสร้าง",
             "text_status": "confirmed", "answer_type": "oit_item"},
            {"code": "o2", "indicator": 10, "text": None, "text_status": "unknown",
             "answer_type": "oit_item"},
        ],
    }  # fmt: skip


def dump(data: Any) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def refused(data_or_text: Any) -> FrameworkFileError:
    text = data_or_text if isinstance(data_or_text, str) else dump(data_or_text)
    with pytest.raises(FrameworkFileError) as info:
        parse_framework_text(text, source_name=FILE)
    return info.value


def question(data: dict[str, Any], code: str) -> dict[str, Any]:
    return next(q for q in data["questions"] if q["code"] == code)


def test_the_minimal_file_is_valid():
    spec = parse_framework_text(dump(minimal()), source_name=FILE)
    assert spec.year == 2569
    assert spec.tool_of("o2") == "oit"


def test_an_unknown_field_in_a_question_is_named_with_the_fields_that_exist():
    data = minimal()
    question(data, "o1")["colour"] = "red"
    err = refused(data)
    assert (err.file, err.item, err.field) == (FILE, "ข้อ o1", "colour")
    assert "ไม่รู้จักช่องนี้" in err.problem
    assert "text_status" in err.problem
    assert str(err).startswith(f"{FILE}: ข้อ o1, ช่อง colour: ไม่รู้จักช่องนี้")


def test_an_unknown_top_level_field_is_named():
    data = minimal()
    data["yaer"] = 2569
    err = refused(data)
    assert (err.item, err.field) == (None, "yaer")


def test_a_wrong_answer_type_lists_the_allowed_ones():
    data = minimal()
    question(data, "E1")["answer_type"] = "five_level"
    err = refused(data)
    assert (err.item, err.field) == ("ข้อ E1", "answer_type")
    assert err.problem.startswith("ต้องเป็น four_level, yes_no, multi_part หรือ oit_item")
    assert "five_level" in err.problem


def test_a_wrong_text_status_reads_like_the_documented_message():
    data = minimal()
    question(data, "o1")["text_status"] = "confimed"
    assert str(refused(data)).startswith(
        f"{FILE}: ข้อ o1, ช่อง text_status: ต้องเป็น confirmed, summary หรือ unknown"
    )


def test_oit_item_on_a_survey_question_is_refused():
    data = minimal()
    question(data, "I1")["answer_type"] = "oit_item"
    err = refused(data)
    assert (err.item, err.field) == ("ข้อ I1", "answer_type")


def test_an_oit_item_must_use_the_oit_item_answer_type():
    data = minimal()
    question(data, "o1")["answer_type"] = "four_level"
    assert (refused(data).item, refused(data).field) == ("ข้อ o1", "answer_type")


def test_a_duplicate_code_is_refused_even_when_written_differently():
    data = minimal()
    data["questions"].append({**question(data, "o1"), "code": "O1"})
    err = refused(data)
    assert (err.item, err.field) == ("ข้อ o1", "code")
    assert "ซ้ำ" in err.problem


def test_a_question_pointing_to_a_missing_indicator_is_named():
    data = minimal()
    data["indicators"] = [i for i in data["indicators"] if i["number"] != 6]
    err = refused(data)
    assert (err.item, err.field) == ("ข้อ E1", "indicator")
    assert "ไม่มีตัวชี้วัดที่ 6" in err.problem


def test_an_indicator_number_beyond_ten_is_refused():
    data = minimal()
    question(data, "I1")["indicator"] = 11
    err = refused(data)
    assert (err.item, err.field) == ("ข้อ I1", "indicator")
    assert "10" in err.problem


def test_a_question_of_one_tool_cannot_sit_in_another_tools_indicator():
    data = minimal()
    question(data, "I1")["indicator"] = 6
    err = refused(data)
    assert (err.item, err.field) == ("ข้อ I1", "indicator")
    assert "IIT" in err.problem and "EIT" in err.problem


def test_a_sub_indicator_on_an_iit_question_is_refused():
    data = minimal()
    question(data, "I1")["sub_indicator"] = "9.1"
    err = refused(data)
    assert (err.item, err.field) == ("ข้อ I1", "sub_indicator")
    assert "เฉพาะข้อ OIT" in err.problem


def test_an_oit_item_must_name_its_sub_indicator_when_the_indicator_has_them():
    data = minimal()
    del question(data, "o1")["sub_indicator"]
    err = refused(data)
    assert (err.item, err.field) == ("ข้อ o1", "sub_indicator")
    assert "9.1" in err.problem


def test_an_oit_item_cannot_point_to_a_sub_indicator_that_does_not_exist():
    data = minimal()
    question(data, "o2")["sub_indicator"] = "10.1"
    err = refused(data)
    assert (err.item, err.field) == ("ข้อ o2", "sub_indicator")


def test_null_text_with_status_confirmed_is_refused():
    data = minimal()
    question(data, "I1")["text_status"] = "confirmed"
    err = refused(data)
    assert (err.item, err.field) == ("ข้อ I1", "text")
    assert "unknown" in err.problem


def test_a_text_with_status_unknown_is_refused():
    data = minimal()
    question(data, "E1")["text_status"] = "unknown"
    assert (refused(data).item, refused(data).field) == ("ข้อ E1", "text_status")


def test_a_multi_part_question_needs_two_parts_and_names_a_bad_part():
    data = minimal()
    q = question(data, "I1")
    q["answer_type"] = "multi_part"
    q["parts"] = [{"text": "ก", "answer_type": "four_level"}]
    assert (refused(data).item, refused(data).field) == ("ข้อ I1", "parts")
    q["parts"].append({"text": "ข", "answer_type": "four_levl"})
    err = refused(data)
    assert (err.item, err.field) == ("ข้อ I1", "parts[2].answer_type")


def test_parts_on_a_question_that_is_not_multi_part_are_refused():
    data = minimal()
    question(data, "I1")["parts"] = [
        {"text": "ก", "answer_type": "four_level"},
        {"text": "ข", "answer_type": "four_level"},
    ]
    assert refused(data).field == "parts"


def test_a_garbage_code_is_named_by_its_position():
    data = minimal()
    question(data, "E1")["code"] = "X1"
    err = refused(data)
    assert (err.item, err.field) == ("ข้อคำถามลำดับที่ 2", "code")
    assert "X1" in err.problem


def test_weights_not_summing_to_one_are_refused_with_the_sum():
    data = minimal()
    data["weights"]["oit"] = 0.3
    err = refused(data)
    assert (err.item, err.field) == (None, "weights")
    assert "0.9" in err.problem
    assert str(err).startswith(f"{FILE}: ช่อง weights: ")


def test_grades_must_descend_and_end_at_zero():
    data = minimal()
    data["grades"] = [{"grade": "A", "min": 85}, {"grade": "F", "min": 10}]
    err = refused(data)
    assert (err.item, err.field) == ("ระดับ F", "min")
    data["grades"] = [
        {"grade": "A", "min": 85},
        {"grade": "B", "min": 90},
        {"grade": "F", "min": 0},
    ]
    assert refused(data).item == "ระดับ B"


def test_ratings_must_descend_and_end_with_a_catch_all_at_zero():
    data = minimal()
    data["ratings"] = [
        {"label": "ผ่าน", "label_en": "Pass", "min_total": 85},
        {"label": "ต้องปรับปรุง", "label_en": "Improve", "min_total": 70},
    ]
    err = refused(data)
    assert (err.item, err.field) == ("ผลการประเมิน ต้องปรับปรุง", "min_total")


def test_every_indicator_from_1_to_10_is_required_once():
    data = minimal()
    data["indicators"].append(copy.deepcopy(data["indicators"][0]))
    err = refused(data)
    assert (err.item, err.field) == ("ตัวชี้วัดที่ 1", "number")
    data = minimal()
    data["questions"] = [q for q in data["questions"] if q["indicator"] != 4]
    data["indicators"] = [i for i in data["indicators"] if i["number"] != 4]
    err = refused(data)
    assert err.field == "indicators"
    assert "4" in err.problem


def test_a_sub_indicator_must_carry_its_indicators_number():
    data = minimal()
    data["indicators"][8]["sub_indicators"][0]["code"] = "10.1"
    question(data, "o1")["sub_indicator"] = "10.1"
    err = refused(data)
    assert (err.item, err.field) == ("ตัวชี้วัดย่อย 10.1", "code")


def test_an_unknown_tool_name_is_refused():
    data = minimal()
    data["tools"]["xit"] = data["tools"].pop("oit")
    err = refused(data)
    assert err.item == "เครื่องมือ xit"
    assert "iit, eit หรือ oit" in err.problem


def test_a_yaml_syntax_error_gives_the_line():
    text = dump(minimal()).replace("title: ITA 2569", "title: ITA 2569\n  bad: indent: here")
    line = text.splitlines().index("  bad: indent: here") + 1
    err = refused(text)
    assert err.line == line
    assert "รูปแบบ YAML ไม่ถูกต้อง" in err.problem
    assert f"(บรรทัด {line})" in str(err)


def test_a_tab_in_the_indentation_is_explained():
    text = dump(minimal()).replace("  iit: 0.3", "\tiit: 0.3")
    assert "Tab" in refused(text).problem


def test_validation_errors_give_the_line_of_the_field():
    text = dump(minimal()).replace("answer_type: oit_item", "answer_type: oit-item", 1)
    line = text.splitlines().index("  answer_type: oit-item") + 1
    err = refused(text)
    assert (err.item, err.field, err.line) == ("ข้อ o1", "answer_type", line)


def test_a_key_written_twice_is_refused_with_both_lines():
    text = dump(minimal()).replace("- code: o2\n", "- code: o2\n  code: o3\n")
    err = refused(text)
    assert (err.item, err.field) == ("ข้อ o2", "code")
    assert "ซ้ำ" in err.problem


def test_a_file_that_is_not_a_mapping_is_refused():
    err = refused("- schema_version: 1\n- year: 2569\n")
    assert err.item is None and err.field is None
    assert "ชื่อช่อง: ค่า" in err.problem
    assert "รายการ" in err.problem


def test_an_empty_file_is_refused():
    for text in ("", "   \n", "# only a comment\n"):
        err = refused(text)
        assert "ไฟล์ว่างเปล่า" in str(err)
        assert err.file == FILE


def test_further_problems_are_counted_and_kept():
    data = minimal()
    question(data, "I1")["answer_type"] = "five_level"
    question(data, "E1")["answer_type"] = "six_level"
    err = refused(data)
    assert err.item == "ข้อ I1"
    assert [o.item for o in err.others] == ["ข้อ E1"]
    assert "อีก 1 จุด" in str(err)


def test_the_error_is_a_value_error_for_callers_that_catch_those():
    assert issubclass(FrameworkFileError, ValueError)


def test_a_misspelt_field_is_reported_as_unknown_before_the_missing_one():
    data = minimal()
    question(data, "o1")["txet"] = question(data, "o1").pop("text")
    err = refused(data)
    assert (err.item, err.field) == ("ข้อ o1", "txet")
    assert [o.field for o in err.others] == ["text"]


def test_an_item_source_must_be_a_web_address_with_the_day_it_was_seen() -> None:
    data = minimal()
    question(data, "o1")["source"] = {"url": "agency site", "seen": "2026-12-03"}
    error = refused(data)
    assert error.item == "ข้อ o1"
    assert error.field == "source.url"
    assert "http://" in error.problem

    data = minimal()
    question(data, "o1")["source"] = {"url": "https://example.go.th/ita", "seen": "3 ธ.ค."}
    error = refused(data)
    assert error.field == "source.seen"
    assert "2026-12-03" in error.problem


def test_a_source_and_a_previous_code_are_kept_when_the_year_is_exported() -> None:
    from prongsai.framework.library import framework_to_yaml

    data = minimal()
    question(data, "o1")["source"] = {"url": "https://example.go.th/ita", "seen": "2026-12-03"}
    question(data, "o1")["previous"] = "O 12"
    spec = parse_framework_text(dump(data), source_name=FILE)
    assert spec.question("o1").previous == "o12"
    again = parse_framework_text(framework_to_yaml(spec), source_name=FILE)
    assert again == spec


def test_yaml_alias_bombs_are_refused_before_anything_walks_them():
    # The "billion laughs": nine levels of nine aliases are a few hundred bytes
    # and nine to the ninth values once anything walks them.
    levels = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"] + [
        f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 9)}]" for n in range(1, 10)
    ]
    text = dump(minimal()) + "\n".join(levels) + "\n"
    error = refused(text)
    assert "anchor/alias" in str(error)
    assert error.line is not None


def test_the_aliases_pyyaml_writes_for_repeated_values_are_fine():
    assert "*id001" in dump(minimal())  # the three tools share one mapping
    assert parse_framework_text(dump(minimal()), source_name=FILE).year == 2569
