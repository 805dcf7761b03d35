"""A year whose framework lacks the question wording (ITA 2569's IIT/EIT):
the o42 prints each question as the agency pasted it from ITAS."""

from __future__ import annotations

from prongsai.assessments.text_import import text_import_save
from prongsai.documents.builder import build_report
from prongsai.improvement.services import weaknesses_analyze

QUESTION = "ท่านทราบข้อมูลเกี่ยวกับงบประมาณของหน่วยงาน มากน้อยเพียงใด"


def test_the_o42_of_2570_prints_the_2569_question_in_the_agencys_wording(agency, agency_admin):
    text = f"ข้อ I7 {QUESTION} ผลการประเมินที่ได้รับ เท่ากับ 79.27 คะแนน\nแสดงให้เห็นว่า ก ดังนั้น ข\n"
    assessment, _ = text_import_save(agency=agency, year=2569, text=text, actor=agency_admin)
    weaknesses_analyze(assessment=assessment, actor=agency_admin)
    doc = build_report(agency, plan_year=2570, kind="measures")
    questions = [
        q
        for section in doc.sections
        for indicator in section.indicators
        for block in indicator.blocks
        for q in block.questions
    ]
    assert [(q.code, q.text) for q in questions] == [("I7", QUESTION)]
    # Only these rows carry it: the shared framework stays without text.
    assert not assessment.framework.questions.get(code="I7").text
