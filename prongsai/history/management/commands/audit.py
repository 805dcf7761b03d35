"""`prongsai audit verify|anchor`: check the history hash chains, print their heads."""

import json
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from prongsai.agencies.models import Agency
from prongsai.history import selectors
from prongsai.lib.commands import agency_by_slug


class Command(BaseCommand):
    help = "ตรวจสอบห่วงโซ่แฮชของประวัติการเปลี่ยนแปลง (verify) หรือพิมพ์หัวห่วงโซ่เพื่อเก็บไว้ยึด (anchor)"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        verify = sub.add_parser("verify", help="ตรวจห่วงโซ่ของทุกหน่วยงาน (หรือหน่วยงานเดียว)")
        verify.add_argument("--agency", help="slug ของหน่วยงาน")
        verify.add_argument("--json", action="store_true")
        verify.add_argument("--anchors", type=Path, help="ไฟล์หัวห่วงโซ่ที่ audit anchor เขียนไว้")
        anchor = sub.add_parser("anchor", help="พิมพ์หัวห่วงโซ่ปัจจุบันของทุกหน่วยงาน")
        anchor.add_argument("--output", type=Path, help="เขียนต่อท้ายไฟล์นี้ด้วย")

    def handle(self, *args: Any, **o: Any) -> None:
        if o["action"] == "anchor":
            self.anchor(o["output"])
        else:
            self.verify(o.get("agency"), o["anchors"], o["json"])

    def anchor(self, output: Path | None) -> None:
        now = datetime.now(UTC).isoformat()
        lines = []
        for agency in Agency.objects.order_by("pk"):
            head_id, head_hash = selectors.chain_head(agency.pk)
            if head_id is None:
                continue
            entry = {"at": now, "agency": agency.slug, "agency_id": agency.pk}
            entry |= {"head_id": head_id, "head_hash": head_hash}
            lines.append(json.dumps(entry, ensure_ascii=False))
        text = "".join(line + "\n" for line in lines)
        self.stdout.write(text, ending="")
        if output is not None:
            try:
                with output.open("a", encoding="utf-8") as f:
                    f.write(text)
            except OSError as e:
                raise CommandError(f"เขียนไฟล์ {output} ไม่ได้: {e.strerror}") from e

    def verify(self, slug: str | None, anchors: Path | None, as_json: bool) -> None:
        agencies = [agency_by_slug(slug)] if slug else list(Agency.objects.order_by("pk"))
        wanted = {a.pk for a in agencies}
        anchored = self.read_anchors(anchors) if anchors else []
        report: list[dict[str, Any]] = []
        for agency in agencies:
            check = selectors.agency_chain_check(agency.pk)
            problems = [check.broken.as_dict()] if check.broken else []
            for entry in anchored:
                if entry["agency_id"] != agency.pk:
                    continue
                why = selectors.anchor_breaks(agency.pk, entry["head_id"], entry["head_hash"])
                if why:
                    problems.append({"row_id": entry["head_id"], "at": entry["at"], "problem": why})
            report.append(
                {
                    "agency": agency.slug,
                    "rows": check.rows,
                    "head_id": check.head_id,
                    "head_hash": check.head_hash,
                    "ok": not problems,
                    "problems": problems,
                }
            )
        unknown = sorted({e["agency_id"] for e in anchored} - wanted) if not slug else []
        broken = [r for r in report if not r["ok"]]
        if as_json:
            out = {"ok": not broken and not unknown, "agencies": report}
            out["anchored_agencies_missing"] = unknown
            self.stdout.write(json.dumps(out, ensure_ascii=False, indent=2))
        else:
            for r in report:
                if r["ok"]:
                    self.stdout.write(f"{r['agency']}: ตรวจสอบแล้ว {r['rows']} แถว ไม่มีการแก้ไขย้อนหลัง")
                for p in r["problems"]:
                    self.stdout.write(
                        f"{r['agency']}: ห่วงโซ่ขาดที่แถว {p['row_id']} ({p['at']}): {p['problem']}"
                    )
            for agency_id in unknown:
                self.stdout.write(f"หน่วยงานรหัส {agency_id} มีหัวห่วงโซ่ที่ยึดไว้ แต่ไม่มีในฐานข้อมูลแล้ว")
        if broken or unknown:
            sys.exit(1)

    def read_anchors(self, path: Path) -> list[dict[str, Any]]:
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as e:
            raise CommandError(f"อ่านไฟล์ {path} ไม่ได้: {e.strerror}") from e
        entries = []
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                entry = json.loads(line)
                entries.append(
                    {
                        "agency_id": int(entry["agency_id"]),
                        "head_id": int(entry["head_id"]),
                        "head_hash": str(entry["head_hash"]),
                        "at": str(entry.get("at", "")),
                    }
                )
            except (ValueError, KeyError, TypeError) as e:
                raise CommandError(f"ไฟล์ {path} บรรทัด {number}: อ่านหัวห่วงโซ่ไม่ได้ ({e})") from e
        return entries
