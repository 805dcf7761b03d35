"""Thai in python-docx: the font on all four script slots, with the complex-script size.

Word and LibreOffice take Thai's font from `w:cs`, its size from `w:szCs` and
bold from `w:bCs`; plain python-docx sets none of them, so Thai falls back to
the theme's Thai font at 11 pt (thai-documents.md §4). The official documents
and the survey report both go through here.
"""

from __future__ import annotations

from typing import Any

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt
from docx.styles.style import CharacterStyle
from docx.text.run import Run

from .fonts import DOCX_BODY_PT, DOCX_FONT

THEME_ATTRS = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")
FONT_ATTRS = ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs")


def name_font(fonts: Any) -> None:
    """A `w:rFonts` element naming DOCX_FONT on every slot; a theme attribute
    would override the explicit name, so those go."""
    for attr in THEME_ATTRS:
        fonts.attrib.pop(qn(attr), None)
    for attr in FONT_ATTRS:
        fonts.set(qn(attr), DOCX_FONT)


def thai_font(
    owner: CharacterStyle | Run, size: float = DOCX_BODY_PT, bold: bool | None = None
) -> None:
    """Font, size, boldness and language on all four script slots."""
    rPr = owner.element.get_or_add_rPr()
    name_font(rPr.get_or_add_rFonts())
    owner.font.size = Pt(size)
    sz_cs = rPr.find(qn("w:szCs"))
    if sz_cs is None:
        sz_cs = OxmlElement("w:szCs")
        assert rPr.sz is not None
        rPr.sz.addnext(sz_cs)  # schema order: right after w:sz
    sz_cs.set(qn("w:val"), str(int(size * 2)))
    if bold is not None:
        owner.font.bold = bold
        owner.font.cs_bold = bold
    lang = rPr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rPr.append(lang)
    lang.set(qn("w:val"), "th-TH")
    lang.set(qn("w:bidi"), "th-TH")


def default_run_properties(doc: Any) -> Any:
    """The `w:rPr` of docDefaults, which names the theme's fonts (Angsana/Cordia
    for Thai) until a caller names ours."""
    return doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
