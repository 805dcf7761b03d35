"""Tables as files people open in Excel: CSV with a BOM (Thai Excel then reads
UTF-8) and XLSX with a bold header row."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any

# A text cell starting with one of these is read by Excel/LibreOffice as a
# formula. Agency names, districts and the like are typed by strangers (any
# agency's admin, a file's author) and land in a supervisor's spreadsheet:
# `=HYPERLINK(...)` there would run in the reader's Excel. OWASP's advice:
# prefix such text with an apostrophe so it stays text. Numbers are not
# touched (a negative change is a float, not text).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def as_text(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([as_text(v) for v in header])
    writer.writerows([as_text(v) for v in row] for row in rows)
    return ("\ufeff" + out.getvalue()).encode()


def xlsx_bytes(title: str, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    from openpyxl import Workbook  # slow to import; only exports need it
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = title[:31]  # Excel's limit on sheet names
    sheet.append(list(header))
    for row in rows:
        append_text_safe(sheet, row)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def append_text_safe(sheet: Any, row: Sequence[Any]) -> None:
    """`sheet.append(row)`, but openpyxl stores any text starting with "=" as
    a formula: here text stays a text cell, shown as typed, never evaluated."""
    sheet.append(list(row))
    for cell in sheet[sheet.max_row]:
        if cell.data_type == "f":
            cell.data_type = "s"
