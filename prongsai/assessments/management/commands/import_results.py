from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from prongsai.assessments.imports import ImportFailed
from prongsai.assessments.services import results_import
from prongsai.lib.commands import agency_by_slug


class Command(BaseCommand):
    help = "Import per-question scores from a CSV or XLSX file with header code,score[,question]."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--agency", required=True, help="agency slug")
        parser.add_argument("--year", required=True, type=int, help="ITA year (BE), e.g. 2566")
        parser.add_argument(
            "--kind", default="official", choices=["official", "pre"], help="official or pre"
        )
        parser.add_argument("file", type=Path)

    def handle(self, *args: Any, **o: Any) -> None:
        agency = agency_by_slug(o["agency"])
        try:
            data = o["file"].read_bytes()
        except OSError as e:
            raise CommandError(f"อ่านไฟล์ {o['file']} ไม่ได้: {e.strerror}") from e
        try:
            assessment, summary = results_import(
                agency=agency, year=o["year"], data=data, actor=None, kind=o["kind"]
            )
        except ImportFailed as e:
            raise CommandError(
                f"ไม่ได้นำเข้า {o['file'].name} (ไม่มีการเปลี่ยนแปลงข้อมูล):\n" + "\n".join(e.errors)
            ) from e
        self.stdout.write(
            f"นำเข้าคะแนน ITA {assessment.year} ของ {agency.name}: "
            f"ใหม่ {summary['created']} ข้อ แก้ไข {summary['updated']} ข้อ"
        )
        if summary["filled_texts"]:
            self.stdout.write("เติมข้อความคำถาม: " + ", ".join(summary["filled_texts"]))  # type: ignore[arg-type]
