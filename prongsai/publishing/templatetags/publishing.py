"""Filters for the publishing pages: ISO dates from snapshots, countdowns, badges."""

from __future__ import annotations

import datetime as dt

from django import template
from django.utils.translation import gettext as _

register = template.Library()

STATUS_CLASS = {"missing": "bad", "proposed": "info", "published": "ok", "needs_update": "warn"}
MEASURE_CLASS = {
    "planned": "",
    "in_progress": "info",
    "done": "ok",
    "not_done": "bad",
    "cancelled": "",
}


@register.filter
def isodate(value: str | None) -> dt.date | None:
    """'2024-03-01' (as stored in a snapshot) → a date for |thai_date."""
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


@register.filter
def isodatetime(value: str | None) -> dt.datetime | None:
    if not value:
        return None
    try:
        return dt.datetime.fromisoformat(value)
    except ValueError:
        return None


@register.filter
def countdown(days: int | None) -> str:
    if days is None:
        return ""
    if days > 0:
        return _("เหลือ %d วัน") % days
    if days == 0:
        return _("ครบกำหนดวันนี้")
    return _("เลยกำหนด %d วัน") % -days


@register.filter
def countdown_class(days: int | None) -> str:
    if days is None:
        return ""
    if days < 0:
        return "bad"
    return "warn" if days <= 14 else "info"


@register.filter
def status_class(status: str) -> str:
    return STATUS_CLASS.get(status, "")


@register.filter
def measure_class(status: str) -> str:
    return MEASURE_CLASS.get(status, "")


@register.filter
def measure_status(status: str, frozen_label: str = "") -> str:
    """The status's label in the page's language (a snapshot keeps the Thai
    label it was published with; the status itself does not change)."""
    from prongsai.improvement.models import MeasureStatus

    try:
        return str(MeasureStatus(status).label)
    except ValueError:
        return frozen_label or status


@register.filter
def filesize(size: int | None) -> str:
    if not size:
        return ""
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))} KB"
    return f"{size / (1024 * 1024):.1f} MB"
