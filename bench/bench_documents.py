"""Benchmark of the official documents: the seed report as PDF (typst) and DOCX.

Run:  .venv/bin/python bench/bench_documents.py [--runs 30] [--cold-runs 7]

Every run changes the first preamble paragraph a little (a run number), so
typst's memoisation cannot answer from the previous compile; the chart's data
does not change, as in real use (an agency's scores are fixed for the year),
so the chart comes from its cache after the first render. The uncached chart
is timed on its own.

Figures, all in this one process and run:
  pdf end-to-end   data -> layout -> chart (cached) -> JSON -> typst -> text-layer fix -> bytes
  bare typst       compiler.compile() of the same JSON, images already in place
  text-layer fix   pdftext.fix_text_layer() of typst's output (typst issue #7610)
  docx             data -> layout -> python-docx -> bytes
  chart, uncached  matplotlib drawing and PNG encoding at 200 dpi
  from database     the demo agency's report built from the database (a temporary
                   SQLite file with `load-demo`) and rendered: queries + everything above
  bare typst (same) compiler.compile() of that same report's JSON, in the same loop
  cold command     a fresh `prongsai report --format pdf` process (Django start-up,
                   queries, render, file written), against
  LibreOffice      `soffice --headless --convert-to pdf` of the same report's DOCX,
                   alternately with the cold command so both meet the same load
Cold first PDF: a fresh Python process that imports the renderer and makes one PDF.
"""

from __future__ import annotations

import argparse
import gc
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

from prongsai.documents import charts, render_pdf
from prongsai.documents.data import ReportDocument
from prongsai.documents.pdftext import fix_text_layer
from prongsai.documents.render_docx import render_docx
from prongsai.documents.sample import seed_report

COLD = """
import time
t = time.perf_counter()
from prongsai.documents.render_pdf import render_pdf
from prongsai.documents.sample import seed_report
pdf = render_pdf(seed_report())
print(time.perf_counter() - t)
"""


def variant(doc: ReportDocument, i: int) -> ReportDocument:
    first, *rest = doc.preamble
    return replace(doc, preamble=(f"{first} (ฉบับที่ {i})", *rest))


def timed(fn: Callable[[], object]) -> float:
    # The garbage of the step before (the uncached chart allocates a lot) is
    # collected first, so a collection does not land in whichever figure
    # happens to come next.
    gc.collect()
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def summary(name: str, seconds: list[float]) -> float:
    ms = sorted(s * 1000 for s in seconds)
    median = statistics.median(ms)
    p90 = ms[min(len(ms) - 1, round(0.9 * (len(ms) - 1)))]
    print(f"{name:<18} median {median:8.1f} ms   p90 {p90:8.1f} ms   (n={len(ms)})")
    return median


def _compile_only(engine: render_pdf._Engine, inp: render_pdf.PdfInput) -> float:
    """The bare typst compile of a prepared input, its images in place."""
    for name, data in inp.assets:
        (engine.assets / name).write_bytes(data)
    try:
        return timed(lambda: engine.compiler.compile(format="pdf", sys_inputs={"data": inp.data}))
    finally:
        for name, _ in inp.assets:
            (engine.assets / name).unlink()


def database_timings(runs: int) -> tuple[list[float], list[float], Path]:
    """The demo's report as the web page and `prongsai report` make it: Django,
    the demo loaded into a throw-away SQLite database, builder + renderer;
    and, in the same loop, the bare typst compile of that same report.
    Returns both timings and the database file (for the cold command)."""
    import io
    import os
    import tempfile

    db = Path(tempfile.mkdtemp(prefix="prongsai-bench-")) / "bench.sqlite3"
    os.environ["DATABASE_URL"] = f"sqlite:///{db}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "prongsai.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("migrate", verbosity=0)
    from prongsai.agencies.models import Agency
    from prongsai.demo import load_demo
    from prongsai.documents.builder import build_report
    from prongsai.documents.services import document_render
    from prongsai.improvement.models import Measure

    load_demo(io.StringIO())
    agency = Agency.objects.get(slug="tha-talad")
    measure = Measure.objects.filter(agency=agency).first()
    assert measure is not None
    engine = render_pdf._get_engine()
    document_render(agency, plan_year=2567, kind="results", fmt="pdf")  # warm up
    e2e, bare = [], []
    for i in range(runs):
        # A different measure name each run, so typst cannot reuse a compile.
        Measure.objects.filter(pk=measure.pk).update(note=str(i), name=f"{measure.name} {i}")
        e2e.append(
            timed(lambda: document_render(agency, plan_year=2567, kind="results", fmt="pdf"))
        )
        # The same report again under another name, compiled bare.
        Measure.objects.filter(pk=measure.pk).update(name=f"{measure.name} {runs + i}")
        doc = build_report(agency, plan_year=2567, kind="results")
        bare.append(_compile_only(engine, render_pdf.prepare_pdf(doc)))
    return e2e, bare, db


