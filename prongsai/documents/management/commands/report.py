"""`prongsai report`: one document, or the same document for many agencies.

Batch runs use worker processes (typst and matplotlib hold a lock each, so
threads would queue behind one another); each worker sets Django up once and
reuses its warm typst compiler for every agency it is given.
"""

from __future__ import annotations

import multiprocessing
import sys
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connections

from prongsai.agencies.models import Agency
from prongsai.documents.builder import NothingToReport
from prongsai.documents.services import document_render
from prongsai.lib.commands import agency_by_slug


def _worker_setup() -> None:
    import django

    django.setup()


def _render_one(
    slug: str, plan_year: int, kind: str, fmt: str, assessment_year: int | None, out: str
) -> str:
    from django.db import connection

    agency = Agency.objects.get(slug=slug)
    doc = document_render(
        agency,
        plan_year=plan_year,
        kind=kind,  # type: ignore[arg-type]
        fmt=fmt,  # type: ignore[arg-type]
        assessment_year=assessment_year,
    )
    path = Path(out) / doc.filename
    path.write_bytes(doc.data)
    connection.close()
    return str(path)


class Command(BaseCommand):
    help = "Generate the measures (o42) or report of results (o43) document as PDF or DOCX."
    # Django's system checks import every URLconf and view (a few hundred
    # milliseconds of a cold command) to check things this command never uses;
    # `check`, `migrate` and the server still run them.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        who = parser.add_mutually_exclusive_group(required=True)
        who.add_argument("--agency", help="agency slug")
        who.add_argument("--all", action="store_true", help="every agency that has results")
        parser.add_argument(
            "--year", type=int, required=True, help="plan year printed on the document (BE)"
        )
        parser.add_argument(
            "--assessment-year", type=int, help="ITA year analysed (default: --year minus 1)"
        )
        parser.add_argument("--kind", choices=["results", "measures"], required=True)
        parser.add_argument("--format", choices=["pdf", "docx"], default="pdf")
        parser.add_argument("--output", type=Path, help="file to write (one agency)")
        parser.add_argument("--output-dir", type=Path, help="folder for --all (default: .)")
        parser.add_argument(
            "--jobs", type=int, default=0, help="worker processes for --all (default: CPU count)"
        )

    def handle(self, *args: Any, **o: Any) -> None:
        if o["all"]:
            self._batch(o)
            return
        agency = agency_by_slug(o["agency"])
        try:
            doc = document_render(
                agency,
                plan_year=o["year"],
                kind=o["kind"],
                fmt=o["format"],
                assessment_year=o["assessment_year"],
            )
        except NothingToReport as e:
            raise CommandError(str(e)) from e
        output = o["output"] or Path(doc.filename)
        output.write_bytes(doc.data)
        self.stdout.write(f"เขียน {output} ({len(doc.data):,} ไบต์)")

    def _batch(self, o: dict[str, Any]) -> None:
        out_dir = o["output_dir"] or Path(".")
        out_dir.mkdir(parents=True, exist_ok=True)
        year = o["assessment_year"] or o["year"] - 1
        slugs = list(
            Agency.objects.filter(assessments__year=year)
            .distinct()
            .order_by("slug")
            .values_list("slug", flat=True)
        )
        if not slugs:
            raise CommandError(f"ไม่มีหน่วยงานใดที่มีผลการประเมิน ITA ปี {year}")
        failures: list[tuple[str, str]] = []
        started = time.monotonic()
        jobs = o["jobs"] or None
        # fork: workers inherit the configured settings (and, in tests, the
        # test database). Connections are closed first: a forked child must
        # never talk over its parent's database socket.
        connections.close_all()
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(
            max_workers=jobs, initializer=_worker_setup, mp_context=context
        ) as pool:
            futures = {
                pool.submit(
                    _render_one,
                    slug,
                    o["year"],
                    o["kind"],
                    o["format"],
                    o["assessment_year"],
                    str(out_dir),
                ): slug
                for slug in slugs
            }
            for done, future in enumerate(as_completed(futures), start=1):
                slug = futures[future]
                try:
                    future.result()
                    mark = "✓"
                except Exception as e:  # one agency's failure must not stop the batch
                    failures.append((slug, f"{type(e).__name__}: {e}"))
                    mark = "✗"
                width = 30
                filled = width * done // len(slugs)
                sys.stderr.write(
                    f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{len(slugs)} {mark} {slug:<30}"
                )
                sys.stderr.flush()
        sys.stderr.write("\n")
        elapsed = time.monotonic() - started
        self.stdout.write(
            f"สร้างเอกสาร {len(slugs) - len(failures)}/{len(slugs)} หน่วยงาน ใน {elapsed:.1f} วินาที → {out_dir}"
        )
        if failures:
            self.stdout.write(f"ไม่สำเร็จ {len(failures)} หน่วยงาน:")
            for slug, why in failures:
                self.stdout.write(f"  {slug}: {why}")
            raise CommandError(f"{len(failures)} documents failed")
