"""PDF through typst.

One `typst.Compiler` per process, built once from a *file* (typst-py 0.15.2
fails on the second compile of a compiler built from bytes) and reused under a
lock. Its root is a private temporary folder holding only the template and the
images of the render in progress, so typst can read nothing else: evidence
images are checked and copied there by `images.py`, never referenced where
they lie. Image files get fixed names (`assets/i1.png`, …) that each render
overwrites, because the compiler keeps every file it has seen in memory.
"""

from __future__ import annotations

import atexit
import json
import os
import re
import shutil
import tempfile
import threading
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from prongsai.lib.thaibreak import break_spans, break_text, names_of

from . import layout as lay
from .data import ReportDocument
from .fonts import LINE_PITCH_PT, PDF_BODY_PT, PDF_TITLE_PT, sarabun_dir
from .pdftext import fix_text_layer
from .text import breakable as _breakable_uncached

TEMPLATE = Path(__file__).parent / "templates" / "report.typ"


@dataclass(frozen=True)
class PdfInput:
    """Everything typst needs: the JSON and the image files it names."""

    data: str
    assets: tuple[tuple[str, bytes], ...] = field(repr=False)


class _Engine:
    def __init__(self) -> None:
        import typst  # loaded by the first PDF, not by every command that imports this

        self.root = Path(tempfile.mkdtemp(prefix="prongsai-typst-"))
        self.assets = self.root / "assets"
        self.assets.mkdir()
        main = self.root / "report.typ"
        shutil.copyfile(TEMPLATE, main)
        self.compiler = typst.Compiler(
            str(main),
            root=str(self.root),
            font_paths=[str(sarabun_dir())],
            ignore_system_fonts=True,
        )
        self.lock = threading.Lock()
        self.pid = os.getpid()
        atexit.register(self.cleanup)

    def cleanup(self) -> None:
        if os.getpid() == self.pid:  # a forked child must not remove its parent's folder
            shutil.rmtree(self.root, ignore_errors=True)

    def compile(self, inp: PdfInput) -> bytes:
        with self.lock:
            for old in self.assets.iterdir():
                old.unlink()
            for name, data in inp.assets:
                (self.assets / name).write_bytes(data)
            try:
                pdf = self.compiler.compile(format="pdf", sys_inputs={"data": inp.data})
            finally:
                for name, _ in inp.assets:
                    (self.assets / name).unlink(missing_ok=True)
        assert isinstance(pdf, bytes)
        return fix_text_layer(pdf)


_engine: _Engine | None = None
_engine_lock = threading.Lock()


def _get_engine() -> _Engine:
    """The process's engine; a forked worker (ProcessPoolExecutor, gunicorn)
    builds its own rather than share the parent's compiler and folder."""
    global _engine
    with _engine_lock:
        if _engine is None or _engine.pid != os.getpid():
            _engine = _Engine()
        return _engine


Names = tuple[str, ...]

# Cached: a document is rendered again and again with few changes, and these
# walk every cluster of every string.
breakable = lru_cache(maxsize=8192)(_breakable_uncached)


def _names(doc: ReportDocument) -> Names:
    """The agency's own words, kept whole by the Thai line breaker."""
    departments = {r for m in doc.measures.values() for r in m.responsible}
    return names_of(doc.agency_name, doc.district, doc.province, *sorted(departments))


def _text(text: str, names: Names) -> str:
    """Break hints: between Thai words only (thaibreak), URLs whole, and
    break points in runs no line breaker can split (text.breakable)."""
    return break_text(breakable(text), names)


@lru_cache(maxsize=8192)
def _spans(spans: tuple[lay.Span, ...], names: Names) -> tuple[tuple[object, ...], ...]:
    """Cached like `breakable`: the Thai word breaking of a paragraph is the
    larger part of preparing the JSON, and few paragraphs change between renders."""
    texts = break_spans([s.text if s.link else breakable(s.text) for s in spans], names)
    return tuple((t, s.bold, s.link, s.keep) for t, s in zip(texts, spans, strict=True))


