"""The recommendation library: the shipped 2566 file, and what a bad file is told."""

from __future__ import annotations

import copy
from typing import Any

import pytest
import yaml

from prongsai.improvement.recommendations import (
    RecommendationFileError,
    RecommendationLibrary,
    cited_references,
    load_library,
    parse_library_text,
)

SEED_REFERENCES = {
    "I7": ("o11",),
    "I8": ("o11", "o12"),
    "I9": ("o11", "o12"),
    "I14": ("o23", "o24", "o25"),
    "I27": ("o39", "o40"),
    "E2": ("o18", "o14", "o15"),
    "E7": ("9.1", "9.2", "9.3"),
    "E13": ("o18",),
    "E14": ("o30",),
    "E15": ("o36", "o38"),
}


@pytest.fixture(scope="module")
def library() -> RecommendationLibrary:
    loaded = load_library(2566)
    assert loaded is not None
    return loaded


# --- the shipped 2566 file -------------------------------------------------------------


def test_the_shipped_2566_library_loads_for_its_year(library: RecommendationLibrary) -> None:
    assert library.schema_version == 1
    assert library.year == 2566


def test_the_ten_seed_questions_are_nacc_texts_with_the_references_the_seed_cites(
    library: RecommendationLibrary,
) -> None:
    assert set(library.questions) == set(SEED_REFERENCES)
    for code, references in SEED_REFERENCES.items():
        entry = library.questions[code]
        assert entry.status == "nacc", code
        assert entry.references == references, code


def test_the_i7_diagnosis_is_the_seed_text(library: RecommendationLibrary) -> None:
    assert library.questions["I7"].diagnosis.startswith(
        "แสดงให้เห็นว่าบุคลากรบางรายในหน่วยงานไม่ทราบข้อมูลเกี่ยวกับงบประมาณ"
    )
    assert library.questions["I7"].recommendation.startswith(
        "ดังนั้น หน่วยงานควรมีการพัฒนาวิธีการเผยแพร่และประชาสัมพันธ์แผนการดำเนินงาน"
    )


def test_seed_texts_split_at_dangnan_into_diagnosis_and_recommendation(
    library: RecommendationLibrary,
) -> None:
    for code, entry in library.questions.items():
        assert "ดังนั้น" not in entry.diagnosis, code
        assert entry.recommendation.startswith("ดังนั้น "), code


def test_texts_carry_no_line_break_artefacts(library: RecommendationLibrary) -> None:
    entries = [*library.questions.values(), *library.indicators.values()]
    for entry in entries:
        for text in (entry.diagnosis, entry.recommendation):
            assert "\n" not in text
            assert "  " not in text
            assert "อ้างอิง จาก" not in text


def test_i8_and_i9_share_one_text_as_in_the_seed(library: RecommendationLibrary) -> None:
    assert library.questions["I8"] == library.questions["I9"]


def test_the_eit_seed_texts_name_the_question_through_the_code_placeholder(
    library: RecommendationLibrary,
) -> None:
    for code in ("E2", "E7", "E13", "E14", "E15"):
        diagnosis = library.questions[code].diagnosis
        assert "ในข้อ {code} ซึ่งเป็นข้อที่ได้คะแนนค่อนข้างน้อย" in diagnosis, code
        assert code not in diagnosis


def test_seed_measures_are_suggested_with_their_departments(
    library: RecommendationLibrary,
) -> None:
    i7 = library.questions["I7"].measures
    assert [m.name for m in i7] == ["เผยแพร่ข้อมูลเกี่ยวกับงบประมาณประจำปี"]
    assert i7[0].departments == ("office", "finance")
    assert library.questions["I8"].measures[0].departments == ("office", "finance", "all")
    assert library.questions["E2"].measures[0].departments == (
        "office",
        "finance",
        "works",
        "health",
        "education",
    )
    assert len(library.questions["E2"].measures[0].steps) == 5
    assert library.questions["E15"].measures[0].departments == ("all",)
    for entry in library.questions.values():
        assert entry.measures, "every seed question has the seed's measure"


def test_suggestions_do_not_name_the_seed_agency(library: RecommendationLibrary) -> None:
    entries = [*library.questions.values(), *library.indicators.values()]
    for entry in entries:
        for measure in entry.measures:
            for text in (measure.name, *measure.steps):
                assert "ท่าตลาด" not in text
                assert "เวปไซต์" not in text


