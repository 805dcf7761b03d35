"""The satisfaction report, DOCX and PDF, in the style of the official documents.

Sizes follow thai-documents.md §1/§4: the DOCX names "TH SarabunPSK" 16 pt with
the complex-script font and size (w:cs, w:szCs) set, which is what Thai Word reads;
the PDF uses Sarabun at 10.64 pt (the same apparent size). Numbers are written in
the agency's document digits. Every text is final here; the templates only lay out.
"""

from __future__ import annotations

import io
from dataclasses import asdict, dataclass
from decimal import Decimal

from django.utils import timezone

from prongsai.documents.fonts import DOCX_BODY_PT, PDF_BODY_PT
from prongsai.lib.thai import Digits, fiscal_year_be, format_score, thai_date, with_digits
from prongsai.surveys.charts import satisfaction_chart
from prongsai.surveys.models import Survey
from prongsai.surveys.pdf import render_pdf
from prongsai.surveys.scoring import SatisfactionStat
from prongsai.surveys.selectors import satisfaction_results


def level(mean: Decimal | None) -> str:
    """The usual reading of a 5-level mean in Thai satisfaction reports."""
    if mean is None:
        return "—"
    for bound, label in (
        (Decimal("4.50"), "มากที่สุด"),
        (Decimal("3.50"), "มาก"),
        (Decimal("2.50"), "ปานกลาง"),
        (Decimal("1.50"), "น้อย"),
    ):
        if mean > bound:
            return label
    return "น้อยที่สุด"


@dataclass(frozen=True)
class ReportData:
    title: tuple[str, ...]
    intro: str
    summary: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    service_headers: tuple[str, ...]
    service_rows: tuple[tuple[str, ...], ...]
    comments: tuple[str, ...]
    note: str
    chart_labels: tuple[tuple[str, Decimal | None], ...]
    digits: Digits


def _stat_cells(stat: SatisfactionStat, digits: Digits) -> tuple[str, str, str]:
    mean = "—" if stat.mean is None else format_score(stat.mean, digits=digits)
    pct = "—" if stat.satisfied_pct is None else format_score(stat.satisfied_pct, digits=digits)
    return mean, pct, level(stat.mean)


def report_data(survey: Survey) -> ReportData:
    digits: Digits = survey.agency.document_digits  # type: ignore[assignment]
    results = satisfaction_results(survey, with_comments=True)
    d = lambda text: with_digits(text, digits)  # noqa: E731
    year = survey.year or fiscal_year_be(survey.closes_on)
    mean, pct, lvl = _stat_cells(results.overall, digits)
    rows = tuple(
        (d(str(i)), q.text, *_stat_cells(stat, digits), d(str(stat.n)))
        for i, (q, stat) in enumerate(results.questions, start=1)
    )
    service_rows = tuple(
        (name, d(str(count)), *_stat_cells(stat, digits))
        for (name, stat, _per_q), (_n, count) in zip(
            results.services, results.service_counts, strict=True
        )
    )
    return ReportData(
        title=(
            "รายงานผลการสำรวจความพึงพอใจของผู้รับบริการ",
            survey.agency.name,
            d(f"ประจำปีงบประมาณ พ.ศ. {year}"),
        ),
        intro=d(
            f"{survey.agency.name} ได้สำรวจความพึงพอใจของผู้รับบริการด้วยแบบสอบถาม “{survey.title}” "
            f"ระหว่างวันที่ {thai_date(survey.opens_on, digits=digits)} ถึงวันที่ "
            f"{thai_date(survey.closes_on, digits=digits)} มีผู้ตอบแบบสอบถามทั้งสิ้น {results.n} คน"
            + (f" (เป้าหมายอย่างน้อย {survey.min_sample} คน)" if survey.min_sample else "")
            + " ใช้มาตรวัด 5 ระดับ (1 = น้อยที่สุด ถึง 5 = มากที่สุด)"
        ),
        summary=d(
            f"ผลการสำรวจภาพรวม ผู้รับบริการมีความพึงพอใจเฉลี่ย {mean} คะแนน จากคะแนนเต็ม 5 "
            f"อยู่ในระดับ{lvl} และร้อยละ {pct} ของคำตอบอยู่ในระดับพึงพอใจมากหรือมากที่สุด"
            if results.overall.n
            else "ยังไม่มีผู้ตอบแบบสอบถาม"
        ),
        headers=("ข้อ", "ประเด็น", "ค่าเฉลี่ย", "ร้อยละ พึงพอใจ", "ระดับ", "ผู้ตอบ"),
        rows=rows,
        service_headers=("งานบริการ", "ผู้ตอบ", "ค่าเฉลี่ย", "ร้อยละ พึงพอใจ", "ระดับ"),
        service_rows=service_rows,
        comments=tuple(t for _q, texts in results.comments for t in texts),
        note=d(
            "หมายเหตุ: ค่าเฉลี่ย 4.51–5.00 = มากที่สุด, 3.51–4.50 = มาก, 2.51–3.50 = ปานกลาง, "
            "1.51–2.50 = น้อย, 1.00–1.50 = น้อยที่สุด; ร้อยละพึงพอใจ = สัดส่วนคำตอบระดับ 4 และ 5 "
            "แบบสอบถามไม่เก็บชื่อ ที่อยู่ IP หรือเวลาที่ตอบ "
            f"จัดทำเมื่อ {thai_date(timezone.localdate(), digits=digits)}"
        ),
        chart_labels=tuple((q.text, stat.mean) for q, stat in results.questions),
        digits=digits,
    )


