import json
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from prongsai.network.scope import parse_scope
from prongsai.network.selectors import agencies_in, network_rows, scope_summary


class Command(BaseCommand):
    help = "The network view of a scope for one ITA year (the same numbers as /network/)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scope", required=True)
        parser.add_argument("--types", default="")
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **o: Any) -> None:
        try:
            scope = parse_scope(o["scope"], o["types"].split(",") if o["types"] else [])
        except ValidationError as e:
            raise CommandError("; ".join(e.messages)) from e
        agencies = agencies_in([scope])
        rows = network_rows(agencies, o["year"])
        summary, _areas, _ratings = scope_summary(scope.label, [scope], agencies, o["year"])
        if o["json"]:
            data = {
                "scope": scope.text,
                "year": o["year"],
                "agencies": [r.as_json() for r in rows],
                "summary": summary.as_json(),
            }
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
            return
        self.stdout.write(
            f"{scope.label} ITA {o['year']}: {summary.agencies} หน่วยงาน, "
            f"มีผล {summary.with_results}, เฉลี่ย {summary.mean_total or '—'}, "
            f"ผ่านเกณฑ์ {summary.passing}"
        )
        for r in rows:
            total = "—" if r.total is None else f"{r.total:.2f}"
            self.stdout.write(
                f"  {r.agency.slug:<24} {total:>6} {r.grade or '—':<3} {r.agency.name}"
            )
