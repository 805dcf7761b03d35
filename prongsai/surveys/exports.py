"""Anonymous responses as CSV/XLSX: one row per response, the date and the answers.

No response id, no row number from the database, nothing else: rows are sorted by
date and, within a day, by the random UUID key, so their order says nothing about
who answered first.
"""

from __future__ import annotations

import io
from collections import defaultdict
from typing import Any

from prongsai.lib.spreadsheets import append_text_safe, csv_bytes
from prongsai.surveys.models import Answer, Survey
from prongsai.surveys.questionnaire import OPTIONS, questionnaire

DATE_COLUMN = "submitted_on"


def _columns(survey: Survey) -> list[tuple[str, str, int, str]]:
    """(column name, question code, part, text) for every answer column."""
    columns = []
    for q in questionnaire(survey).questions:
        if q.parts:
            columns += [
                (f"{q.code}.{p.number}", q.code, p.number, f"{q.text} — {p.text}") for p in q.parts
            ]
        else:
            columns.append((q.code, q.code, 0, q.text))
    return columns


def export_rows(survey: Survey) -> tuple[list[str], list[list[str]]]:
    columns = _columns(survey)
    by_response: dict[Any, dict[tuple[str, int], str]] = defaultdict(dict)
    dates: dict[Any, str] = {}
    rows = (
        Answer.objects.filter(response__survey=survey)
        .values_list("response_id", "response__submitted_on", "question__code", "part", "value")
        .order_by("response__submitted_on", "response_id")
    )
    for response_id, day, code, part, value in rows.iterator(chunk_size=5000):
        by_response[response_id][(code, part)] = value
        dates[response_id] = day.isoformat()
    header = [DATE_COLUMN, *(c[0] for c in columns)]
    body = [
        [dates[rid], *(answers.get((code, part), "") for _n, code, part, _t in columns)]
        for rid, answers in by_response.items()
    ]
    return header, body


def export_csv(survey: Survey) -> bytes:
    # Free text comes from anonymous respondents: lib.spreadsheets keeps
    # "=HYPERLINK(...)" and the like as text in the admin's Excel.
    header, body = export_rows(survey)
    return csv_bytes(header, body)  # with a BOM: Thai Excel opens UTF-8 correctly


def export_xlsx(survey: Survey) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    header, body = export_rows(survey)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "คำตอบ"
    sheet.append(header)
    for row in body:
        append_text_safe(sheet, row)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    legend = book.create_sheet("ข้อคำถาม")
    legend.append(["คอลัมน์", "ข้อคำถาม", "ค่าที่บันทึก"])
    legend.append([DATE_COLUMN, "วันที่ตอบ (เก็บเฉพาะวันที่ ไม่เก็บเวลา)", "YYYY-MM-DD (ค.ศ.)"])
    qn = questionnaire(survey).by_code()
    for name, code, part, text in _columns(survey):
        q = qn[code]
        answer_type = q.parts[part - 1].answer_type if part else q.answer_type
        coding = ", ".join(f"{v} = {label}" for v, label in OPTIONS.get(answer_type, ()))
        if answer_type == "service":
            coding = "ชื่องานบริการ"
        elif answer_type == "free_text":
            coding = "ข้อความ"
        legend.append([name, text, coding])
    for cell in legend[1]:
        cell.font = Font(bold=True)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
