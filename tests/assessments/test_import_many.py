"""Results of many agencies in one file (agency,code,score): all or nothing."""

import io
import json
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from prongsai.accounts.models import StaffAction
from prongsai.agencies.models import Agency
from prongsai.assessments.models import Assessment, QuestionScore
from prongsai.framework.models import Question
from prongsai.history.chain import ROW_FIELDS, verify
from prongsai.history.models import ChangeRecord
from prongsai.network.models import AssessmentSummary
from tests.assessments.many import errors_of, run

GOOD = "agency,code,score\ntha-talad,I7,79.27\ndemo-other,I7,60\ndemo-other,E2,๘๒.๕๐\n6730101,o11,100\n"


def stored() -> dict[tuple[str, str], Decimal]:
    return {
        (slug, code): score
        for slug, code, score in QuestionScore.objects.values_list(
            "assessment__agency__slug", "question__code", "score"
        )
    }


def test_three_agencies_are_imported_from_one_file(three):
    result = run(GOOD)
    assert stored() == {
        ("tha-talad", "I7"): Decimal("79.27"),
        ("demo-other", "I7"): Decimal("60.00"),
        ("demo-other", "E2"): Decimal("82.50"),
        ("ban-mai", "o11"): Decimal("100.00"),
    }
    assert [(s.agency.slug, s.imported, s.created) for s in result.agencies] == [
        ("tha-talad", 1, 1),
        ("demo-other", 2, 2),
        ("ban-mai", 1, 1),
    ]


def test_an_agency_is_found_by_its_official_code_or_its_slug(three):
    run("agency,code,score\n6730101,I7,50\nban-mai,E2,60\n")
    assert stored() == {("ban-mai", "I7"): Decimal(50), ("ban-mai", "E2"): Decimal(60)}


def test_one_bad_row_leaves_every_agency_untouched(three):
    run("agency,code,score\ntha-talad,I7,10\n")
    errors = errors_of(GOOD + "demo-other,I8,150\n")
    assert errors == ["แถว 6 คอลัมน์ score: 150 อยู่นอกช่วง 0 ถึง 100"]
    assert stored() == {("tha-talad", "I7"): Decimal(10)}
    assert Assessment.objects.count() == 1


def test_each_error_names_its_row_and_column(three):
    errors = errors_of(
        "agency,code,score\nnowhere,I7,1\ntha-talad,Z9,1\ntha-talad,I7,1\ntha-talad,i7,2\n"
        "demo-other,I7,1\n,I7,1\n"
    )
    assert errors == [
        "แถว 2 คอลัมน์ agency: ไม่พบหน่วยงาน 'nowhere' (ใช้ slug หรือรหัสหน่วยงาน)",
        "แถว 3 คอลัมน์ code: 'Z9' ไม่ใช่รหัสข้อ (เช่น I7, E2, o11)",
        "แถว 5 คอลัมน์ code: ข้อ I7 ซ้ำกับแถว 4",
        "แถว 7 คอลัมน์ agency: ไม่ได้ระบุหน่วยงาน",
    ]  # the same code for two agencies is no error


def test_a_code_not_in_the_years_framework_is_refused(three):
    errors = errors_of("agency,code,score\ntha-talad,I99,1\n")
    assert errors == ["แถว 2 คอลัมน์ code: ไม่มีข้อ I99 ในกรอบการประเมินปี 2566"]


def test_errors_stop_at_the_cap_like_every_import(three):
    bad = "".join(f"nowhere,I7,{n}\n" for n in range(60))
    errors = errors_of("agency,code,score\n" + bad + "tha-talad,I7,1\n" + bad)
    assert len(errors) == 61 and errors[-1] == "…หยุดตรวจหลังพบ 50 ข้อผิดพลาด"


