import json
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from prongsai.improvement.report_import import parse_report, text_of_report
from prongsai.improvement.services import report_import_apply
from prongsai.lib.commands import agency_by_slug, read_command_file
from prongsai.lib.imports import ImportFailed


class Command(BaseCommand):
    help = (
        "Read a report of results or a measures document (DOCX, PDF or text) in the seed's "
        "form into draft weaknesses, measures, steps, departments and results."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--agency", required=True, help="agency slug")
        parser.add_argument("--year", required=True, type=int, help="ITA year (BE) analysed")
        parser.add_argument("--dry-run", action="store_true", help="show the drafts, write nothing")
        parser.add_argument("--json", action="store_true", help="print the drafts as JSON")
        parser.add_argument("file", type=Path)

    def handle(self, *args: Any, **o: Any) -> None:
        agency = agency_by_slug(o["agency"])
        path: Path = o["file"]
        try:
            text = text_of_report(read_command_file(path), path.name)
        except ValueError as e:
            raise CommandError(str(e)) from e
        draft = parse_report(text)
        if draft.problems:
            raise CommandError(f"อ่าน {path.name} ไม่ได้:\n" + "\n".join(draft.problems))
        if o["json"]:
            self.stdout.write(json.dumps(draft.as_json(), ensure_ascii=False, indent=2))
        else:
            for m in draft.measures:
                self.stdout.write(
                    f"มาตรการ: {m.title} — ข้อ {', '.join(m.weaknesses) or '-'}; "
                    f"ขั้นตอน {len(m.steps)} ผลการดำเนินการ {len(m.results)} "
                    f"ผู้รับผิดชอบ {', '.join(m.departments) or '-'}"
                )
                if m.unknown_departments:
                    self.stdout.write("  ไม่รู้จักหน่วยงาน: " + ", ".join(m.unknown_departments))
        if o["dry_run"]:
            return
        try:
            summary = report_import_apply(agency=agency, year=o["year"], draft=draft, actor=None)
        except ValidationError as e:
            raise CommandError("ไม่ได้บันทึกอะไรเลย:\n" + "\n".join(e.messages)) from e
        except ImportFailed as e:
            raise CommandError("ไม่ได้บันทึกอะไรเลย:\n" + "\n".join(e.errors)) from e
        self.stdout.write(
            f"บันทึกร่างแล้ว: ข้อบกพร่อง {summary['weaknesses']} มาตรการ {summary['measures']} "
            f"ขั้นตอน {summary['steps']} ผลการดำเนินการ {summary['results']}"
        )
        if summary["skipped"]:
            self.stdout.write("มีมาตรการชื่อนี้ในปีงบประมาณนั้นแล้ว จึงข้าม: " + ", ".join(summary["skipped"]))
        if summary["unknown_departments"]:
            self.stdout.write(
                "ไม่พบส่วนราชการเหล่านี้ในหน่วยงาน (ไม่ได้สร้างให้ เพิ่มเองที่หน้ามาตรการ): "
                + ", ".join(summary["unknown_departments"])
            )
