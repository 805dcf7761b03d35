"""`prongsai backup --output FILE`: database, uploaded files and snapshots in one archive."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from prongsai.backup.archive import create_backup


class Command(BaseCommand):
    help = "สำรองฐานข้อมูลและไฟล์ที่อัปโหลดทั้งหมดเป็นไฟล์เดียว (tar.gz พร้อม manifest.json และ SHA-256)"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output", type=Path, required=True, help="ไฟล์ .tar.gz ที่จะเขียน")

    def handle(self, *args: Any, **o: Any) -> None:
        output: Path = o["output"]
        if output.exists():
            raise CommandError(f"มีไฟล์ {output} อยู่แล้ว: เลือกชื่อใหม่ (ไม่เขียนทับไฟล์สำรองเดิม)")
        try:
            manifest = create_backup(output)
        except OSError as e:
            raise CommandError(f"เขียนไฟล์สำรอง {output} ไม่ได้: {e.strerror or e}") from e
        media = sum(1 for f in manifest["files"] if f["path"].startswith("media/"))
        self.stdout.write(
            f"สำรองแล้ว: {output} (ฐานข้อมูล + ไฟล์ {media} ไฟล์, รุ่น {manifest['app_version']})"
        )
