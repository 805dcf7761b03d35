"""Small helpers shared by management commands."""

from django.core.management.base import CommandError

from prongsai.agencies.models import Agency


def agency_by_slug(slug: str) -> Agency:
    agency = Agency.objects.filter(slug=slug).first()
    if agency is None:
        raise CommandError(f"ไม่พบหน่วยงาน slug '{slug}'")
    return agency