# "(Internal Integrity & Transparency Assessment : IIT)": a short Latin
# parenthesis at the end of a heading is kept on one line, so "IIT)" is never
# left alone on the next one.
_TAIL = re.compile(r"^(?P<head>.*\S)\s+(?P<tail>\([^()\u0e00-\u0e7f]{1,70}\))$")


def _split_tail(text: str) -> tuple[str, str | None]:
    m = _TAIL.match(text)
    return (m.group("head"), m.group("tail")) if m else (text, None)


def _signature(
    lines: tuple[str, ...],
    dated: str | None,
    image: lay.Picture | None,
    assets: list[tuple[str, bytes]],
) -> dict[str, object]:
    src = None
    if image is not None:
        src = f"/assets/i{len(assets) + 1}.{image.ext}"
        assets.append((src.rsplit("/", 1)[1], image.data))
    return {
        "k": "sig",
        "lines": list(lines),
        "dated": dated,
        "img": {"src": src, "w": image.width_pt, "h": image.height_pt} if image else None,
    }


def _table(table: lay.Table, names: Names) -> dict[str, object]:
    return {
        "k": "table",
        "header": list(table.header),
        "rows": [[[_text(x, names) for x in cell] for cell in row] for row in table.rows],
        "widths": list(table.widths),
        "align": list(table.align),
    }


def prepare_pdf(doc: ReportDocument) -> PdfInput:
    """Lay the document out and turn it into typst's JSON (chart drawn here)."""
    blocks: list[dict[str, object]] = []
    assets: list[tuple[str, bytes]] = []
    names = _names(doc)
    for b in lay.layout(doc):
        match b:
            case lay.Title(lines):
                blocks.append({"k": "title", "lines": [_text(x, names) for x in lines]})
            case lay.Heading(text, level):
                head, tail = _split_tail(text)
                blocks.append({"k": "h", "text": _text(head, names), "tail": tail, "level": level})
            case lay.Label(spans):
                blocks.append({"k": "label", "spans": _spans(spans, names)})
            case lay.Para(spans, indent, align):
                blocks.append(
                    {"k": "p", "spans": _spans(spans, names), "indent": indent, "align": align}
                )
            case lay.Item(marker, spans):
                blocks.append({"k": "item", "marker": marker, "spans": _spans(spans, names)})
            case lay.Picture(data, ext, width, height, caption):
                name = f"i{len(assets) + 1}.{ext}"
                assets.append((name, data))
                blocks.append(
                    {
                        "k": "img",
                        "src": f"/assets/{name}",
                        "w": width,
                        "h": height,
                        "caption": _text(caption, names) if caption else None,
                    }
                )
            case lay.PageBreak():
                blocks.append({"k": "pagebreak"})
            case lay.Signature(lines, dated, image):
                blocks.append(_signature(lines, dated, image, assets))
            case lay.Table():
                blocks.append(_table(b, names))
    title = "".join(lay.TITLE) if doc.kind == "results" else lay.TITLE_MEASURES
    meta = {
        "title": f"{title} {doc.agency_name}",
        "author": doc.agency_name,
        "body_pt": PDF_BODY_PT,
        "title_pt": PDF_TITLE_PT,
        "pitch_pt": LINE_PITCH_PT,
        "margin_left_cm": lay.MARGIN_LEFT_CM,
        "margin_cm": lay.MARGIN_CM,
    }
    text = json.dumps({"meta": meta, "blocks": blocks}, ensure_ascii=False)
    return PdfInput(text, tuple(assets))


def compile_pdf(inp: PdfInput) -> bytes:
    """The bare typst step (the benchmark times it on its own)."""
    return _get_engine().compile(inp)


def render_pdf(doc: ReportDocument) -> bytes:
    return compile_pdf(prepare_pdf(doc))
