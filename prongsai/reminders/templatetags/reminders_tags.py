"""The digest's on/off switch as a tag, so the account page shows it without
the accounts app knowing about reminders."""

from typing import Any

from django import template

from prongsai.reminders.models import ReminderPreference

register = template.Library()


@register.inclusion_tag("reminders/_toggle.html", takes_context=True)
def reminders_toggle(context: dict[str, Any]) -> dict[str, Any]:
    user = context["request"].user
    off = ReminderPreference.objects.filter(user=user, enabled=False).exists()
    return {"reminders_on": not off, "csrf_token": context.get("csrf_token")}


@register.filter
def oneline(value: object) -> str:
    """Text typed by people (a measure's name, a step) on one line of the plain
    e-mail: a line break in it would otherwise start a line that looks like the
    digest's own ("ดำเนินการที่ https://…")."""
    return " ".join(str(value).split())
