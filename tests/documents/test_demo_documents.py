"""The demo agency's documents, built from the database, carry the seed's cycle."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from prongsai.documents.builder import NothingToReport, build_report
from prongsai.documents.render_docx import render_docx
from prongsai.documents.render_pdf import render_pdf

from . import assert_in_order, docx_text, expected_texts, needs_poppler, pdf_text

SEED_ORDER = ["I7", "I8", "I9", "I14", "I27", "E2", "E7", "E13", "E14", "E15"]
# Strings of the seed report that must come out verbatim (Thai digits in the
# document's default digit system).
SEED_STRINGS = [
    "ด้านการรับรู้ของผู้มีส่วนได้ส่วนเสียภายใน (Internal Integrity & Transparency Assessment : IIT)",
    "ตัวชี้วัดที่ ๒ การใช้งบประมาณ",
    "ข้อ I7",
    "ท่านทราบข้อมูลเกี่ยวกับงบประมาณของหน่วยงานหรือของส่วนงานที่ท่านปฏิบัติหน้าที่ มากน้อยเพียงใด",
    "ผลการประเมินที่ได้รับ เท่ากับ ๗๙.๒๗ คะแนน",
    "(อ้างอิงจาก o11)",
    "มาตรการ : เผยแพร่ข้อมูลเกี่ยวกับงบประมาณประจำปี",
    "ขั้นตอนหรือวิธีการ",
    "ผู้รับผิดชอบ",
    "ผลการดำเนินการตามมาตรการที่กำหนด",
    "ข้อ E15",
    "ที่ ๑๔๙/๒๕๖๖",
    "เอกสารประกอบการดำเนินการ",
]


@pytest.fixture
def report(demo):  # type: ignore[no-untyped-def]
    return build_report(demo["agency"], plan_year=2567, kind="results")


def codes_in(doc) -> list[str]:  # type: ignore[no-untyped-def]
    return [
        q.code
        for section in doc.sections
        for indicator in section.indicators
        for block in indicator.blocks
        for q in block.questions
    ]


def test_the_report_lists_the_ten_weaknesses_in_the_seeds_order(report):
    assert codes_in(report) == SEED_ORDER
    assert report.assessment_year == 2566 and report.plan_year == 2567


def test_i8_and_i9_share_one_block_and_one_measure_as_in_the_seed(report):
    blocks = [b for s in report.sections for i in s.indicators for b in i.blocks]
    shared = next(b for b in blocks if b.questions[0].code == "I8")
    assert [q.code for q in shared.questions] == ["I8", "I9"]
    names = [report.measures[k].name for k in shared.measure_keys]
    assert "การมีส่วนร่วมในกระบวนการงบประมาณ" in names


def test_every_measure_has_its_steps_departments_and_results(report):
    for measure in report.measures.values():
        assert measure.steps and measure.responsible
    done = [m for m in report.measures.values() if m.results]
    assert len(done) >= 9


@needs_poppler
def test_the_pdf_carries_everything_of_the_seed_in_order(report):
    text = pdf_text(render_pdf(report))
    assert_in_order(text, expected_texts(report))
    for needle in SEED_STRINGS:
        assert_in_order(text, [needle])


def test_the_docx_carries_everything_of_the_seed_in_order(report):
    text = docx_text(render_docx(report))
    assert_in_order(text, expected_texts(report))
    for needle in SEED_STRINGS:
        assert_in_order(text, [needle])


def test_the_measures_document_has_timelines_and_no_results(demo):
    doc = build_report(demo["agency"], plan_year=2567, kind="measures")
    text = docx_text(render_docx(doc))
    assert "ผลการดำเนินการตามมาตรการที่กำหนด" not in text
    assert "ระยะเวลาดำเนินการ" in text


def test_an_agency_without_weaknesses_gets_a_document_saying_so(demo):
    doc = build_report(demo["other"], plan_year=2567, kind="results")
    assert "ไม่พบข้อบกพร่อง" in docx_text(render_docx(doc))


def test_a_year_without_results_is_explained(demo):
    with pytest.raises(NothingToReport, match="ยังไม่มีผลการประเมิน ITA ปี 2560"):
        build_report(demo["agency"], plan_year=2561, kind="results")


def test_a_member_downloads_the_pdf_and_the_docx(demo, login):
    client = login(demo["viewer"])
    pdf = client.get(reverse("documents:download", args=[2567, "results", "pdf"]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert "tha-talad-report-2567.pdf" in pdf["Content-Disposition"]
    docx = client.get(reverse("documents:download", args=[2567, "measures", "docx"]))
    assert docx.status_code == 200 and docx.content.startswith(b"PK")


def test_each_agency_downloads_only_its_own_documents(demo, login):
    data = (
        login(demo["other_admin"])
        .get(reverse("documents:download", args=[2567, "results", "docx"]))
        .content
    )
    text = docx_text(data)
    assert "เทศบาลตำบลตัวอย่าง" in text and "ท่าตลาด" not in text


def test_anonymous_cannot_download(demo, client):
    response = client.get(reverse("documents:download", args=[2567, "results", "pdf"]))
    assert response.status_code == 302


def test_the_command_writes_the_requested_document(demo, tmp_path):
    out = tmp_path / "r.docx"
    call_command(
        "report",
        "--agency",
        "tha-talad",
        "--year",
        "2567",
        "--kind",
        "results",
        "--format",
        "docx",
        "--output",
        str(out),
        stdout=io.StringIO(),
    )
    assert out.read_bytes().startswith(b"PK")


def test_the_command_explains_a_missing_assessment(demo):
    with pytest.raises(CommandError, match="ยังไม่มีผลการประเมิน ITA ปี 2570"):
        call_command(
            "report",
            "--agency",
            "tha-talad",
            "--year",
            "2571",
            "--kind",
            "results",
            "--output",
            "/dev/null",
        )


@pytest.mark.django_db(transaction=True)
def test_batch_generation_writes_one_file_per_agency_in_parallel(frameworks, tmp_path, settings):
    from prongsai.demo import load_demo

    load_demo(io.StringIO())
    out = io.StringIO()
    call_command(
        "report",
        "--all",
        "--year",
        "2567",
        "--kind",
        "measures",
        "--format",
        "docx",
        "--output-dir",
        str(tmp_path),
        "--jobs",
        "2",
        stdout=out,
    )
    assert sorted(p.name for p in Path(tmp_path).iterdir()) == [
        "demo-other-measures-2567.docx",
        "tha-talad-measures-2567.docx",
    ]
    assert "2/2" in out.getvalue()


def test_a_document_holds_only_the_measures_planned_for_its_year(report):
    names = [m.name for m in report.measures.values()]
    assert len(names) == 9
    assert not any("ตัวอย่างเพิ่มเติม" in name for name in names)
