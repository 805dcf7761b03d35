from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from prongsai.accounts.invitations import invitation_create, invitation_link
from prongsai.accounts.models import Role
from prongsai.accounts.staff_log import Action, staff_action_record
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
        parser.add_argument("--code", default="", help="the official agency code, if any")
        parser.add_argument(
            "--admin-email",
            default="",
            help="invite this address as the agency's admin (prints the one-time link)",
        )

    def handle(self, *args: Any, **o: Any) -> None:
        try:
            with transaction.atomic():
                agency = agency_create(
                    slug=o["slug"],
                    name=o["name"],
                    type=o["type"],
                    province=o["province"],
                    district=o["district"],
                    website=o["website"],
                )
                if o["code"]:
                    agency.code = o["code"]
                    agency.full_clean()
                    agency.save(update_fields=["code"])
                token = ""
                if o["admin_email"]:
                    _invitation, token = invitation_create(
                        agency=agency, email=o["admin_email"], role=Role.ADMIN, invited_by=None
                    )
                staff_action_record(
                    actor=None,
                    action=Action.AGENCY_CREATE,
                    summary=f"สร้างหน่วยงาน {agency.name} ({agency.slug}) ด้วยคำสั่ง create-agency",
                )
        except ValidationError as e:
            raise CommandError("; ".join(e.messages)) from e
        self.stdout.write(f"สร้างหน่วยงาน {agency.name} ({agency.slug}) แล้ว")
        if token:
            self.stdout.write(f"ส่งคำเชิญผู้ดูแลถึง {o['admin_email']} แล้ว ลิงก์ (ใช้ได้ครั้งเดียว ภายใน 7 วัน):")
            self.stdout.write(invitation_link(token))
        else:
            self.stdout.write("ยังไม่มีผู้ดูแล: เชิญด้วย prongsai invite --agency … --role admin")
