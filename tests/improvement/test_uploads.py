"""Evidence uploads: type by content, size limit, safe storage names, SHA-256, revisions."""

from __future__ import annotations

import hashlib
import io
import re
import struct
import zipfile
import zlib
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from prongsai.improvement import uploads
from prongsai.improvement.models import EvidenceRevision
from prongsai.improvement.services import (
    evidence_add_file,
    evidence_add_screenshot,
    evidence_revise,
)
from tests.improvement.conftest import png_bytes, upload

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
STORED_NAME = re.compile(r"evidence/\d+/\d{4}/\d{2}/[0-9a-f]{32}\.(pdf|png|jpg|docx|xlsx)")


def add_file(result: Any, actor: Any, data: bytes, name: str, **kw: Any) -> Any:
    return evidence_add_file(
        result=result, actor=actor, upload=io.BytesIO(data), name=name, caption=name, **kw
    )


def docx_bytes() -> bytes:
    import docx

    out = io.BytesIO()
    document = docx.Document()
    document.add_paragraph("คำสั่งแต่งตั้งคณะทำงาน")
    document.save(out)
    return out.getvalue()


def xlsx_bytes() -> bytes:
    import openpyxl

    out = io.BytesIO()
    book = openpyxl.Workbook()
    book.active["A1"] = "ผลสำรวจความพึงพอใจ"
    book.save(out)
    return out.getvalue()


