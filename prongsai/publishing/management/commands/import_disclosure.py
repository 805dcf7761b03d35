from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from prongsai.assessments.imports import ImportFailed
from prongsai.lib.commands import agency_by_slug
from prongsai.publishing.services import disclosure_import


class Command(BaseCommand):
    help = (
        "Import disclosure (OIT) links from a CSV or XLSX file with header code,url (several rows "
        "per code allowed). All or nothing; the file's links replace the links of the codes it "
        "names, other items are left as they are."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--agency", required=True, help="agency slug")
        parser.add_argument("--year", required=True, type=int, help="ITA year (BE), e.g. 2567")
        parser.add_argument("file", type=Path)

    def handle(self, *args: Any, **o: Any) -> None:
        agency = agency_by_slug(o["agency"])
        try:
            data = o["file"].read_bytes()
        except OSError as e:
            raise CommandError(f"อ่านไฟล์ {o['file']} ไม่ได้: {e.strerror}") from e
        try:
            summary = disclosure_import(agency=agency, year=o["year"], data=data, actor=None)
        except ImportFailed as e:
            raise CommandError(
                f"ไม่ได้นำเข้า {o['file'].name} (ไม่มีการเปลี่ยนแปลงข้อมูล):\n" + "\n".join(e.errors)
            ) from e
        self.stdout.write(
            f"นำเข้าลิงก์ OIT ปี {o['year']} ของ {agency.name}: {summary['links']} ลิงก์ใน "
            f"{summary['items']} ข้อ (เพิ่ม {summary['added']} ลบ {summary['removed']})"
        )
