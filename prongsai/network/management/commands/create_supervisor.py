from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from prongsai.network.scope import parse_scope
from prongsai.network.services import supervision_create


class Command(BaseCommand):
    help = "Give a user a supervisor's scope (read-only view of many agencies)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--username", required=True)
        parser.add_argument(
            "--scope", required=True, help="national, province:<name> or district:<prov>/<dist>"
        )
        parser.add_argument("--types", default="", help="agency types, comma-separated (อบต.,…)")

    def handle(self, *args: Any, **o: Any) -> None:
        User = get_user_model()
        try:
            user = User.objects.get(username=o["username"])
        except User.DoesNotExist:
            raise CommandError(
                f"ไม่พบผู้ใช้ '{o['username']}' — เชิญผู้ใช้ก่อน (prongsai invite) แล้วจึงกำหนดขอบเขต"
            ) from None
        try:
            scope = parse_scope(o["scope"], o["types"].split(",") if o["types"] else [])
        except ValidationError as e:
            raise CommandError("; ".join(e.messages)) from e
        supervision_create(user=user, scope=scope)
        self.stdout.write(f"{user.get_username()} กำกับดูแล {scope.label} ({scope.text}) แล้ว")
