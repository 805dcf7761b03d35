"""The pieces under both renderers: text preparation, layout, chart, text-layer repair."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path

import matplotlib
import pytest
import typst

from prongsai.documents import charts, layout
from prongsai.documents.data import ChartBar, DocWeaknessBlock, default_preamble
from prongsai.documents.fonts import register_matplotlib, sarabun_dir
from prongsai.documents.pdftext import fix_text_layer
from prongsai.documents.sample import seed_report
from prongsai.documents.text import ZWSP, breakable, breakable_url, day, digits_text, prepare

from . import needs_poppler, pdf_text, synthetic

SEED = Path("/work/shared/reference/seed-report-tha-talad-2567.txt")


def test_numbers_follow_the_chosen_digits_but_codes_and_urls_do_not() -> None:
    text = "ข้อ I7 เท่ากับ 79.27 ที่ ๑๔๙/2566 (อ้างอิงจาก o11, ตัวชี้วัด 9.1) https://a.go.th/2566"
    assert digits_text(text, "thai") == (
        "ข้อ I7 เท่ากับ ๗๙.๒๗ ที่ ๑๔๙/๒๕๖๖ (อ้างอิงจาก o11, ตัวชี้วัด ๙.๑) https://a.go.th/2566"
    )
    assert "ที่ 149/2566" in digits_text(text, "arabic")
    assert prepare("  ผู้รับ\n ผิดชอบ  ", "thai") == "ผู้รับ ผิดชอบ"


def test_thai_dates_are_day_month_buddhist_year() -> None:
    assert day(date(2023, 3, 3), "thai") == "๓ มีนาคม ๒๕๖๖"
    assert day(date(2023, 3, 3), "arabic") == "3 มีนาคม 2566"


def test_only_runs_no_line_breaker_can_split_get_break_points() -> None:
    ordinary = "แสดงให้เห็นว่าบุคลากรบางรายในหน่วยงานไม่ทราบข้อมูลเกี่ยวกับงบประมาณของหน่วยงานหรือของส่วนงาน"
    assert breakable(ordinary) == ordinary
    assert ZWSP in breakable("ก" * 200) and breakable("ก" * 200).replace(ZWSP, "") == "ก" * 200
    assert ZWSP in breakable("ก่" * 50)
    assert breakable("x" * 60).count(ZWSP) == 2
    url = "https://www.thatalad.go.th/" + "a" * 100
    assert breakable_url(url).replace(ZWSP, "") == url and ZWSP in breakable_url(url)
    assert (
        breakable_url("https://a.go.th/news/2567/ita?id=1") == "https://a.go.th/news/2567/ita?id=1"
    )


def test_a_shared_measure_is_printed_under_each_weakness_and_its_evidence_once() -> None:
    doc = synthetic(3)  # weakness 3 shares weakness 2's measure m1
    blocks = layout.layout(doc)
    names = [
        b.text for b in blocks if isinstance(b, layout.Heading) and b.text.startswith("มาตรการ")
    ]
    assert names.count("มาตรการ : มาตรการที่ ๒ ปรับปรุงการเผยแพร่ข้อมูล") == 2
    assert names.count("มาตรการ : มาตรการที่ ๑ ปรับปรุงการเผยแพร่ข้อมูล") == 1
    annex = [b.text for b in blocks if isinstance(b, layout.Heading) and "คือ" in b.text]
    assert len(annex) == len(set(annex)) == 2  # m0 and m1, once each


def test_unknown_measure_keys_are_refused_in_thai() -> None:
    doc = synthetic(1)
    section = doc.sections[0]
    indicator = section.indicators[0]
    broken = replace(indicator, blocks=(DocWeaknessBlock((), "x", ("nope",)),))
    bad = replace(doc, sections=(replace(section, indicators=(broken,)),))
    with pytest.raises(ValueError, match="nope"):
        layout.layout(bad)


def test_results_show_date_and_letter_with_one_digit_system() -> None:
    doc = synthetic(1)
    items = [b for b in layout.layout(doc) if isinstance(b, layout.Item) and b.marker == "๑)"]
    assert items[0].spans[0].text == (
        "ผลการดำเนินการที่ ๑ เมื่อวันที่ ๓ มีนาคม ๒๕๖๗ ที่ ๑๔๙/๒๕๖๖ ลงวันที่ ๓ มีนาคม ๒๕๖๖"
    )


def test_the_measures_preamble_announces_measures() -> None:
    results = default_preamble("อบต.ทดสอบ", 2566, "results")
    measures = default_preamble("อบต.ทดสอบ", 2566, "measures")
    assert results[0] == measures[0] and "พ.ศ. 2566" in results[0]
    assert "จึงขอรายงานผล" in results[1] and "ระยะเวลาดำเนินการ" in measures[1]


def _chart_texts(bars: tuple[ChartBar, ...]) -> tuple[list[str], list[str]]:
    key = tuple((b.label, None if b.score is None else str(b.score)) for b in bars)
    with matplotlib.rc_context({"font.family": register_matplotlib()}):
        fig, _ = charts.build_figure(key, Decimal(85), "thai")
    ax = fig.axes[0]
    colours = [matplotlib.colors.to_hex(p.get_facecolor()) for p in ax.patches]
    return [t.get_text() for t in ax.texts], colours


def test_chart_shows_a_missing_score_as_no_data_and_low_bars_in_another_colour() -> None:
    bars = (
        ChartBar("ตัวชี้วัดที่ 1 การปฏิบัติหน้าที่", Decimal("92.5")),
        ChartBar("ตัวชี้วัดที่ 2 การใช้งบประมาณ", Decimal("79.27")),
        ChartBar("ตัวชี้วัดที่ 3 การใช้อำนาจ", None),
    )
    texts, colours = _chart_texts(bars)
    assert texts == ["๙๒.๕๐", "๗๙.๒๗", charts.NO_DATA]
    assert colours[:2] == [charts.PASS_COLOUR, charts.BELOW_COLOUR]
    image = charts.score_chart(bars, Decimal(85), "thai")
    assert image.png.startswith(b"\x89PNG")
    assert charts.score_chart(bars, Decimal(85), "thai") is image  # cached by its data


@needs_poppler
def test_text_layer_repair_removes_doubled_clusters(tmp_path: Path) -> None:
    source = tmp_path / "t.typ"
    words = "ที่ เพิ่ม ให้ดีขึ้น ดังนั้น ซึ่งได้ ปั้นน้ำ ตั้งใจ ดำเนินการ ประจำปี"
    source.write_text(f'#set text(font: "Sarabun", lang: "th")\n{words}\n')
    raw = typst.Compiler(str(source), font_paths=[str(sarabun_dir())]).compile(format="pdf")
    assert isinstance(raw, bytes)
    assert pdf_text(raw, body_only=False).split() != words.split()  # typst's bug is still there
    fixed = fix_text_layer(raw)
    assert pdf_text(fixed, body_only=False).split() == words.split()


@needs_poppler
def test_text_layer_repair_reads_typsts_file_directly_with_the_same_result_as_pypdf() -> None:
    from prongsai.documents import pdftext
    from prongsai.documents.render_pdf import _get_engine, prepare_pdf

    engine = _get_engine()
    inp = prepare_pdf(seed_report())
    for name, data in inp.assets:
        (engine.assets / name).write_bytes(data)
    try:
        raw = engine.compiler.compile(format="pdf", sys_inputs={"data": inp.data})
    finally:
        for name, _ in inp.assets:
            (engine.assets / name).unlink()
    assert isinstance(raw, bytes)
    direct = pdftext._fix_direct(raw)
    assert direct is not None  # typst's layout is recognised: pypdf is not needed
    assert pdf_text(direct, body_only=False) == pdf_text(
        pdftext._fix_with_pypdf(raw), body_only=False
    )
    assert pdftext._fix_direct(b"%PDF-1.7 not what typst writes") is None


def test_hint_removal_takes_every_joiner_out_of_the_text_layer_and_leaves_numbers_alone() -> None:
    from prongsai.documents.pdftext import _strip_hints

    def span(hex_: str) -> bytes:
        return (
            b"/Span<</ActualText<FEFF"
            + hex_.encode()
            + b">>>BDC 0 Tr/f1 10.64 Tf 1 0 0 -1 12060 0 Tm"
        )

    page = b"\n".join(
        [
            span("0E2D2060"),  # the usual: a hint ends its cluster's text
            span("0E07200B"),
            span("0E2D2060200B"),  # two in a row
            span("20600E2D"),  # one that starts a cluster
            span("0E2D"),
            b"q 1 0 0 -1 85.2060 760.200B cm",  # digits, not text
        ]
    )
    assert _strip_hints(page) == b"\n".join(
        [
            span("0E2D"),
            span("0E07"),
            span("0E2D"),
            span("0E2D"),
            span("0E2D"),
            b"q 1 0 0 -1 85.2060 760.200B cm",
        ]
    )


@pytest.mark.skipif(not SEED.exists(), reason="the seed report text is not on this machine")
def test_sample_texts_are_copied_from_the_seed_report() -> None:
    def squash(text: str) -> str:
        return re.sub(r"\s+", "", unicodedata.normalize("NFC", text))

    seed = squash(SEED.read_text())
    doc = seed_report()
    texts = list(doc.preamble)
    for section in doc.sections:
        texts.append(section.heading)
        for indicator in section.indicators:
            for block in indicator.blocks:
                texts.append(block.analysis)
                texts += [q.text for q in block.questions] + [str(q.score) for q in block.questions]
    for m in doc.measures.values():
        texts += [m.name, *m.steps, *m.responsible, *(r.text for r in m.results)]
    texts += [e.caption for e in doc.evidence]
    assert [t for t in texts if squash(t) not in seed] == []
    assert (
        len([q for s in doc.sections for i in s.indicators for b in i.blocks for q in b.questions])
        == 10
    )
