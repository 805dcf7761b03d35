"""The framework model: canonical codes, look-ups and filling texts from imports."""

from __future__ import annotations

from decimal import Decimal

import pytest
from pydantic import ValidationError

from prongsai.framework.library import (
    fill_unknown_texts,
    framework_to_yaml,
    load_shipped_frameworks,
    parse_framework_text,
)
from prongsai.framework.schema import FrameworkSpec, QuestionSpec, Weights, canonical_code

SPECS = {spec.year: spec for spec in load_shipped_frameworks()}


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("i7", "I7"),
        (" I 7 ", "I7"),
        ("O11", "o11"),
        ("o๑๑", "o11"),
        ("e15", "E15"),
        ("I\u00a07", "I7"),  # no-break space from a spreadsheet
        ("\u200bo42", "o42"),  # zero-width space from a web page
        ("o011", "o11"),
    ],
)
def test_canonical_code_normalises_case_spaces_and_thai_digits(raw, code):
    assert FrameworkSpec.canonical_code(raw) == code
    assert canonical_code(raw) == code


@pytest.mark.parametrize("raw", ["", "  ", "X7", "I", "7", "o0", "I7a", "ข้อ I7", "o-11", "I 7 8x"])
def test_canonical_code_refuses_garbage_with_a_thai_message(raw):
    with pytest.raises(ValueError, match="ไม่ถูกต้อง"):
        FrameworkSpec.canonical_code(raw)


def test_canonical_code_refuses_something_that_is_not_text():
    with pytest.raises(ValueError):
        FrameworkSpec.canonical_code(7)  # type: ignore[arg-type]


def test_question_look_up_ignores_case_and_raises_key_error_when_absent():
    spec = SPECS[2566]
    assert spec.question("i7") is spec.question("I7")
    assert spec.question("O๔๒").code == "o42"
    with pytest.raises(KeyError):
        spec.question("o44")
    with pytest.raises(KeyError):
        spec.question("garbage")
    assert spec.has_question(" e 2 ")
    assert not spec.has_question("E16")
    assert not spec.has_question("nonsense")


def test_tool_of_follows_the_indicator_and_refuses_codes_the_year_lacks():
    spec = SPECS[2568]
    assert [spec.tool_of(c) for c in ("I1", "e2", "O23")] == ["iit", "eit", "oit"]
    with pytest.raises(KeyError):
        spec.tool_of("o29")  # 2568 has 28 OIT items


def test_indicator_and_sub_indicator_look_ups():
    spec = SPECS[2564]
    assert spec.indicator(9).sub_indicators[2].name == "การบริหารเงินงบประมาณ"
    assert [q.code for q in spec.questions_for_indicator(10)][:2] == ["o34", "o35"]
    assert len(spec.questions_for_indicator(6)) == 5
    with pytest.raises(KeyError):
        spec.indicator(11)
    with pytest.raises(KeyError):
        spec.questions_for_indicator(11)
    with pytest.raises(KeyError):
        spec.questions_for_sub_indicator("9.9")


def test_unknown_text_codes_lists_the_questions_still_without_text():
    assert SPECS[2564].unknown_text_codes() == [f"E{n}" for n in range(1, 16)]
    assert "I7" not in SPECS[2566].unknown_text_codes()
    assert "I7" in SPECS[2567].unknown_text_codes()


def test_fill_unknown_texts_fills_only_unknown_texts_and_never_overwrites_confirmed_ones():
    spec = SPECS[2566]
    filled = fill_unknown_texts(
        spec,
        {"i1": "  ข้อความ I1 จาก ITAS  ", "I7": "ข้อความอื่น", "o44": "ไม่มีข้อนี้", "??": "x"},
    )
    assert filled.question("I1").text == "ข้อความ I1 จาก ITAS"
    assert filled.question("I1").text_status == "confirmed"
    assert filled.question("I7") == spec.question("I7")
    assert spec.question("I1").text is None  # the original is untouched
    assert len(filled.unknown_text_codes()) == len(spec.unknown_text_codes()) - 1
    assert filled.question("i1") is filled.questions[0]


def test_fill_unknown_texts_leaves_summaries_unless_asked():
    spec = SPECS[2564]
    kept = fill_unknown_texts(spec, {"I1": "ถ้อยคำทางการ"})
    assert kept is spec
    replaced = fill_unknown_texts(spec, {"I1": "ถ้อยคำทางการ"}, replace_summaries=True)
    assert (replaced.question("I1").text, replaced.question("I1").text_status) == (
        "ถ้อยคำทางการ",
        "confirmed",
    )


def test_fill_unknown_texts_ignores_blank_texts():
    spec = SPECS[2566]
    assert fill_unknown_texts(spec, {"I1": "   "}) is spec


def test_framework_to_yaml_round_trips_a_filled_spec():
    filled = fill_unknown_texts(SPECS[2567], {"E1": "ข้อความ: มีทวิภาค 'และอัญประกาศ'"})
    again = parse_framework_text(framework_to_yaml(filled), source_name="export.yaml")
    assert again == filled
    assert again.question("E1").text == "ข้อความ: มีทวิภาค 'และอัญประกาศ'"


def test_framework_to_yaml_writes_decimals_as_written_and_comments_each_indicator():
    text = framework_to_yaml(SPECS[2566])
    assert "  oit: 0.40\n" in text
    assert "  # ตัวชี้วัดที่ 9 การเปิดเผยข้อมูล (OIT) — ตัวชี้วัดย่อย 9.3 การจัดซื้อจัดจ้าง" in text


def test_specs_are_frozen():
    spec = SPECS[2566]
    with pytest.raises(ValidationError):
        spec.year = 2567  # type: ignore[misc]
    with pytest.raises(ValidationError):
        spec.question("I7").text = "x"  # type: ignore[misc]


def test_weights_must_sum_to_exactly_one():
    assert Weights(iit="0.30", eit="0.30", oit="0.40").oit == Decimal("0.4")  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="รวมกันได้ 1"):
        Weights(iit="0.3", eit="0.3", oit="0.3")  # type: ignore[arg-type]


def test_question_codes_are_stored_in_canonical_form():
    q = QuestionSpec(
        code=" o๑๑ ", indicator=9, text=None, text_status="unknown", answer_type="oit_item"
    )
    assert q.code == "o11"
    assert q.tool == "oit"


def test_a_sub_indicator_written_as_a_number_is_read_as_text():
    q = QuestionSpec(
        code="o1",
        indicator=9,
        sub_indicator=9.1,  # type: ignore[arg-type]
        text="โครงสร้าง",
        text_status="confirmed",
        answer_type="oit_item",
    )
    assert q.sub_indicator == "9.1"


def test_reversed_belongs_to_the_parts_of_a_multi_part_question():
    parts = [{"text": "ก", "answer_type": "four_level"}, {"text": "ข", "answer_type": "four_level"}]
    with pytest.raises(ValidationError, match="reversed"):
        QuestionSpec.model_validate(
            {
                "code": "I1",
                "indicator": 1,
                "text": "ข้อ",
                "text_status": "summary",
                "answer_type": "multi_part",
                "reversed": True,
                "parts": parts,
            }
        )
