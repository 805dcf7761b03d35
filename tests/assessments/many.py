"""Shared by the many-agency import tests: the import run the way the command
runs it (the `three` agencies are in conftest.py)."""

from __future__ import annotations

import pytest

from prongsai.assessments.imports import ImportFailed
from prongsai.assessments.imports_many import results_import_many


def run(data: str, **kw):  # type: ignore[no-untyped-def]
    return results_import_many(year=2566, data=data.encode(), actor=None, **kw)


def errors_of(data: str) -> list[str]:
    with pytest.raises(ImportFailed) as caught:
        run(data)
    return caught.value.errors
