"""Read a CSV or XLSX table that a person made, with row numbers for errors.

Every import (results, disclosure URLs) goes through `read_table`, so they
share one set of rules: the format is recognised by content (not by the file
name), the header is matched case-insensitively, CSV may be UTF-8 (with or
without BOM) or Windows Thai (cp874, what Thai Excel saves), and a file that
cannot be read gives one clear Thai message.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass

from django.utils.translation import gettext as _

XLSX_MAGIC = b"PK\x03\x04"


class TableError(ValueError):
    """The file as a whole cannot be read. `str()` is a Thai sentence."""


@dataclass(frozen=True)
class Row:
    number: int  # as the person sees it: row 1 is the header
    values: dict[str, str]


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "cp874"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise TableError(
        _("อ่านไฟล์ไม่ได้: ไม่ใช่ข้อความ UTF-8 หรือ Windows-874 (ลองบันทึกจาก Excel เป็น CSV UTF-8)")
    )


def _csv_rows(data: bytes) -> Iterator[list[str]]:
    text = _decode(data)
    if "\x00" in text:
        raise TableError(_("อ่านไฟล์ไม่ได้: ไฟล์มีอักขระที่ไม่ใช่ข้อความ"))
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel  # type: ignore[assignment]
    yield from csv.reader(io.StringIO(text), dialect)


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


# An XLSX is a zip: a small upload can unpack to gigabytes (a zip bomb). The
# parts are measured before openpyxl reads any of them. openpyxl holds every
# shared string as a Python object: 100 MB of them (a 300 KB upload) took 23 s
# and 550 MB of memory. 30 MB is still several times the largest honest file
# (10,000 rows of a few columns unpack to 2–3 MB).
MAX_XLSX_UNPACKED = 30 * 1024 * 1024
# A few kilobytes of sheet can also claim to be huge without unpacking to much:
# a declared size (<dimension ref="A1:XFD1048576">) that openpyxl pads every
# row to, a cell at column XFD, or a row numbered in the millions (every row
# up to it comes out empty). So the declared size is ignored, and reading stops
# past Excel's own row limit or this many cells in all.
MAX_XLSX_ROWS = 1_048_576
MAX_XLSX_CELLS = 2_000_000
_BLANK: list[str] = []  # shared by every empty row; never changed


def _check_unpacked_size(data: bytes) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            unpacked = sum(info.file_size for info in z.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as e:
        raise TableError(_("อ่านไฟล์ Excel ไม่ได้: ไฟล์เสียหรือไม่ใช่ .xlsx (%s)") % e) from e
    if unpacked > MAX_XLSX_UNPACKED:
        raise TableError(
            _("ไฟล์ Excel นี้เมื่อแตกออกใหญ่เกินไป (%(mb)s MB) รับได้ไม่เกิน %(max)s MB")
            % {"mb": round(unpacked / 1e6), "max": MAX_XLSX_UNPACKED // 1_000_000}
        )


def _xlsx_sheets(data: bytes) -> list[tuple[str, list[list[str]]]]:
    import openpyxl  # imported here: only XLSX uploads pay for it

    _check_unpacked_size(data)
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError, SyntaxError) as e:
        raise TableError(_("อ่านไฟล์ Excel ไม่ได้: ไฟล์เสียหรือไม่ใช่ .xlsx (%s)") % e) from e
    sheets = []
    rows_left, cells_left = MAX_XLSX_ROWS, MAX_XLSX_CELLS
    try:
        for sheet in book.worksheets:
            sheet.reset_dimensions()  # type: ignore[union-attr]
            rows: list[list[str]] = []
            for row in sheet.iter_rows(values_only=True):
                rows_left, cells_left = rows_left - 1, cells_left - len(row)
                if rows_left < 0 or cells_left < 0:
                    raise TableError(
                        _("ไฟล์ Excel นี้มีแถวหรือช่องมากเกินไป (ลบแถวและคอลัมน์ที่ไม่ใช้ หรือบันทึกเป็น CSV)")
                    )
                rows.append([_cell(v) for v in row] if any(v is not None for v in row) else _BLANK)
            sheets.append((sheet.title, rows))
    except TableError:
        raise
    except (KeyError, ValueError, TypeError, SyntaxError, zipfile.BadZipFile) as e:
        # A sheet's XML that openpyxl cannot follow (ParseError is a SyntaxError).
        raise TableError(_("อ่านไฟล์ Excel ไม่ได้: ไฟล์เสียหรือไม่ใช่ .xlsx (%s)") % e) from e
    finally:
        book.close()
    return sheets


def _csv_table(data: bytes, max_rows: int) -> list[list[str]]:
    """The CSV's rows, each blank one the same shared empty row (5 MB of blank
    lines made 5 million lists, 380 MB), refused as soon as there are more
    filled rows than the header and max_rows."""
    rows: list[list[str]] = []
    filled = 0
    for row in _csv_rows(data):
        if not any(cell.strip() for cell in row):
            rows.append(_BLANK)
            continue
        filled += 1
        if filled > max_rows + 1:
            raise TableError(_("ไฟล์มีมากกว่า %d แถว") % max_rows)
        rows.append(row)
    return rows


def _normal(name: str) -> str:
    return name.strip().lower().lstrip("\ufeff")


def read_table(
    data: bytes,
    *,
    required: tuple[str, ...],
    optional: tuple[str, ...] = (),
    max_bytes: int,
    max_rows: int = 10_000,
) -> list[Row]:
    """Rows of the first table (sheet) whose header has every `required`
    column. Blank rows are skipped. Raises TableError."""
    if not data:
        raise TableError(_("ไฟล์ว่างเปล่า"))
    if len(data) > max_bytes:
        raise TableError(
            _("ไฟล์ใหญ่เกินไป (%(size)s MB) รับได้ไม่เกิน %(max)s MB")
            % {"size": round(len(data) / 1e6, 1), "max": round(max_bytes / 1e6, 1)}
        )
    if data.startswith(XLSX_MAGIC):
        sheets = _xlsx_sheets(data)
    else:
        sheets = [("CSV", _csv_table(data, max_rows))]

    wanted = set(required)
    for _title, rows in sheets:
        header_index = next(
            (i for i, row in enumerate(rows) if any(cell.strip() for cell in row)), None
        )
        if header_index is None:
            continue
        header = [_normal(c) for c in rows[header_index]]
        if not wanted <= set(header):
            continue
        columns = {name: header.index(name) for name in (*required, *optional) if name in header}
        result: list[Row] = []
        for offset, row in enumerate(rows[header_index + 1 :], start=header_index + 2):
            if not any(cell.strip() for cell in row):
                continue
            if len(result) >= max_rows:
                raise TableError(_("ไฟล์มีมากกว่า %d แถว") % max_rows)
            values = {name: (row[i].strip() if i < len(row) else "") for name, i in columns.items()}
            result.append(Row(offset, values))
        if not result:
            raise TableError(_("ไฟล์มีแต่หัวตาราง ไม่มีข้อมูล"))
        return result

    columns_text = ",".join(required)
    if len(sheets) > 1 or data.startswith(XLSX_MAGIC):
        names = ", ".join(title for title, _rows in sheets)
        raise TableError(
            _("ไม่พบแผ่นงานที่มีหัวตาราง %(cols)s (แผ่นงานในไฟล์: %(names)s)")
            % {"cols": columns_text, "names": names}
        )
    if not any(any(c.strip() for c in row) for _t, rows in sheets for row in rows):
        raise TableError(_("ไฟล์ว่างเปล่า"))
    raise TableError(_("แถวแรกต้องเป็นหัวตาราง %s") % columns_text)
