from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from prongsai.agencies.services import agency_create


class Command(BaseCommand):
    help = "Create an agency (หน่วยงาน)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--slug", required=True)
        parser.add_argument("--name", required=True)
        parser.add_argument("--type", required=True, help="sao, อบต., เทศบาลตำบล, … or other")
        parser.add_argument("--province", required=True)
        parser.add_argument("--district", required=True)
        parser.add_argument("--website", default="")

    def handle(self, *args: Any, **o: Any) -> None:
        try:
            agency = agency_create(
                slug=o["slug"],
                name=o["name"],
                type=o["type"],
                province=o["province"],
                district=o["district"],
                website=o["website"],
            )
        except ValidationError as e:
            raise CommandError("; ".join(e.messages)) from e
        self.stdout.write(f"สร้างหน่วยงาน {agency.name} ({agency.slug}) แล้ว")
