"""The officer's review screen: upload, see everything, untick, edit, confirm."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from prongsai.improvement.models import Measure, Weakness
from tests.improvement.test_report_import import FROM_SCRATCH

pytestmark = pytest.mark.django_db
UPLOAD = reverse("improvement:report_import")
CONFIRM = reverse("improvement:report_import_confirm")


def _file(text: str = FROM_SCRATCH, name: str = "report.txt") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode(), content_type="text/plain")


def test_the_upload_shows_everything_found_and_writes_nothing(client, agency_admin):
    client.force_login(agency_admin)
    page = client.post(UPLOAD, {"year": "2566", "file": _file()})
    html = page.content.decode()
    assert page.status_code == 200
    for seen in ("I3", "70.10", "E4", "จัดทำคู่มือการปฏิบัติงานทุกกอง", "ทบทวนขั้นตอนการปฏิบัติงานของแต่ละกอง",
                 "ทุกกองมีคู่มือการปฏิบัติงานแล้ว", "กองสวัสดิการสังคม"):  # fmt: skip
        assert seen in html
    assert not Weakness.objects.exists() and not Measure.objects.exists()


def test_confirming_writes_only_what_was_ticked_with_the_edited_texts(client, agency_admin):
    client.force_login(agency_admin)
    data = {
        "year": "2566",
        "w-0-code": "I3", "w-0-keep": "1", "w-0-score": "70.10", "w-0-diagnosis": "แก้แล้ว",
        "w-1-code": "E4", "w-1-score": "80.00", "w-1-diagnosis": "x",  # unticked
        "m-0-keep": "1", "m-0-title": "ชื่อที่แก้", "m-0-weaknesses": "I3,E4",
        "m-0-steps": "ขั้นหนึ่ง\nขั้นสอง", "m-0-departments": ["finance"],
        "m-0-results": "ทำแล้ว", "m-0-dates": "2024-05-20",
        "m-1-title": "ไม่เอา", "m-1-weaknesses": "",
    }  # fmt: skip
    response = client.post(CONFIRM, data)
    assert response.status_code == 302
    [weakness] = Weakness.objects.all()
    assert (weakness.question.code, weakness.diagnosis) == ("I3", "แก้แล้ว")
    [measure] = Measure.objects.all()
    assert measure.name == "ชื่อที่แก้"
    assert [w.question.code for w in measure.weaknesses.all()] == ["I3"]
    assert [s.text for s in measure.steps.order_by("order")] == ["ขั้นหนึ่ง", "ขั้นสอง"]
    assert {d.kind for d in measure.departments.all()} == {"finance"}
    assert [(r.text, r.date.isoformat()) for r in measure.results.all()] == [
        ("ทำแล้ว", "2024-05-20")
    ]


def test_a_tampered_confirmation_is_refused_whole(client, agency_admin):
    client.force_login(agency_admin)
    data = {
        "year": "2566",
        "w-0-code": "I3", "w-0-keep": "1", "w-0-score": "70.10", "w-0-diagnosis": "ก",
        "w-1-code": "Z99", "w-1-keep": "1", "w-1-score": "1", "w-1-diagnosis": "ข",
        "m-0-keep": "1", "m-0-title": "มาตรการ", "m-0-weaknesses": "I3",
    }  # fmt: skip
    page = client.post(CONFIRM, data)
    assert page.status_code == 400 and "Z99" in page.content.decode()
    assert not Weakness.objects.exists() and not Measure.objects.exists()


def test_a_file_that_is_not_what_its_name_says_is_refused(client, agency_admin):
    client.force_login(agency_admin)
    page = client.post(UPLOAD, {"year": "2566", "file": _file(name="report.pdf")})
    assert page.status_code == 400 and "PDF" in page.content.decode()


def test_a_file_over_the_size_limit_is_refused(client, agency_admin, settings):
    settings.UPLOAD_MAX_BYTES = 1024
    client.force_login(agency_admin)
    page = client.post(UPLOAD, {"year": "2566", "file": _file(FROM_SCRATCH * 3)})
    assert page.status_code == 400
    assert not Measure.objects.exists()


def test_only_the_agencys_admin_may_import(client, department_editor, other_admin, agency):
    page = client.get(UPLOAD)
    assert page.status_code == 302 and "login" in page["Location"]
    client.force_login(department_editor)
    assert client.post(UPLOAD, {"year": "2566", "file": _file()}).status_code == 403
    assert (
        client.post(CONFIRM, {"year": "2566", "m-0-keep": "1", "m-0-title": "x"}).status_code == 403
    )
    # Another agency's admin imports into their own agency, never Tha Talad.
    client.force_login(other_admin)
    client.post(CONFIRM, {"year": "2566", "m-0-keep": "1", "m-0-title": "ของอีกหน่วยงาน"})
    assert not Measure.objects.filter(agency=agency).exists()


def test_the_seed_report_shows_all_its_measures_on_one_screen(client, agency_admin):
    from prongsai.improvement.demo import SEED_MEASURES
    from tests.improvement.test_report_import import SEED

    if not SEED.exists():
        pytest.skip("the shared seed report is not here")
    client.force_login(agency_admin)
    page = client.post(UPLOAD, {"year": "2566", "file": _file(SEED.read_text(encoding="utf-8"))})
    html = page.content.decode()
    assert page.status_code == 200
    assert html.count('name="w-') // 4 == 10  # code, keep, score, diagnosis each
    assert all(m.name in html for m in SEED_MEASURES)
