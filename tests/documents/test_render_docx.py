"""The DOCX: content and order, Thai font settings, digits, page numbers, images, links."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from dataclasses import replace
from pathlib import Path

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Length
from PIL import Image

from prongsai.documents import layout
from prongsai.documents.data import DocEvidence
from prongsai.documents.render_docx import render_docx
from prongsai.documents.sample import seed_report

from . import (
    annex_captions,
    assert_in_order,
    docx_list_labels,
    docx_part,
    docx_text,
    expected_texts,
    normalise,
    synthetic,
    without_weaknesses,
)

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module")
def seed_docx() -> bytes:
    return render_docx(seed_report())


def style_xml(styles: str, style_id: str) -> str:
    match = re.search(rf'<w:style [^>]*w:styleId="{style_id}".*?</w:style>', styles, re.S)
    assert match, style_id
    return match.group()


def test_seed_docx_has_every_weakness_measure_step_and_result_in_the_seeds_order(
    seed_docx: bytes,
) -> None:
    doc = seed_report()
    text = docx_text(seed_docx)
    assert_in_order(text, expected_texts(doc))
    assert_in_order(text[text.index(layout.ANNEX_TITLE) :], annex_captions(doc))
    assert "ดำเนินการ" in text and "ประจำปี" in text


def test_thai_font_and_size_are_set_for_complex_script_in_defaults_and_styles(
    seed_docx: bytes,
) -> None:
    styles = docx_part(seed_docx, "word/styles.xml")
    defaults = re.search(r"<w:docDefaults>.*?</w:docDefaults>", styles, re.S)
    assert defaults
    for xml in (defaults.group(), style_xml(styles, "Normal")):
        assert 'w:cs="TH SarabunPSK"' in xml
        assert 'w:ascii="TH SarabunPSK"' in xml
        assert '<w:szCs w:val="32"/>' in xml and '<w:sz w:val="32"/>' in xml
        assert 'w:bidi="th-TH"' in xml
        assert "w:cstheme" not in xml and "w:asciiTheme" not in xml
    for style_id in ("Heading1", "Heading2", "Heading3", "Title"):
        xml = style_xml(styles, style_id)
        assert "<w:b/>" in xml and "<w:bCs/>" in xml, style_id
        assert 'w:cs="TH SarabunPSK"' in xml
    for style_id in ("ListNumber", "ListBullet", "BodyText", "Caption", "Signature"):
        assert '<w:basedOn w:val="Normal"/>' in style_xml(styles, style_id)  # Normal's font


def test_bold_labels_are_a_character_style_bold_for_thai_too(seed_docx: bytes) -> None:
    body = docx_part(seed_docx, "word/document.xml")
    runs = re.findall(r"<w:r>(?:(?!</w:r>).)*ข้อ I7(?:(?!</w:r>).)*</w:r>", body, re.S)
    assert runs and '<w:rStyle w:val="Label"/>' in runs[0]
    label = style_xml(docx_part(seed_docx, "word/styles.xml"), "Label")
    assert "<w:b/>" in label and "<w:bCs/>" in label


def test_nothing_in_the_body_is_formatted_directly(seed_docx: bytes) -> None:
    body = docx_part(seed_docx, "word/document.xml")
    body = body[: body.rindex("<w:sectPr")]
    for direct in ("<w:b/>", "<w:bCs/>", "<w:jc ", "<w:ind ", "<w:color ", "<w:keepNext/>"):
        assert direct not in body, direct
    d = docx.Document(io.BytesIO(seed_docx))
    assert all(p.style is not None for p in d.paragraphs)
    assert {p.style.name for p in d.paragraphs if p.style} >= {
        "Title",
        "Heading 1",
        "Body Text",
        "List Number",
        "List Bullet",
        "Label Line",
    }


def test_steps_and_results_are_word_lists_not_typed_numbers(seed_docx: bytes) -> None:
    d = docx.Document(io.BytesIO(seed_docx))
    typed = [p.text for p in d.paragraphs if re.match(r"^\s*([0-9๐-๙]+[.)]|-)\s", p.text)]
    assert typed == []
    assert "\t" not in docx_text(seed_docx)
    numbering = docx_part(seed_docx, "word/numbering.xml")
    assert numbering.count('<w:numFmt w:val="thaiNumbers"/>') == 2  # steps "%1." and results "%1)"
    assert '<w:lvlText w:val="%1."/>' in numbering and '<w:lvlText w:val="%1)"/>' in numbering
    listed = [p for p in d.paragraphs if p.style is not None and p.style.name == "List Number"]
    assert listed and all(p._p.pPr.numPr is not None for p in listed)
    # Every measure's steps start at ๑ again: as many ๑. as measures printed.
    labels = list(docx_list_labels(seed_docx).values())
    body = docx_text(seed_docx).split(layout.ANNEX_TITLE)[0]
    measures = body.count("มาตรการ :")
    assert labels.count("๑.") == measures and "๒." in labels and "๑)" in labels
    arabic = render_docx(replace(seed_report(), digits="arabic"))
    assert '<w:numFmt w:val="decimal"/>' in docx_part(arabic, "word/numbering.xml")
    assert "1." in docx_list_labels(arabic).values()


def test_package_is_lean_and_describes_the_document(seed_docx: bytes) -> None:
    with zipfile.ZipFile(io.BytesIO(seed_docx)) as z:
        names = z.namelist()
        styles_size = z.getinfo("word/styles.xml").file_size
    assert "docProps/thumbnail.jpeg" not in names
    assert "word/stylesWithEffects.xml" not in names
    assert not [n for n in names if n.startswith("customXml/")]
    assert styles_size < 20_000  # python-docx's template: 350 KB + 438 KB
    assert "thumbnail" not in docx_part(seed_docx, "_rels/.rels")
    d = docx.Document(io.BytesIO(seed_docx))
    props = d.core_properties
    doc = seed_report()
    assert props.title.endswith(doc.agency_name) and props.title.startswith("รายงานผล")
    assert props.author == doc.agency_name
    assert props.created is not None and props.created.date() == dt.datetime.now(dt.UTC).date()
    assert "python-docx" not in docx_part(seed_docx, "docProps/core.xml")
    assert "Microsoft" not in docx_part(seed_docx, "docProps/app.xml")


def test_body_is_thai_justified_on_a4_with_official_margins(seed_docx: bytes) -> None:
    d = docx.Document(io.BytesIO(seed_docx))
    assert d.styles["Normal"].paragraph_format.alignment == WD_ALIGN_PARAGRAPH.THAI_JUSTIFY
    section = d.sections[0]

    def cm(length: Length | None) -> float:
        assert length is not None
        return round(length.cm, 2)

    assert (cm(section.page_width), cm(section.page_height)) == (21.0, 29.7)
    assert cm(section.left_margin) == 3.0
    assert cm(section.right_margin) == cm(section.top_margin) == cm(section.bottom_margin) == 2.5


def test_page_numbers_are_a_thai_page_field_in_the_header_not_on_page_one(
    seed_docx: bytes,
) -> None:
    d = docx.Document(io.BytesIO(seed_docx))
    section = d.sections[0]
    assert section.different_first_page_header_footer
    header = section.header._element.xml
    # A plain PAGE field: the section's number format makes it Thai in Word
    # (LibreOffice reads every Thai field switch as Thai letters, "- ข -").
    assert '<w:instrText xml:space="preserve"> PAGE </w:instrText>' in header
    assert "\\*" not in header
    assert "PAGE" not in section.first_page_header._element.xml
    assert 'w:fmt="thaiNumbers"' in docx_part(seed_docx, "word/document.xml")


def test_digits_follow_the_document_choice(seed_docx: bytes) -> None:
    thai = docx_text(seed_docx)
    assert "๗๙.๒๗" in thai and "๑๔๙/๒๕๖๖" in thai
    assert not re.search(r"(?<![A-Za-z0-9])[0-9]+(?![A-Za-z])", thai)
    arabic = docx_text(render_docx(replace(seed_report(), digits="arabic")))
    assert "79.27" in arabic and "149/2566" in arabic
    assert not re.search(r"[๐-๙]", arabic)


def test_chart_and_evidence_are_inline_pictures_with_captions(seed_docx: bytes) -> None:
    with zipfile.ZipFile(io.BytesIO(seed_docx)) as z:
        media = [n for n in z.namelist() if n.startswith("word/media/")]
    assert len(media) == 2
    d = docx.Document(io.BytesIO(seed_docx))
    assert len(d.inline_shapes) == 2
    width = max(shape.width for shape in d.inline_shapes)
    assert abs(width.pt - layout.TEXT_W_PT) < 1
    captions = [p.text for p in d.paragraphs if p.style is not None and p.style.name == "Caption"]
    assert normalise(seed_report().evidence[4].caption) in [normalise(c) for c in captions]


def test_links_are_hyperlinks(tmp_path: Path) -> None:
    url = "https://www.thatalad.go.th/news/2567/ita?id=149"
    picture = tmp_path / "p.png"
    Image.new("RGB", (300, 9000), "red").save(picture)
    evidence = (
        DocEvidence("m0", "ประกาศ", link=url),
        DocEvidence("m0", "ภาพสูงมาก", image_path=picture),
    )
    data = render_docx(synthetic(2, evidence=evidence))
    rels = docx_part(data, "word/_rels/document.xml.rels")
    assert url in rels and 'TargetMode="External"' in rels
    assert "<w:hyperlink" in docx_part(data, "word/document.xml")
    assert url in docx_text(data)
    d = docx.Document(io.BytesIO(data))
    tall = min(d.inline_shapes, key=lambda s: s.width)
    assert tall.height.pt <= layout.MAX_IMAGE_H_PT + 1


def test_measures_document_has_timelines_and_no_results() -> None:
    doc = replace(synthetic(3, kind="measures"), evidence=())
    text = docx_text(render_docx(doc))
    assert layout.RESULTS_LABEL not in text and layout.ANNEX_TITLE not in text
    assert "ระยะเวลาดำเนินการ: ๑ ตุลาคม ๒๕๖๖ – ๓๐ กันยายน ๒๕๖๗" in text
    assert_in_order(text, expected_texts(doc))


def test_no_weaknesses_and_forty_weaknesses_render() -> None:
    empty = docx_text(render_docx(without_weaknesses(synthetic(2))))
    assert "ไม่พบข้อบกพร่องหรือจุดอ่อน" in empty and "มาตรการ :" not in empty
    doc = synthetic(40)
    text = docx_text(render_docx(doc))
    assert_in_order(text, expected_texts(doc))
    body, annex = text.split(layout.ANNEX_TITLE)
    assert body.count("มาตรการ : มาตรการที่ ๒ ปรับปรุง") == 2
    assert annex.count("มาตรการ : มาตรการที่ ๒ ปรับปรุง") == 1
