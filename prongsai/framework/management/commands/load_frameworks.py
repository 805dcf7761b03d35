from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from prongsai.framework.library import FrameworkFileError, load_framework_file
from prongsai.framework.services import framework_load, frameworks_load_shipped


class Command(BaseCommand):
    help = "Load the shipped ITA framework files, or one file for a new year (--file)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--file", type=Path, help="a framework YAML file to import")

    def handle(self, *args: Any, **o: Any) -> None:
        if o["file"]:
            try:
                spec = load_framework_file(o["file"])
            except FrameworkFileError as e:
                raise CommandError(str(e)) from e
            results = [framework_load(spec, source="imported")]
        else:
            results = frameworks_load_shipped()
        for framework, changed in results:
            state = "โหลดแล้ว" if changed else "ไม่มีการเปลี่ยนแปลง"
            count = framework.questions.count()
            self.stdout.write(f"ITA {framework.year}: {count} ข้อ ({framework.status}) — {state}")
