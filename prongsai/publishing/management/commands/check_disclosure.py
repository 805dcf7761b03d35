import json
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from prongsai.lib.commands import agency_by_slug
from prongsai.lib.imports import ImportFailed
from prongsai.publishing.checking import disclosure_check_run
from prongsai.publishing.models import CheckRun, LinkCheck


class Command(BaseCommand):
    help = (
        "Check every disclosure (OIT) link of a year concurrently: reachable, year and key words "
        "found; keeps a dated copy of each page. Progress goes to stderr."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--agency", required=True, help="agency slug")
        parser.add_argument("--year", required=True, type=int, help="ITA year (BE), e.g. 2567")
        parser.add_argument("--json", action="store_true", help="print one JSON object per URL")
        parser.add_argument("--timeout", type=float, help="seconds per URL (default 10)")
        parser.add_argument("--per-host", type=int, help="requests at once to one site (default 4)")

    def handle(self, *args: Any, **o: Any) -> None:
        agency = agency_by_slug(o["agency"])
        overrides = {key: o[key] for key in ("timeout", "per_host") if o.get(key) is not None}
        if any(v <= 0 for v in overrides.values()):
            raise CommandError("--timeout และ --per-host ต้องมากกว่า 0")
        started = time.monotonic()

        def progress(run: CheckRun, check: LinkCheck) -> None:
            mark = "ผ่าน" if check.ok else "ไม่ผ่าน"
            status = check.status if check.status is not None else "-"
            line = f"[{run.checked}/{run.total}] {check.code:<4} {mark:<7} {status} {check.url}"
            if check.problems:
                line += " — " + "; ".join(check.problems)
            self.stderr.write(line)
            self.stderr.flush()

        try:
            run = disclosure_check_run(
                agency=agency, year=o["year"], actor=None, on_progress=progress, **overrides
            )
        except ImportFailed as e:
            raise CommandError("\n".join(e.errors)) from e
        if run.total == 0:
            self.stderr.write(
                f"ยังไม่มีลิงก์ OIT ปี {o['year']} ของ {agency.name} (นำเข้าด้วย import-disclosure)"
            )
        checks = list(run.checks.order_by("item__order", "link__order", "id"))
        if o["json"]:
            rows = [
                {
                    "code": c.code,
                    "url": c.url,
                    "ok": c.ok,
                    "status": c.status,
                    "year_found": c.year_found,
                    "problems": list(c.problems),
                }
                for c in checks
            ]
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
        else:
            self.stdout.write(
                f"ตรวจลิงก์ OIT ปี {run.year} ของ {agency.name}: ผ่าน {run.ok_count} "
                f"ไม่ผ่าน {run.failed_count} จาก {run.checked} ลิงก์ "
                f"ใน {time.monotonic() - started:.1f} วินาที"
            )
