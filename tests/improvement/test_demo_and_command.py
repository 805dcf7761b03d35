"""The demo agency shows the seed's cycle end to end; `prongsai analyze` prints it."""

from __future__ import annotations

import datetime as dt
import io
import json
from decimal import Decimal
from typing import Any

import pytest
from django.core.management import call_command

from prongsai.improvement.models import Evidence, Measure, Result, Weakness

pytestmark = pytest.mark.django_db

SEED = [
    # name, weaknesses, department kinds, number of steps, number of results
    ("เผยแพร่ข้อมูลเกี่ยวกับงบประมาณประจำปี", ["I7"], ["finance", "office"], 2, 1),
    (
        "การมีส่วนร่วมในกระบวนการงบประมาณ",
        ["I8", "I9"],
        ["education", "finance", "health", "office", "works"],
        3,
        2,
    ),
    ("มาตรการการบริหารทรัพยากรบุคคลขององค์การบริหารส่วนตำบลท่าตลาด", ["I14"], ["office"], 1, 1),
    ("มาตรการการบริหารทรัพยากรบุคคลขององค์การบริหารส่วนตำบลท่าตลาด", ["I27"], ["office"], 1, 1),
    ("ปรับปรุงการทำงาน", ["E2"], ["education", "finance", "health", "office", "works"], 5, 1),
    (
        "ปรับปรุงประสิทธิภาพการสื่อสาร",
        ["E7"],
        ["education", "finance", "health", "office", "works"],
        5,
        2,
    ),
    ("การปรับปรุงการทำงาน", ["E13"], ["education", "finance", "health", "office", "works"], 4, 2),
    ("ปรับปรุงระบบการทำงาน", ["E14"], ["education", "finance", "health", "office", "works"], 1, 1),
    ("ปรับปรุงระบบการทำงาน", ["E15"], ["education", "finance", "health", "office", "works"], 1, 1),
]


def seed_measures(agency: Any) -> list[Measure]:
    return list(
        agency.measures.filter(plan_year=2567).prefetch_related(
            "weaknesses__question", "departments"
        )
    )


def test_the_demo_has_the_seeds_ten_weaknesses_with_their_diagnoses_and_references(
    demo: dict[str, Any],
) -> None:
    weaknesses = Weakness.objects.filter(assessment__agency=demo["agency"]).select_related(
        "question"
    )
    assert [w.question.code for w in weaknesses] == [
        "I7",
        "I8",
        "I9",
        "I14",
        "I27",
        "E2",
        "E7",
        "E13",
        "E14",
        "E15",
    ]
    by_code = {w.question.code: w for w in weaknesses}
    assert by_code["I8"].score == Decimal("53.56")
    assert by_code["I27"].references == ["o39", "o40"]
    assert by_code["E2"].references == ["o18", "o14", "o15"]
    assert by_code["E14"].diagnosis.startswith("จากผลการประเมินด้านการปรับปรุงระบบการทำงาน ในข้อ E14")


def test_the_demo_has_the_seeds_measures_steps_departments_and_results(
    demo: dict[str, Any],
) -> None:
    measures = seed_measures(demo["agency"])
    got = [
        (
            m.name,
            [w.question.code for w in m.weaknesses.all()],
            sorted(d.kind for d in m.departments.all()),
            m.steps.count(),
            m.results.count(),
        )
        for m in measures
    ]
    assert got == SEED
    assert all(m.status == "done" and m.closed_at is None for m in measures)
    i7 = measures[0]
    assert i7.steps.first().text.startswith("เพิ่มช่องทางการเผยแพร่ข้อมูลเกี่ยวกับงบประมาณของหน่วยงาน")
    assert "\n" not in "".join(s.text for m in measures for s in m.steps.all())
    start, end = dt.date(2023, 10, 1), dt.date(2024, 9, 30)
    assert all(start <= r.date <= end for r in Result.objects.filter(measure__in=measures))


