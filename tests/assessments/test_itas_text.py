"""The ITAS results page as text: parser, command and web import."""

import io
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from prongsai.assessments.itas_text import parse_itas_text, text_of_file
from prongsai.assessments.models import AgencyQuestionText, Assessment
from prongsai.improvement.models import AgencyRecommendation

SEED = Path("/work/shared/reference/seed-report-tha-talad-2567.txt")
if not SEED.exists():  # the repository's copy, where the shared folder is absent
    SEED = Path(__file__).parents[2] / "prongsai/documents/samples/seed-report-tha-talad-2567.txt"
SEED_SCORES = {
    "I7": "79.27", "I8": "53.56", "I9": "77.27", "I14": "78.00", "I27": "72.50",
    "E2": "82.50", "E7": "84.59", "E13": "81.31", "E14": "84.59", "E15": "84.59",
}  # fmt: skip


def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


def test_the_seed_gives_its_ten_weak_items_with_their_scores():
    result = parse_itas_text(seed_text())
    assert result.problems == []
    assert {i.code: str(i.score) for i in result.items} == SEED_SCORES


def test_the_seed_items_keep_question_recommendation_and_references():
    items = {i.code: i for i in parse_itas_text(seed_text()).items}
    assert items["I7"].question.startswith("ท่านทราบข้อมูลเกี่ยวกับงบประมาณ")
    diagnosis, advice = items["I7"].diagnosis_and_advice
    assert diagnosis.startswith("แสดงให้เห็นว่าบุคลากรบางราย")
    assert advice.startswith("ดังนั้น หน่วยงานควร")
    assert items["I7"].references == ["o11"]
    # I8 and I9 stand together before one recommendation: both get it.
    assert items["I8"].recommendation == items["I9"].recommendation != ""
    assert items["E7"].references == ["9.1", "9.2", "9.3"]


def test_on_a_whole_results_page_the_questions_that_passed_take_no_advice():
    # ITAS lists every question; the advice after I3 is I3's (and I2's, weak
    # too), not I1's, which passed. The OIT heading is no one's advice.
    text = (
        "ข้อ I1 ก ผลการประเมินที่ได้รับ เท่ากับ 95.00 คะแนน\n"
        "ข้อ I2 ข ผลการประเมินที่ได้รับ เท่ากับ 70.00 คะแนน\n"
        "ข้อ I3 ค ผลการประเมินที่ได้รับ เท่ากับ 72.00 คะแนน\n"
        "แสดงให้เห็นว่า ง ดังนั้น หน่วยงานควร จ\n"
        "ข้อ E15 ฉ ผลการประเมินที่ได้รับ เท่ากับ 91.00 คะแนน\n"
        "แบบตรวจการเปิดเผยข้อมูลสาธารณะ (Open Data Integrity & Transparency Assessment : OIT)\n"
        "ข้อ O1 ช ผลการประเมินที่ได้รับ เท่ากับ 100 คะแนน\n"
    )
    items = {i.code: i.recommendation for i in parse_itas_text(text).items}
    assert items["I1"] == "" and items["E15"] == "" and items["o1"] == ""
    assert items["I2"] == items["I3"] == "แสดงให้เห็นว่า ง ดังนั้น หน่วยงานควร จ"


def test_the_seed_demo_scores_agree_with_the_parsed_ones(demo):
    assessment = Assessment.objects.get(agency=demo["agency"], year=2566)
    stored = dict(assessment.scores.values_list("question__code", "score"))
    for code, score in SEED_SCORES.items():
        assert stored[code] == Decimal(score)


def test_thai_digits_and_numbers_broken_over_lines_are_read():
    text = "ข้อ I7 ท่านทราบ\nผลการประเมิน\nที่ได้รับ เท่ากับ ๗๙.\n๒๗ คะแนน\nแสดงให้เห็นว่า ก ดังนั้น ข"
    [item] = parse_itas_text(text).items
    assert (item.code, item.score) == ("I7", Decimal("79.27"))


def test_a_pdfs_broken_sara_am_and_spaces_before_marks_are_repaired():
    text = "ข้อ E2 หน่วยงานปฏิบัติ ผลการประเมินที่ได้รับ เท่ากับ 82.50 คะแนน\nจากผลการประเม ิน ด ํา เนิน"
    [item] = parse_itas_text(text).items
    assert "ประเมิน" in item.recommendation and "ดำเนิน" in item.recommendation.replace(" ", "")


