from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from prongsai.reminders.services import digests_send


class Command(BaseCommand):
    help = "ส่งอีเมลสรุปงานที่ถึงกำหนดประจำสัปดาห์ (ส่งซ้ำในสัปดาห์เดียวกันไม่ได้)"

    def handle(self, *args: Any, **options: Any) -> None:
        sent = digests_send(today=timezone.localdate())
        self.stdout.write(f"sent {sent}")
