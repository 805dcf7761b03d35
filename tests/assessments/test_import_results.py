"""Importing per-question results: all or nothing, with errors a person can act on."""

import io
import json
from decimal import Decimal

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from prongsai.assessments.imports import ImportFailed
from prongsai.assessments.models import Assessment, QuestionScore
from prongsai.assessments.services import results_import
from prongsai.framework.models import Question


def xlsx(rows, sheets=("ผลคะแนน",)):  # type: ignore[no-untyped-def]
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name in sheets:
        sheet = book.create_sheet(name)
        if name == sheets[-1]:
            for row in rows:
                sheet.append(row)
        else:
            sheet.append(["หมายเหตุ", "ไม่มีข้อมูล"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def run(agency, data: bytes, year: int = 2566):  # type: ignore[no-untyped-def]
    return results_import(agency=agency, year=year, data=data, actor=None)


def errors_of(agency, data: bytes) -> list[str]:  # type: ignore[no-untyped-def]
    with pytest.raises(ImportFailed) as caught:
        run(agency, data)
    assert QuestionScore.objects.count() == 0
    assert Assessment.objects.count() == 0
    return caught.value.errors


def test_a_csv_with_codes_in_any_case_and_thai_digits_is_imported(agency):
    data = "code,score\ni7,79.27\nE2,๘๒.๕๐\nO11,100\n".encode()
    assessment, summary = run(agency, data)
    scores = dict(assessment.scores.values_list("question__code", "score"))
    assert scores == {"I7": Decimal("79.27"), "E2": Decimal("82.50"), "o11": Decimal("100.00")}
    assert summary["created"] == 3


def test_an_xlsx_on_its_second_sheet_is_found(agency):
    assessment, _ = run(agency, xlsx([["code", "score"], ["I8", 53.56]], sheets=("สรุป", "ผลคะแนน")))
    assert assessment.scores.get().score == Decimal("53.56")


def test_a_windows_thai_csv_is_read(agency):
    data = "code,score,question\nI7,79.27,ท่านทราบข้อมูล\n".encode("cp874")
    assessment, _ = run(agency, data)
    assert assessment.scores.count() == 1


def test_importing_again_updates_scores_instead_of_duplicating_them(agency):
    run(agency, b"code,score\nI7,70\n")
    _, summary = run(agency, b"code,score\nI7,79.27\n")
    assert summary == {"created": 0, "updated": 1, "filled_texts": [], "agency_texts": []}
    assert QuestionScore.objects.get().score == Decimal("79.27")


def test_question_texts_in_the_file_are_kept_for_the_agency_where_the_framework_lacks_them(agency):
    # Never written into the shared framework: every agency reads it
    # (test_import_texts_stay_with_the_agency.py).
    data = "code,score,question\nI1,90,ข้อความคำถาม I1 จากไฟล์\nI7,79.27,ข้อความอื่น\n".encode()
    _, summary = run(agency, data)
    assert summary["agency_texts"] == ["I1"] and summary["filled_texts"] == []
    assert dict(agency.question_texts.values_list("question__code", "text")) == {
        "I1": "ข้อความคำถาม I1 จากไฟล์"
    }
    texts = dict(
        Question.objects.filter(framework__year=2566, code__in=["I1", "I7"]).values_list(
            "code", "text"
        )
    )
    assert texts["I1"] == ""
    assert texts["I7"].startswith("ท่านทราบข้อมูลเกี่ยวกับงบประมาณ")


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"code,score\nI7,79.27\nI99,50\n", "แถว 3 คอลัมน์ code: ไม่มีข้อ I99 ในกรอบการประเมินปี 2566"),
        (b"code,score\nX7,50\n", "แถว 2 คอลัมน์ code: 'X7' ไม่ใช่รหัสข้อ"),
        (b"code,score\nI7,abc\n", "แถว 2 คอลัมน์ score: 'abc' ไม่ใช่ตัวเลข"),
        (b"code,score\nI7,\n", "แถว 2 คอลัมน์ score: ไม่มีคะแนน"),
        (b"code,score\nI7,100.5\n", "แถว 2 คอลัมน์ score: 100.5 อยู่นอกช่วง 0 ถึง 100"),
        (b"code,score\nI7,-1\n", "อยู่นอกช่วง 0 ถึง 100"),
        (b"code,score\nI7,79.275\n", "มีทศนิยมเกิน 2 ตำแหน่ง"),
        (b"code,score\nI7,70\ni7,80\n", "แถว 3 คอลัมน์ code: ข้อ I7 ซ้ำกับแถว 2"),
        (b"code,score\no11,50\n", "ข้อ o11 เป็นข้อ OIT ได้เพียง 100 หรือ 0"),
        (b"code,points\nI7,70\n", "แถวแรกต้องเป็นหัวตาราง code,score"),
        (b"", "ไฟล์ว่างเปล่า"),
        (b"\n\n", "ไฟล์ว่างเปล่า"),
        (b"code,score\n", "ไฟล์มีแต่หัวตาราง ไม่มีข้อมูล"),
        (b"\x81\x8d\xff\xfe code,score", "อ่านไฟล์ไม่ได้"),
        (b"PK\x03\x04 not really a workbook", "อ่านไฟล์ Excel ไม่ได้"),
    ],
)
def test_a_bad_file_is_refused_with_a_clear_error_and_nothing_is_written(agency, content, expected):
    errors = errors_of(agency, content)
    assert any(expected in e for e in errors), errors


