"""Small helpers shared by management commands."""

from pathlib import Path
from typing import Any

from django.core.management.base import CommandError

from prongsai.agencies.models import Agency
from prongsai.assessments.models import Assessment
from prongsai.lib.imports import ImportFailed


def agency_by_slug(slug: str) -> Agency:
    agency = Agency.objects.filter(slug=slug).first()
    if agency is None:
        raise CommandError(f"ไม่พบหน่วยงาน slug '{slug}'")
    return agency


def assessment_by_options(o: dict[str, Any]) -> Assessment:
    """The assessment named by a command's --agency, --year and --kind."""
    agency = agency_by_slug(o["agency"])
    assessment = Assessment.objects.filter(agency=agency, year=o["year"], kind=o["kind"]).first()
    if assessment is None:
        raise CommandError(f"{agency.name} ยังไม่มีผลการประเมิน ITA {o['year']}")
    return assessment


def read_command_file(path: Path) -> bytes:
    """The bytes of a command's file argument; an unreadable file is a CommandError."""
    try:
        return path.read_bytes()
    except OSError as e:
        raise CommandError(f"อ่านไฟล์ {path} ไม่ได้: {e.strerror}") from e


def import_refused(path: Path, e: ImportFailed) -> CommandError:
    """An import command's error for a refused file: its name and every reason."""
    return CommandError(f"ไม่ได้นำเข้า {path.name} (ไม่มีการเปลี่ยนแปลงข้อมูล):\n" + "\n".join(e.errors))
