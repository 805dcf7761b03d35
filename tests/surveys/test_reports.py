"""The satisfaction report (PDF/DOCX) and the survey poster."""

from __future__ import annotations

import io
import subprocess
import zipfile

import pytest

from prongsai.surveys.posters import survey_poster_data
from prongsai.surveys.report import report_data
from prongsai.surveys.selectors import public_url
from tests.surveys.conftest import fill

pytestmark = pytest.mark.django_db


@pytest.fixture
def answered(client, public_survey):  # type: ignore[no-untyped-def]
    for n, (service, value) in enumerate(
        [("ชำระภาษี", "5"), ("ชำระภาษี", "4"), ("ขออนุญาตก่อสร้าง", "2")]
    ):
        data = fill(public_survey, satisfaction=value, service=service) | {
            "client_id": f"{n:032x}",
            "q-Q4": "ที่จอดรถน้อย",
        }
        assert client.post(f"/surveys/s/{public_survey.slug}/", data).status_code == 303
    return public_survey


def test_the_report_data_has_means_per_question_and_per_service_in_thai_digits(answered):
    data = report_data(answered)
    assert data.digits == "thai"
    # Q2: (5 + 4 + 2) / 3 = 3.666… → 3.67; satisfied 2 of 3 = 66.67 %
    assert data.rows[0][1:5] == ("สะดวกรวดเร็ว", "๓.๖๗", "๖๖.๖๗", "มาก")
    assert data.service_rows == (
        ("ชำระภาษี", "๒", "๔.๕๐", "๑๐๐.๐๐", "มาก"),
        ("ขออนุญาตก่อสร้าง", "๑", "๒.๐๐", "๐.๐๐", "น้อย"),
    )
    assert data.comments == ("ที่จอดรถน้อย",) * 3


def test_the_docx_names_th_sarabunpsk_16pt_for_thai_text(answered, login, agency_admin):
    response = login(agency_admin).get(f"/surveys/survey/{answered.slug}/report.docx")
    with zipfile.ZipFile(io.BytesIO(response.content)) as docx:
        document = docx.read("word/document.xml").decode()
        styles = docx.read("word/styles.xml").decode()
    assert 'w:cs="TH SarabunPSK"' in document and '<w:szCs w:val="32"/>' in document
    assert "<w:bCs/>" in document  # Thai bold needs the complex-script flag
    assert "minorBidi" not in styles.split("</w:docDefaults>")[0]
    assert "รายงานผลการสำรวจความพึงพอใจของผู้รับบริการ" in document


@pytest.mark.poppler
def test_the_pdf_report_has_the_title_the_table_and_searchable_thai(
    answered, login, agency_admin, tmp_path
):
    response = login(agency_admin).get(f"/surveys/survey/{answered.slug}/report.pdf")
    path = tmp_path / "report.pdf"
    path.write_bytes(response.content)
    text = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "รายงานผลการสำรวจความพึงพอใจของผู้รับบริการ" in text
    assert "ประจำปีงบประมาณ" in text and "ชำระภาษี" in text and "๓.๖๗" in text
    fonts = subprocess.run(
        ["pdffonts", str(path)], capture_output=True, text=True, check=True
    ).stdout
    assert "Sarabun" in fonts


def test_the_survey_poster_encodes_the_public_url(public_survey, settings):
    settings.SITE_URL = "https://ita.example.go.th"
    data = survey_poster_data(public_survey, public_url(public_survey))
    assert data.url == "https://ita.example.go.th/surveys/s/public/"
    assert "ไม่เก็บชื่อ ไม่เก็บ IP เก็บเพียงวันที่ตอบ" in data.lines
