from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from prongsai.demo import load_demo


class Command(BaseCommand):
    help = "Load the demo agencies, users and data (idempotent). Never for production."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--i-know-this-is-not-production",
            action="store_true",
            dest="force",
            help="allow running with PRONGSAI_REQUIRE_SECRET set",
        )

    def handle(self, *args: Any, **o: Any) -> None:
        if getattr(settings, "PRODUCTION", False) and not o["force"]:
            raise CommandError(
                "load-demo creates users with a known password; refused in production"
            )
        load_demo(self.stdout)  # type: ignore[arg-type]
