"""QR codes and the printable A4 QR poster (PDF).

The poster is built from `PosterData`, and the QR it prints encodes exactly
`PosterData.url`, the same URL printed under it, so people without a camera can
type it. Used for the agency's own public surveys and for the ITAS IIT/EIT links of
the official round.
"""

from __future__ import annotations

import io
from dataclasses import asdict, dataclass
from datetime import date
from functools import lru_cache

import segno

from prongsai.agencies.models import Agency
from prongsai.lib.thai import thai_date, with_digits
from prongsai.surveys.models import Survey
from prongsai.surveys.pdf import render_pdf


@lru_cache(maxsize=256)
def qr_svg(url: str) -> str:
    """An inline SVG QR for web pages; its size is set by CSS."""
    return segno.make(url, error="m").svg_inline(border=2, omitsize=True, title=url)


def qr_matrix(url: str) -> tuple[tuple[int, ...], ...]:
    return tuple(tuple(row) for row in segno.make(url, error="m").matrix)


def _qr_svg_document(url: str) -> str:
    buf = io.BytesIO()
    segno.make(url, error="m").save(buf, kind="svg", border=0, xmldecl=False, svgns=True)
    return buf.getvalue().decode()


@dataclass(frozen=True)
class PosterData:
    agency: str
    headline: str
    title: str
    url: str
    lines: tuple[str, ...]
    footer: str


def survey_poster_data(survey: Survey, url: str) -> PosterData:
    digits = survey.agency.document_digits  # type: ignore[assignment]
    opens = thai_date(survey.opens_on, digits=digits)  # type: ignore[arg-type]
    closes = thai_date(survey.closes_on, digits=digits)  # type: ignore[arg-type]
    period = f"เปิดรับคำตอบตั้งแต่วันที่ {opens} ถึงวันที่ {closes}"
    if survey.kind == "staff":
        headline = "เชิญบุคลากรร่วมตอบแบบสอบถาม"
        how = "สแกน QR ด้วยกล้องโทรศัพท์ แล้วกรอกรหัสเข้าตอบที่ได้รับ"
    else:
        headline = "ขอเชิญร่วมตอบแบบสอบถาม"
        how = "สแกน QR ด้วยกล้องโทรศัพท์ ตอบได้ทันที ไม่ต้องลงชื่อ"
    return PosterData(
        agency=survey.agency.name,
        headline=headline,
        title=survey.title,
        url=url,
        lines=(how, with_digits(period, digits), "ไม่เก็บชื่อ ไม่เก็บ IP เก็บเพียงวันที่ตอบ"),  # type: ignore[arg-type]
        footer="จัดทำด้วยระบบโปร่งใส (Prongsai)",
    )


ITAS_TOOLS = {
    "iit": (
        "แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายใน (IIT)",
        "สำหรับบุคลากรของหน่วยงานที่ปฏิบัติงานมาไม่น้อยกว่า 1 ปี",
    ),
    "eit": (
        "แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายนอก (EIT)",
        "สำหรับประชาชนและผู้มาติดต่อรับบริการจากหน่วยงาน",
    ),
}


def itas_poster_data(agency: Agency, year: int, tool: str, url: str, today: date) -> PosterData:
    name, who = ITAS_TOOLS[tool]
    digits = agency.document_digits
    return PosterData(
        agency=agency.name,
        headline=with_digits(
            f"ร่วมประเมินคุณธรรมและความโปร่งใสในการดำเนินงาน (ITA) ประจำปี พ.ศ. {year}",
            digits,  # type: ignore[arg-type]
        ),
        title=name,
        url=url,
        lines=(
            who,
            "สแกน QR ด้วยกล้องโทรศัพท์ เพื่อตอบในระบบ ITAS ของ สำนักงาน ป.ป.ช.",
        ),
        footer=with_digits(f"พิมพ์เมื่อ {thai_date(today)}", digits),  # type: ignore[arg-type]
    )


@lru_cache(maxsize=32)
def poster_pdf(data: PosterData) -> bytes:
    payload = asdict(data) | {"qr_svg": _qr_svg_document(data.url)}
    return render_pdf("poster.typ", payload)
