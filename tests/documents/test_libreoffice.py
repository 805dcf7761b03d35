"""The DOCX as LibreOffice reads it: page numbers are digits, lists are numbered by Word numbering.

LibreOffice (7.4, Debian 12) maps every Thai field switch (`PAGE \\* ThaiArabic`,
`ThaiLetter`, `ThaiCardText`) to Thai *letters* ("- ข -") and does not import
the `thaiNumbers` number format of a section or a list (it falls back to
Arabic digits). The DOCX therefore uses a plain PAGE field and the section's
`thaiNumbers` format: Thai digits in Word, Arabic digits in LibreOffice, never
letters. CI installs libreoffice-writer-nogui so this runs there.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from prongsai.documents.render_docx import render_docx
from prongsai.documents.sample import seed_report

from . import needs_poppler, pdf_header, pdf_text

SOFFICE = shutil.which("soffice")

pytestmark = [
    pytest.mark.libreoffice,
    pytest.mark.skipif(
        SOFFICE is None,
        reason="LibreOffice is missing: apt-get install libreoffice-writer-nogui",
    ),
]


@pytest.fixture(scope="module")
def converted(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    assert SOFFICE is not None
    tmp = tmp_path_factory.mktemp("lo")
    source = tmp / "seed.docx"
    source.write_bytes(render_docx(seed_report()))
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation={(tmp / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return Path(tmp / "seed.pdf").read_bytes()


@needs_poppler
def test_libreoffice_shows_page_numbers_as_digits_not_thai_letters(converted: bytes) -> None:
    assert pdf_header(converted, 1) == ""
    for page in (2, 3):
        header = pdf_header(converted, page)
        assert header in (f"-{page}-", f"-{'๐๑๒๓๔๕๖๗๘๙'[page]}-"), header
        assert not re.search(r"[ก-ฮ]", header)


@needs_poppler
def test_libreoffice_numbers_the_steps_and_results_itself(converted: bytes) -> None:
    text = pdf_text(converted)
    starts = [line.strip()[:2] for line in text.splitlines()]
    # Numbers come from the Word lists (no number is typed in the DOCX).
    assert starts.count("1.") + starts.count("๑.") >= 5
    assert "2." in starts or "๒." in starts
    assert "1)" in starts or "๑)" in starts
    assert "- " in starts  # departments are a bullet list
