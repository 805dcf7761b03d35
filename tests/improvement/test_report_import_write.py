"""import-report without --dry-run writes the drafts: all of them or nothing."""

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from prongsai.history.models import ChangeRecord
from prongsai.improvement.demo import SEED_MEASURES
from prongsai.improvement.models import Measure, Result, Step, Weakness
from tests.improvement.test_report_import import FROM_SCRATCH, SEED, bare, kinds

pytestmark = pytest.mark.django_db


def _import(agency, path: Path, year: int = 2566) -> str:  # type: ignore[no-untyped-def]
    out = io.StringIO()
    call_command("import_report", path, agency=agency.slug, year=year, stdout=out)
    return out.getvalue()


def assert_agency_has_the_demos_measures(agency) -> None:  # type: ignore[no-untyped-def]
    measures = list(Measure.objects.filter(agency=agency).order_by("order"))
    assert [m.name for m in measures] == [m.name for m in SEED_MEASURES]
    for got, want in zip(measures, SEED_MEASURES, strict=True):
        assert sorted(w.question.code for w in got.weaknesses.all()) == sorted(want.codes)
        assert [bare(s.text) for s in got.steps.order_by("order")] == [bare(s) for s in want.steps]
        assert {d.kind for d in got.departments.all()} == kinds(want.departments)
        assert [bare(r.text) for r in got.results.order_by("pk")] == [
            bare(r.text) for r in want.results
        ]
        assert got.status == "planned" and got.plan_year == 2567


@pytest.mark.skipif(not SEED.exists(), reason="the shared seed report is not here")
def test_importing_the_seed_into_an_empty_agency_gives_the_demos_cycle(agency):
    out = _import(agency, SEED)
    assert "บันทึกร่างแล้ว" in out
    assert Weakness.objects.filter(assessment__agency=agency, assessment__year=2566).count() == 10
    i7 = Weakness.objects.get(assessment__agency=agency, question__code="I7")
    assert str(i7.score) == "79.27" and i7.diagnosis.startswith("แสดงให้เห็นว่า")
    assert_agency_has_the_demos_measures(agency)
    # Every state change is in the history, as if made on the pages.
    actions = set(ChangeRecord.objects.filter(agency=agency).values_list("action", flat=True))
    assert {"weakness_imported", "measure_created", "result_added"} <= actions


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_our_own_documents_import_into_an_empty_agency_as_the_demo(demo, tmp_path, fmt):
    from prongsai.demo import THA_TALAD_DEPARTMENTS
    from tests.conftest import _agency

    path = tmp_path / f"report.{fmt}"
    call_command(
        "report", agency="tha-talad", year=2567, kind="results", format=fmt,
        output=path, stdout=io.StringIO(),
    )  # fmt: skip
    empty = _agency("copy", "อบต.สำเนา", THA_TALAD_DEPARTMENTS)
    _import(empty, path)
    assert_agency_has_the_demos_measures(empty)
    # Our documents print each result's date: it comes back.
    ours = Result.objects.filter(measure__agency=demo["agency"], measure__plan_year=2567)
    back = Result.objects.filter(measure__agency=empty)
    assert {r.date for r in back} <= {r.date for r in ours}


def test_departments_not_in_the_agency_are_named_not_created(agency, tmp_path):
    path = tmp_path / "r.txt"
    path.write_text(FROM_SCRATCH, encoding="utf-8")
    before = agency.departments.count()
    out = _import(agency, path)
    assert "กองสวัสดิการสังคม" in out
    assert agency.departments.count() == before


def test_a_refused_measure_writes_nothing_at_all(agency, tmp_path):
    path = tmp_path / "r.txt"
    path.write_text(FROM_SCRATCH.replace("ข้อ E5 ", "ข้อ E99 "), encoding="utf-8")
    with pytest.raises(CommandError, match="E99"):
        _import(agency, path)
    assert not Weakness.objects.exists()
    assert not Measure.objects.exists() and not Step.objects.exists()


def test_importing_the_same_report_twice_does_not_double_the_plan(agency, tmp_path):
    path = tmp_path / "r.txt"
    path.write_text(FROM_SCRATCH, encoding="utf-8")
    _import(agency, path)
    out = _import(agency, path)
    assert "ข้าม" in out
    assert Measure.objects.filter(agency=agency).count() == 2
    assert Weakness.objects.filter(assessment__agency=agency).count() == 3
