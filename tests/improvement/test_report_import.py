"""import-report reads a report in the seed's form into draft measures."""

import io
import json
import re
from pathlib import Path

import pytest
from django.core.management import call_command

from prongsai.improvement.demo import SEED_MEASURES
from prongsai.improvement.report_import import ALL_KINDS, parse_report, text_of_report

SEED = Path("/work/shared/reference/seed-report-tha-talad-2567.txt")


def bare(text: str) -> str:
    """Texts compared without whitespace: line ends fall differently in each form."""
    return re.sub(r"\s+", "", text)


def kinds(keys: list[str]) -> set[str]:
    return {k for key in keys for k in (ALL_KINDS if key == "all" else [key])}


def assert_same_as_demo(draft) -> None:  # type: ignore[no-untyped-def]
    assert draft.problems == []
    assert len(draft.measures) == len(SEED_MEASURES)
    for got, want in zip(draft.measures, SEED_MEASURES, strict=True):
        assert got.title == want.name
        assert got.weaknesses == want.codes
        assert [bare(s) for s in got.steps] == [bare(s) for s in want.steps]
        assert kinds(got.departments) == kinds(want.departments)
        assert [bare(r) for r in got.results] == [bare(r.text) for r in want.results], want.name


@pytest.mark.skipif(not SEED.exists(), reason="the shared seed report is not here")
def test_the_seed_gives_the_demos_weaknesses_measures_steps_departments_and_results():
    draft = parse_report(SEED.read_text(encoding="utf-8"))
    assert [w.code for w in draft.weaknesses] == [
        "I7", "I8", "I9", "I14", "I27", "E2", "E7", "E13", "E14", "E15"
    ]  # fmt: skip
    assert draft.weaknesses[0].score == "79.27"
    assert draft.weaknesses[0].diagnosis.startswith("แสดงให้เห็นว่า")
    assert_same_as_demo(draft)


def _our_document(demo, tmp_path: Path, fmt: str) -> Path:  # type: ignore[no-untyped-def]
    out = tmp_path / f"report.{fmt}"
    call_command(
        "report", agency="tha-talad", year=2567, kind="results", format=fmt,
        output=out, stdout=io.StringIO(),
    )  # fmt: skip
    return out


@pytest.mark.parametrize(
    "fmt",
    ["docx", "pdf"],
)
def test_our_own_report_reads_back_as_the_demo(demo, tmp_path, fmt):
    path = _our_document(demo, tmp_path, fmt)
    draft = parse_report(text_of_report(path.read_bytes(), path.name))
    # Our documents print a result's date after it and add a status line.
    assert_same_as_demo(draft)


def test_zero_width_characters_and_thai_digits_do_not_change_the_reading():
    text = (
        "ข้อบกพร่อง\nข้อ I7 คำถาม ผลการประเมินที่ได้รับ เท่ากับ ๗๙.๒๗ คะแนน\n"
        "แสดง\u200bให้เห็นว่า ก\nมาตรการ : ชื่อ\u200bมาตรการ\nขั้นตอนหรือวิธีการ\n๑. ขั้นแรก\n"
        "ผู้รับผิดชอบ\n-กองคลัง\nผลการดำเนินการตามมาตรการที่กำหนด\n๑) ทำแล้ว\n"
    )
    draft = parse_report(text)
    assert draft.weaknesses[0].score == "79.27"
    [m] = draft.measures
    assert (m.title, m.steps, m.departments, m.results) == (
        "ชื่อมาตรการ",
        ["ขั้นแรก"],
        ["finance"],
        ["ทำแล้ว"],
    )


