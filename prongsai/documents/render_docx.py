"""DOCX through python-docx, for agencies that edit the document in Word.

Thai is a complex script: Word and LibreOffice take its font from `w:cs` and
its size from `w:szCs`, and bold from `w:bCs`. Plain python-docx sets none of
them, so Thai falls back to the theme's Thai font at 11 pt. Every style used
here, and docDefaults, name "TH SarabunPSK" 16 pt on all four font slots
(thai-documents.md §4). List numbers are written as text, not Word numbering,
so they follow the document's digits and restart under every measure.
"""

from __future__ import annotations

import io
from typing import cast

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.styles.style import BaseStyle, ParagraphStyle
from docx.text.paragraph import Paragraph

from . import layout as lay
from .data import ReportDocument
from .docx_thai import default_run_properties, name_font, thai_font
from .fonts import DOCX_BODY_PT, DOCX_TITLE_PT

MARKER_CM = 0.8
LIST_INSET_CM = 0.6
LINK_COLOUR = RGBColor(0x1A, 0x4F, 0x9C)
BLACK = RGBColor(0, 0, 0)


def _fix_doc_defaults(doc: DocxDocument) -> None:
    rPr = default_run_properties(doc)
    name_font(rPr.find(qn("w:rFonts")))
    rPr.find(qn("w:sz")).set(qn("w:val"), str(DOCX_BODY_PT * 2))
    rPr.find(qn("w:szCs")).set(qn("w:val"), str(DOCX_BODY_PT * 2))
    lang = rPr.find(qn("w:lang"))
    lang.set(qn("w:val"), "th-TH")
    lang.set(qn("w:bidi"), "th-TH")


def _plain_paragraph_style(style: BaseStyle) -> None:
    """Drop the template's borders, numbering, letter spacing and kerning
    (the Title style is spaced out by 0.25 pt, which wraps long Thai titles)."""
    for parent, tags in (("w:pPr", ("w:pBdr", "w:numPr")), ("w:rPr", ("w:spacing", "w:kern"))):
        props = style.element.find(qn(parent))
        if props is not None:
            for tag in tags:
                for el in props.findall(qn(tag)):
                    props.remove(el)


def _style(doc: DocxDocument, name: str) -> ParagraphStyle:
    return cast(ParagraphStyle, doc.styles[name])


def _setup_styles(doc: DocxDocument) -> None:
    _fix_doc_defaults(doc)
    normal = _style(doc, "Normal")
    thai_font(normal)
    pf = normal.paragraph_format
    pf.space_before = Pt(0)
    pf.space_after = Pt(0)
    pf.line_spacing = 1.0
    pf.alignment = WD_ALIGN_PARAGRAPH.THAI_JUSTIFY
    for name in ("Heading 1", "Heading 2", "Heading 3", "Title"):
        style = _style(doc, name)
        big = name == "Title"
        thai_font(style, DOCX_TITLE_PT if big else DOCX_BODY_PT, bold=True)
        style.font.color.rgb = BLACK
        style.font.italic = False
        _plain_paragraph_style(style)
        spf = style.paragraph_format
        spf.space_before = Pt(0 if big else (12 if name != "Heading 3" else 6))
        spf.space_after = Pt(6 if big else 0)
        spf.line_spacing = 1.0
        spf.keep_with_next = True
        spf.alignment = WD_ALIGN_PARAGRAPH.CENTER if big else WD_ALIGN_PARAGRAPH.LEFT
    for name in ("List Number", "List Bullet"):
        style = _style(doc, name)
        thai_font(style)
        _plain_paragraph_style(style)
        spf = style.paragraph_format
        spf.left_indent = Cm(LIST_INSET_CM + MARKER_CM)
        spf.first_line_indent = Cm(-MARKER_CM)
        spf.tab_stops.add_tab_stop(Cm(LIST_INSET_CM + MARKER_CM))
    for name in ("Caption", "Header"):
        style = _style(doc, name)
        thai_font(style, bold=False)
        style.font.color.rgb = BLACK
        style.font.italic = False


def _page_setup(doc: DocxDocument) -> None:
    section = doc.sections[0]
    section.page_width = Cm(21)
    section.page_height = Cm(29.7)
    section.left_margin = Cm(lay.MARGIN_LEFT_CM)
    section.right_margin = section.top_margin = section.bottom_margin = Cm(lay.MARGIN_CM)
    section.header_distance = Cm(1.25)
    section.different_first_page_header_footer = True  # no number on page 1
    # Thai page numbers: the field switch for Word, the section format as well.
    num_type = OxmlElement("w:pgNumType")
    num_type.set(qn("w:fmt"), "thaiNumbers")
    cols = section._sectPr.find(qn("w:cols"))  # schema order: pgNumType before cols
    if cols is not None:
        cols.addprevious(num_type)
    else:
        section._sectPr.append(num_type)
    header = section.header.paragraphs[0]
    header.style = doc.styles["Header"]
    header.alignment = WD_ALIGN_PARAGRAPH.CENTER
    header.add_run("- ")
    _page_field(header)
    header.add_run(" -")
    section.first_page_header.is_linked_to_previous = False  # an empty first-page header


