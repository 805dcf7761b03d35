"""Results known only by the ten indicator scores (the NACC's summary tables):
imported from an indicator,score file, scored to tool scores and a total, and
shown as indicator-level everywhere, until question scores of the year win."""

import io
import json
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from prongsai.assessments.imports import ImportFailed
from prongsai.assessments.models import Assessment, IndicatorScore, QuestionScore
from prongsai.assessments.scoring_indicators import compute_indicator_scores, report_for
from prongsai.assessments.selectors import assessment_report
from prongsai.assessments.services import results_import
from prongsai.framework.library import load_shipped_frameworks
from prongsai.framework.models import Framework
from prongsai.framework.services import framework_spec

# IIT 90, EIT 80, OIT (95 + 85) / 2 = 90: total 0.3·90 + 0.3·80 + 0.4·90 = 87.00 (A).
TEN = "indicator,score\n1,90\n2,90\n3,90\n4,90\n5,90\n6,80\n7,80\n8,80\n9,95\n10,85\n"


SPECS = {spec.year: spec for spec in load_shipped_frameworks()}


def spec_2566():  # type: ignore[no-untyped-def]
    return SPECS[2566]


def run(agency, data: bytes, year: int = 2566):  # type: ignore[no-untyped-def]
    return results_import(agency=agency, year=year, data=data, actor=None)


def test_tool_scores_and_the_total_come_from_the_indicators_by_the_frameworks_weights():
    spec = spec_2566()
    scores = {n: Decimal(v) for n, v in enumerate([90] * 5 + [80] * 3 + [95, 85], start=1)}
    report = compute_indicator_scores(spec, scores)
    assert (report.iit, report.eit, report.oit) == (
        Decimal("90.00"),
        Decimal("80.00"),
        Decimal("90.00"),
    )
    assert report.total == Decimal("87.00")
    assert report.grade == "A"
    assert report.level == "indicator"
    assert report.questions == {}


def test_a_missing_indicator_leaves_its_tool_and_the_total_unknown_and_says_which():
    spec = spec_2566()
    scores = {n: Decimal(90) for n in range(1, 10)}  # no indicator 10
    report = compute_indicator_scores(spec, scores)
    assert report.iit == Decimal("90.00") and report.oit is None and report.total is None
    assert [r["message"] for r in report.reasons()] == ["OIT: ยังไม่มีคะแนนตัวชี้วัดที่ 10"]


def test_question_scores_win_over_indicator_scores():
    spec = spec_2566()
    report = report_for(spec, {"I1": Decimal(50)}, {n: Decimal(90) for n in range(1, 11)})
    assert getattr(report, "level", "question") == "question"
    assert report.total is None


def test_an_indicator_file_with_thai_digits_is_imported_and_scored(agency):
    data = TEN.replace("1,90", "๑,๙๐.๐๐").encode()
    assessment, summary = run(agency, data)
    assert summary["created"] == 10 and summary["indicators"] == 10
    assert QuestionScore.objects.count() == 0
    report = assessment_report(assessment)
    assert report.total == Decimal("87.00")
    assert report.as_json()["level"] == "indicator"


def test_a_bad_indicator_file_names_row_and_column_and_writes_nothing(agency):
    data = "indicator,score\n1,90\n11,80\n1,70\n2,abc\n3,101\n4,\nสิบ,50\n".encode()
    with pytest.raises(ImportFailed) as caught:
        run(agency, data)
    assert caught.value.errors == [
        "แถว 3 คอลัมน์ indicator: '11' ไม่ใช่หมายเลขตัวชี้วัด 1 ถึง 10",
        "แถว 4 คอลัมน์ indicator: ตัวชี้วัดที่ 1 ซ้ำกับแถว 2",
        "แถว 5 คอลัมน์ score: 'abc' ไม่ใช่ตัวเลข",
        "แถว 6 คอลัมน์ score: 101 อยู่นอกช่วง 0 ถึง 100",
        "แถว 7 คอลัมน์ score: ไม่มีคะแนน",
        "แถว 8 คอลัมน์ indicator: 'สิบ' ไม่ใช่หมายเลขตัวชี้วัด 1 ถึง 10",
    ]
    assert IndicatorScore.objects.count() == 0
    assert Assessment.objects.count() == 0


def test_importing_again_updates_the_changed_indicators_only(agency):
    run(agency, TEN.encode())
    _, summary = run(agency, b"indicator,score\n1,90\n2,70.5\n")
    assert (summary["created"], summary["updated"]) == (0, 1)
    assert IndicatorScore.objects.get(indicator=2).score == Decimal("70.50")


def test_later_question_scores_of_the_same_year_win_and_the_import_says_so(agency):
    assessment, _ = run(agency, TEN.encode())
    run(agency, b"code,score\nI1,50\n")
    assert assessment_report(assessment).indicators[1].score == Decimal("50.00")
    _, summary = run(agency, TEN.encode())
    assert summary["superseded"] == 1


def test_the_command_reads_an_indicator_file_and_scores_json_says_indicator_level(agency, tmp_path):
    path = tmp_path / "summary.csv"
    path.write_text(TEN, encoding="utf-8")
    out = io.StringIO()
    call_command("import_results", "--agency", "tha-talad", "--year", "2566", str(path), stdout=out)
    assert "ใหม่ 10 ตัวชี้วัด" in out.getvalue()
    out = io.StringIO()
    call_command("scores", "--agency", "tha-talad", "--year", "2566", "--json", stdout=out)
    data = json.loads(out.getvalue())
    assert data["level"] == "indicator"
    assert data["total"] == 87.0 and data["grade"] == "A"
    out = io.StringIO()
    call_command("scores", "--agency", "tha-talad", "--year", "2566", stdout=out)
    assert "ผลรายข้อไม่มี — นำเข้าผลรายตัวชี้วัดเท่านั้น" in out.getvalue()
    assert "87.00" in out.getvalue()


