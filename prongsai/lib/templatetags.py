"""Template filters available in every template (settings: builtins)."""

import datetime as dt
from decimal import Decimal

from django import template
from django.utils import timezone
from django.utils.translation import get_language

from prongsai.lib import thai

register = template.Library()

MONTHS_EN = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def _date(day: dt.date, *, short: bool) -> str:
    # The English interface names the month in English but keeps the BE year,
    # the year every ITA document and deadline is counted in.
    if get_language() == "en":
        month = MONTHS_EN[day.month - 1]
        return f"{day.day} {month[:3] if short else month} {thai.be_year(day.year)}"
    return thai.thai_date(day, short=short)


@register.filter
def thai_date(value: dt.date | dt.datetime | None, style: str = "") -> str:
    """{{ d|thai_date }} → 3 มีนาคม 2566; {{ d|thai_date:"short" }} → 3 มี.ค. 2566
    (3 March 2566 / 3 Mar 2566 in the English interface)."""
    if value is None or value == "":
        return ""
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        return f"{_date(value.date(), short=True)} {value:%H:%M}"
    return _date(value, short=style == "short")


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


def _percent_step(value: object) -> int:
    try:
        number = float(str(value))
    except (TypeError, ValueError):
        return 0
    return round(max(0.0, min(100.0, number))) if number == number else 0  # NaN: 0


@register.filter
def width_class(value: object) -> str:
    """A 0–100 value as the CSS class of that width ("w-37", whole percent): the
    Content-Security-Policy allows no style="" attributes, so bars use app.css."""
    return f"w-{_percent_step(value)}"


@register.filter
def height_class(value: object) -> str:
    """Like width_class, for column heights ("h-37")."""
    return f"h-{_percent_step(value)}"
