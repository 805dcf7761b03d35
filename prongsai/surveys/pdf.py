"""Typst compilers for the survey PDFs (QR posters, satisfaction report).

One compiler per template per process, built from the template *file* (typst-py
0.15.2 fails on the second compile of a compiler built from bytes), used under a
lock. Everything the template needs, images included (as SVG text), comes in the
JSON of `sys.inputs.data`, so typst reads no file but the template. Fonts: the
Sarabun TTFs of the `fontpkg-sarabun` wheel, no system fonts.
"""

from __future__ import annotations

import json
import threading
from functools import cache
from pathlib import Path
from typing import Any

import fontpkg

TEMPLATES = Path(__file__).resolve().parent / "typst"


def sarabun_dir() -> Path:
    try:  # the documents app's helper, when present, so both apps agree
        from prongsai.documents.fonts import sarabun_dir as documents_sarabun_dir

        return Path(documents_sarabun_dir())
    except ImportError:
        return Path(fontpkg.path("Sarabun")).parent


class _Engine:
    def __init__(self, template: str) -> None:
        import typst

        self.compiler = typst.Compiler(
            str(TEMPLATES / template),
            root=str(TEMPLATES),
            font_paths=[str(sarabun_dir())],
            ignore_system_fonts=True,
        )
        self.lock = threading.Lock()

    def compile(self, data: dict[str, Any]) -> bytes:
        with self.lock:
            pdf = self.compiler.compile(
                format="pdf", sys_inputs={"data": json.dumps(data, ensure_ascii=False)}
            )
        assert isinstance(pdf, bytes)
        return pdf


_lock = threading.Lock()


@cache
def _engine(template: str) -> _Engine:
    return _Engine(template)


def render_pdf(template: str, data: dict[str, Any]) -> bytes:
    with _lock:
        engine = _engine(template)
    return engine.compile(data)