def test_a_score_that_is_not_a_number_names_its_line():
    text = "หัวเรื่อง\n\nข้อ I7 ท่านทราบ ผลการประเมินที่ได้รับ เท่ากับ 1x2 คะแนน\n"
    result = parse_itas_text(text)
    assert result.items == []
    assert result.problems == ["บรรทัด 3: ข้อ I7 คะแนน '1x2' ไม่ใช่ตัวเลข"]


def test_an_item_without_its_score_sentence_names_the_line_and_what_was_expected():
    result = parse_itas_text("ข้อ I7 ท่านทราบ\nข้อ I8 ท่านเคย ผลการประเมินที่ได้รับ เท่ากับ 50 คะแนน")
    assert [i.code for i in result.items] == ["I8"]
    assert "บรรทัด 1" in result.problems[0] and "ผลการประเมินที่ได้รับ" in result.problems[0]


def test_a_score_above_100_is_refused_with_its_line():
    result = parse_itas_text("ข้อ E2 x ผลการประเมินที่ได้รับ เท่ากับ 182.50 คะแนน")
    assert result.problems == ["บรรทัด 1: ข้อ E2 คะแนน 182.50 อยู่นอกช่วง 0 ถึง 100"]


def test_a_docx_of_the_seed_reads_the_same():
    import docx

    document = docx.Document()
    for line in seed_text().splitlines():
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    items = parse_itas_text(text_of_file(out.getvalue(), "seed.docx")).items
    assert {i.code: str(i.score) for i in items} == SEED_SCORES


def test_a_pdf_of_the_seed_reads_the_same(tmp_path):
    import typst

    from prongsai.documents.fonts import sarabun_dir
    from prongsai.documents.pdftext import fix_text_layer

    body = "\n".join(line for line in seed_text().splitlines() if "[image" not in line)
    source = tmp_path / "seed.typ"
    escaped = body.replace("\\", "\\\\").replace('"', '\\"')
    source.write_text(
        '#set text(font: "Sarabun", lang: "th", size: 10pt)\n'
        f'#for line in "{escaped}".split("\\n") {{ [#line \\ ] }}\n',
        encoding="utf-8",
    )
    # As the project's PDFs are made: typst, then its text-layer repair.
    pdf = fix_text_layer(typst.compile(str(source), font_paths=[str(sarabun_dir())]))
    items = parse_itas_text(text_of_file(pdf, "seed.pdf")).items
    assert {i.code: str(i.score) for i in items} == SEED_SCORES


@pytest.mark.parametrize(
    ("name", "data"), [("x.pdf", b"hello"), ("x.docx", b"%PDF-1.7"), ("x.exe", b"MZ")]
)
def test_a_file_whose_content_is_not_what_its_name_says_is_refused(name, data):
    with pytest.raises(ValueError, match=name):
        text_of_file(data, name)


def test_the_command_imports_scores_texts_and_recommendations(agency, tmp_path):
    path = tmp_path / "itas.txt"
    path.write_text(seed_text(), encoding="utf-8")
    out = io.StringIO()
    call_command("import_results", agency=agency.slug, year=2567, from_text=path, stdout=out)
    assessment = Assessment.objects.get(agency=agency, year=2567)
    assert assessment.scores.count() == 10
    assert AgencyQuestionText.objects.filter(agency=agency).count() == 10
    copy = AgencyRecommendation.objects.get(agency=agency, year=2567, code="I7")
    assert copy.recommendation.startswith("ดังนั้น") and copy.references == ["o11"]


def test_the_command_dry_run_writes_nothing(agency, tmp_path):
    path = tmp_path / "itas.txt"
    path.write_text(seed_text(), encoding="utf-8")
    out = io.StringIO()
    call_command(
        "import_results", agency=agency.slug, year=2567, from_text=path, dry_run=True, stdout=out
    )
    assert "พบ 10 ข้อ" in out.getvalue()
    assert not Assessment.objects.filter(agency=agency).exists()


