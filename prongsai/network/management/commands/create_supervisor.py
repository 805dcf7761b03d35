from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from prongsai.accounts.invitations import invitation_link, supervisor_invitation_create
from prongsai.accounts.staff_log import Action, staff_action_record
from prongsai.network.scope import parse_scope
from prongsai.network.services import supervision_create


class Command(BaseCommand):
    help = (
        "Give a user a supervisor's scope (read-only view of many agencies), "
        "or invite a new person by email."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        who = parser.add_mutually_exclusive_group(required=True)
        who.add_argument("--username", help="an existing account")
        who.add_argument("--email", help="invite this address (prints the one-time link)")
        parser.add_argument(
            "--scope", required=True, help="national, province:<name> or district:<prov>/<dist>"
        )
        parser.add_argument("--types", default="", help="agency types, comma-separated (อบต.,…)")

    def handle(self, *args: Any, **o: Any) -> None:
        types = o["types"].split(",") if o["types"] else []
        try:
            scope = parse_scope(o["scope"], types)
            if o["email"]:
                invitation, token = supervisor_invitation_create(
                    email=o["email"], scope=o["scope"], types=types, invited_by=None
                )
                staff_action_record(
                    actor=None,
                    action=Action.SUPERVISOR_CREATE,
                    summary=f"เชิญ {invitation.email} เป็นผู้กำกับดูแล {scope.text}",
                )
                self.stdout.write(
                    f"ส่งคำเชิญผู้กำกับดูแล{scope.label} ถึง {invitation.email} แล้ว "
                    "ลิงก์ (ใช้ได้ครั้งเดียว ภายใน 7 วัน):"
                )
                self.stdout.write(invitation_link(token))
                return
        except ValidationError as e:
            raise CommandError("; ".join(e.messages)) from e
        User = get_user_model()
        try:
            user = User.objects.get(username=o["username"])
        except User.DoesNotExist:
            raise CommandError(
                f"ไม่พบผู้ใช้ '{o['username']}' — เชิญด้วย --email แทน --username"
            ) from None
        supervision_create(user=user, scope=scope)
        staff_action_record(
            actor=None,
            action=Action.SUPERVISOR_CREATE,
            summary=f"ให้ {user.get_username()} กำกับดูแล {scope.text}",
        )
        self.stdout.write(f"{user.get_username()} กำกับดูแล {scope.label} ({scope.text}) แล้ว")
