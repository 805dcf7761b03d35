"""The ITAS text import reads what a member pastes or uploads: the parser must
take time in proportion to the text, and a file's text is held to what the
form takes pasted."""

from __future__ import annotations

import time

import pytest

from prongsai.assessments.itas_text import MAX_TEXT, parse_itas_text, text_of_file

ITEM = "ข้อ I7 ท่านทราบข้อมูล ผลการประเมินที่ได้รับ เท่ากับ 79.27 คะแนน\n"


def test_a_long_run_of_spaces_is_read_in_linear_time() -> None:
    # The space-before-a-vowel repair tried every space of a run: 40,000
    # spaces took 8 s, the 500,000 the form accepts about 20 minutes.
    text = ITEM + " " * 40_000 + "\n" + ITEM.replace("I7", "I8")
    started = time.perf_counter()
    result = parse_itas_text(text)
    assert time.perf_counter() - started < 1.0
    assert [i.code for i in result.items] == ["I7", "I8"]


def test_a_space_before_a_thai_vowel_is_still_removed() -> None:
    text = "ข้อ I7 ท่านท \u0e35ราบ ผลการประเมินที่ได้รับ เท่ากับ 79.27 คะแนน"
    (item,) = parse_itas_text(text).items
    assert "ท่านที\u0e35ราบ" not in item.question and "ท่านท\u0e35ราบ" in item.question


def test_a_text_file_longer_than_the_form_takes_is_refused_in_thai() -> None:
    data = (ITEM * (MAX_TEXT // len(ITEM) + 1)).encode()
    with pytest.raises(ValueError, match=r"ผล\.txt ยาวเกินไป"):
        text_of_file(data, "ผล.txt")
    assert text_of_file(ITEM.encode(), "ผล.txt") == ITEM


def test_a_long_text_without_line_breaks_is_read_in_linear_time() -> None:
    # Every item's line number and line start were counted from the start of
    # the text: 500,000 characters of "ข้อ I1 " took 16 s (and the report
    # import, which reads the same way, 12 s).
    text = "ข้อ I1 " * (300_000 // len("ข้อ I1 "))
    started = time.perf_counter()
    result = parse_itas_text(text)
    assert time.perf_counter() - started < 1.0
    assert not result.items and result.problems  # none of them has a score


def test_line_numbers_still_name_the_item_and_the_line_of_its_problem() -> None:
    text = "หัวเรื่อง\n\n" + ITEM + "  ข้อ I9 ไม่มีคะแนน\n" + ITEM.replace("79.27", "150")
    result = parse_itas_text(text)
    assert [(i.code, i.line) for i in result.items] == [("I7", 3)]
    assert any(p.startswith("บรรทัด 4:") for p in result.problems)
    assert any(p.startswith("บรรทัด 5:") and "150" in p for p in result.problems)