def png_claiming(width: int, height: int) -> bytes:
    """A small PNG whose header claims a huge image (a decompression bomb)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\0" * 64))
        + chunk(b"IEND", b"")
    )


def test_a_file_too_large_is_refused_with_the_limit(
    settings: Any, finance_result: Any, agency_admin: Any
) -> None:
    settings.UPLOAD_MAX_BYTES = 2048
    before = finance_result.evidence.count()
    with pytest.raises(ValidationError) as e:
        add_file(finance_result, agency_admin, PDF + b"0" * 4096, "big.pdf")
    assert e.value.message_dict["file"] == ["ไฟล์ใหญ่เกินไป รับได้ไม่เกิน 2 KB ต่อไฟล์"]
    assert finance_result.evidence.count() == before


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (
            b"MZ\x90\x00\x03\x00\x00\x00\x04\x00PE\x00\x00" + b"\x00" * 64,
            "report.pdf",
        ),  # an .exe renamed .pdf
        (b"<!doctype html><script>alert(document.cookie)</script>", "photo.png"),  # HTML named .png
        (b"just some text", "notes.docx"),
    ],
    ids=["exe-named-pdf", "html-named-png", "text-named-docx"],
)
def test_a_file_of_a_forbidden_type_is_refused_whatever_its_name(
    data: bytes, name: str, finance_result: Any, agency_admin: Any, media_root: Path
) -> None:
    files_before = sorted(media_root.rglob("*.*"))
    count_before = finance_result.evidence.count()
    with pytest.raises(ValidationError) as e:
        add_file(finance_result, agency_admin, data, name)
    assert "ไม่รับไฟล์ชนิดนี้" in e.value.message_dict["file"][0]
    assert finance_result.evidence.count() == count_before
    assert sorted(media_root.rglob("*.*")) == files_before


def test_the_limit_is_said_in_megabytes(settings: Any) -> None:
    settings.UPLOAD_MAX_BYTES = 20 * 1024 * 1024
    assert uploads.too_large_message() == "ไฟล์ใหญ่เกินไป รับได้ไม่เกิน 20 MB ต่อไฟล์"


def test_a_zip_that_is_not_an_office_document_is_refused() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("payload.exe", b"MZ")
    assert uploads.sniff(out.getvalue()) is None


def test_a_screenshot_must_be_an_image(finance_result: Any, agency_admin: Any) -> None:
    with pytest.raises(ValidationError, match="ภาพหน้าจอต้องเป็นไฟล์ภาพ"):
        evidence_add_screenshot(
            result=finance_result,
            actor=agency_admin,
            upload=io.BytesIO(PDF),
            name="x.pdf",
            caption="x",
        )


def test_a_decompression_bomb_is_refused(finance_result: Any, agency_admin: Any) -> None:
    with pytest.raises(ValidationError, match="พิกเซล"):
        evidence_add_screenshot(
            result=finance_result,
            actor=agency_admin,
            upload=io.BytesIO(png_claiming(30000, 30000)),
            name="bomb.png",
            caption="bomb",
        )


def test_a_name_that_tries_to_escape_the_folder_is_stored_under_a_safe_name(
    finance_result: Any, agency_admin: Any, media_root: Path
) -> None:
    evidence = add_file(finance_result, agency_admin, PDF, "../../etc/passwd.pdf")
    revision = evidence.current
    assert STORED_NAME.fullmatch(revision.file.name), revision.file.name
    assert ".." not in revision.file.name and "passwd" not in revision.file.name
    assert revision.original_name == "passwd.pdf"
    stored = Path(revision.file.path).resolve()
    assert stored.is_relative_to(media_root.resolve())
    assert stored.read_bytes() == PDF
    assert not (media_root.parent / "etc").exists()


def test_the_sha256_and_size_are_those_of_the_content(
    finance_result: Any, agency_admin: Any
) -> None:
    evidence = add_file(finance_result, agency_admin, PDF, "คำสั่ง.pdf")
    revision = evidence.current
    assert revision.sha256 == hashlib.sha256(PDF).hexdigest()
    assert revision.size == len(PDF) and revision.content_type == "application/pdf"
    assert revision.original_name == "คำสั่ง.pdf"


@pytest.mark.parametrize(("maker", "ext"), [(docx_bytes, "docx"), (xlsx_bytes, "xlsx")])
def test_word_and_excel_files_are_recognised_by_their_content(
    maker: Any, ext: str, finance_result: Any, agency_admin: Any
) -> None:
    evidence = add_file(finance_result, agency_admin, maker(), f"file-without-extension-{ext}")
    assert evidence.current.file.name.endswith(f".{ext}")


def test_images_get_a_thumbnail(finance_result: Any, agency_admin: Any) -> None:
    evidence = evidence_add_screenshot(
        result=finance_result,
        actor=agency_admin,
        upload=io.BytesIO(png_bytes((1600, 900))),
        name="s.png",
        caption="s",
    )
    from PIL import Image

    with Image.open(evidence.current.thumbnail.path) as thumb:
        assert thumb.format == "JPEG" and max(thumb.size) == 480


def test_revising_evidence_keeps_every_earlier_version(
    finance_result: Any, agency_admin: Any
) -> None:
    evidence = add_file(finance_result, agency_admin, PDF, "v1.pdf")
    second = PDF.replace(b"Catalog", b"Catalog /V 2")
    evidence_revise(
        evidence=evidence,
        actor=agency_admin,
        upload=io.BytesIO(second),
        name="v2.pdf",
        note="แก้ไขเลขที่",
    )
    revisions = list(evidence.revisions.order_by("version"))
    assert [r.version for r in revisions] == [1, 2]
    assert [r.original_name for r in revisions] == ["v1.pdf", "v2.pdf"]
    assert Path(revisions[0].file.path).read_bytes() == PDF
    assert Path(revisions[1].file.path).read_bytes() == second
    assert evidence.current == revisions[1]


def test_an_upload_refused_on_the_page_says_why_next_to_the_field_and_keeps_the_caption(
    settings: Any, finance_result: Any, login: Any, agency_admin: Any
) -> None:
    settings.UPLOAD_MAX_BYTES = 2048
    response = login(agency_admin).post(
        f"/improvement/results/{finance_result.pk}/evidence/",
        {
            "kind": "file",
            "caption": "คำสั่งแต่งตั้ง",
            "public": "on",
            "file": upload(PDF + b"0" * 5000, "big.pdf"),
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "ไฟล์ใหญ่เกินไป รับได้ไม่เกิน" in page
    assert 'value="คำสั่งแต่งตั้ง"' in page


def test_files_are_served_only_through_the_agency_checked_view(
    finance_result: Any, login: Any, agency_admin: Any, other_admin: Any, client: Any
) -> None:
    revision = EvidenceRevision.objects.get(evidence__result=finance_result)  # the screenshot
    url = f"/improvement/evidence/files/{revision.pk}/"
    page = (
        login(agency_admin)
        .get(f"/improvement/measures/{finance_result.measure_id}/")
        .content.decode()
    )
    assert url in page and "/media/" not in page
    response = client.get(url)
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("inline")
    assert "sandbox" in response["Content-Security-Policy"]
    assert b"".join(response.streaming_content) == png_bytes()
    download = client.get(url + "?download=1")
    assert download["Content-Disposition"].startswith("attachment")
    client.logout()
    assert login(other_admin).get(url).status_code == 404
    assert client.get(url + "thumb/").status_code == 404


def test_an_oversized_upload_is_dropped_while_it_streams_in(settings: Any) -> None:
    from django.core.files.uploadhandler import SkipFile
    from django.test import RequestFactory

    settings.UPLOAD_MAX_BYTES = 2048
    request = RequestFactory().post("/")
    handler = uploads.LimitedUploadHandler(request)
    handler.new_file("evidence_file", "big.pdf", "application/pdf", 10_000)
    assert handler.receive_data_chunk(b"x" * 1024, 0) == b"x" * 1024
    with pytest.raises(SkipFile):
        handler.receive_data_chunk(b"x" * 2048, 1024)
    assert request.uploads_too_large == ["evidence_file"]  # type: ignore[attr-defined]


def test_a_result_with_a_file_too_large_is_not_saved_and_keeps_its_text(
    settings: Any, finance_measure: Any, login: Any, department_editor: Any
) -> None:
    settings.UPLOAD_MAX_BYTES = 2048
    response = login(department_editor).post(
        f"/improvement/measures/{finance_measure.pk}/results/",
        {
            "text": "ผลที่มีไฟล์ใหญ่",
            "date": "2024-01-10",
            "evidence_file": upload(PDF + b"0" * 9000, "scan.pdf"),
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert 'id="result_evidence_file_errors"' in page and "ไฟล์ใหญ่เกินไป รับได้ไม่เกิน 2 KB ต่อไฟล์" in page
    assert "ผลที่มีไฟล์ใหญ่</textarea>" in page
    assert not finance_measure.results.exists()
