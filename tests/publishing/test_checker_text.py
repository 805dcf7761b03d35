"""Year detection, text extraction and keyword matching of the website checker."""

from __future__ import annotations

import io
import os
import zipfile

import pytest

from prongsai.publishing.checker import extract_text, find_years
from prongsai.publishing.checker_text import match_keywords, normalize_for_match

from .conftest import SiteState


@pytest.mark.parametrize(
    ("text", "years"),
    [
        ("ประจำปีงบประมาณ พ.ศ. 2567", {2567}),
        ("ประจำปีงบประมาณ พ.ศ. ๒๕๖๗", {2567}),
        ("พ.ศ.๒๕๖๗", {2567}),
        ("พ.ศ.2566-2567", {2566, 2567}),
        ("ปี 2565, 2566,2567", {2565, 2566, 2567}),
        ("ลงวันที่ 15/03/2567", {2567}),
        ("๑ ตุลาคม ๒๕๖๖ – ๓๐ กันยายน ๒๕๖๗", {2566, 2567}),
        ("ค.ศ. 2024", {2567}),
        ("ค.ศ.๒๐๒๔", {2567}),
        ("(A.D. 2023)", {2566}),
        ("fiscal year 2024 AD", {2567}),
        # Not years of the document:
        ("posted 2024-03-15", set()),
        ("15/03/2024", set()),
        ("ปีงบประมาณ 67", set()),
        ("รหัส 125670", set()),
        ("ราคา 2567.50 บาท", set()),
        ("ค่าใช้จ่าย 2550 บาท", set()),
        ("โทร 0 2567 1234", set()),
        ("โทร. 0-2567-1234", set()),
        ("© 2567 อบต.ตัวอย่าง สงวนลิขสิทธิ์", set()),
        ("สงวนลิขสิทธิ์ พ.ศ. 2567", set()),
        ("Copyright 2560-2567 All rights reserved", set()),
        ("ปี 2499 และ 2601", set()),
        ("1956 AD", set()),
    ],
)
def test_find_years(text: str, years: set[int]) -> None:
    assert find_years(text) == years


def test_find_years_sees_through_zero_width_and_pua_characters() -> None:
    assert find_years("พ.ศ.\u200b2567") == {2567}


def test_html_text_skips_scripts_and_styles() -> None:
    page = (
        "<html><head><style>.y2566{}</style><script>var y = 2566;</script></head>"
        "<body><p>ปี&nbsp;2567</p><noscript>2565</noscript></body></html>"
    ).encode()
    text = extract_text(page, "text/html; charset=utf-8")

    assert "2567" in text and "2566" not in text and "2565" not in text
    assert find_years(text) == {2567}


def test_html_without_content_type_is_recognised() -> None:
    assert find_years(extract_text(b"<!DOCTYPE html><p>2567</p>", None)) == {2567}


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        ("<p>ประกาศ ปี ๒๕๖๗</p>".encode("tis-620"), "text/html; charset=tis-620"),
        ("<p>ประกาศ ปี ๒๕๖๗</p>".encode("cp874"), "text/html; charset=windows-874"),
        ('<meta charset="TIS-620"><p>ประกาศ ปี ๒๕๖๗</p>'.encode("tis-620"), "text/html"),
        ("<html><p>ประกาศ ปี ๒๕๖๗</p></html>".encode("tis-620"), "text/html"),  # no charset
        ("ประกาศ ปี ๒๕๖๗".encode("tis-620"), "text/plain"),
    ],
)
def test_thai_legacy_encodings_are_decoded(body: bytes, content_type: str) -> None:
    text = extract_text(body, content_type)
    assert "ประกาศ" in text
    assert find_years(text) == {2567}


def test_pdf_text_has_the_thai_digit_year(site_state: SiteState) -> None:
    text = extract_text(site_state.pdf, "application/pdf")
    assert "๒๕๖๗" in text or "2567" in text
    assert find_years(text) == {2567}


def test_docx_text_is_read() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(
            "word/document.xml",
            "<w:document><w:body><w:p><w:r><w:t>รายงานผล ปี </w:t></w:r><w:r><w:t>๒๕๖๗"
            "</w:t></w:r></w:p></w:body></w:document>",
        )
    text = extract_text(buffer.getvalue(), "application/octet-stream")
    assert find_years(text) == {2567}


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (b"", "text/html"),
        (b"\x89PNG\r\n\x1a\n" + bytes(64), "image/png"),
        (b"%PDF-1.7\n1 0 obj << /Type /Catalog", "application/pdf"),  # cut short
        (b"PK\x03\x04garbage", None),
        (os.urandom(4096), None),
        (os.urandom(4096), "text/html; charset=no-such-charset"),
        (b"<html><body><p>unclosed <b attr='", "text/html"),
    ],
)
def test_extract_text_never_raises(body: bytes, content_type: str | None) -> None:
    assert isinstance(extract_text(body, content_type), str)


def test_pdf_cut_at_max_bytes_does_not_raise(site_state: SiteState) -> None:
    assert isinstance(extract_text(site_state.pdf[: len(site_state.pdf) // 2], None), str)


def test_keywords_match_across_spaces_zero_width_and_typing_variants() -> None:
    text = "แผน\u200bดำเนิน งาน ประจำปี\n และ มาตรการ\u00adส่งเสริม คุณธรรม (O11) ปี ๒๕๖๗"
    found, missing = match_keywords(
        text, ("แผนดำเนินงาน", "มาตรการส่งเสริมคุณธรรม", "o11", "ปี 2567", "รายงาน")
    )
    assert found == ("แผนดำเนินงาน", "มาตรการส่งเสริมคุณธรรม", "o11", "ปี 2567")
    assert missing == ("รายงาน",)


def test_sara_am_typed_as_two_characters_still_matches() -> None:
    # NIKHAHIT + SARA AA looks exactly like SARA AM on screen.
    assert normalize_for_match("ดําเนินงาน") == normalize_for_match("ดำเนินงาน")
    assert normalize_for_match("เเผน") == normalize_for_match("แผน")


def test_thai_pua_glyphs_from_word_pdfs_are_mapped_back() -> None:
    # TH Sarabun PSK in Word: shifted MAI EK (U+F70A) and SARA I (U+F701).
    assert extract_text("ผู\uf70aบริหาร ป\uf701 2567".encode(), "text/plain") == "ผู่บริหาร ปิ 2567"
    found, _ = match_keywords("ข\uf70aอมูลผู\uf70aบริหาร", ("ข่อมูลผู่บริหาร",))
    assert found == ("ข่อมูลผู่บริหาร",)


def test_empty_keyword_is_never_found() -> None:
    assert match_keywords("anything", ("", " ")) == ((), ("", " "))
