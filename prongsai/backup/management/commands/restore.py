"""`prongsai restore FILE`: a backup into an empty database and an empty storage."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from prongsai.backup.archive import BackupRefused, restore_backup


class Command(BaseCommand):
    help = "กู้คืนไฟล์สำรองลงฐานข้อมูลว่าง (หลัง `prongsai migrate`) และที่เก็บไฟล์ว่าง"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)

    def handle(self, *args: Any, **o: Any) -> None:
        try:
            done = restore_backup(o["file"])
        except BackupRefused as e:
            raise CommandError(str(e)) from e
        self.stdout.write(
            f"กู้คืนแล้ว: {done.objects} รายการในฐานข้อมูล และ {done.files} ไฟล์ "
            f"(สำรองเมื่อ {done.manifest['created_at']})"
        )
