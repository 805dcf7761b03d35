"""`prongsai purge-survey-answers [--dry-run]`: delete raw answers past retention."""

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from prongsai.surveys.models import Answer
from prongsai.surveys.retention import purge_due, survey_answers_purge


class Command(BaseCommand):
    help = "ลบคำตอบรายบุคคลของแบบสอบถามที่ปิดรับคำตอบเกิน SURVEY_RAW_RETENTION_DAYS วัน โดยเก็บผลสรุปรวมไว้"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="แสดงรายการที่จะลบ ไม่ลบจริง")

    def handle(self, *args: Any, **o: Any) -> None:
        days = settings.SURVEY_RAW_RETENTION_DAYS
        due = purge_due()
        if not due:
            self.stdout.write(f"ไม่มีแบบสอบถามที่ปิดรับคำตอบเกิน {days} วันและยังเก็บคำตอบรายบุคคลไว้")
            return
        for survey in due:
            where = f"{survey.agency.slug}/{survey.slug} (ปิดรับ {survey.closes_on.isoformat()})"
            if o["dry_run"]:
                n = Answer.objects.filter(response__survey=survey).count()
                self.stdout.write(f"จะลบคำตอบ {n} รายการ: {where}")
            else:
                done = survey_answers_purge(survey=survey)
                self.stdout.write(f"ลบคำตอบ {done.answers} รายการ: {where}")
