"""The PDF: content and order, fonts, digits, page numbers, edge cases (no database)."""

from __future__ import annotations

import io
import re
import threading
from dataclasses import replace
from pathlib import Path
from typing import Any

import pypdf
import pytest
from PIL import Image

from prongsai.documents import layout, render_pdf
from prongsai.documents.data import DocEvidence
from prongsai.documents.render_pdf import prepare_pdf
from prongsai.documents.sample import seed_report
from prongsai.lib.thai import with_digits
from prongsai.lib.thaibreak import strip

from . import (
    annex_captions,
    assert_in_order,
    expected_texts,
    needs_poppler,
    normalise,
    pdf_header,
    pdf_text,
    pdf_words,
    synthetic,
    without_weaknesses,
)

# A number written with Arabic digits that is not part of a code (I7, o11) or a URL.
ARABIC_NUMBER = re.compile(r"(?<![A-Za-z0-9./:])[0-9]+(?:[.,/][0-9]+)*(?![A-Za-z])")
RIGHT_EDGE = 595.28 - layout.MARGIN_CM * layout.CM


@pytest.fixture(scope="module")
def seed_pdf() -> bytes:
    return render_pdf.render_pdf(seed_report())


def page_count(pdf: bytes) -> int:
    return len(pypdf.PdfReader(io.BytesIO(pdf)).pages)


@needs_poppler
def test_seed_pdf_has_every_weakness_measure_step_and_result_in_the_seeds_order(
    seed_pdf: bytes,
) -> None:
    doc = seed_report()
    text = pdf_text(seed_pdf)
    assert_in_order(text, expected_texts(doc))
    annex = text[text.index(layout.ANNEX_TITLE) :]
    assert_in_order(annex, annex_captions(doc))


@needs_poppler
def test_seed_pdf_text_layer_has_thai_words_verbatim_and_no_doubled_clusters(
    seed_pdf: bytes,
) -> None:
    text = pdf_text(seed_pdf)
    for word in ("ดำเนินการ", "ประจำปี", "ดังนั้น", "ให้ดีขึ้น", "ซึ่งได้", "ขั้นตอนหรือวิธีการ"):
        assert word in text
    # typst writes the text of a cluster split in two pieces twice (pdftext.py).
    for doubled in ("ขึ้ขึ้", "นั้นั้", "ซึ่ซึ่", "ขั้ขั้", "พิ่พิ่"):
        assert doubled not in text


def test_seed_pdf_embeds_only_sarabun(seed_pdf: bytes) -> None:
    reader = pypdf.PdfReader(io.BytesIO(seed_pdf))
    fonts: set[str] = set()
    for page in reader.pages:
        resources: Any = page["/Resources"]
        for ref in resources["/Font"].values():
            font: Any = ref.get_object()
            fonts.add(str(font["/BaseFont"]).split("+")[-1])
            descendant = font["/DescendantFonts"][0].get_object()
            assert "/FontFile2" in descendant["/FontDescriptor"].get_object()  # embedded
    assert fonts == {"Sarabun-Regular", "Sarabun-Bold"}


def test_seed_pdf_is_a4_with_a_chart_and_the_screenshot(seed_pdf: bytes) -> None:
    reader = pypdf.PdfReader(io.BytesIO(seed_pdf))
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)
    images = [img for page in reader.pages for img in page.images]
    assert len(images) == 2
    assert 6 <= len(reader.pages) <= 20


@needs_poppler
def test_thai_digits_everywhere_and_no_arabic_digit_inside_a_number(seed_pdf: bytes) -> None:
    text = pdf_text(seed_pdf, body_only=False)
    assert "๗๙.๒๗" in text
    assert "๑๔๙/๒๕๖๖" in text  # typed "๑๔๙/2566": one number, one system
    assert "พ.ศ. ๒๕๖๗" in text
    leftovers = [m.group() for m in ARABIC_NUMBER.finditer(text)]
    assert leftovers == []
    assert "I7" in text and "o11" in text  # codes keep the NACC's spelling


@needs_poppler
def test_arabic_digits_when_chosen_but_page_numbers_stay_thai() -> None:
    pdf = render_pdf.render_pdf(replace(seed_report(), digits="arabic"))
    text = pdf_text(pdf)
    assert "79.27" in text and "149/2566" in text and "พ.ศ. 2567" in text
    assert not re.search(r"[๐-๙]", text)
    assert pdf_header(pdf, 2) == "-๒-"


@needs_poppler
def test_page_numbers_are_thai_at_the_top_from_page_two(seed_pdf: bytes) -> None:
    assert pdf_header(seed_pdf, 1) == ""
    for page in (2, 3, 10):
        assert pdf_header(seed_pdf, page) == f"-{with_digits(str(page), 'thai')}-"
    header = [w for w in pdf_words(seed_pdf) if w[4] == "๒"]
    assert header and header[0][1] < layout.MARGIN_CM * layout.CM  # inside the top margin


@needs_poppler
def test_measures_document_has_timelines_and_no_results() -> None:
    doc = replace(synthetic(4, kind="measures"), evidence=())
    pdf = render_pdf.render_pdf(doc)
    text = pdf_text(pdf)
    assert layout.TITLE_MEASURES in text
    assert layout.RESULTS_LABEL not in text
    assert normalise("ระยะเวลาดำเนินการ: ๑ ตุลาคม ๒๕๖๖ – ๓๐ กันยายน ๒๕๖๗") in normalise(text)
    assert_in_order(text, expected_texts(doc))
    assert layout.ANNEX_TITLE not in text


