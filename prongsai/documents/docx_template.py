"""The DOCX's own lean template: the styles it uses and real Word numbering.

python-docx's default template carries 800 KB of styles nobody uses (and a
second copy of them, stylesWithEffects), a thumbnail and core properties
from 2013. The document's styles part is replaced by the few styles below,
each naming "TH SarabunPSK" 16 pt on all four script slots (Thai takes its
font from `w:cs`, its size from `w:szCs`, bold from `w:bCs`;
thai-documents.md §4), and its numbering part by lists Word numbers itself:
an officer who inserts a step gets the next number, in Thai digits
(`thaiNumbers`) or Arabic digits (`decimal`) as the document's setting says.
Paragraphs and runs name these styles by id; nothing is formatted directly.
"""

from __future__ import annotations

from xml.sax.saxutils import quoteattr

from .fonts import DOCX_BODY_PT, DOCX_FONT, DOCX_TITLE_PT

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CM = 567  # twips per centimetre (1440 / 2.54)
MARKER = round(0.8 * CM)  # number or bullet column
LIST_INSET = round(0.6 * CM)
BODY_INDENT = round(2.5 * CM)  # first-line indent of a body paragraph
SIGNATURE_INDENT = 7 * CM
LINK_COLOUR = "1A4F9C"

# Numbering: one abstract list per kind of marker, one `w:num` per list so
# every measure's steps start again at ๑.
STEPS, RESULTS, BULLETS = 0, 1, 2
BULLET_NUM_ID = 1


def _fonts(size: float, bold: bool = False) -> str:
    name = quoteattr(DOCX_FONT)
    half = int(size * 2)
    b = "<w:b/><w:bCs/>" if bold else ""
    return (
        f"<w:rFonts w:ascii={name} w:hAnsi={name} w:eastAsia={name} w:cs={name}/>"
        f'{b}<w:sz w:val="{half}"/><w:szCs w:val="{half}"/>'
        '<w:lang w:val="th-TH" w:eastAsia="th-TH" w:bidi="th-TH"/>'
    )


def _paragraph_style(
    style_id: str,
    name: str,
    ppr: str = "",
    rpr: str = "",
    *,
    based_on: str | None = "Normal",
    next_id: str | None = None,
    outline: int | None = None,
) -> str:
    parts = [f'<w:style w:type="paragraph" w:styleId="{style_id}"><w:name w:val="{name}"/>']
    if based_on:
        parts.append(f'<w:basedOn w:val="{based_on}"/>')
    if next_id:
        parts.append(f'<w:next w:val="{next_id}"/>')
    parts.append("<w:qFormat/>")
    if outline is not None:
        ppr += f'<w:outlineLvl w:val="{outline}"/>'
    if ppr:
        parts.append(f"<w:pPr>{ppr}</w:pPr>")
    if rpr:
        parts.append(f"<w:rPr>{rpr}</w:rPr>")
    parts.append("</w:style>")
    return "".join(parts)


def _spacing(before: int = 0, after: int = 0) -> str:
    # Single line spacing, in twips before and after.
    return f'<w:spacing w:before="{before}" w:after="{after}" w:line="240" w:lineRule="auto"/>'