def test_departments_are_the_usual_units_of_a_subdistrict_administrative_organisation(
    library: RecommendationLibrary,
) -> None:
    assert library.departments == {
        "office": "สำนักปลัด",
        "finance": "กองคลัง",
        "works": "กองช่าง",
        "health": "กองสาธารณสุขและสิ่งแวดล้อม",
        "education": "กองการศึกษา ศาสนาและวัฒนธรรม",
        "all": "ทุกส่วนราชการ",
    }


def test_every_indicator_has_a_draft_default(library: RecommendationLibrary) -> None:
    assert sorted(library.indicators) == list(range(1, 11))
    for number, entry in library.indicators.items():
        assert entry.status == "draft", number
        assert "{code}" in entry.diagnosis, number
        assert entry.recommendation.startswith("ดังนั้น "), number
        assert entry.measures, number


def test_draft_wording_does_not_announce_itself_as_a_draft(
    library: RecommendationLibrary,
) -> None:
    for entry in library.indicators.values():
        for text in (entry.diagnosis, entry.recommendation):
            assert "ร่าง" not in text
            assert "draft" not in text.lower()


def test_indicator_defaults_cite_the_oit_items_that_relate(
    library: RecommendationLibrary,
) -> None:
    refs = {number: entry.references for number, entry in library.indicators.items()}
    assert refs[1][:2] == ("o14", "o15")
    assert refs[4] == ()  # no 2566 OIT item covers state property
    assert refs[5] == ("o27", "o28", "o29", "o39", "o40", "o41")
    assert refs[6] == ("o14", "o15", "o18")
    assert refs[7] == tuple(f"o{n}" for n in range(1, 10))
    assert refs[8] == ("o17", "o18", "o30")
    assert refs[9] == refs[10] == ("{code}",)


def test_a_year_without_a_shipped_file_has_no_library() -> None:
    assert load_library(2599) is None


def test_the_library_is_read_once() -> None:
    assert load_library(2566) is load_library(2566)


def test_a_question_falls_back_to_its_indicator_default(library: RecommendationLibrary) -> None:
    own, source = library.for_question("I7", 2)
    assert source == "question"
    assert own is library.questions["I7"]
    default, source = library.for_question("I10", 2)
    assert source == "indicator"
    assert default is library.indicators[2]


def test_a_question_with_neither_entry_nor_default_is_a_key_error() -> None:
    data = _valid_data()
    data["indicators"] = {}
    bare = parse_library_text(_dump(data), source_name="x.yaml")
    with pytest.raises(KeyError):
        bare.for_question("I1", 1)


def test_citations_are_read_in_order_of_first_appearance() -> None:
    assert cited_references(
        "ก (อ้างอิงจาก o18) ข (อ้างอิงจาก o14) ค (อ้างอิงจาก o15, o18)",
        "(อ้างอิงจากตัวชี้วัด 9.1, 9.2)",
    ) == ("o18", "o14", "o15", "9.1", "9.2")


# --- bad files -----------------------------------------------------------------------

SOURCE = "recommendations-2566.yaml"


def _valid_data() -> dict[str, Any]:
    entry = {
        "status": "nacc",
        "diagnosis": "แสดงให้เห็นว่า ในข้อ {code}",
        "recommendation": "ดังนั้น หน่วยงานควร (อ้างอิงจาก o11)",
        "references": ["o11"],
        "measures": [{"name": "มาตรการ", "steps": ["ขั้นตอน"], "departments": ["finance"]}],
    }
    return {
        "schema_version": 1,
        "year": 2566,
        "departments": {"office": "สำนักปลัด", "finance": "กองคลัง"},
        "questions": {"I7": copy.deepcopy(entry)},
        "indicators": {"2": {**copy.deepcopy(entry), "status": "draft"}},
    }


def _dump(data: dict[str, Any]) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def _error(data: dict[str, Any] | str) -> str:
    text = data if isinstance(data, str) else _dump(data)
    with pytest.raises(RecommendationFileError) as caught:
        parse_library_text(text, source_name=SOURCE)
    return str(caught.value)


def test_a_valid_minimal_file_parses() -> None:
    parsed = parse_library_text(_dump(_valid_data()), source_name=SOURCE)
    assert parsed.indicators[2].status == "draft"


