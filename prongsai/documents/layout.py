"""From a `ReportDocument` to the sequence of blocks both renderers print.

Everything that decides *what* is printed and in which order lives here, so
the PDF and the DOCX cannot drift apart: wording, numbering, digits, dates,
the repeat of a measure under every weakness it answers, the annex grouping,
and the size of every image on the page. The renderers only decide *how*.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Literal

from . import text as t
from .charts import score_chart
from .content import NO_FIX
from .content import TABLE_HEADING as INDICATOR_TABLE_HEADING
from .data import DocMeasure, DocResult, DocTextSection, DocWeaknessBlock, ReportDocument
from .images import prepare_image

# A4 with the Thai official margins: 3 cm on the left (binding side, as the
# ระเบียบงานสารบรรณ sets for official letters), 2.5 cm elsewhere.
CM = 72 / 2.54
PAGE_W_PT = 595.28
PAGE_H_PT = 841.89
MARGIN_LEFT_CM = 3.0
MARGIN_CM = 2.5
TEXT_W_PT = PAGE_W_PT - (MARGIN_LEFT_CM + MARGIN_CM) * CM
MAX_IMAGE_H_PT = 0.6 * PAGE_H_PT
SIGNATURE_W_PT = 4.5 * CM
SIGNATURE_H_PT = 2 * CM
SCREEN_DPI = 96  # an image is never printed larger than its pixels at this density

# The report's title is set on two lines where the seed breaks it.
TITLE = ("รายงานผลการดำเนินการตามมาตรการเพื่อส่งเสริมคุณธรรม", "และความโปร่งใสภายในหน่วยงาน")
TITLE_MEASURES = "มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน"
ANNEX_TITLE = "เอกสารประกอบการดำเนินการ"
ANNEX_SUBTITLE = "ผลการดำเนินการตามมาตรการ เพื่อส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน"
CHART_HEADING = "คะแนนรายตัวชี้วัด"
RESULTS_LABEL = "ผลการดำเนินการตามมาตรการที่กำหนด"
IMAGE_MISSING = "(ไม่สามารถแสดงภาพหลักฐานได้: ไม่พบไฟล์ หรือไฟล์ไม่ใช่ภาพ)"


@dataclass(frozen=True)
class Span:
    text: str
    bold: bool = False
    link: str | None = None
    keep: bool = False  # never broken across lines ("เท่ากับ ๗๙.๒๗ คะแนน")


@dataclass(frozen=True)
class Title:
    lines: tuple[str, ...]


@dataclass(frozen=True)
class Heading:
    text: str
    level: int  # 1 tool section, 2 part and indicator, 3 weakness and measure


@dataclass(frozen=True)
class Label:
    """A bold line introducing what follows ("ขั้นตอนหรือวิธีการ")."""

    spans: tuple[Span, ...]


@dataclass(frozen=True)
class Para:
    spans: tuple[Span, ...]
    indent: bool = True
    align: Literal["justify", "left", "center"] = "justify"


@dataclass(frozen=True)
class Item:
    marker: str
    spans: tuple[Span, ...]


@dataclass(frozen=True)
class Picture:
    data: bytes = field(repr=False)
    ext: str
    width_pt: float
    height_pt: float
    caption: str | None = None


@dataclass(frozen=True)
class PageBreak:
    pass


@dataclass(frozen=True)
class Signature:
    lines: tuple[str, ...]
    dated: str | None = None  # "ประกาศ ณ วันที่ …", above the signature
    image: Picture | None = None  # the scanned signature, above "(ลงชื่อ)"


@dataclass(frozen=True)
class Table:
    """A grid with a bold header row; each cell is one or more lines."""

    header: tuple[str, ...]
    rows: tuple[tuple[tuple[str, ...], ...], ...]
    widths: tuple[float, ...]  # fractions of the text width
    align: tuple[Literal["left", "center"], ...]


Block = Title | Heading | Label | Para | Item | Picture | PageBreak | Signature | Table


def fit(width_px: int, height_px: int) -> tuple[float, float]:
    """Printed size: natural size at 96 dpi, shrunk to the text width and to
    60 % of the page height, aspect ratio kept."""
    width = width_px * 72 / SCREEN_DPI
    height = height_px * 72 / SCREEN_DPI
    scale = min(1.0, TEXT_W_PT / width, MAX_IMAGE_H_PT / height)
    return round(width * scale, 2), round(height * scale, 2)


class _Writer:
    def __init__(self, doc: ReportDocument) -> None:
        self.doc = doc
        self.blocks: list[Block] = []

    def s(self, text: str) -> str:
        return t.prepare(text, self.doc.digits)

    def add(self, block: Block) -> None:
        self.blocks.append(block)

    def para(self, text: str, *, indent: bool = True) -> None:
        self.add(Para((Span(self.s(text)),), indent=indent))


def _validate(doc: ReportDocument) -> None:
    for key, measure in doc.measures.items():
        if key != measure.key:
            raise ValueError(f"มาตรการ '{key}' ระบุรหัสไม่ตรงกับ key '{measure.key}'")
    for block in _blocks(doc):
        for key in block.measure_keys:
            if key not in doc.measures:
                raise ValueError(f"ข้อบกพร่องอ้างถึงมาตรการ '{key}' ซึ่งไม่มีในรายการมาตรการ")
    for ev in doc.evidence:
        if ev.measure_key not in doc.measures:
            raise ValueError(f"หลักฐาน '{ev.caption}' อ้างถึงมาตรการ '{ev.measure_key}' ซึ่งไม่มี")


def _blocks(doc: ReportDocument) -> Iterator[DocWeaknessBlock]:
    for section in doc.sections:
        for indicator in section.indicators:
            yield from indicator.blocks


def layout(doc: ReportDocument) -> list[Block]:
    _validate(doc)
    w = _Writer(doc)
    _title(w)
    if doc.notice:
        w.add(Para((Span(w.s(doc.notice), bold=True),), indent=False, align="center"))
    for paragraph in doc.preamble:
        w.para(paragraph)
    _chart(w)
    _analysis(w)
    if any(True for _ in _blocks(doc)):
        _body(w)
    elif doc.below_mark:
        # Questions are below the mark but none is kept as a weakness (the
        # officer dropped them): say so, never "no weaknesses".
        w.para(
            f"ผลการประเมินมีข้อคำถามที่ได้คะแนนต่ำกว่า {doc.pass_mark:g} คะแนน "
            f"จำนวน {doc.below_mark} ข้อ ซึ่งหน่วยงานได้พิจารณาแล้วไม่กำหนดเป็นข้อบกพร่อง"
        )
    else:
        w.para(
            "ไม่พบข้อบกพร่องหรือจุดอ่อนจากผลการประเมินคุณธรรมและความโปร่งใสในการดำเนินงาน"
            f"ของหน่วยงานภาครัฐ ประจำปีงบประมาณ พ.ศ. {doc.assessment_year} "
            "ที่ต้องกำหนดมาตรการแก้ไขหรือพัฒนาเพิ่มเติม"
        )
    if doc.practice is not None:
        _section(w, doc.practice)
    if doc.signer is not None:
        w.add(_signature(w))
    elif doc.signer_name or doc.signer_title:
        lines = ["(ลงชื่อ) " + "." * 40]
        if doc.signer_name:
            lines.append(f"({w.s(doc.signer_name)})")
        if doc.signer_title:
            lines.append(w.s(doc.signer_title))
        w.add(Signature(tuple(lines)))
    if doc.kind == "results" and doc.evidence:
        _annex(w)
    return w.blocks


def _place_line(doc: ReportDocument) -> str:
    return f"ของ{doc.agency_name} อำเภอ{doc.district} จังหวัด{doc.province}"


def _title(w: _Writer) -> None:
    doc = w.doc
    title = TITLE if doc.kind == "results" else (TITLE_MEASURES,)
    year = f"ประจำปีงบประมาณ พ.ศ. {doc.plan_year}"
    w.add(Title((*title, w.s(_place_line(doc)), w.s(year))))


def _chart(w: _Writer) -> None:
    doc = w.doc
    if not doc.chart:
        return
    image = score_chart(doc.chart, doc.pass_mark, doc.digits)
    w.add(Heading(CHART_HEADING, 2))
    caption = (
        "ผลการประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ "
        f"ประจำปีงบประมาณ พ.ศ. {doc.assessment_year} เส้นประแสดงเกณฑ์ผ่าน "
        f"{doc.pass_mark:g} คะแนน"
    )
    if doc.chart_source:
        caption += f" ({doc.chart_source})"
    width = TEXT_W_PT
    height = round(width * image.height_in / image.width_in, 2)
    w.add(Picture(image.png, "png", width, height, w.s(caption)))


def _section(w: _Writer, section: DocTextSection) -> None:
    w.add(Heading(w.s(section.heading), 2))
    for paragraph in section.paragraphs:
        w.para(paragraph)


def _analysis(w: _Writer) -> None:
    """The o42's analysis before the measures: result, indicator table,
    strengths, points to improve."""
    doc = w.doc
    for section in doc.analysis:
        _section(w, section)
        if section.key == "result" and doc.indicator_rows:
            _indicator_table(w)


def _indicator_table(w: _Writer) -> None:
    digits = w.doc.digits
    w.add(Heading(INDICATOR_TABLE_HEADING, 2))
    rows = tuple(
        (
            (t.number(r.number, digits),),
            (w.s(r.name),),
            (t.score(r.score, digits) if r.score is not None else "ไม่มีข้อมูล",),
            tuple(w.s(f) for f in r.fixes) or (NO_FIX,),
        )
        for r in w.doc.indicator_rows
    )
    w.add(
        Table(
            ("ที่", "ตัวชี้วัด", "คะแนน", "ประเด็นที่ต้องแก้ไข"),
            rows,
            (0.07, 0.31, 0.14, 0.48),
            ("center", "left", "center", "left"),
        )
    )


def _signature(w: _Writer) -> Signature:
    signer = w.doc.signer
    assert signer is not None
    image: Picture | None = None
    if signer.image_path is not None:
        prepared = prepare_image(signer.image_path)
        if prepared is not None:
            width, height = fit(prepared.width_px, prepared.height_px)
            scale = min(1.0, SIGNATURE_W_PT / width, SIGNATURE_H_PT / height)
            image = Picture(
                prepared.data, prepared.ext, round(width * scale, 2), round(height * scale, 2)
            )
    lines = ["(ลงชื่อ) " + "." * 40]
    if signer.name:
        lines.append(f"({w.s(signer.name)})")
    if signer.title:
        lines.append(w.s(signer.title))
    day, year = t.day(signer.signed_on, w.doc.digits).rsplit(" ", 1)
    dated = f"ประกาศ ณ วันที่ {day} พ.ศ. {year}"
    return Signature(tuple(lines), dated=dated, image=image)


def _body(w: _Writer) -> None:
    doc = w.doc
    for section in doc.sections:
        if not any(ind.blocks for ind in section.indicators):
            continue
        w.add(Heading(w.s(section.heading), 1))
        if section.part_heading:
            w.add(Heading(w.s(section.part_heading), 2))
        for indicator in section.indicators:
            if not indicator.blocks:
                continue
            w.add(Heading(w.s(f"ตัวชี้วัดที่ {indicator.number} {indicator.name}"), 2))
            for block in indicator.blocks:
                _weakness(w, block)


def _weakness(w: _Writer, block: DocWeaknessBlock) -> None:
    digits = w.doc.digits
    w.add(Heading("ข้อบกพร่อง", 3))
    for q in block.questions:
        spans = (
            Span(f"ข้อ {t.clean(q.code)}", bold=True),
            Span(f" {w.s(q.text)} ผลการประเมินที่ได้รับ "),
            Span(f"เท่ากับ {t.score(q.score, digits)} คะแนน", keep=True),
        )
        w.add(Para(spans, indent=False))
    if block.analysis.strip():
        w.para(block.analysis)
    for key in block.measure_keys:
        _measure(w, w.doc.measures[key])
    if not block.measure_keys and w.doc.kind == "measures":
        # Made before any measure was planned (or saved): say so rather
        # than leave a weakness looking answered.
        w.para("ยังไม่ได้กำหนดมาตรการสำหรับข้อบกพร่องนี้", indent=False)


def _measure(w: _Writer, m: DocMeasure) -> None:
    digits = w.doc.digits
    w.add(Heading(f"มาตรการ : {w.s(m.name)}", 3))
    if m.steps:
        w.add(Label((Span("ขั้นตอนหรือวิธีการ", bold=True),)))
        for i, step in enumerate(m.steps, 1):
            w.add(Item(f"{t.number(i, digits)}.", (Span(w.s(step)),)))
    if m.responsible:
        w.add(Label((Span("ผู้รับผิดชอบ", bold=True),)))
        for dept in m.responsible:
            w.add(Item("-", (Span(w.s(dept)),)))
    if w.doc.kind == "measures":
        w.add(Para((Span("ระยะเวลาดำเนินการ:", bold=True), Span(" " + _period(w, m))), False))
        return
    w.add(Label((Span(RESULTS_LABEL, bold=True),)))
    for i, result in enumerate(m.results, 1):
        w.add(Item(f"{t.number(i, digits)})", (Span(_result_text(w, result)),)))
    if not m.results:
        w.para("ยังไม่มีผลการดำเนินการ", indent=False)
    if m.status_label:
        w.add(Para((Span("สถานะ:", bold=True), Span(" " + w.s(m.status_label))), False))


def _period(w: _Writer, m: DocMeasure) -> str:
    digits = w.doc.digits
    if m.start and m.due:
        return f"{t.day(m.start, digits)} – {t.day(m.due, digits)}"
    if m.start:
        return f"ตั้งแต่ {t.day(m.start, digits)}"
    if m.due:
        return f"ภายใน {t.day(m.due, digits)}"
    return "ยังไม่ได้กำหนด"


def _result_text(w: _Writer, r: DocResult) -> str:
    digits = w.doc.digits
    parts = [w.s(r.text)]
    if r.date:
        parts.append(f"เมื่อวันที่ {t.day(r.date, digits)}")
    if r.doc_number and r.doc_number.strip():
        parts.append(f"ที่ {w.s(r.doc_number)}")
    if r.doc_date:
        parts.append(f"ลงวันที่ {t.day(r.doc_date, digits)}")
    return " ".join(parts)


def _annex(w: _Writer) -> None:
    doc = w.doc
    w.add(PageBreak())
    year = f"ประจำปีงบประมาณ พ.ศ. {doc.plan_year}"
    w.add(Title((ANNEX_TITLE, ANNEX_SUBTITLE, w.s(_place_line(doc)), w.s(year))))
    by_measure: dict[str, list[int]] = {}
    for i, ev in enumerate(doc.evidence):
        by_measure.setdefault(ev.measure_key, []).append(i)
    done: set[str] = set()
    for section in doc.sections:
        todo = [
            (ind, [k for k in _indicator_keys(ind.blocks) if k in by_measure and k not in done])
            for ind in section.indicators
        ]
        if not any(keys for _, keys in todo):
            continue
        w.add(Heading(w.s(section.heading), 1))
        if section.part_heading:
            w.add(Heading(w.s(section.part_heading), 2))
        for indicator, keys in todo:
            keys = [k for k in keys if k not in done]
            if not keys:
                continue
            w.add(Heading(w.s(f"ตัวชี้วัดที่ {indicator.number} {indicator.name}"), 2))
            for key in keys:
                _annex_measure(w, key, by_measure[key])
                done.add(key)
    rest = [k for k in by_measure if k not in done]
    if rest:
        w.add(Heading("เอกสารประกอบมาตรการอื่น", 1))
        for key in rest:
            _annex_measure(w, key, by_measure[key])


def _indicator_keys(blocks: tuple[DocWeaknessBlock, ...]) -> list[str]:
    return list(dict.fromkeys(k for b in blocks for k in b.measure_keys))


def _annex_measure(w: _Writer, key: str, indexes: list[int]) -> None:
    name = w.s(w.doc.measures[key].name)
    w.add(Heading(f"ผลการดำเนินการตาม มาตรการ : {name} คือ", 3))
    for i in indexes:
        ev = w.doc.evidence[i]
        caption = w.s(ev.caption)
        if ev.image_path is not None:
            image = prepare_image(ev.image_path)
            if image is None:
                w.add(Item("-", (Span(caption),)))
                w.para(IMAGE_MISSING, indent=False)
            else:
                width, height = fit(image.width_px, image.height_px)
                w.add(Picture(image.data, image.ext, width, height, caption))
        if ev.link:
            url = ev.link.strip()
            label = () if ev.image_path is not None else (Span(caption + " "),)
            w.add(Item("-", (*label, Span(url, link=url))))
        elif ev.image_path is None:
            w.add(Item("-", (Span(caption),)))
