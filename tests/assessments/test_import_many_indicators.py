"""Indicator-level rows in the many-agency file (agency,indicator,score): the
NACC's summary table of a district's agencies, scored from the ten indicators,
beside agencies with per-question rows; one agency never mixes the two."""

import io
import json
from decimal import Decimal

from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from prongsai.accounts.models import StaffAction
from prongsai.agencies.models import Agency
from prongsai.assessments.models import IndicatorScore, QuestionScore
from prongsai.history.chain import ROW_FIELDS, verify
from prongsai.history.models import ChangeRecord
from prongsai.network.models import AssessmentSummary
from tests.assessments.many import errors_of, run

# IIT 90, EIT 80, OIT (95 + 85) / 2 = 90: total 0.3·90 + 0.3·80 + 0.4·90 = 87.00 (A).
VALUES = [90, 90, 90, 90, 90, 80, 80, 80, 95, 85]


def ten(agency: str, values: list[int] = VALUES) -> str:
    return "".join(f"{agency},{n},{v}\n" for n, v in enumerate(values, start=1))


def indicators() -> dict[tuple[str, int], Decimal]:
    return {
        (slug, n): score
        for slug, n, score in IndicatorScore.objects.values_list(
            "assessment__agency__slug", "indicator", "score"
        )
    }


def test_an_indicator_file_scores_each_agency_from_its_ten_indicators(three):
    result = run("agency,indicator,score\n" + ten("tha-talad") + ten("6730101", [70] * 10))
    assert len(indicators()) == 20 and not QuestionScore.objects.exists()
    tha_talad, ban_mai = result.agencies
    assert (tha_talad.level, tha_talad.imported, tha_talad.created) == ("indicator", 10, 10)
    assert (tha_talad.total, tha_talad.grade) == (Decimal("87.00"), "A")
    assert ban_mai.agency.slug == "ban-mai" and ban_mai.total == Decimal("70.00")


def test_thai_digits_are_read_in_the_indicator_and_score_columns(three):
    run("agency,indicator,score\ntha-talad,๑๐,๘๕.๕๐\n")
    assert indicators() == {("tha-talad", 10): Decimal("85.50")}


def test_a_missing_indicator_leaves_the_total_unknown_and_says_which(three):
    (summary,) = run(
        "agency,indicator,score\n" + ten("tha-talad")[: -len("tha-talad,10,85\n")]
    ).agencies
    assert summary.total is None
    assert summary.reasons == ["OIT: ยังไม่มีคะแนนตัวชี้วัดที่ 10"]


def test_one_file_may_hold_question_rows_for_one_agency_and_indicator_rows_for_another(three):
    rows = "agency,code,indicator,score\ntha-talad,I7,,79.27\n" + "".join(
        f"demo-other,,{n},{v}\n" for n, v in enumerate(VALUES, start=1)
    )
    result = run(rows)
    assert QuestionScore.objects.get().score == Decimal("79.27")
    assert set(indicators()) == {("demo-other", n) for n in range(1, 11)}
    assert [(s.agency.slug, s.level) for s in result.agencies] == [
        ("tha-talad", "question"),
        ("demo-other", "indicator"),
    ]


def test_one_agency_mixing_question_and_indicator_rows_is_refused_naming_the_rows(three):
    errors = errors_of(
        "agency,code,indicator,score\ntha-talad,I7,,50\ndemo-other,,1,60\ntha-talad,,1,70\n"
    )
    assert errors == [
        "แถว 4: องค์การบริหารส่วนตำบลท่าตลาด มีคะแนนรายข้อและคะแนนรายตัวชี้วัดปนกันในไฟล์เดียว "
        "(แถว 2 เป็นคะแนนรายข้อ) หน่วยงานหนึ่งใช้ได้อย่างใดอย่างหนึ่ง"
    ]
    assert not QuestionScore.objects.exists() and not IndicatorScore.objects.exists()


def test_the_same_agency_by_code_and_by_slug_still_cannot_mix(three):
    errors = errors_of("agency,code,indicator,score\n6730101,,1,60\nban-mai,I7,,50\n")
    assert errors[0].startswith("แถว 3: เทศบาลตำบลบ้านใหม่ มีคะแนนรายข้อและคะแนนรายตัวชี้วัดปนกัน")
    assert "(แถว 2 เป็นคะแนนรายตัวชี้วัด)" in errors[0]


def test_a_row_with_both_or_neither_of_code_and_indicator_is_refused(three):
    errors = errors_of("agency,code,indicator,score\ntha-talad,I7,1,50\ndemo-other,,,50\n")
    assert errors == [
        "แถว 2: กรอกได้เพียงคอลัมน์ code หรือ indicator อย่างใดอย่างหนึ่ง ไม่ใช่ทั้งสอง",
        "แถว 3 คอลัมน์ code/indicator: ไม่ได้ระบุรหัสข้อหรือหมายเลขตัวชี้วัด",
    ]


