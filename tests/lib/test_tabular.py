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
