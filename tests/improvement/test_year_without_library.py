"""ITA 2569: no recommendation library of its own, question texts unknown.

The officer pastes the ITAS page (the NACC's advice and the question wording
become the agency's); the analysis page still offers measures to adopt in one
click (the indicator's measures of the newest earlier library), and shows the
questions in the agency's wording.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from django.urls import reverse

from prongsai.improvement.models import AgencyRecommendation, Weakness
from prongsai.improvement.recommendations import borrowed_measures, load_library
from prongsai.improvement.services import weaknesses_analyze
from prongsai.improvement.services.weaknesses import advice_for

ITAS_2569 = (
    "ข้อ I7 ท่านทราบข้อมูลเกี่ยวกับงบประมาณของหน่วยงาน มากน้อยเพียงใด"
    " ผลการประเมินที่ได้รับ เท่ากับ 79.27 คะแนน\n"
    "แสดงให้เห็นว่าบุคลากรบางรายไม่ทราบข้อมูลงบประมาณ ดังนั้น หน่วยงานควรเผยแพร่แผนการใช้จ่าย\n"
)


def _import(agency: Any, actor: Any) -> Any:
    from prongsai.assessments.text_import import text_import_save

    assessment, _summary = text_import_save(agency=agency, year=2569, text=ITAS_2569, actor=actor)
    weaknesses_analyze(assessment=assessment, actor=actor)
    return assessment


def test_a_year_without_a_library_borrows_the_indicators_measures_of_the_newest_earlier_one():
    assert load_library(2569) is None
    names = [m.name for m in borrowed_measures(2569, 2)]
    assert names == [m.name for m in load_library(2566).indicators[2].measures]  # type: ignore[union-attr]
    assert borrowed_measures(2566, 2) == ()  # a year with its own library borrows nothing
    assert borrowed_measures(2565, 2) == ()  # nothing earlier to borrow from


def test_no_borrowed_measure_cites_another_years_oit_item():
    for indicator in range(1, 11):
        for measure in borrowed_measures(2569, indicator):
            texts = (measure.name, *measure.steps)
            assert not any(re.search(r"(?<![A-Za-z])o[1-9]", t) for t in texts), texts


def test_advice_for_a_2569_question_without_a_copy_offers_the_indicators_measures(agency):
    advice = advice_for(agency=agency, year=2569, code="I7", indicator=2, score=Decimal("79.27"))
    assert advice.diagnosis == ""  # no words of another year's numbering
    assert advice.measures[0]["name"] == "เผยแพร่และเปิดโอกาสให้มีส่วนร่วมในการใช้จ่ายงบประมาณ"


def test_the_itas_text_import_keeps_suggestions_on_the_agencys_copy(agency, agency_admin):
    _import(agency, agency_admin)
    copy = AgencyRecommendation.objects.get(agency=agency, year=2569, code="I7")
    assert copy.diagnosis.startswith("แสดงให้เห็นว่าบุคลากรบางราย")
    assert [m["name"] for m in copy.measures] == ["เผยแพร่และเปิดโอกาสให้มีส่วนร่วมในการใช้จ่ายงบประมาณ"]


def test_the_analysis_page_shows_the_agencys_wording_and_a_one_click_measure(
    agency, agency_admin, login
):
    _import(agency, agency_admin)
    weakness = Weakness.objects.get(assessment__agency=agency, question__code="I7")
    page = login(agency_admin).get(reverse("improvement:analysis", args=[2569, "official"]))
    html = page.content.decode()
    assert "ท่านทราบข้อมูลเกี่ยวกับงบประมาณของหน่วยงาน มากน้อยเพียงใด" in html
    create = reverse("improvement:measure_from_suggestion", args=[weakness.pk, 0])
    assert f'action="{create}"' in html
    detail = login(agency_admin).get(reverse("improvement:weakness", args=[weakness.pk]))
    assert "ท่านทราบข้อมูลเกี่ยวกับงบประมาณของหน่วยงาน มากน้อยเพียงใด" in detail.content.decode()