def _page_field(paragraph: Paragraph) -> None:
    def fld(kind: str) -> None:
        el = OxmlElement("w:fldChar")
        el.set(qn("w:fldCharType"), kind)
        paragraph.add_run()._r.append(el)

    fld("begin")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = r" PAGE \* ThaiArabic "
    paragraph.add_run()._r.append(instr)
    fld("separate")
    paragraph.add_run("๒")  # shown until the field is updated
    fld("end")


def _add_link(paragraph: Paragraph, url: str, text: str) -> None:
    r_id = paragraph.part.relate_to(url, RT.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), r_id)
    run = OxmlElement("w:r")
    rPr = OxmlElement("w:rPr")
    colour = OxmlElement("w:color")
    colour.set(qn("w:val"), str(LINK_COLOUR))
    underline = OxmlElement("w:u")
    underline.set(qn("w:val"), "single")
    rPr.append(colour)
    rPr.append(underline)
    run.append(rPr)
    t = OxmlElement("w:t")
    t.set(qn("xml:space"), "preserve")
    t.text = text
    run.append(t)
    link.append(run)
    paragraph._p.append(link)


def _spans(paragraph: Paragraph, spans: tuple[lay.Span, ...]) -> None:
    for span in spans:
        if span.link:
            _add_link(paragraph, span.link, span.text)
            continue
        run = paragraph.add_run(span.text)
        if span.bold:
            run.font.bold = True
            run.font.cs_bold = True


def render_docx(doc: ReportDocument) -> bytes:
    out = Document()
    _setup_styles(out)
    _page_setup(out)
    props = out.core_properties
    props.title = f"{''.join(lay.TITLE) if doc.kind == 'results' else lay.TITLE_MEASURES}"
    props.author = doc.agency_name
    props.language = "th-TH"
    body = out.paragraphs[0] if out.paragraphs else None
    if body is not None:  # the template's empty first paragraph
        body._p.getparent().remove(body._p)
    for block in lay.layout(doc):
        _block(out, block)
    buf = io.BytesIO()
    out.save(buf)
    return buf.getvalue()


def _paragraph(out: DocxDocument, style_id: str) -> Paragraph:
    """A new paragraph in a style named by its id: python-docx's lookup by
    name scans every style for each paragraph and took most of the time."""
    p = out.add_paragraph()
    p._p.style = style_id
    return p


def _block(out: DocxDocument, block: lay.Block) -> None:
    match block:
        case lay.Title(lines):
            p = _paragraph(out, "Title")
            for i, line in enumerate(lines):
                run = p.add_run(line)
                if i < len(lines) - 1:
                    run.add_break()
        case lay.Heading(text, level):
            _paragraph(out, f"Heading{level}").add_run(text)
        case lay.Label(spans):
            p = out.add_paragraph()
            p.paragraph_format.keep_with_next = True
            p.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
            _spans(p, spans)
        case lay.Para(spans, indent, align):
            p = out.add_paragraph()
            if indent:
                p.paragraph_format.first_line_indent = Cm(2.5)
            if align == "center":
                p.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
            elif align == "left":
                p.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
            _spans(p, spans)
        case lay.Item(marker, spans):
            p = _paragraph(out, "ListBullet" if marker == "-" else "ListNumber")
            p.add_run(f"{marker}\t")
            _spans(p, spans)
        case lay.Picture(data, _ext, width, _height, caption):
            p = out.add_paragraph()
            p.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
            p.paragraph_format.space_before = Pt(6)
            p.paragraph_format.keep_with_next = caption is not None
            p.add_run().add_picture(io.BytesIO(data), width=Pt(width))
            if caption:
                c = _paragraph(out, "Caption")
                c.add_run(caption)
                c.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
                c.paragraph_format.space_after = Pt(6)
        case lay.PageBreak():
            out.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        case lay.Signature(lines):
            out.add_paragraph()
            for line in lines:
                p = out.add_paragraph(line)
                p.paragraph_format.left_indent = Cm(7)
                p.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
                p.paragraph_format.keep_with_next = True
