"""Fonts and sizes of the official documents.

The norm is "TH SarabunPSK 16 pt". The DOCX names that font, which recipients'
Word has. The PDF and the chart use Google's Sarabun (OFL, from the
`fontpkg-sarabun` wheel, no system fonts): it is drawn 1.5 times larger than TH
SarabunPSK at the same point size, so 16 pt TH Sarabun is Sarabun at
16 × 0.665 = 10.64 pt with a 20.8 pt line pitch (see thai-documents.md §1).
"""

from __future__ import annotations

import threading
from functools import cache
from pathlib import Path

import fontpkg

DOCX_FONT = "TH SarabunPSK"
DOCX_BODY_PT = 16
DOCX_TITLE_PT = 18

PDF_FONT = "Sarabun"
SARABUN_SCALE = 0.665  # Sarabun size that matches TH Sarabun New at the same nominal size
PDF_BODY_PT = round(DOCX_BODY_PT * SARABUN_SCALE, 2)  # 10.64
PDF_TITLE_PT = round(DOCX_TITLE_PT * SARABUN_SCALE, 2)
LINE_PITCH_PT = 20.8  # baseline to baseline of single-spaced TH Sarabun 16 pt


@cache
def sarabun_regular() -> Path:
    return Path(fontpkg.path("Sarabun"))


@cache
def sarabun_bold() -> Path:
    return Path(fontpkg.path("Sarabun", 700))


def sarabun_dir() -> Path:
    """The folder holding only the Sarabun TTFs (typst scans it)."""
    return sarabun_regular().parent


_mpl_lock = threading.Lock()
_mpl_done = False


def register_matplotlib() -> str:
    """Make Sarabun known to matplotlib (once per process); return its family."""
    global _mpl_done
    with _mpl_lock:
        if not _mpl_done:
            from matplotlib import font_manager

            font_manager.fontManager.addfont(str(sarabun_regular()))
            font_manager.fontManager.addfont(str(sarabun_bold()))
            _mpl_done = True
    return PDF_FONT