def test_the_command_refuses_a_bad_indicator_file_with_the_row(agency, tmp_path):
    path = tmp_path / "summary.csv"
    path.write_text("indicator,score\n0,90\n", encoding="utf-8")
    with pytest.raises(CommandError, match="แถว 2 คอลัมน์ indicator"):
        call_command("import_results", "--agency", "tha-talad", "--year", "2566", str(path))
    assert IndicatorScore.objects.count() == 0


def test_the_admin_imports_indicator_scores_on_the_page_and_sees_them_marked(agency_admin, login):
    client = login(agency_admin)
    response = client.post(
        reverse("assessments:import"),
        {"year": 2566, "kind": "official", "file": SimpleUploadedFile("s.csv", TEN.encode())},
    )
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "ผลรายข้อไม่มี — นำเข้าผลรายตัวชี้วัดเท่านั้น" in page
    assert "87.00" in page
    assert "ยังไม่มีคะแนน" not in page  # no empty per-question tables
    dashboard = client.get(reverse("assessments:dashboard")).content.decode()
    assert "ผลรายข้อไม่มี — นำเข้าผลรายตัวชี้วัดเท่านั้น" in dashboard
    assert "ดูคะแนนรายข้อ" not in dashboard


def test_the_page_says_question_scores_are_used_when_both_exist(agency, agency_admin, login):
    run(agency, TEN.encode())
    run(agency, b"code,score\nI1,50\n")
    page = (
        login(agency_admin)
        .get(reverse("assessments:detail", args=[2566, "official"]))
        .content.decode()
    )
    assert "ใช้คะแนนรายข้อแทน" in page
    assert "ผลรายข้อไม่มี" not in page


def test_the_network_summary_of_an_indicator_only_agency_has_its_total(agency):
    from prongsai.network.models import AssessmentSummary
    from prongsai.network.services import summaries_refresh

    assessment, _ = run(agency, TEN.encode())
    summaries_refresh(Assessment.objects.all())
    summary = AssessmentSummary.objects.get(assessment=assessment)
    assert summary.total == Decimal("87.00") and summary.complete
    assert summary.indicators["9"] == 95.0


def test_the_year_2567_with_an_incomplete_oit_still_has_a_total_from_indicators(agency):
    if not Framework.objects.filter(year=2567).exists():
        pytest.skip("no 2567 framework shipped")
    assessment, _ = run(agency, TEN.encode(), year=2567)
    report = assessment_report(assessment)
    assert framework_spec(assessment.framework).year == 2567
    assert report.total is not None


def test_the_o42_has_the_indicator_table_and_says_the_question_analysis_is_unavailable(agency):
    from prongsai.documents.builder import build_report

    run(agency, TEN.encode())
    doc = build_report(agency, plan_year=2567, kind="measures", assessment_year=2566)
    rows = {row.number: row for row in doc.indicator_rows}
    assert rows[9].score == Decimal("95.00") and rows[6].score == Decimal("80.00")
    assert rows[6].fixes == ("ผลรายข้อไม่มี — นำเข้าผลรายตัวชี้วัดเท่านั้น",)
    text = " ".join(p for section in doc.analysis for p in section.paragraphs)
    assert "ได้คะแนนรวม 87.00 คะแนน อยู่ในระดับ A" in text
    assert "ตัวชี้วัดที่ 6" in text  # below the mark of 85, named
    assert "ผลรายข้อไม่มี — นำเข้าผลรายตัวชี้วัดเท่านั้น" in text
    assert "ไม่มีข้อคำถามที่ได้คะแนนต่ำกว่า" not in text


def test_the_weakness_analysis_page_says_question_results_are_missing(agency, viewer, login):
    run(agency, TEN.encode())
    page = (
        login(viewer).get(reverse("improvement:analysis", args=[2566, "official"])).content.decode()
    )
    assert "ผลรายข้อไม่มี — นำเข้าผลรายตัวชี้วัดเท่านั้น" in page


def test_the_results_list_marks_an_indicator_level_year(agency, viewer, login):
    run(agency, TEN.encode())
    page = login(viewer).get(reverse("assessments:results")).content.decode()
    assert "รายตัวชี้วัด" in page and "87.00" in page


def test_scores_json_of_question_scores_says_question_level(agency):
    run(agency, b"code,score\nI7,79.27\n")
    out = io.StringIO()
    call_command("scores", "--agency", "tha-talad", "--year", "2566", "--json", stdout=out)
    assert json.loads(out.getvalue())["level"] == "question"


def test_an_excel_sheet_of_indicator_scores_is_read(agency):
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Indicator", "Score"])
    for number in range(1, 11):
        sheet.append([number, 88.5])
    sheet.append(["๑๐", 90])  # a repeated indicator in Thai digits
    out = io.BytesIO()
    book.save(out)
    with pytest.raises(ImportFailed) as caught:
        run(agency, out.getvalue())
    assert caught.value.errors == ["แถว 12 คอลัมน์ indicator: ตัวชี้วัดที่ 10 ซ้ำกับแถว 11"]


def test_a_bad_indicator_file_on_the_page_shows_the_error_and_writes_nothing(agency_admin, login):
    response = login(agency_admin).post(
        reverse("assessments:import"),
        {
            "year": 2566,
            "kind": "official",
            "file": SimpleUploadedFile("s.csv", b"indicator,score\n3,85.555\n"),
        },
    )
    assert response.status_code == 400
    assert "แถว 2 คอลัมน์ score: 85.555 มีทศนิยมเกิน 2 ตำแหน่ง" in response.content.decode()
    assert IndicatorScore.objects.count() == 0 and Assessment.objects.count() == 0