def styles_xml() -> str:
    body = DOCX_BODY_PT
    keep = "<w:keepNext/>"
    styles = [
        _paragraph_style(
            "Normal",
            "Normal",
            _spacing() + '<w:jc w:val="thaiDistribute"/>',
            _fonts(body),
            based_on=None,
        ).replace('w:styleId="Normal">', 'w:default="1" w:styleId="Normal">'),
        '<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont">'
        '<w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/>'
        "</w:style>",
        '<w:style w:type="table" w:default="1" w:styleId="TableNormal">'
        '<w:name w:val="Normal Table"/><w:semiHidden/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/>'
        '<w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/>'
        '<w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar>'
        "</w:tblPr></w:style>",
        '<w:style w:type="numbering" w:default="1" w:styleId="NoList">'
        '<w:name w:val="No List"/><w:semiHidden/></w:style>',
        _paragraph_style(
            "Title",
            "Title",
            keep + _spacing(after=120) + '<w:jc w:val="center"/>',
            _fonts(DOCX_TITLE_PT, bold=True),
            next_id="Normal",
        ),
        *(
            _paragraph_style(
                f"Heading{level}",
                f"heading {level}",
                keep + _spacing(before=240 if level < 3 else 120) + '<w:jc w:val="left"/>',
                _fonts(body, bold=True),
                next_id="Normal",
                outline=level - 1,
            )
            for level in (1, 2, 3)
        ),
        _paragraph_style("BodyText", "Body Text", f'<w:ind w:firstLine="{BODY_INDENT}"/>'),
        _paragraph_style("Centered", "Centered", '<w:jc w:val="center"/>'),
        _paragraph_style("LeftAligned", "Left Aligned", '<w:jc w:val="left"/>'),
        _paragraph_style("LabelLine", "Label Line", keep + '<w:jc w:val="left"/>'),
        _paragraph_style("ListNumber", "List Number"),
        _paragraph_style("ListBullet", "List Bullet"),
        _paragraph_style(
            "Picture", "Picture", keep + _spacing(before=120) + '<w:jc w:val="center"/>'
        ),
        _paragraph_style("Caption", "caption", _spacing(after=120) + '<w:jc w:val="center"/>'),
        _paragraph_style(
            "Signature",
            "Signature",
            keep + f'<w:ind w:left="{SIGNATURE_INDENT}"/><w:jc w:val="center"/>',
        ),
        _paragraph_style("Header", "header", '<w:jc w:val="center"/>'),
        '<w:style w:type="character" w:styleId="Label"><w:name w:val="Label"/><w:qFormat/>'
        "<w:rPr><w:b/><w:bCs/></w:rPr></w:style>",
        '<w:style w:type="character" w:styleId="Hyperlink"><w:name w:val="Hyperlink"/>'
        f'<w:rPr><w:color w:val="{LINK_COLOUR}"/><w:u w:val="single"/></w:rPr></w:style>',
    ]
    return (
        f'<w:styles xmlns:w="{W_NS}"><w:docDefaults><w:rPrDefault><w:rPr>{_fonts(body)}'
        "</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr>"
        f"{_spacing()}</w:pPr></w:pPrDefault></w:docDefaults>{''.join(styles)}</w:styles>"
    )


def _level(fmt: str, text: str) -> str:
    return (
        f'<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
        f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/><w:pPr>'
        f'<w:tabs><w:tab w:val="num" w:pos="{LIST_INSET + MARKER}"/></w:tabs>'
        f'<w:ind w:left="{LIST_INSET + MARKER}" w:hanging="{MARKER}"/></w:pPr></w:lvl>'
    )


def numbering_xml(numbered_fmt: str, lists: list[tuple[int, int]]) -> str:
    """Three abstract lists (steps "๑.", results "๑)", bullets "-"); the
    bullets are list 1, then one list per (abstract list, first number)."""
    abstract = [
        (STEPS, _level(numbered_fmt, "%1.")),
        (RESULTS, _level(numbered_fmt, "%1)")),
        (BULLETS, _level("bullet", "-")),
    ]
    parts = [f'<w:numbering xmlns:w="{W_NS}">']
    for abstract_id, level in abstract:
        parts.append(
            f'<w:abstractNum w:abstractNumId="{abstract_id}">'
            f'<w:multiLevelType w:val="singleLevel"/>{level}</w:abstractNum>'
        )
    parts.append(f'<w:num w:numId="{BULLET_NUM_ID}"><w:abstractNumId w:val="{BULLETS}"/></w:num>')
    for i, (abstract_id, start) in enumerate(lists):
        parts.append(
            f'<w:num w:numId="{BULLET_NUM_ID + 1 + i}"><w:abstractNumId w:val="{abstract_id}"/>'
            f'<w:lvlOverride w:ilvl="0"><w:startOverride w:val="{start}"/></w:lvlOverride></w:num>'
        )
    parts.append("</w:numbering>")
    return "".join(parts)
