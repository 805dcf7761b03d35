import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from prongsai.lib.commands import agency_by_slug
from prongsai.surveys.selectors import public_url, surveys_of


class Command(BaseCommand):
    help = "List an agency's surveys: slug, kind, public URL, open or closed, stored responses."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--agency", required=True, help="agency slug")
        parser.add_argument("--json", action="store_true", help="a JSON list of objects")

    def handle(self, *args: Any, **o: Any) -> None:
        agency = agency_by_slug(o["agency"])
        rows = [
            {
                "slug": s.slug,
                "kind": s.kind,
                "url": public_url(s),
                "open": s.state == "open",  # type: ignore[attr-defined]
                "responses": s.n_responses,  # type: ignore[attr-defined]
            }
            for s in surveys_of(agency)
        ]
        if o["json"]:
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
            return
        if not rows:
            self.stdout.write(f"{agency.name} ยังไม่มีแบบสอบถาม")
        for row in rows:
            state = "open" if row["open"] else "closed"
            self.stdout.write(
                f"{row['slug']}\t{row['kind']}\t{row['url']}\t{state}\t{row['responses']}"
            )