@needs_poppler
def test_a_document_without_weaknesses_says_so() -> None:
    pdf = render_pdf.render_pdf(without_weaknesses(synthetic(3)))
    text = normalise(pdf_text(pdf))
    assert normalise("ไม่พบข้อบกพร่องหรือจุดอ่อน") in text
    assert normalise("มาตรการ :") not in text
    assert normalise("ตัวชี้วัดที่ ๑ ตัวชี้วัด") not in text
    assert page_count(pdf) <= 2


@needs_poppler
def test_forty_weaknesses_render_in_order_with_shared_measures_repeated() -> None:
    doc = synthetic(40)
    pdf = render_pdf.render_pdf(doc)
    text = pdf_text(pdf)
    assert_in_order(text, expected_texts(doc))
    # m1 answers weaknesses 2 and 3: printed in full under both; its evidence once.
    body, annex = text.split(layout.ANNEX_TITLE)
    shared = normalise("มาตรการ : มาตรการที่ ๒ ปรับปรุง")
    assert normalise(body).count(shared) == 2
    assert normalise(annex).count(shared) == 1
    assert 15 <= page_count(pdf) <= 80


def _png(path: Path, size: tuple[int, int], colour: str) -> Path:
    Image.new("RGB", size, colour).save(path)
    return path


@needs_poppler
def test_long_texts_and_many_images_stay_inside_the_page(tmp_path: Path) -> None:
    long_paragraph = "การดำเนินงานตามมาตรการเพื่อความโปร่งใส ให้เป็นไปตามแผน " * 120
    unbroken = "ก" * 200 + "ข้อ" * 40 + "ดำเนินการ" * 12
    sizes = [(1280, 720), (400, 6000), (6000, 300), (30, 30), (2000, 2000)] * 3
    pictures = [
        DocEvidence(
            "m0",
            f"ภาพที่ {i + 1} {unbroken if i == 0 else ''}",
            image_path=_png(tmp_path / f"e{i}.png", size, ["red", "teal", "gold"][i % 3]),
        )
        for i, size in enumerate(sizes)
    ]
    link = DocEvidence("m1", "เว็บไซต์", link="https://www.thatalad.go.th/" + "a" * 150)
    evidence = (*pictures, link)
    doc = synthetic(3, paragraph=long_paragraph + unbroken, evidence=evidence)
    pdf = render_pdf.render_pdf(doc)
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    assert sum(len(page.images) for page in reader.pages) == len(sizes) + 1  # + the chart
    assert 10 <= len(reader.pages) <= 60
    for x_min, _y, x_max, _y2, word in pdf_words(pdf):
        assert x_max <= RIGHT_EDGE + 1, f"runs past the margin: {word[:40]}"
        assert x_min >= layout.MARGIN_LEFT_CM * layout.CM - 1
    for page in reader.pages:
        for image in page.images:
            assert image.image is not None and image.image.size  # decodable
    annex = pdf_text(pdf)
    assert "https://www.thatalad.go.th/" in annex.replace("\n", "")
    links = [a.get_object()["/A"]["/URI"] for p in reader.pages for a in p.get("/Annots", [])]
    assert "https://www.thatalad.go.th/" + "a" * 150 in links


def test_images_are_sized_to_the_text_width_and_sixty_percent_of_the_page(tmp_path: Path) -> None:
    assert layout.fit(4000, 1000) == (round(layout.TEXT_W_PT, 2), round(layout.TEXT_W_PT / 4, 2))
    width, height = layout.fit(400, 6000)
    assert height == round(layout.MAX_IMAGE_H_PT, 2) and width < 40
    assert layout.fit(30, 30) == (22.5, 22.5)  # small pictures are not blown up


def test_a_broken_evidence_file_prints_a_note_and_the_rest(tmp_path: Path) -> None:
    bad = tmp_path / "bad.png"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n not really")
    outside = Path("/etc/hostname")
    evidence = (
        DocEvidence("m0", "ภาพเสีย", image_path=bad),
        DocEvidence("m0", "ไม่ใช่ภาพ", image_path=outside),
        DocEvidence("m0", "ไม่มีไฟล์", image_path=tmp_path / "missing.png"),
    )
    doc = synthetic(2, evidence=evidence)
    inp = prepare_pdf(doc)
    assert [name for name, _ in inp.assets] == ["i1.png"]  # the chart only
    assert strip(inp.data).count(layout.IMAGE_MISSING) == 3
    assert render_pdf.render_pdf(doc)[:5] == b"%PDF-"


def test_typst_reads_only_its_own_folder(tmp_path: Path) -> None:
    picture = _png(tmp_path / "shot.png", (50, 20), "blue")
    doc = synthetic(1, evidence=(DocEvidence("m0", "ภาพ", image_path=picture),))
    render_pdf.render_pdf(doc)
    engine = render_pdf._get_engine()
    assert str(tmp_path) not in prepare_pdf(doc).data  # passed as a copy, not a path
    assert sorted(p.name for p in engine.root.iterdir()) == ["assets", "report.typ"]
    assert list(engine.assets.iterdir()) == []  # nothing left behind


def test_concurrent_renders_share_one_compiler_safely() -> None:
    docs = [synthetic(n) for n in (1, 2, 3, 4)]
    results: dict[int, bytes] = {}

    def work(i: int) -> None:
        results[i] = render_pdf.render_pdf(docs[i])

    threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == [0, 1, 2, 3]
    for i, pdf in results.items():
        assert page_count(pdf) == page_count(render_pdf.render_pdf(docs[i]))