def test_a_dry_run_writes_nothing_but_tells_what_would_change(three):
    run("agency,code,score\ntha-talad,I7,10\n")
    before = ChangeRecord.objects.count()
    result = run("agency,code,score\ntha-talad,I7,20\ntha-talad,I8,30\n", dry_run=True)
    assert stored() == {("tha-talad", "I7"): Decimal(10)}
    assert ChangeRecord.objects.count() == before
    assert StaffAction.objects.count() == 1  # the first, real import only
    (summary,) = result.agencies
    assert (summary.imported, summary.created, summary.updated) == (2, 1, 1)


def test_the_summary_gives_total_and_grade_when_complete_and_what_is_missing_otherwise(three):
    codes = Question.objects.filter(framework__year=2566).values_list("code", flat=True)
    full = "".join(f"tha-talad,{c},100\n" for c in codes)
    result = run("agency,code,score\n" + full + "demo-other,I7,50\n")
    complete, partial = result.agencies
    assert complete.total == Decimal(100) and complete.grade and complete.missing == []
    assert partial.total is None and partial.grade is None
    assert "I8" in partial.missing and partial.reasons


def test_network_summaries_history_and_staff_log_follow_the_import(three):
    run(GOOD)
    assert AssessmentSummary.objects.count() == 3
    assert ChangeRecord.objects.filter(action="scores_imported").count() == 3
    for agency in three:
        rows = ChangeRecord.objects.filter(agency=agency).order_by("id").values(*ROW_FIELDS)
        assert verify(rows).ok
    (action,) = StaffAction.objects.all()
    assert action.action == "results_import" and action.actor_name == "คำสั่งบนเซิร์ฟเวอร์"
    assert "3 หน่วยงาน" in action.summary


def test_a_second_import_updates_the_stored_network_total(three):
    run("agency,code,score\ntha-talad,I7,10\n")
    first = AssessmentSummary.objects.get().computed_at
    run("agency,code,score\ntha-talad,I7,20\n")
    assert AssessmentSummary.objects.get().computed_at > first
    run("agency,code,score\ntha-talad,I7,30\ndemo-other,I7,30\n")
    for agency in three:  # each record chained onto that agency's newest
        rows = ChangeRecord.objects.filter(agency=agency).order_by("id").values(*ROW_FIELDS)
        assert verify(rows).ok


def test_queries_do_not_grow_with_the_number_of_agencies(frameworks):
    Agency.objects.bulk_create(
        Agency(slug=f"a{n}", code=f"{n:07d}", name=f"หน่วยงาน {n}", type="sao",
               province="นครปฐม", district="สามพราน")
        for n in range(101)
    )  # fmt: skip
    with CaptureQueriesContext(connection) as one:
        run("agency,code,score\na0,I7,50\na0,E2,60\n")
    rows = "".join(f"{n:07d},I7,50\na{n},E2,60\n" for n in range(1, 101))
    with CaptureQueriesContext(connection) as many:
        run("agency,code,score\n" + rows)
    assert QuestionScore.objects.count() == 202
    assert len(many) <= 2 * len(one), (len(one), len(many))


def test_the_command_without_agency_prints_a_line_per_agency(three, tmp_path):
    path = tmp_path / "results.csv"
    path.write_text(GOOD, encoding="utf-8")
    out = io.StringIO()
    call_command("import_results", "--year", "2566", str(path), "--dry-run", stdout=out)
    text = out.getvalue()
    assert "ไม่ได้บันทึก" in text and "ban-mai เทศบาลตำบลบ้านใหม่: 1 ข้อ" in text
    assert QuestionScore.objects.count() == 0
    out = io.StringIO()
    call_command("import_results", "--year", "2566", str(path), "--json", stdout=out)
    data = json.loads(out.getvalue())
    assert [a["agency"] for a in data["agencies"]] == ["tha-talad", "demo-other", "ban-mai"]
    assert data["dry_run"] is False and QuestionScore.objects.count() == 4


def test_the_command_refuses_a_bad_file_naming_it(three, tmp_path):
    path = tmp_path / "results.csv"
    path.write_text("agency,code,score\nnowhere,I7,1\n", encoding="utf-8")
    with pytest.raises(CommandError, match=r"results\.csv(.|\n)*nowhere"):
        call_command("import_results", "--year", "2566", str(path))