# Written from scratch, not the seed: another agency, other wording, other
# indicators, an approval block and an indicator table our documents may carry.
FROM_SCRATCH = """\
รายงานผลการดำเนินการตามมาตรการเพื่อส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน
ของเทศบาลตำบลบ้านสวน อำเภอเมือง จังหวัดชลบุรี
คะแนนรายตัวชี้วัด
ตัวชี้วัด คะแนน
1 การปฏิบัติหน้าที่ 91.20
ด้านการรับรู้ของผู้มีส่วนได้ส่วนเสียภายใน (Internal Integrity & Transparency Assessment : IIT)
ตัวชี้วัดที่ 1 การปฏิบัติหน้าที่
ข้อบกพร่อง
ข้อ I3 บุคลากรในหน่วยงานของท่าน ปฏิบัติงานตามขั้นตอนที่กำหนด มากน้อยเพียงใด ผลการประเมินที่ได้รับ เท่ากับ 70.10 คะแนน
จากผลการประเมิน พบว่าบุคลากรบางส่วนยังไม่ปฏิบัติตามขั้นตอน ดังนั้น หน่วยงานควรจัดทำคู่มือ (อ้างอิงจาก o14)
มาตรการ : จัดทำคู่มือการปฏิบัติงานทุกกอง
ขั้นตอนหรือวิธีการ
1) ทบทวนขั้นตอนการปฏิบัติงานของแต่ละกอง
2) จัดทำคู่มือและเผยแพร่บนเว็บไซต์
ของเทศบาล
ผู้รับผิดชอบ
- สำนักปลัดเทศบาล
- กองสวัสดิการสังคม
ผลการดำเนินการตามมาตรการที่กำหนด
- ทุกกองมีคู่มือการปฏิบัติงานแล้ว
ด้านการรับรู้ของผู้มีส่วนได้ส่วนเสียภายนอก (External Integrity & Transparency Assessment : EIT)
ตัวชี้วัดที่ 6 คุณภาพการดำเนินงาน
ข้อบกพร่อง
ข้อ E4 เจ้าหน้าที่ของหน่วยงาน ให้ข้อมูลแก่ท่านอย่างตรงไปตรงมา มากน้อยเพียงใด ผลการประเมินที่ได้รับ เท่ากับ 80 คะแนน
ข้อ E5 หน่วยงานมีการรับฟังความคิดเห็น มากน้อยเพียงใด ผลการประเมินที่ได้รับ เท่ากับ 79.5 คะแนน
พบว่าผู้รับบริการบางรายเห็นว่าได้รับข้อมูลไม่ครบ ดังนั้น หน่วยงานควรปรับปรุงการให้ข้อมูล
มาตรการ : ปรับปรุงการให้ข้อมูลแก่ผู้รับบริการ
ขั้นตอนหรือวิธีการ
- อบรมเจ้าหน้าที่ผู้ให้บริการ
ผู้รับผิดชอบ
ทุกส่วนราชการ
ผลการดำเนินการตามมาตรการที่กำหนด
1. จัดอบรมแล้ว 2 ครั้ง
2. ผู้รับบริการพึงพอใจมากขึ้น
สถานะ: ดำเนินการแล้ว
ความเห็นของผู้บริหาร
อนุมัติ
ลงชื่อ นายกเทศมนตรี
"""


def test_a_differently_worded_report_of_the_same_form_is_read_correctly():
    draft = parse_report(FROM_SCRATCH)
    assert draft.problems == []
    assert [(w.code, w.score) for w in draft.weaknesses] == [
        ("I3", "70.10"), ("E4", "80.00"), ("E5", "79.50")
    ]  # fmt: skip
    first, second = draft.measures
    assert first.title == "จัดทำคู่มือการปฏิบัติงานทุกกอง"
    assert first.weaknesses == ["I3"]
    assert first.steps == ["ทบทวนขั้นตอนการปฏิบัติงานของแต่ละกอง", "จัดทำคู่มือและเผยแพร่บนเว็บไซต์ของเทศบาล"]
    assert first.departments == ["office"]
    assert first.unknown_departments == ["กองสวัสดิการสังคม"]
    assert first.results == ["ทุกกองมีคู่มือการปฏิบัติงานแล้ว"]
    assert second.weaknesses == ["E4", "E5"]
    assert second.departments == ["all"]
    assert second.results == ["จัดอบรมแล้ว 2 ครั้ง", "ผู้รับบริการพึงพอใจมากขึ้น"]
    assert draft.weaknesses[1].diagnosis == draft.weaknesses[2].diagnosis != ""


def test_import_report_json_has_the_briefs_shape(agency, tmp_path):
    path = tmp_path / "report.txt"
    path.write_text(FROM_SCRATCH, encoding="utf-8")
    out = io.StringIO()
    call_command(
        "import_report", path, agency=agency.slug, year=2566, dry_run=True, json=True, stdout=out
    )
    data = json.loads(out.getvalue())
    assert set(data["weaknesses"][0]) == {"code", "score", "question", "diagnosis"}
    assert {"title", "weaknesses", "steps", "departments", "results"} <= set(data["measures"][0])
