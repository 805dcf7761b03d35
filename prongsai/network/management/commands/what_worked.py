import json
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from prongsai.agencies.models import Agency
from prongsai.network.scope import parse_scope
from prongsai.network.selectors import agencies_in, question_changes
from prongsai.network.whatworked import what_worked


class Command(BaseCommand):
    help = (
        "Score change from ITA year Y to Y+1 of questions a measure targeted versus "
        "questions none targeted, with 95% intervals."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        where = parser.add_mutually_exclusive_group(required=True)
        where.add_argument("--scope")
        where.add_argument("--agency")
        parser.add_argument("--types", default="")
        parser.add_argument("--from", dest="year", type=int, required=True)
        parser.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **o: Any) -> None:
        if o["agency"]:
            agencies = Agency.objects.filter(slug=o["agency"])
            if not agencies.exists():
                raise CommandError(f"ไม่พบหน่วยงาน '{o['agency']}'")
        else:
            try:
                scope = parse_scope(o["scope"], o["types"].split(",") if o["types"] else [])
            except ValidationError as e:
                raise CommandError("; ".join(e.messages)) from e
            agencies = agencies_in([scope])
        verdict = what_worked(question_changes(agencies, o["year"]))
        if o["json"]:
            self.stdout.write(json.dumps(verdict.as_json(), ensure_ascii=False, indent=2))
        else:
            self.stdout.write(verdict.message)
            lfl = verdict.like_for_like
            if lfl is not None and lfl.enough:
                self.stdout.write(f"เทียบเฉพาะข้อที่ต่ำกว่าเกณฑ์เหมือนกัน: {lfl.message}")
