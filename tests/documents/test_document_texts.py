"""The officer rewords the o42's generated sections before export; their
wording is kept for the next export until reset. Only the agency's admin
edits; another agency never sees or changes them."""

from __future__ import annotations

import io

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from prongsai.documents.builder import build_report
from prongsai.documents.models import DocumentText
from prongsai.history.models import ChangeRecord

from .test_o42_sections import _import_all

URL = reverse("documents:texts", args=[2567, "measures"])
OURS = "ผู้บริหารขององค์การบริหารส่วนตำบลท่าตลาดมอบหมาย"
MINE = "นายกฯ สั่งการในที่ประชุมประจำเดือนให้ทุกกองดำเนินการตามมาตรการ"


@pytest.fixture
def scored(agency, agency_admin):  # type: ignore[no-untyped-def]
    _import_all(agency, agency_admin)
    return agency


def _practice(agency) -> tuple[str, ...]:  # type: ignore[no-untyped-def]
    doc = build_report(agency, plan_year=2567, kind="measures")
    assert doc.practice is not None
    return doc.practice.paragraphs


def test_the_page_shows_each_generated_section_prefilled(scored, agency_admin, login):
    page = login(agency_admin).get(URL).content.decode()
    for heading in ("ประเด็นที่เป็นจุดแข็ง", "แนวทางการนำผลการวิเคราะห์ไปสู่การปฏิบัติ"):
        assert heading in page
    assert OURS in page


def test_the_officers_wording_wins_is_kept_and_reset_brings_ours_back(scored, agency_admin, login):
    client = login(agency_admin)
    response = client.post(URL, {"key": "practice", "text": f"{MINE}\n\nย่อหน้าที่สอง"})
    assert response.status_code == 302
    assert _practice(scored) == (MINE, "ย่อหน้าที่สอง")
    assert MINE in client.get(URL).content.decode()
    assert ChangeRecord.objects.filter(action="document_text_saved").count() == 1
    client.post(URL, {"key": "practice", "action": "reset"})
    assert _practice(scored)[0].startswith(OURS)
    assert not DocumentText.objects.exists()
    assert ChangeRecord.objects.filter(action="document_text_reset").count() == 1


def test_an_empty_text_is_refused_with_a_message_and_nothing_is_saved(scored, agency_admin, login):
    response = login(agency_admin).post(URL, {"key": "strengths", "text": "  \n "})
    assert response.status_code == 400
    assert "หัวข้อนี้ว่าง" in response.content.decode()
    assert not DocumentText.objects.exists()


def test_an_unknown_section_is_refused(scored, agency_admin, login):
    response = login(agency_admin).post(URL, {"key": "evil", "text": "x"})
    assert "ไม่มีหัวข้อ evil" in response.content.decode()
    assert not DocumentText.objects.exists()


@pytest.mark.parametrize("who", ["viewer", "department_editor"])
def test_editors_and_viewers_read_the_sections_but_cannot_save(scored, who, login, request):
    client = login(request.getfixturevalue(who))
    page = client.get(URL)
    assert page.status_code == 200 and OURS in page.content.decode()
    assert "<textarea" not in page.content.decode()
    assert client.post(URL, {"key": "practice", "text": MINE}).status_code == 403
    assert not DocumentText.objects.exists()


def test_another_agencys_admin_gets_404_and_changes_nothing(scored, other_admin, login):
    DocumentText.objects.create(
        agency=scored, plan_year=2567, kind="measures", key="practice", text=MINE
    )
    client = login(other_admin)
    assert client.get(URL).status_code == 404
    assert client.post(URL, {"key": "practice", "action": "reset"}).status_code == 404
    assert DocumentText.objects.get().text == MINE


def test_the_o43_has_no_editable_sections(scored, agency_admin, login):
    url = reverse("documents:texts", args=[2567, "results"])
    assert login(agency_admin).get(url).status_code == 404


# --- the signer -------------------------------------------------------------------

SIGNER_URL = reverse("agencies:signer")


def _image(fmt: str) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (120, 40), "white").save(out, fmt)
    return out.getvalue()


def test_the_admin_sets_the_executive_and_a_png_signature_that_the_o42_prints(
    scored, agency_admin, login, settings, tmp_path
):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage",
                    "OPTIONS": {"location": str(tmp_path)}},
    }  # fmt: skip
    upload = SimpleUploadedFile("sig.png", _image("PNG"), content_type="image/png")
    response = login(agency_admin).post(
        SIGNER_URL,
        {"executive_name": "นายสมชาย ใจดี", "executive_title": "นายก อบต.", "signature": upload},
    )
    assert response.status_code == 302
    scored.refresh_from_db()
    assert scored.executive_name == "นายสมชาย ใจดี"
    assert scored.signature_image.startswith(f"signatures/{scored.pk}/")
    assert "sig.png" not in scored.signature_image  # a generated name, not the user's
    assert default_storage.exists(scored.signature_image)
    signer = build_report(scored, plan_year=2567, kind="measures").signer
    assert signer is not None and signer.image_path is not None
    from prongsai.documents.layout import Signature, layout

    block = next(b for b in layout(build_report(scored, plan_year=2567, kind="measures"))
                 if isinstance(b, Signature))  # fmt: skip
    assert block.image is not None and block.dated and "ประกาศ ณ วันที่" in block.dated


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("sig.png", b"<html><script>alert(1)</script></html>", "ไม่รับไฟล์ชนิดนี้"),
        ("sig.gif", _image("GIF"), "PNG หรือ JPEG"),
    ],
)
def test_a_signature_that_is_not_png_or_jpeg_by_content_is_refused(
    scored, agency_admin, login, name, data, message
):
    upload = SimpleUploadedFile(name, data, content_type="image/png")
    response = login(agency_admin).post(
        SIGNER_URL, {"executive_name": "x", "executive_title": "y", "signature": upload}
    )
    assert response.status_code == 400 and message in response.content.decode()
    scored.refresh_from_db()
    assert scored.executive_name == "" and scored.signature_image == ""


@pytest.mark.parametrize("who", ["viewer", "department_editor"])
def test_only_the_admin_changes_the_signer(scored, who, login, request):
    response = login(request.getfixturevalue(who)).post(
        SIGNER_URL, {"executive_name": "ผู้แอบอ้าง", "executive_title": "x"}
    )
    assert response.status_code == 403
    scored.refresh_from_db()
    assert scored.executive_name == ""


def test_another_agencys_admin_sets_only_their_own_signer(scored, other_admin, login):
    login(other_admin).post(SIGNER_URL, {"executive_name": "คนอื่น", "executive_title": "x"})
    scored.refresh_from_db()
    assert scored.executive_name == ""
    assert other_admin.memberships.get().agency.executive_name == "คนอื่น"
