"""What every table import (results, disclosure links) shares around its own rules.

Each import keeps its checks of a row where it is (`assessments/imports.py`,
`publishing/imports.py`); this module holds the parts that must behave the
same for all of them: reading the table, the error cap, the all-or-nothing
refusal, and the upload size check (a command's side is in `lib/commands.py`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from prongsai.lib.tabular import Row, TableError, read_table

MAX_ERRORS = 50


class ImportFailed(ValueError):
    """The file was refused; nothing was written. `errors` are Thai sentences."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("\n".join(errors))
        self.errors = errors


def import_rows(
    data: bytes, *, required: tuple[str, ...], optional: tuple[str, ...] = (), max_bytes: int
) -> list[Row]:
    """`read_table`, with a file that cannot be read refused as ImportFailed."""
    try:
        return read_table(data, required=required, optional=optional, max_bytes=max_bytes)
    except TableError as e:
        raise ImportFailed([str(e)]) from e


def check_rows[T](rows: Iterable[Row], check: Callable[[Row, str], T | str]) -> list[T]:
    """Every row through `check(row, where)`, which returns the valid row or a
    Thai error (`where` is "row N" for the message). Raises ImportFailed with
    every error, so that nothing is written unless the whole file is valid.

    The cap is looked at only after a valid row, as the imports always did:
    a file of nothing but errors lists them all."""
    errors: list[str] = []
    result: list[T] = []
    for row in rows:
        outcome = check(row, _("แถว %d") % row.number)
        if isinstance(outcome, str):
            errors.append(outcome)
            continue
        result.append(outcome)
        if len(errors) >= MAX_ERRORS:
            break
    if errors:
        if len(errors) >= MAX_ERRORS:
            errors.append(_("…หยุดตรวจหลังพบ %d ข้อผิดพลาด") % MAX_ERRORS)
        raise ImportFailed(errors)
    return result


def clean_upload_size(f: UploadedFile) -> UploadedFile:
    """A form's `clean_file`: refuse an upload over IMPORT_MAX_BYTES before reading it."""
    if f.size is not None and f.size > settings.IMPORT_MAX_BYTES:
        raise forms.ValidationError(
            gettext_lazy("ไฟล์ใหญ่เกินไป รับได้ไม่เกิน %(mb)s MB")
            % {"mb": settings.IMPORT_MAX_BYTES // 1_000_000}
        )
    return f