def test_the_command_refuses_a_bad_line_and_writes_nothing(agency, tmp_path):
    path = tmp_path / "itas.txt"
    path.write_text(seed_text() + "\nข้อ I3 x ผลการประเมินที่ได้รับ เท่ากับ 101 คะแนน\n", "utf-8")
    with pytest.raises(CommandError, match="บรรทัด 335: ข้อ I3 คะแนน 101 อยู่นอกช่วง"):
        call_command("import_results", agency=agency.slug, year=2567, from_text=path)
    assert not Assessment.objects.filter(agency=agency).exists()


def test_agency_texts_stay_with_the_agency_and_not_in_the_shared_framework(agency, tmp_path):
    from prongsai.framework.models import Question

    path = tmp_path / "itas.txt"
    path.write_text(seed_text(), encoding="utf-8")
    call_command(
        "import_results", agency=agency.slug, year=2567, from_text=path, stdout=io.StringIO()
    )
    assert Question.objects.get(framework__year=2567, code="I7").text in ("", None)


def post_text(client, text: str, save: bool = False):  # type: ignore[no-untyped-def]
    data = {"year": 2567, "kind": "official", "text": text}
    if save:
        data["save"] = "1"
    return client.post(reverse("assessments:import_text"), data)


def test_the_admin_sees_what_was_found_then_saves_it(agency, agency_admin, login):
    client = login(agency_admin)
    response = post_text(client, seed_text())
    page = response.content.decode()
    assert response.status_code == 200
    assert "พบ 10 ข้อ" in page and "79.27" in page and "บันทึก" in page
    assert not Assessment.objects.filter(agency=agency).exists()
    response = post_text(client, seed_text(), save=True)
    assert response.status_code == 302
    assert Assessment.objects.get(agency=agency, year=2567).scores.count() == 10
    detail = client.get(response["Location"]).content.decode()
    assert "ท่านทราบข้อมูลเกี่ยวกับงบประมาณ" in detail


def test_the_web_import_names_the_bad_line(agency, agency_admin, login):
    response = post_text(login(agency_admin), "ข้อ I7 x ผลการประเมินที่ได้รับ เท่ากับ abc คะแนน")
    assert response.status_code == 400
    assert "บรรทัด 1: ข้อ I7 คะแนน &#x27;abc&#x27; ไม่ใช่ตัวเลข" in response.content.decode()


def test_the_web_import_reads_an_uploaded_docx(agency, agency_admin, login):
    import docx

    document = docx.Document()
    document.add_paragraph("ข้อ I7 ท่านทราบ ผลการประเมินที่ได้รับ เท่ากับ 79.27 คะแนน")
    out = io.BytesIO()
    document.save(out)
    upload = SimpleUploadedFile("itas.docx", out.getvalue())
    response = login(agency_admin).post(
        reverse("assessments:import_text"), {"year": 2567, "kind": "official", "file": upload}
    )
    assert response.status_code == 200 and "79.27" in response.content.decode()


def test_another_agencys_admin_imports_into_their_own_agency_only(agency, other_admin, login):
    post_text(login(other_admin), seed_text(), save=True)
    assert not Assessment.objects.filter(agency=agency).exists()
    assert Assessment.objects.filter(agency__slug=other_admin.memberships.first().agency.slug)


def test_another_agencys_admin_does_not_see_our_agency_texts(
    agency, agency_admin, other_admin, login
):
    post_text(login(agency_admin), seed_text(), save=True)
    response = login(other_admin).get(reverse("assessments:detail", args=[2567, "official"]))
    assert response.status_code == 404


@pytest.mark.parametrize("persona", ["viewer", "department_editor"])
def test_a_viewer_or_editor_cannot_import_text(request, persona, agency, login):
    response = post_text(login(request.getfixturevalue(persona)), seed_text(), save=True)
    assert response.status_code == 403
    assert not Assessment.objects.filter(agency=agency).exists()


@pytest.mark.parametrize(
    ("today", "year"),
    [("2026-12-04", 2569), ("2027-09-30", 2569), ("2027-10-01", 2570)],
)
def test_the_import_page_offers_the_year_whose_results_are_out(
    monkeypatch, agency_admin, login, today, year
):
    # December 2569 (fiscal 2570): the officer has ITA 2569's results in hand.
    import datetime as dt

    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *a: dt.date.fromisoformat(today))
    html = login(agency_admin).get(reverse("assessments:import")).content.decode()
    assert html.count(f'name="year" value="{year}"') == 2  # both forms
