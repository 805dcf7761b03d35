from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from prongsai.lib.commands import agency_by_slug
from prongsai.surveys.models import Survey
from prongsai.surveys.services import codes_generate


class Command(BaseCommand):
    help = "Print N new single-use access codes of a staff survey, one per line (shown only once)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--agency", required=True, help="agency slug")
        parser.add_argument("--survey", required=True, help="survey slug")
        parser.add_argument("--count", required=True, type=int)

    def handle(self, *args: Any, **o: Any) -> None:
        agency = agency_by_slug(o["agency"])
        survey = Survey.objects.filter(agency=agency, slug=o["survey"]).first()
        if survey is None:
            raise CommandError(f"{agency.name} ไม่มีแบบสอบถาม slug '{o['survey']}'")
        try:
            codes = codes_generate(survey=survey, count=o["count"], actor=None)
        except ValidationError as e:
            raise CommandError("; ".join(e.messages)) from e
        for code in codes:
            self.stdout.write(code)