def test_an_unknown_reference_format_names_the_question_and_field() -> None:
    data = _valid_data()
    data["questions"]["I7"]["references"] = ["x11"]
    message = _error(data)
    assert message.startswith(f"{SOURCE}: ข้อ I7, ช่อง references")
    assert "'x11'" in message


def test_references_that_differ_from_the_citations_in_the_text_are_refused() -> None:
    data = _valid_data()
    data["questions"]["I7"]["references"] = ["o12"]
    message = _error(data)
    assert f"{SOURCE}: ข้อ I7, ช่อง references:" in message
    assert "ในข้อความ: o11" in message


def test_an_unknown_department_key_names_the_measure() -> None:
    data = _valid_data()
    data["questions"]["I7"]["measures"][0]["departments"] = ["finanse"]
    message = _error(data)
    assert message.startswith(f"{SOURCE}: ข้อ I7, มาตรการที่ 1, ช่อง departments")
    assert "'finanse'" in message
    assert "office, finance" in message


def test_a_non_canonical_question_code_is_refused_with_the_canonical_spelling() -> None:
    data = _valid_data()
    data["questions"] = {"i7": data["questions"]["I7"]}
    message = _error(data)
    assert message.startswith(f"{SOURCE}: ข้อ i7")
    assert "I7" in message.split(":", 2)[-1]


def test_a_malformed_question_code_is_refused() -> None:
    data = _valid_data()
    data["questions"] = {"X7": data["questions"]["I7"]}
    assert "รหัสข้อ 'X7' ไม่ถูกต้อง" in _error(data)


def test_an_unknown_field_is_named() -> None:
    data = _valid_data()
    data["questions"]["I7"]["diagnosys"] = "สะกดผิด"
    assert f"{SOURCE}: ข้อ I7, ช่อง diagnosys: ไม่รู้จักช่องนี้" in _error(data)


def test_a_missing_field_is_named() -> None:
    data = _valid_data()
    del data["indicators"]["2"]["recommendation"]
    assert f"{SOURCE}: ตัวชี้วัด 2, ช่อง recommendation: ต้องมีช่องนี้" in _error(data)


def test_an_unknown_status_is_refused() -> None:
    data = _valid_data()
    data["questions"]["I7"]["status"] = "official"
    message = _error(data)
    assert f"{SOURCE}: ข้อ I7, ช่อง status: ต้องเป็น" in message
    assert "'nacc' หรือ 'draft'" in message


def test_an_unknown_placeholder_is_refused() -> None:
    data = _valid_data()
    data["questions"]["I7"]["diagnosis"] = "ในข้อ {cod}"
    message = _error(data)
    assert f"{SOURCE}: ข้อ I7, ช่อง diagnosis:" in message
    assert "{cod}" in message


def test_an_indicator_outside_one_to_ten_is_refused() -> None:
    data = _valid_data()
    data["indicators"]["11"] = data["indicators"].pop("2")
    assert "ตัวชี้วัด 11 ไม่มี" in _error(data)


def test_a_measure_without_steps_is_refused() -> None:
    data = _valid_data()
    data["questions"]["I7"]["measures"][0]["steps"] = []
    assert f"{SOURCE}: ข้อ I7, มาตรการที่ 1, ช่อง steps:" in _error(data)


def test_every_problem_is_reported_on_its_own_line() -> None:
    data = _valid_data()
    data["questions"]["I7"]["references"] = ["x11"]
    data["indicators"]["2"]["status"] = "final"
    lines = _error(data).splitlines()
    assert len(lines) == 2
    assert all(line.startswith(f"{SOURCE}: ") for line in lines)


def test_a_key_written_twice_is_refused_instead_of_silently_dropped() -> None:
    text = _dump(_valid_data()).replace("year: 2566", "year: 2566\nyear: 2567")
    message = _error(text)
    assert message.startswith(f"{SOURCE}: บรรทัด")
    assert "ช่อง year ซ้ำ" in message


def test_broken_yaml_names_the_line() -> None:
    assert _error("schema_version: 1\nyear: [2566\n").startswith(f"{SOURCE}: บรรทัด")


def test_a_file_that_is_not_a_mapping_is_refused() -> None:
    assert _error("- I7\n- I8\n").startswith(f"{SOURCE}: ต้องเป็นชุดของ")


def test_the_error_is_a_value_error() -> None:
    assert issubclass(RecommendationFileError, ValueError)