def cold_command_timings(db: Path, runs: int) -> tuple[list[float], list[float]]:
    """A fresh `prongsai report --format pdf` process against LibreOffice
    converting the same report's DOCX to PDF (`soffice --headless
    --convert-to pdf`, its own profile, already initialised), alternately, so
    both meet the same load. Both have run once before: Python's bytecode,
    the chart's disk cache and LibreOffice's profile exist, as on a server."""
    import os
    import shutil
    import tempfile

    soffice = shutil.which("soffice")
    if soffice is None:
        print("soffice not found (apt-get install libreoffice-writer-nogui): no cold comparison")
        return [], []
    work = Path(tempfile.mkdtemp(prefix="prongsai-cold-"))
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{db}"}
    prongsai = [sys.executable, "-m", "prongsai.cli", "report", "--agency", "tha-talad"]
    prongsai += ["--year", "2567", "--kind", "results"]
    subprocess.run(
        [*prongsai, "--format", "docx", "--output", str(work / "report.docx")],
        check=True,
        env=env,
        capture_output=True,
    )
    office = [
        soffice,
        f"-env:UserInstallation={(work / 'lo-profile').as_uri()}",
        "--headless",
        "--norestore",
        "--convert-to",
        "pdf",
        "--outdir",
        str(work / "lo"),
        str(work / "report.docx"),
    ]
    ours = [*prongsai, "--format", "pdf", "--output", str(work / "report.pdf")]

    def run(cmd: list[str]) -> float:
        return timed(lambda: subprocess.run(cmd, check=True, env=env, capture_output=True))

    run(office)
    run(ours)
    cold, lo = [], []
    for _ in range(runs):
        cold.append(run(ours))
        lo.append(run(office))
    shutil.rmtree(work, ignore_errors=True)
    return cold, lo


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--cold-runs", type=int, default=7)
    args = parser.parse_args()

    cold_process = timed(
        lambda: subprocess.run([sys.executable, "-c", COLD], check=True, capture_output=True)
    )
    inner = subprocess.run([sys.executable, "-c", COLD], check=True, capture_output=True)
    cold_render = float(inner.stdout.decode().strip())

    seed = seed_report()
    render_pdf.render_pdf(seed)  # warm up: engine, fonts, chart cache
    render_docx(seed)
    engine = render_pdf._get_engine()

    e2e, bare, fix, docx, chart = [], [], [], [], []
    for i in range(args.runs):
        doc = variant(seed, i)
        e2e.append(timed(lambda doc=doc: render_pdf.render_pdf(doc)))  # type: ignore[misc]
        docx.append(timed(lambda doc=doc: render_docx(doc)))  # type: ignore[misc]
        # The same content once more for the bare compile, with a different run
        # number so typst cannot reuse the compile just made.
        inp = render_pdf.prepare_pdf(variant(seed, args.runs + i))
        for name, data in inp.assets:
            (engine.assets / name).write_bytes(data)
        raw: bytes = b""

        def compile_only(inp: render_pdf.PdfInput = inp) -> None:
            nonlocal raw
            out = engine.compiler.compile(format="pdf", sys_inputs={"data": inp.data})
            assert isinstance(out, bytes)
            raw = out

        bare.append(timed(compile_only))
        fix.append(timed(lambda raw=raw: fix_text_layer(raw)))  # type: ignore[misc]
        bars = tuple(replace(b, score=Decimal(i) + (b.score or 0)) for b in seed.chart)
        chart.append(
            timed(
                lambda bars=bars: charts._draw(  # type: ignore[misc]
                    tuple((b.label, str(b.score)) for b in bars), seed.pass_mark, seed.digits
                )
            )
        )
        for name, _ in inp.assets:
            (engine.assets / name).unlink()

    print(f"seed report: {len(raw)} bytes of PDF, {args.runs} runs per figure\n")
    pdf_median = summary("pdf end-to-end", e2e)
    bare_median = summary("bare typst", bare)
    summary("text-layer fix", fix)
    summary("docx", docx)
    summary("chart, uncached", chart)
    db_e2e, db_bare, db = database_timings(args.runs)
    db_median = summary("from database", db_e2e)
    db_bare_median = summary("bare typst (same)", db_bare)
    cold, lo = cold_command_timings(db, args.cold_runs)
    print(f"\nratio pdf end-to-end / bare typst: {pdf_median / bare_median:.2f}")
    print(f"ratio from database / bare typst of the same report: {db_median / db_bare_median:.2f}")
    if cold:
        cold_median = summary("cold command", cold)
        lo_median = summary("LibreOffice", lo)
        print(
            f"ratio cold `prongsai report` / LibreOffice DOCX->PDF: {cold_median / lo_median:.2f}"
        )
    print(
        f"cold first PDF: {cold_render * 1000:.0f} ms in-process "
        f"(imports included), {cold_process * 1000:.0f} ms for the whole process"
    )


if __name__ == "__main__":
    main()
