import json
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from prongsai.accounts.invitations import invitation_link
from prongsai.lib.commands import import_refused, read_command_file
from prongsai.lib.imports import ImportFailed
from prongsai.staff.agencies_import import agencies_import, agencies_read

STATUS = {"create": "สร้างใหม่", "update": "ปรับปรุง", "same": "ไม่เปลี่ยน"}


class Command(BaseCommand):
    help = (
        "Create or update many agencies from CSV/XLSX "
        "(code,slug,name,type,province,district[,admin_email]); all or nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="check and show, write nothing")
        parser.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **o: Any) -> None:
        path: Path = o["file"]
        data = read_command_file(path)
        try:
            rows = agencies_read(data, max_bytes=settings.IMPORT_MAX_BYTES)
        except ImportFailed as e:
            raise import_refused(path, e) from e
        outcome = None if o["dry_run"] else agencies_import(rows=rows, actor=None)
        links = {a.slug: invitation_link(t) for a, _e, t in outcome.links} if outcome else {}
        if o["json"]:
            report = {
                "dry_run": o["dry_run"],
                "agencies": [
                    {
                        "row": r.number,
                        "slug": r.slug,
                        "code": r.code,
                        "status": r.status,
                        "changes": r.changes,
                        "invite": r.admin_email if r.invite else "",
                        "invitation_link": links.get(r.slug, ""),
                        "note": r.invite_note,
                    }
                    for r in rows
                ],
            }
            self.stdout.write(json.dumps(report, ensure_ascii=False, indent=2))
            return
        for r in rows:
            line = f"แถว {r.number}: {r.slug} {r.name} — {STATUS[r.status]}"
            if r.changes:
                line += " (" + ", ".join(f"{k}: {a} → {b}" for k, (a, b) in r.changes.items()) + ")"
            if r.invite:
                line += f"; เชิญผู้ดูแล {r.admin_email}"
                if r.slug in links:
                    line += f" ลิงก์: {links[r.slug]}"
            elif r.invite_note:
                line += f"; {r.invite_note}"
            self.stdout.write(line)
        counts = {s: sum(r.status == s for r in rows) for s in STATUS}
        verb = "ตรวจแล้ว ยังไม่บันทึก (--dry-run)" if o["dry_run"] else "บันทึกแล้ว"
        self.stdout.write(
            f"{verb}: สร้างใหม่ {counts['create']} ปรับปรุง {counts['update']} "
            f"ไม่เปลี่ยน {counts['same']} เชิญผู้ดูแล {sum(r.invite for r in rows)}"
        )
