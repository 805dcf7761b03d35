"""The pages: errors next to the field in Thai, typed values kept, htmx partials,
and the same forms working without JavaScript."""

from __future__ import annotations

from typing import Any

import pytest

from prongsai.improvement.models import Measure, Result
from tests.improvement.conftest import png_bytes, upload, weakness

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


def test_a_new_measure_with_errors_keeps_everything_typed(
    analysed: Any, login: Any, agency_admin: Any
) -> None:
    response = login(agency_admin).post(
        "/improvement/measures/new/",
        {
            "name": "ประชุมชี้แจงงบประมาณ",
            "plan_year": "2567",
            "start_date": "2024-05-01",
            "due_date": "2024-04-01",
            "progress": "20",
            "note": "หมายเหตุที่พิมพ์ไว้",
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "กำหนดเสร็จต้องไม่ก่อนวันเริ่ม" in page
    assert 'value="ประชุมชี้แจงงบประมาณ"' in page
    assert 'value="2024-05-01"' in page and "พ.ศ.: 1 พฤษภาคม 2567" in page
    assert "หมายเหตุที่พิมพ์ไว้" in page
    assert not Measure.objects.exists()


def test_a_date_typed_by_hand_in_the_buddhist_era_is_understood(
    finance_measure: Any, login: Any, agency_admin: Any
) -> None:
    response = login(agency_admin).post(
        f"/improvement/measures/{finance_measure.pk}/results/",
        {"text": "ออกคำสั่งแล้ว", "date": "๓/๓/๒๕๖๖", "doc_number": "ที่ ๑๔๙/2566"},
    )
    assert response.status_code == 302
    result = Result.objects.get(measure=finance_measure)
    assert str(result.date) == "2023-03-03" and result.doc_number == "๑๔๙/2566"


def test_a_result_without_a_date_is_refused_next_to_the_field_and_keeps_its_text(
    finance_measure: Any, login: Any, agency_admin: Any
) -> None:
    response = login(agency_admin).post(
        f"/improvement/measures/{finance_measure.pk}/results/",
        {"text": "ประชุมประชาคมแล้ว", "date": ""},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert 'id="result_date_errors"' in page and "กรุณาระบุวันที่ดำเนินการ" in page
    assert "ประชุมประชาคมแล้ว</textarea>" in page
    assert not Result.objects.exists()


def test_dropping_a_weakness_without_a_reason_shows_the_error_in_the_htmx_partial(
    analysed: Any, login: Any, agency_admin: Any
) -> None:
    w = weakness(analysed, "E15")
    response = login(agency_admin).post(
        f"/improvement/weaknesses/{w.pk}/drop/", {"reason": ""}, **HTMX
    )
    assert response.status_code == 200  # htmx swaps only 2xx; the error is in the partial
    page = response.content.decode()
    assert page.lstrip().startswith('<div id="weakness-list">')
    assert "กรุณาระบุเหตุผลที่ไม่ถือข้อนี้เป็นข้อบกพร่อง" in page
    assert "<html" not in page


def test_dropping_a_weakness_with_a_reason_lists_it_with_the_reason(
    analysed: Any, login: Any, agency_admin: Any
) -> None:
    w = weakness(analysed, "E15")
    client = login(agency_admin)
    response = client.post(f"/improvement/weaknesses/{w.pk}/drop/", {"reason": "ซ้ำกับข้อ E14"})
    assert response.status_code == 302 and response["Location"].endswith("#dropped")
    page = client.get(response["Location"]).content.decode()
    assert "ไม่ถือเป็นข้อบกพร่อง (1)" in page and "ซ้ำกับข้อ E14" in page


def test_the_create_measure_button_makes_the_measure_and_opens_it(
    analysed: Any, login: Any, agency_admin: Any
) -> None:
    w = weakness(analysed, "I8")
    client = login(agency_admin)
    response = client.post(f"/improvement/weaknesses/{w.pk}/suggestions/0/create/")
    measure = Measure.objects.get()
    assert response["Location"] == f"/improvement/measures/{measure.pk}/"
    page = client.get(f"/improvement/analysis/2566/official/#w{w.pk}").content.decode()
    assert "มีมาตรการนี้แล้ว" in page


def test_a_status_change_by_htmx_returns_the_status_section_and_asks_history_to_reload(
    finance_measure: Any, login: Any, department_editor: Any
) -> None:
    response = login(department_editor).post(
        f"/improvement/measures/{finance_measure.pk}/status/",
        {"status": "cancelled", "reason": ""},
        **HTMX,
    )
    page = response.content.decode()
    assert page.lstrip().startswith('<section id="measure-status">')
    assert "กรุณาระบุเหตุผลที่ยกเลิก" in page
    response = login(department_editor).post(
        f"/improvement/measures/{finance_measure.pk}/status/",
        {"status": "in_progress", "progress": "60"},
        **HTMX,
    )
    assert response["HX-Trigger"] == "measure-changed"
    assert "ความคืบหน้า 60%" in response.content.decode()


def test_adding_a_step_works_with_htmx_and_without(
    finance_measure: Any, login: Any, agency_admin: Any
) -> None:
    client = login(agency_admin)
    partial = client.post(
        f"/improvement/measures/{finance_measure.pk}/steps/", {"text": "รายงานผล"}, **HTMX
    )
    assert partial.content.decode().lstrip().startswith('<section id="steps">')
    plain = client.post(f"/improvement/measures/{finance_measure.pk}/steps/", {"text": "ติดตามผล"})
    assert plain.status_code == 302
    assert [s.text for s in finance_measure.steps.all()][-2:] == ["รายงานผล", "ติดตามผล"]


def test_a_result_with_an_uploaded_evidence_file_shows_its_thumbnail(
    finance_measure: Any, login: Any, department_editor: Any
) -> None:
    client = login(department_editor)
    response = client.post(
        f"/improvement/measures/{finance_measure.pk}/results/",
        {
            "text": "เผยแพร่ข้อบัญญัติงบประมาณบนเว็บไซต์แล้ว",
            "date": "2023-10-16",
            "public": "on",
            "evidence_file": upload(png_bytes((800, 500)), "หน้าเว็บ.png"),
            "evidence_caption": "ภาพหน้าเว็บไซต์",
        },
        **HTMX,
    )
    page = response.content.decode()
    result = Result.objects.get(measure=finance_measure)
    revision = result.evidence.get().current
    assert f"/improvement/evidence/files/{revision.pk}/thumb/" in page
    assert "ภาพหน้าเว็บไซต์" in page and revision.original_name == "หน้าเว็บ.png"
    dashboard = client.get("/").content.decode()
    assert "เผยแพร่ข้อบัญญัติงบประมาณบนเว็บไซต์แล้ว" in dashboard
    assert "หลักฐาน 1 รายการ" in dashboard


def test_a_refused_evidence_file_adds_no_result(
    finance_measure: Any, login: Any, agency_admin: Any
) -> None:
    response = login(agency_admin).post(
        f"/improvement/measures/{finance_measure.pk}/results/",
        {
            "text": "ผลพร้อมไฟล์ปลอม",
            "date": "2024-01-10",
            "evidence_file": upload(b"MZ\x90\x00" * 20, "scan.pdf"),
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "ไม่รับไฟล์ชนิดนี้" in page and "ผลพร้อมไฟล์ปลอม</textarea>" in page
    assert not Result.objects.exists()


def test_the_dashboard_panel_counts_weaknesses_measures_by_status_and_overdue(
    finance_measure: Any, login: Any, viewer: Any
) -> None:
    page = login(viewer).get("/").content.decode()
    assert 'id="improvement-panel"' in page
    assert "วางแผน 1" in page and "เลยกำหนด" in page
    assert finance_measure.name in page  # due 30 Sep 2024 and still planned: overdue


def test_the_pages_are_thai_by_default_and_offered_in_english(
    finance_measure: Any, login: Any, viewer: Any
) -> None:
    client = login(viewer)
    thai = client.get(f"/improvement/measures/{finance_measure.pk}/").content.decode()
    assert "ขั้นตอนหรือวิธีการ" in thai and "30 กันยายน 2567" in thai
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    english = client.get(f"/improvement/measures/{finance_measure.pk}/").content.decode()
    assert "Steps" in english and "Weaknesses answered" in english
    assert "ขั้นตอนหรือวิธีการ" not in english
    assert "30 September 2567" in english  # English month, the year stays in the Buddhist Era
    listing = client.get("/improvement/measures/").content.decode()
    assert "Overdue only" in listing and "1 measure" in listing
