"""The official documents as plain data.

Both documents (the o42 measures document and the o43 report of results) are
rendered from a `ReportDocument`: no models, no database. The builder that
fills it from the database lives elsewhere (`builder.py`); the renderers
(`render_pdf.py`, `render_docx.py`) only read it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Literal

Digits = Literal["thai", "arabic"]
Kind = Literal["results", "measures"]


@dataclass(frozen=True)
class DocResult:
    """One thing done under a measure, with the document that proves it."""

    text: str
    date: dt.date | None = None
    doc_number: str | None = None  # "๑๔๙/2566" as typed; digits are normalised on output
    doc_date: dt.date | None = None


@dataclass(frozen=True)
class DocMeasure:
    key: str
    name: str
    steps: tuple[str, ...]
    responsible: tuple[str, ...]
    start: dt.date | None = None
    due: dt.date | None = None
    status_label: str | None = None
    results: tuple[DocResult, ...] = ()


@dataclass(frozen=True)
class DocQuestion:
    code: str  # "I7", "E14", "o11": printed as typed, never digit-converted
    text: str
    score: Decimal


@dataclass(frozen=True)
class DocWeaknessBlock:
    """One "ข้อบกพร่อง" block; several questions when they share one diagnosis
    and the same measures (the seed's I8 + I9)."""

    questions: tuple[DocQuestion, ...]
    analysis: str  # diagnosis + recommendation, references inline "(อ้างอิงจาก o11)"
    measure_keys: tuple[str, ...]


@dataclass(frozen=True)
class DocIndicator:
    number: int
    name: str
    blocks: tuple[DocWeaknessBlock, ...]


@dataclass(frozen=True)
class DocToolSection:
    tool: str  # "iit", "eit", "oit"
    heading: str
    part_heading: str | None
    indicators: tuple[DocIndicator, ...]


@dataclass(frozen=True)
class DocEvidence:
    measure_key: str
    caption: str
    image_path: Path | None = None
    link: str | None = None


@dataclass(frozen=True)
class ChartBar:
    label: str
    score: Decimal | None  # None: no data, drawn as "ไม่มีข้อมูล", never as zero


@dataclass(frozen=True)
class DocIndicatorRow:
    """One row of the o42's table of the ten indicators."""

    number: int
    name: str
    score: Decimal | None
    fixes: tuple[str, ...]  # what must be fixed; empty when nothing scored below the mark


@dataclass(frozen=True)
class DocTextSection:
    """A section of generated prose the officer may reword before export
    (`key` names it in `documents.models.DocumentText`)."""

    key: str
    heading: str
    paragraphs: tuple[str, ...]


@dataclass(frozen=True)
class DocSigner:
    """The executive's approval at the end of the document."""

    name: str
    title: str
    signed_on: dt.date
    image_path: Path | None = None


@dataclass(frozen=True)
class ReportDocument:
    kind: Kind
    agency_name: str  # "องค์การบริหารส่วนตำบลท่าตลาด"
    district: str
    province: str
    plan_year: int  # BE year printed on the document (2567 in the seed)
    assessment_year: int  # the ITA year analysed (2566)
    preamble: tuple[str, ...]
    sections: tuple[DocToolSection, ...]
    measures: dict[str, DocMeasure]
    evidence: tuple[DocEvidence, ...]
    chart: tuple[ChartBar, ...]
    pass_mark: Decimal = Decimal(85)
    digits: Digits = "thai"
    signer_name: str | None = None
    signer_title: str | None = None
    signer: DocSigner | None = None
    # The o42's analysis: total/grade (an editable section), the indicator
    # table, strengths and points to improve; the practice section follows
    # the measures.
    analysis: tuple[DocTextSection, ...] = ()
    indicator_rows: tuple[DocIndicatorRow, ...] = ()
    practice: DocTextSection | None = None
    # Questions below the pass mark in the scores themselves, whether or not
    # the officer saved them as weaknesses: the document never says "no
    # weaknesses" while this is above zero.
    below_mark: int = 0
    chart_source: str | None = None
    # Printed under the title when the document rests on demo data.
    notice: str | None = None


def default_preamble(agency_name: str, assessment_year: int, kind: Kind) -> tuple[str, ...]:
    """The seed report's two opening paragraphs; for the measures document the
    second one announces the measures instead of reporting on them."""
    first = (
        "ตามที่ได้วิเคราะห์ผลการประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ "
        f"ประจำปีงบประมาณ พ.ศ. {assessment_year} ของ{agency_name} ในประเด็นที่เป็นข้อบกพร่อง "
        "หรือจุดอ่อนที่จะต้องแก้ไขโดยเร่งด่วน และประเด็นที่จะต้องพัฒนาให้ดีขึ้น "
        "และแนวทางการนำผลการวิเคราะห์ไปสู่การปฏิบัติของหน่วยงาน "
        "โดยกำหนดมาตรการเพื่อขับเคลื่อนการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงานให้ดีขึ้น "
        "ตามผลการวิเคราะห์ฯ"
    )
    if kind == "results":
        second = (
            "ในการนี้ จึงขอรายงานผลการดำเนินตามมาตรการเพื่อส่งเสริมคุณธรรมและความโปร่งใส"
            f"ภายในหน่วยงานของ{agency_name}ซึ่งได้มีการดำเนินการแล้ว โดยมีรายละเอียด ดังนี้"
        )
    else:
        second = (
            f"ในการนี้ {agency_name}จึงได้กำหนดมาตรการเพื่อส่งเสริมคุณธรรมและความโปร่งใส"
            "ภายในหน่วยงาน พร้อมขั้นตอนหรือวิธีการ ผู้รับผิดชอบ และระยะเวลาดำเนินการ "
            "โดยมีรายละเอียด ดังนี้"
        )
    return (first, second)