def test_a_header_without_code_or_indicator_is_refused(three):
    assert errors_of("agency,score\ntha-talad,50\n") == [
        "หัวตารางต้องเป็น agency,code,score (คะแนนรายข้อ) หรือ agency,indicator,score (คะแนนรายตัวชี้วัด)"
    ]


def test_each_indicator_error_names_its_row_and_column(three):
    errors = errors_of(
        "agency,indicator,score\ntha-talad,11,50\ntha-talad,1,50\ntha-talad,1,60\n"
        "demo-other,1,150\ndemo-other,2,\ndemo-other,3,80.555\n"
    )
    assert errors == [
        "แถว 2 คอลัมน์ indicator: '11' ไม่ใช่หมายเลขตัวชี้วัด 1 ถึง 10",
        "แถว 4 คอลัมน์ indicator: ตัวชี้วัดที่ 1 ซ้ำกับแถว 3",
        "แถว 5 คอลัมน์ score: 150 อยู่นอกช่วง 0 ถึง 100",
        "แถว 6 คอลัมน์ score: ไม่มีคะแนน",
        "แถว 7 คอลัมน์ score: 80.555 มีทศนิยมเกิน 2 ตำแหน่ง",
    ]  # indicator 1 for two agencies is no error


def test_indicator_rows_for_an_agency_with_question_scores_are_kept_but_do_not_give_its_total(
    three,
):
    run("agency,code,score\ntha-talad,I7,10\n")
    (summary,) = run("agency,indicator,score\n" + ten("tha-talad")).agencies
    assert summary.superseded and summary.total is None  # the questions' (incomplete) total
    assert len(indicators()) == 10


def test_a_second_indicator_import_updates_and_the_dry_run_tells_the_same(three):
    run("agency,indicator,score\n" + ten("tha-talad"))
    before = ChangeRecord.objects.count()
    dry = run("agency,indicator,score\ntha-talad,1,50\ntha-talad,2,90\n", dry_run=True)
    assert (dry.agencies[0].created, dry.agencies[0].updated) == (0, 1)
    assert ChangeRecord.objects.count() == before and indicators()[("tha-talad", 1)] == 90
    real = run("agency,indicator,score\ntha-talad,1,50\ntha-talad,2,90\n")
    assert (real.agencies[0].created, real.agencies[0].updated) == (0, 1)
    assert indicators()[("tha-talad", 1)] == 50


def test_history_network_totals_and_staff_log_follow_an_indicator_import(three):
    rows = "agency,code,indicator,score\ntha-talad,I7,,79.27\n" + "".join(
        f"demo-other,,{n},{v}\n" for n, v in enumerate(VALUES, start=1)
    )
    run(rows, file_name="อำเภอสามพราน.xlsx")
    assert AssessmentSummary.objects.get(assessment__agency__slug="demo-other").total == Decimal(
        "87.00"
    )
    for agency in three[:2]:
        chain = ChangeRecord.objects.filter(agency=agency).order_by("id").values(*ROW_FIELDS)
        assert verify(chain).ok and chain.count() == 1
    summary = StaffAction.objects.get().summary
    assert "2 หน่วยงาน (1 ข้อ, 10 ตัวชี้วัด)" in summary and "อำเภอสามพราน.xlsx" in summary


def test_queries_do_not_grow_with_the_number_of_indicator_agencies(frameworks):
    Agency.objects.bulk_create(
        Agency(slug=f"a{n}", code=f"{n:07d}", name=f"หน่วยงาน {n}", type="sao",
               province="นครปฐม", district="สามพราน")
        for n in range(101)
    )  # fmt: skip
    with CaptureQueriesContext(connection) as one:
        run("agency,indicator,score\n" + ten("a0"))
    rows = "".join(ten(f"a{n}") for n in range(1, 101))
    with CaptureQueriesContext(connection) as many:
        run("agency,indicator,score\n" + rows)
    assert IndicatorScore.objects.count() == 1010
    assert len(many) <= 2 * len(one), (len(one), len(many))


def test_the_command_prints_indicator_lines_and_json_says_the_level(three, tmp_path):
    path = tmp_path / "summary.csv"
    path.write_text("agency,indicator,score\n" + ten("ban-mai"), encoding="utf-8")
    out = io.StringIO()
    call_command("import_results", "--year", "2566", str(path), "--dry-run", stdout=out)
    assert "ban-mai เทศบาลตำบลบ้านใหม่: 10 ตัวชี้วัด" in out.getvalue()
    assert "คะแนนรวม 87.00 ระดับ A" in out.getvalue()
    out = io.StringIO()
    call_command("import_results", "--year", "2566", str(path), "--json", stdout=out)
    (entry,) = json.loads(out.getvalue())["agencies"]
    assert (entry["level"], entry["total"], entry["superseded"]) == ("indicator", 87.0, False)
    assert IndicatorScore.objects.count() == 10
