from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from prongsai.accounts.invitations import invitation_create, invitation_link
from prongsai.agencies.models import Agency


class Command(BaseCommand):
    help = "Invite a person to an agency: sends the email and prints the one-time link."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--agency", required=True, help="the agency's slug")
        parser.add_argument("--email", required=True)
        parser.add_argument("--role", required=True, choices=["admin", "editor", "viewer"])
        parser.add_argument(
            "--department",
            action="append",
            default=[],
            help="department name, for an editor (repeat for several)",
        )

    def handle(self, *args: Any, **o: Any) -> None:
        agency = Agency.objects.filter(slug=o["agency"]).first()
        if agency is None:
            raise CommandError(f"ไม่มีหน่วยงาน slug '{o['agency']}'")
        departments = []
        for name in o["department"]:
            department = agency.departments.filter(name=name.strip()).first()
            if department is None:
                known = ", ".join(agency.departments.values_list("name", flat=True))
                raise CommandError(f"{agency.name} ไม่มีส่วนราชการ '{name}' (มี: {known})")
            departments.append(department)
        try:
            _invitation, token = invitation_create(
                agency=agency,
                email=o["email"],
                role=o["role"],
                departments=departments,
                invited_by=None,
            )
        except ValidationError as e:
            raise CommandError("; ".join(e.messages)) from e
        self.stdout.write(f"ส่งคำเชิญถึง {o['email']} แล้ว ลิงก์ (ใช้ได้ครั้งเดียว ภายใน 7 วัน):")
        self.stdout.write(invitation_link(token))
