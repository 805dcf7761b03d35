from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from prongsai.lib.commands import agency_by_slug
from prongsai.publishing.services import publication_publish


class Command(BaseCommand):
    help = (
        "Publish the agency's public transparency page (a frozen snapshot of what is public now)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--agency", required=True, help="agency slug")

    def handle(self, *args: Any, **o: Any) -> None:
        from django.conf import settings

        agency = agency_by_slug(o["agency"])
        publication = publication_publish(agency=agency, actor=None)
        self.stdout.write(
            f"เผยแพร่หน้าความโปร่งใสของ {agency.name} ครั้งที่ {publication.version}: "
            f"{settings.SITE_URL}/public/{agency.slug}/"
        )