def test_the_demo_result_of_e14_carries_the_seeds_document_number(demo: dict[str, Any]) -> None:
    result = Result.objects.get(measure__weaknesses__question__code="E14", measure__plan_year=2567)
    assert (result.doc_number, result.doc_date) == ("๑๔๙/2566", dt.date(2023, 3, 3))


def test_the_demo_has_the_annex_evidence_and_a_placeholder_screenshot(demo: dict[str, Any]) -> None:
    evidence = Evidence.objects.filter(result__measure__agency=demo["agency"])
    screenshot = evidence.get(kind="screenshot")
    assert screenshot.caption == "มีการปรับปรุงข้อมูลพื้นฐานในเว็บไซต์ของหน่วยงานให้มีความครบถ้วน เป็นปัจจุบัน"
    assert screenshot.result.measure.name == "ปรับปรุงประสิทธิภาพการสื่อสาร"
    from PIL import Image

    with Image.open(screenshot.current.file.path) as image:
        assert image.size == (1200, 750)
    assert screenshot.current.thumbnail
    links = evidence.filter(kind="link")
    assert links.count() == 6
    assert all(e.current.link.startswith("https://") for e in links)


def test_the_demo_shows_one_overdue_and_one_in_progress_measure_marked_as_extra(
    demo: dict[str, Any],
) -> None:
    extras = demo["agency"].measures.exclude(plan_year=2567)
    assert sorted(m.status for m in extras) == ["in_progress", "in_progress"]
    assert [m.is_overdue for m in extras.order_by("id")] == [False, True]
    assert all("ตัวอย่างเพิ่มเติม" in m.name for m in extras)


def test_loading_the_demo_twice_gives_the_same_data(demo: dict[str, Any]) -> None:
    from prongsai.demo import load_demo

    def snapshot() -> list[Any]:
        return [
            list(Weakness.objects.values_list("id", "score", "status")),
            list(Measure.objects.values_list("id", "name", "status", "progress")),
            list(Result.objects.values_list("id", "text", "date")),
            list(Evidence.objects.values_list("id", "caption")),
        ]

    before = snapshot()
    load_demo(io.StringIO())
    assert snapshot() == before


def test_analyze_json_lists_the_weaknesses_with_their_texts_and_references(
    demo: dict[str, Any],
) -> None:
    out = io.StringIO()
    call_command("analyze", "--agency", "tha-talad", "--year", "2566", "--json", stdout=out)
    data = json.loads(out.getvalue())
    assert [d["code"] for d in data] == [
        "I7",
        "I8",
        "I9",
        "I14",
        "I27",
        "E2",
        "E7",
        "E13",
        "E14",
        "E15",
    ]
    first = data[0]
    assert set(first) == {
        "code",
        "score",
        "indicator",
        "tool",
        "question",
        "diagnosis",
        "recommendation",
        "references",
    }
    assert first["score"] == 79.27 and first["indicator"] == 2 and first["tool"] == "iit"
    assert first["references"] == ["o11"]
    assert first["question"].startswith("ท่านทราบข้อมูลเกี่ยวกับงบประมาณ")
    assert data[6]["references"] == ["9.1", "9.2", "9.3"]


def test_analyze_computes_the_findings_when_the_analysis_was_not_run(assessment: Any) -> None:
    out = io.StringIO()
    call_command("analyze", "--agency", "tha-talad", "--year", "2566", "--json", stdout=out)
    assert len(json.loads(out.getvalue())) == 10
    text = io.StringIO()
    call_command("analyze", "--agency", "tha-talad", "--year", "2566", stdout=text)
    printed = text.getvalue()
    assert "ข้อ I7 ท่านทราบข้อมูลเกี่ยวกับงบประมาณ" in printed
    assert "ผลการประเมินที่ได้รับ เท่ากับ 79.27 คะแนน" in printed
    assert "อ้างอิง: o11" in printed
    assert "ยังไม่ได้บันทึกการวิเคราะห์" in printed