def report_pdf(survey: Survey) -> bytes:
    data = report_data(survey)
    payload = asdict(data)
    payload["chart_labels"] = None
    payload["chart_svg"] = (
        satisfaction_chart(data.chart_labels, data.digits, "svg").decode() if data.rows else None
    )
    payload["body_pt"] = PDF_BODY_PT
    return render_pdf("satisfaction.typ", payload)


def _fix_doc_defaults(doc: object) -> None:
    """The document defaults name theme fonts (Angsana/Cordia for Thai); name ours."""
    from docx.oxml.ns import qn

    from prongsai.documents.docx_thai import default_run_properties, name_font

    r_pr = default_run_properties(doc)
    name_font(r_pr.find(qn("w:rFonts")))
    for tag in ("w:sz", "w:szCs"):
        el = r_pr.find(qn(tag))
        if el is not None:
            el.set(qn("w:val"), str(DOCX_BODY_PT * 2))
    lang = r_pr.find(qn("w:lang"))
    if lang is not None:
        lang.set(qn("w:bidi"), "th-TH")


def report_docx(survey: Survey) -> bytes:
    from docx import Document
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Inches, Pt

    from prongsai.documents.docx_thai import thai_font

    data = report_data(survey)
    doc = Document()
    for section in doc.sections:
        section.page_height, section.page_width = Cm(29.7), Cm(21.0)
        section.left_margin, section.right_margin = Cm(3.0), Cm(2.0)
        section.top_margin, section.bottom_margin = Cm(2.5), Cm(2.0)
    _fix_doc_defaults(doc)
    for name in ("Normal", "Table Grid"):
        thai_font(doc.styles[name])
    doc.styles["Normal"].paragraph_format.space_after = Cm(0)

    def para(
        text: str,
        *,
        bold: bool = False,
        center: bool = False,
        indent: bool = False,
        heading: bool = False,
    ) -> None:
        p = doc.add_paragraph()
        if heading:
            p.paragraph_format.space_before = Pt(12)
            p.paragraph_format.keep_with_next = True
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER if center else WD_ALIGN_PARAGRAPH.THAI_JUSTIFY
        if indent:
            p.paragraph_format.first_line_indent = Cm(2.5)
        run = p.add_run(text)
        thai_font(run, bold=bold)

    def table(
        headers: tuple[str, ...],
        rows: tuple[tuple[str, ...], ...],
        widths: list[float],
        text_col: int,
    ) -> None:
        t = doc.add_table(rows=1, cols=len(headers))
        t.style = doc.styles["Table Grid"]
        t.alignment = WD_TABLE_ALIGNMENT.CENTER
        t.autofit = False
        for i, text in enumerate(headers):
            cell = t.rows[0].cells[i]
            cell.text = ""
            thai_font(cell.paragraphs[0].add_run(text), bold=True)
            cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        for row in rows:
            cells = t.add_row().cells
            for i, text in enumerate(row):
                cells[i].text = ""
                thai_font(cells[i].paragraphs[0].add_run(text))
                if i != text_col:
                    cells[i].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        for i, width in enumerate(widths):  # both gridCol (LibreOffice) and tcW (Word)
            t.columns[i].width = Cm(width)
            for cell in t.columns[i].cells:
                cell.width = Cm(width)

    for line in data.title:
        para(line, bold=True, center=True)
    para("")
    para("๑. ความเป็นมา" if data.digits == "thai" else "1. ความเป็นมา", bold=True, heading=True)
    para(data.intro, indent=True)
    para("๒. ผลการสำรวจ" if data.digits == "thai" else "2. ผลการสำรวจ", bold=True, heading=True)
    para(data.summary, indent=True)
    if data.rows:
        table(data.headers, data.rows, [1.2, 7.0, 2.0, 2.4, 1.8, 1.6], 1)
        doc.add_paragraph()
        png = satisfaction_chart(data.chart_labels, data.digits, "png")
        doc.add_picture(io.BytesIO(png), width=Inches(6.0))
        doc.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
    if data.service_rows:
        para(
            "๓. ผลแยกตามงานบริการ" if data.digits == "thai" else "3. ผลแยกตามงานบริการ",
            bold=True,
            heading=True,
        )
        table(data.service_headers, data.service_rows, [6.6, 1.8, 2.0, 2.8, 2.8], 0)
    if data.comments:
        para("ข้อเสนอแนะจากผู้รับบริการ", bold=True, heading=True)
        for text in data.comments:
            para(f"- {text}", indent=True)
    para("")
    para(data.note)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
