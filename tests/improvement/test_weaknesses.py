"""Weaknesses: the analysis of an assessment and what the officer does with it."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from prongsai.history.services import history_for
from prongsai.improvement.models import AgencyRecommendation, TextSource, Weakness
from prongsai.improvement.recommendations import load_library
from prongsai.improvement.services import (
    recommendation_delete_agency_copy,
    recommendation_save_agency_copy,
    weakness_add,
    weakness_drop,
    weakness_restore,
    weakness_update_text,
    weaknesses_analyze,
)
from tests.improvement.conftest import weakness

SEED_CODES = ["I7", "I8", "I9", "I14", "I27", "E2", "E7", "E13", "E14", "E15"]
pytestmark = pytest.mark.django_db


def codes(assessment: Any, status: str = "active") -> list[str]:
    return [
        w.question.code
        for w in assessment.weaknesses.filter(status=status).order_by("question__order")
    ]


def test_analysis_finds_exactly_the_seeds_ten_weaknesses_with_their_texts(analysed: Any) -> None:
    assert codes(analysed) == SEED_CODES
    i7 = weakness(analysed, "I7")
    assert i7.score == Decimal("79.27")
    assert i7.diagnosis.startswith("แสดงให้เห็นว่าบุคลากรบางรายในหน่วยงานไม่ทราบข้อมูลเกี่ยวกับงบประมาณ")
    assert "(อ้างอิงจาก o11)" in i7.recommendation
    assert i7.references == ["o11"]
    assert i7.text_source == TextSource.NACC
    e7 = weakness(analysed, "E7")
    assert "ในข้อ E7 ซึ่งเป็นข้อที่ได้คะแนนค่อนข้างน้อย" in e7.diagnosis
    assert e7.references == ["9.1", "9.2", "9.3"]
    assert weakness(analysed, "I8").references == ["o11", "o12"]


def test_analysis_is_idempotent(analysed: Any, agency_admin: Any) -> None:
    before = list(analysed.weaknesses.values_list("id", "score", "diagnosis"))
    summary = weaknesses_analyze(assessment=analysed, actor=agency_admin)
    assert summary == {"created": [], "updated": []}
    assert list(analysed.weaknesses.values_list("id", "score", "diagnosis")) == before


def test_analysis_uses_the_agencys_threshold(
    assessment: Any, agency: Any, agency_admin: Any
) -> None:
    agency.weakness_threshold = Decimal("80")
    agency.save()
    weaknesses_analyze(assessment=assessment, actor=agency_admin)
    assert codes(assessment) == ["I7", "I8", "I9", "I14", "I27"]


def test_dropping_a_weakness_needs_a_reason(analysed: Any, agency_admin: Any) -> None:
    w = weakness(analysed, "E15")
    with pytest.raises(ValidationError) as e:
        weakness_drop(weakness=w, actor=agency_admin, reason="   ")
    assert "reason" in e.value.message_dict
    w.refresh_from_db()
    assert w.status == "active"


def test_a_dropped_weakness_is_not_resurrected_by_analysis_and_can_be_restored(
    analysed: Any, agency_admin: Any
) -> None:
    w = weakness(analysed, "E15")
    weakness_drop(weakness=w, actor=agency_admin, reason="คะแนนใกล้เกณฑ์ ผู้บริหารให้มุ่งข้ออื่นก่อน")
    weaknesses_analyze(assessment=analysed, actor=agency_admin)
    assert codes(analysed, "dropped") == ["E15"]
    assert "E15" not in codes(analysed)
    weakness_restore(weakness=w, actor=agency_admin)
    assert codes(analysed) == SEED_CODES
    w.refresh_from_db()
    assert w.drop_reason == ""


def test_edited_text_survives_re_analysis(analysed: Any, agency_admin: Any) -> None:
    w = weakness(analysed, "I7")
    weakness_update_text(
        weakness=w,
        actor=agency_admin,
        diagnosis="ข้อความที่เจ้าหน้าที่เขียนเอง",
        recommendation="ควรประชุมชี้แจงทุกไตรมาส (อ้างอิงจาก o11)",
        references="o11, O12",
    )
    weaknesses_analyze(assessment=analysed, actor=agency_admin)
    w.refresh_from_db()
    assert w.diagnosis == "ข้อความที่เจ้าหน้าที่เขียนเอง"
    assert w.references == ["o11", "o12"]
    assert w.text_source == TextSource.AGENCY and w.text_edited


def test_editing_text_refuses_a_bad_reference_and_an_empty_diagnosis(
    analysed: Any, agency_admin: Any
) -> None:
    with pytest.raises(ValidationError) as e:
        weakness_update_text(
            weakness=weakness(analysed, "I7"),
            actor=agency_admin,
            diagnosis="",
            recommendation="x",
            references="o11, x9",
        )
    assert set(e.value.message_dict) == {"diagnosis", "references"}
    assert "x9" in e.value.message_dict["references"][0]


def test_an_officer_can_add_a_weakness_by_code(analysed: Any, agency_admin: Any) -> None:
    w = weakness_add(assessment=analysed, code=" i 20 ", actor=agency_admin)
    assert w.question.code == "I20" and w.added_by_hand
    assert w.score is not None and w.score >= 85
    assert w.text_source == TextSource.DRAFT  # indicator 4's default text
    assert "ในข้อ I20" in w.diagnosis
    with pytest.raises(ValidationError, match="อยู่แล้ว"):
        weakness_add(assessment=analysed, code="I20", actor=agency_admin)
    with pytest.raises(ValidationError) as e:
        weakness_add(assessment=analysed, code="I99", actor=agency_admin)
    assert "ไม่มีข้อ" in e.value.message_dict["code"][0]


def test_the_agencys_copy_replaces_the_library_text_without_changing_the_library(
    analysed: Any, agency: Any, agency_admin: Any
) -> None:
    library_text = load_library(2566).questions["I7"].diagnosis  # type: ignore[union-attr]
    recommendation_save_agency_copy(
        agency=agency,
        year=2566,
        code="I7",
        actor=agency_admin,
        diagnosis="ข้อ {code} ได้ {score} คะแนน บุคลากรยังไม่ทราบงบประมาณ",
        recommendation="ควรจัดประชุมชี้แจง (อ้างอิงจาก o11)",
        references="o11",
    )
    w = weakness(analysed, "I7")
    assert w.diagnosis == "ข้อ I7 ได้ 79.27 คะแนน บุคลากรยังไม่ทราบงบประมาณ"
    assert w.text_source == TextSource.AGENCY and not w.text_edited
    assert load_library(2566).questions["I7"].diagnosis == library_text  # type: ignore[union-attr]
    copy = AgencyRecommendation.objects.get(agency=agency, code="I7")
    assert copy.measures and copy.measures[0]["name"] == "เผยแพร่ข้อมูลเกี่ยวกับงบประมาณประจำปี"
    recommendation_delete_agency_copy(agency=agency, year=2566, code="I7", actor=agency_admin)
    w.refresh_from_db()
    assert w.diagnosis == library_text and w.text_source == TextSource.NACC


def test_an_agency_copy_refuses_unknown_placeholders(
    agency: Any, agency_admin: Any, analysed: Any
) -> None:
    with pytest.raises(ValidationError) as e:
        recommendation_save_agency_copy(
            agency=agency,
            year=2566,
            code="I7",
            actor=agency_admin,
            diagnosis="ได้ {points}",
            recommendation="",
            references="",
        )
    assert "diagnosis" in e.value.message_dict


def test_history_records_who_did_what_to_a_weakness_and_when(
    analysed: Any, agency_admin: Any
) -> None:
    w = weakness(analysed, "E14")
    weakness_drop(weakness=w, actor=agency_admin, reason="ซ้ำกับ E15")
    records = list(history_for(w))
    assert [r.action for r in records] == ["weakness_dropped", "weakness_found"]
    dropped = records[0]
    assert dropped.actor == agency_admin and dropped.actor_name == "admin"
    assert dropped.at is not None
    assert "ซ้ำกับ E15" in dropped.summary
    assert dropped.changes["status"] == ["active", "dropped"]


def test_the_analysis_page_shows_the_score_in_place(
    analysed: Any, login: Any, agency_admin: Any
) -> None:
    page = login(agency_admin).get("/improvement/analysis/2566/official/").content.decode()
    assert "ผลการประเมินที่ได้รับ เท่ากับ <strong>79.27</strong> คะแนน" in page
    assert page.index("ตัวชี้วัดที่ 2") < page.index("ตัวชี้วัดที่ 6")
    assert "ด้านการรับรู้ของผู้มีส่วนได้ส่วนเสียภายใน" in page
    assert "ส่วนที่ 1" in page


def test_weaknesses_answer_only_through_their_agency(analysed: Any) -> None:
    assert Weakness.objects.filter(assessment__agency=analysed.agency).count() == 10
