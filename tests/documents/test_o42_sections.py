"""The o42 is a complete o42: the analysis (result, indicator table,
strengths, points to improve), the measures, how the analysis is put into
practice, and the executive's approval; read back from the PDF and the DOCX,
for the demo and for a new agency that has only imported its results."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import docx
import pytest
from django.core.management import call_command
from django.urls import reverse

from prongsai.assessments.services import framework_for_year, results_import
from prongsai.documents.builder import build_report
from prongsai.documents.content import HEADINGS, TABLE_HEADING
from prongsai.documents.layout import CHART_HEADING
from prongsai.documents.services import document_render
from prongsai.framework.services import framework_spec

from . import assert_in_order, docx_text, needs_poppler, normalise, pdf_text

EXECUTIVE = "นายสมชาย ใจดี"
POSITION = "นายกองค์การบริหารส่วนตำบลท่าตลาด"
SIGNED = dt.date(2024, 1, 15)  # "๑๕ มกราคม พ.ศ. ๒๕๖๗"
ORDER = [
    HEADINGS["result"],
    TABLE_HEADING,
    HEADINGS["strengths"],
    HEADINGS["improve"],
    "มาตรการ :",
    HEADINGS["practice"],
    "ประกาศ ณ วันที่ ๑๕ มกราคม พ.ศ. ๒๕๖๗",
    f"({EXECUTIVE})",
    POSITION,
]
NO_WEAKNESS = "ไม่พบข้อบกพร่อง"
LOW = {"I7": Decimal("70.00"), "I14": Decimal("72.50"), "E2": Decimal("60.00"), "E7": Decimal("80")}


def _sign(agency) -> None:  # type: ignore[no-untyped-def]
    agency.executive_name = EXECUTIVE
    agency.executive_title = POSITION
    agency.save()


def _import_all(agency, user) -> None:  # type: ignore[no-untyped-def]
    """Every question of 2566 scored: 92 except four below the mark."""
    spec = framework_spec(framework_for_year(2566))
    rows = ["code,score"]
    for q in spec.questions:
        score = LOW.get(q.code, Decimal(100) if spec.tool_of(q.code) == "oit" else Decimal(92))
        rows.append(f"{q.code},{score}")
    results_import(agency=agency, year=2566, data="\n".join(rows).encode(), actor=user)


def _table_rows(data: bytes) -> list[list[str]]:
    tables = docx.Document(io.BytesIO(data)).tables
    assert len(tables) == 1
    return [[cell.text for cell in row.cells] for row in tables[0].rows]


@pytest.fixture
def fresh(agency, agency_admin):  # type: ignore[no-untyped-def]
    """A new agency: results imported, signer set, analysis never saved."""
    _import_all(agency, agency_admin)
    _sign(agency)
    return agency


@needs_poppler
def test_the_demos_o42_pdf_has_every_section_the_ten_rows_and_the_signer(demo):
    _sign(demo["agency"])
    pdf = document_render(
        demo["agency"], plan_year=2567, kind="measures", fmt="pdf", signed_on=SIGNED
    ).data
    text = pdf_text(pdf)
    assert_in_order(text, ORDER)
    # The ten rows, in order, each with its score: indicator 2 has I7's fix.
    assert_in_order(text, [f"{n}" for n in "๑๒๓๔๕๖๗๘๙"] + ["๑๐"])
    assert_in_order(text, ["การใช้งบประมาณ", "๘๐.๒๙", "ปรับปรุงข้อ I7"])
    assert normalise("การป้องกันการทุจริต") in normalise(text)
    assert "ระดับ A" in text and "ผ่านดี" in text


@needs_poppler
def test_the_demos_o42_chart_fits_on_page_one_under_the_opening(demo):
    """Page 1 used to be half empty: the chart block did not fit and moved on."""
    pdf = document_render(demo["agency"], plan_year=2567, kind="measures", fmt="pdf").data
    first = normalise(pdf_text(pdf, page=1))
    assert normalise(CHART_HEADING) in first
    assert normalise("ที่บันทึกในระบบ") in first  # the end of the chart's caption


def test_the_demos_o42_docx_has_every_section_the_ten_rows_and_the_signer(demo):
    _sign(demo["agency"])
    data = document_render(
        demo["agency"], plan_year=2567, kind="measures", fmt="docx", signed_on=SIGNED
    ).data
    assert_in_order(docx_text(data), [x for x in ORDER if x != TABLE_HEADING])
    rows = _table_rows(data)
    assert rows[0] == ["ที่", "ตัวชี้วัด", "คะแนน", "ประเด็นที่ต้องแก้ไข"]
    assert [r[0] for r in rows[1:]] == ["๑", "๒", "๓", "๔", "๕", "๖", "๗", "๘", "๙", "๑๐"]
    assert rows[1][3] == "ผ่านเกณฑ์"  # indicator 1 has no weakness in the seed
    assert "ปรับปรุงข้อ I7" in rows[2][3] and rows[2][2] == "๘๐.๒๙"


@needs_poppler
def test_a_new_agencys_o42_pdf_has_every_section_and_names_the_computed_weaknesses(fresh):
    pdf = document_render(fresh, plan_year=2567, kind="measures", fmt="pdf", signed_on=SIGNED)
    text = pdf_text(pdf.data)
    # No measures yet: everything but the measure headings, in order.
    assert_in_order(text, [x for x in ORDER if x != "มาตรการ :"])
    assert NO_WEAKNESS not in text
    for code in LOW:
        assert f"ข้อ {code}" in text
    # Nothing planned yet: each weakness says so instead of looking answered.
    assert normalise(text).count(normalise("ยังไม่ได้กำหนดมาตรการสำหรับข้อบกพร่องนี้")) == len(LOW)


def test_a_new_agencys_o42_docx_has_the_ten_rows_with_what_to_fix(fresh):
    data = document_render(fresh, plan_year=2567, kind="measures", fmt="docx").data
    rows = _table_rows(data)
    assert len(rows) == 11
    fixes = {r[0]: r[3] for r in rows[1:]}
    assert "ปรับปรุงข้อ I7" in fixes["๒"] and "๗๐.๐๐" in fixes["๒"]
    assert "ปรับปรุงข้อ I14" in fixes["๓"]
    assert fixes["๑"] == "ผ่านเกณฑ์"
    text = docx_text(data)
    assert NO_WEAKNESS not in text
    assert f"({EXECUTIVE})" in text and POSITION in text and "ประกาศ ณ วันที่" in text


def test_the_o43_of_an_agency_without_a_saved_analysis_never_says_no_weaknesses(fresh):
    text = docx_text(document_render(fresh, plan_year=2567, kind="results", fmt="docx").data)
    assert NO_WEAKNESS not in text
    assert "ข้อ E2" in text
    assert f"({EXECUTIVE})" in text  # the approval block is on the o43 too


@needs_poppler
def test_the_report_command_of_an_agency_without_a_saved_analysis_names_its_weaknesses(
    fresh, tmp_path
):
    out = tmp_path / "o43.pdf"
    call_command(
        "report", "--agency", fresh.slug, "--year", "2567", "--kind", "results",
        "--output", str(out), stdout=io.StringIO(),
    )  # fmt: skip
    text = pdf_text(out.read_bytes())
    assert NO_WEAKNESS not in text
    assert "ข้อ I7" in text


def test_the_web_download_of_an_agency_without_a_saved_analysis_names_its_weaknesses(
    fresh, agency_admin, login
):
    response = login(agency_admin).get(
        reverse("documents:download", args=[2567, "results", "docx"]), {"signed": "2024-01-15"}
    )
    text = docx_text(response.content)
    assert NO_WEAKNESS not in text and "ข้อ I14" in text
    assert "ประกาศ ณ วันที่ ๑๕ มกราคม พ.ศ. ๒๕๖๗" in text


def test_an_agency_whose_scores_all_pass_is_told_it_has_no_weaknesses(agency, agency_admin):
    spec = framework_spec(framework_for_year(2566))
    rows = "\n".join(["code,score", *(f"{q.code},100" for q in spec.questions)])
    results_import(agency=agency, year=2566, data=rows.encode(), actor=agency_admin)
    data = document_render(agency, plan_year=2567, kind="measures", fmt="docx").data
    assert NO_WEAKNESS in docx_text(data)
    assert {r[3] for r in _table_rows(data)[1:]} == {"ผ่านเกณฑ์"}


def test_dropped_weaknesses_are_named_as_a_decision_not_as_no_weaknesses(fresh, agency_admin):
    from prongsai.improvement.services.weaknesses import weaknesses_analyze

    assessment = fresh.assessments.get()
    weaknesses_analyze(assessment=assessment, actor=agency_admin)
    assessment.weaknesses.update(status="dropped")
    text = docx_text(document_render(fresh, plan_year=2567, kind="measures", fmt="docx").data)
    assert NO_WEAKNESS not in text
    assert "ไม่กำหนดเป็นข้อบกพร่อง" in text


# --- demo data never passes for official ---------------------------------------------

DEMO_NOTICE = "ข้อมูลสาธิต ไม่ใช่เอกสารทางราชการ"


@pytest.mark.parametrize("kind", ["measures", "results"])
def test_the_demos_documents_say_they_rest_on_demo_data(demo, kind):
    doc = build_report(demo["agency"], plan_year=2567, kind=kind)
    assert doc.notice is not None and doc.notice.startswith(DEMO_NOTICE)
    assert doc.chart_source is not None and "ค่าตัวอย่างสาธิต" in doc.chart_source
    text = docx_text(document_render(demo["agency"], plan_year=2567, kind=kind, fmt="docx").data)
    assert DEMO_NOTICE in text


def test_a_real_agencys_chart_names_its_source_and_carries_no_demo_notice(fresh):
    doc = build_report(fresh, plan_year=2567, kind="results")
    assert doc.notice is None
    assert doc.chart_source == "ที่มา: ผลการประเมินของ ป.ป.ช. ที่บันทึกในระบบ"
    text = docx_text(document_render(fresh, plan_year=2567, kind="results", fmt="docx").data)
    assert DEMO_NOTICE not in text and doc.chart_source in text


def test_a_finished_measure_gets_no_status_line_an_unfinished_one_does(demo):
    doc = build_report(demo["agency"], plan_year=2567, kind="results")
    labels = {m.name: m.status_label for m in doc.measures.values()}
    assert labels["เผยแพร่ข้อมูลเกี่ยวกับงบประมาณประจำปี"] is None  # the seed's, done
    measure = demo["agency"].measures.get(name="เผยแพร่ข้อมูลเกี่ยวกับงบประมาณประจำปี")
    measure.status = "in_progress"
    measure.save()
    doc = build_report(demo["agency"], plan_year=2567, kind="results")
    assert "กำลังดำเนินการ" in {m.status_label for m in doc.measures.values()}
