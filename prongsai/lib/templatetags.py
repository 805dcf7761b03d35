"""Template filters available in every template (settings: builtins)."""

import datetime as dt
from decimal import Decimal

from django import template
from django.utils import timezone

from prongsai.lib import thai

register = template.Library()


@register.filter
def thai_date(value: dt.date | dt.datetime | None, style: str = "") -> str:
    """{{ d|thai_date }} → 3 มีนาคม 2566; {{ d|thai_date:"short" }} → 3 มี.ค. 2566."""
    if value is None or value == "":
        return ""
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        return f"{thai.thai_date(value.date(), short=True)} {value:%H:%M}"
    return thai.thai_date(value, short=style == "short")


@register.filter
def score(value: Decimal | float | None) -> str:
    return "—" if value is None or value == "" else thai.format_score(value)


@register.filter
def thai_digits(value: object) -> str:
    return thai.to_thai_digits(str(value))


@register.filter
def get_item(mapping: dict, key: object) -> object:  # type: ignore[type-arg]
    return mapping.get(key) if mapping else None


@register.filter
def percent_width(value: Decimal | float | None) -> str:
    """A 0–100 score as a CSS width, clamped; for bars drawn without JS."""
    if value is None:
        return "0%"
    return f"{max(0, min(100, float(value))):.2f}%"
