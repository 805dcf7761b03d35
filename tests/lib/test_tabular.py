"""Tables people upload (lib/tabular.py): what no import may be made to do."""

from __future__ import annotations

import io
import zipfile

import pytest

from prongsai.lib.tabular import TableError, read_table


def test_an_xlsx_that_unpacks_to_gigabytes_is_refused_before_it_is_read() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/worksheets/sheet1.xml", b"0" * (120 * 1024 * 1024))
    data = out.getvalue()
    assert len(data) < 1024 * 1024  # a small upload
    with pytest.raises(TableError, match="ใหญ่เกินไป"):
        read_table(data, required=("code", "score"), max_bytes=5 * 1024 * 1024)


def _sheet(*, dimension: str = "", extra_rows: str = "", xml: bytes = b"") -> bytes:
    """A small XLSX of code,score whose sheet XML says what an attacker wants."""
    import re

    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["code", "score"])
    sheet.append(["I1", 80])
    plain = io.BytesIO()
    book.save(plain)
    out = io.BytesIO()
    with (
        zipfile.ZipFile(plain) as src,
        zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as dst,
    ):
        for info in src.infolist():
            part = src.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                text = part.decode()
                if dimension:
                    text = re.sub(
                        r'<dimension ref="[^"]*"/>', f'<dimension ref="{dimension}"/>', text
                    )
                part = xml or text.replace("</sheetData>", extra_rows + "</sheetData>").encode()
            dst.writestr(info, part)
    return out.getvalue()


def _far_cell(row: int, column: str = "A") -> str:
    return f'<row r="{row}"><c r="{column}{row}" t="inlineStr"><is><t>x</t></is></c></row>'


def _read(data: bytes) -> list[object]:
    return list(read_table(data, required=("code", "score"), max_bytes=5 * 1024 * 1024))


def test_a_sheet_declaring_itself_a_million_rows_by_16384_columns_costs_only_its_cells() -> None:
    # A 5 KB file: openpyxl padded every row to the declared width, so a
    # cell at row 1,048,576 made 17 billion empty cells (the worker ran out of
    # memory). Here a cell at row 1,000 keeps the test short on the old code.
    import tracemalloc

    data = _sheet(dimension="A1:XFD1048576", extra_rows=_far_cell(1000))
    assert len(data) < 10_000
    tracemalloc.start()
    try:
        rows = _read(data)
        _size, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(rows) == 2
    assert peak < 20 * 1024 * 1024


def test_a_sheet_with_cells_far_to_the_right_is_refused_past_the_cell_limit() -> None:
    far = "".join(_far_cell(n, "XFD") for n in range(3, 3 + 130))  # 130 × 16384 cells
    with pytest.raises(TableError, match="แถวหรือช่องมากเกินไป"):
        _read(_sheet(extra_rows=far))


def test_a_row_numbered_past_excels_last_row_is_refused() -> None:
    data = _sheet(dimension="A1:B1048577", extra_rows=_far_cell(1_048_577))
    with pytest.raises(TableError, match="แถวหรือช่องมากเกินไป"):
        _read(data)


def test_a_sheet_whose_xml_is_broken_is_refused_in_thai() -> None:
    with pytest.raises(TableError, match="อ่านไฟล์ Excel ไม่ได้"):
        _read(_sheet(xml=b"<worksheet><sheetData><row r='1'>"))


def test_a_small_xlsx_of_millions_of_shared_strings_is_refused_before_openpyxl_holds_them() -> None:
    # 35 MB of <si> entries compress to a few hundred KB; openpyxl would make
    # a Python string of each (100 MB of them: 23 s and 550 MB per request).
    entry = b"<si><t>xxxxxxxxxxxxxxxxxxxx</t></si>"
    strings = b"<sst>" + entry * (35 * 1024 * 1024 // len(entry)) + b"</sst>"
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/sharedStrings.xml", strings)
    data = out.getvalue()
    assert len(data) < 1024 * 1024
    with pytest.raises(TableError, match="ใหญ่เกินไป"):
        _read(data)


def test_a_csv_of_blank_lines_costs_little_memory() -> None:
    # Every blank line was a list of its own: 5 MB of them held 380 MB (here
    # a quarter of a million: about 19 MB before).
    import tracemalloc

    data = b"code,score\nI1,80\n" + b"\n" * (256 * 1024)
    tracemalloc.start()
    try:
        rows = _read(data)
        _size, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(rows) == 1
    assert peak < 8 * 1024 * 1024


def test_a_csv_with_too_many_rows_is_refused_naming_the_limit() -> None:
    data = b"code,score\n" + b"I1,80\n" * 10_001
    with pytest.raises(TableError, match="มากกว่า 10000 แถว"):
        _read(data)