def test_a_workbook_without_the_header_names_its_sheets(agency):
    errors = errors_of(agency, xlsx([["ข้อ", "คะแนน"], ["I7", 70]], sheets=("Sheet1", "สรุป")))
    assert "ไม่พบแผ่นงานที่มีหัวตาราง code,score (แผ่นงานในไฟล์: Sheet1, สรุป)" in errors[0]


def test_one_bad_row_among_good_ones_rejects_the_whole_file(agency):
    errors = errors_of(agency, b"code,score\nI7,79.27\nI8,53.56\nI9,x\nE2,82.5\n")
    assert errors == ["แถว 4 คอลัมน์ score: 'x' ไม่ใช่ตัวเลข"]


def test_every_error_is_listed_not_only_the_first(agency):
    errors = errors_of(agency, b"code,score\nI99,1\nI7,x\nI8,200\n")
    assert len(errors) == 3


def test_a_huge_file_is_refused_before_it_is_read(agency, settings):
    settings.IMPORT_MAX_BYTES = 1000
    errors = errors_of(agency, b"code,score\n" + b"I7,79.27\n" * 200)
    assert "ไฟล์ใหญ่เกินไป" in errors[0]


def test_a_year_without_a_framework_is_refused(agency):
    with pytest.raises(ImportFailed, match="ยังไม่มีกรอบการประเมินปี 2590"):
        run(agency, b"code,score\nI7,70\n", year=2590)


def test_the_command_imports_and_reports_counts(agency, tmp_path):
    path = tmp_path / "results.csv"
    path.write_text("code,score\nI7,79.27\nI8,53.56\n")
    out = io.StringIO()
    call_command("import_results", "--agency", "tha-talad", "--year", "2566", str(path), stdout=out)
    assert "ใหม่ 2 ข้อ" in out.getvalue()


def test_the_command_fails_with_the_errors_and_leaves_the_database_unchanged(agency, tmp_path):
    path = tmp_path / "results.csv"
    path.write_text("code,score\nI7,79.27\nI99,1\n")
    with pytest.raises(CommandError, match="แถว 3 คอลัมน์ code"):
        call_command("import_results", "--agency", "tha-talad", "--year", "2566", str(path))
    assert QuestionScore.objects.count() == 0


def test_scores_json_has_the_documented_keys(demo):
    out = io.StringIO()
    call_command("scores", "--agency", "tha-talad", "--year", "2566", "--json", stdout=out)
    data = json.loads(out.getvalue())
    assert {
        "iit",
        "eit",
        "oit",
        "total",
        "grade",
        "rating",
        "indicators",
        "sub_indicators",
        "questions",
    } <= set(data)
    assert data["questions"]["I7"] == 79.27
    assert data["indicators"]["9"] == 100.0
    assert "9.1" in data["sub_indicators"]
    assert data["rating"] in {"ผ่านดีเยี่ยม", "ผ่านดี", "ผ่าน", "ต้องปรับปรุง", "ต้องปรับปรุงอย่างเร่งด่วน"}


def test_scores_text_output_reports_missing_questions(agency, tmp_path):
    path = tmp_path / "results.csv"
    path.write_text("code,score\nI7,79.27\n")
    call_command(
        "import_results", "--agency", "tha-talad", "--year", "2566", str(path), stdout=io.StringIO()
    )
    out = io.StringIO()
    call_command("scores", "--agency", "tha-talad", "--year", "2566", stdout=out)
    assert "ยังไม่มีคะแนน 87 ข้อ" in out.getvalue()
