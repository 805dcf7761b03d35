"""Sending the weekly digest and the opt-out. The digest goes out from
`prongsai send-reminders` run weekly by cron (README, Reminders): simpler and
as dependable as a task worker, and Django 6's built-in task backends
(Immediate, Dummy) would add nothing but a layer."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from prongsai.lib.thai import thai_date
from prongsai.reminders import selectors
from prongsai.reminders.models import DigestSent, ReminderPreference

SALT = "prongsai.reminders.unsubscribe"


def unsubscribe_token(user: Any) -> str:
    """Signed with SECRET_KEY: changing the user id in it breaks the signature,
    so nobody can turn off someone else's digest."""
    return signing.dumps({"u": user.pk}, salt=SALT)


def user_from_token(token: str) -> Any | None:
    try:
        data = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    return get_user_model().objects.filter(pk=data.get("u"), is_active=True).first()


def preference_set(*, user: Any, enabled: bool) -> ReminderPreference:
    with transaction.atomic():
        pref, _created = ReminderPreference.objects.update_or_create(
            user=user, defaults={"enabled": enabled}
        )
    return pref


def _url(name: str, **kwargs: Any) -> str:
    return settings.SITE_URL + reverse(name, kwargs=kwargs or None)


def _send(
    user: Any, subject: str, template: str, context: dict[str, Any], week: dt.date, kind: str
) -> bool:
    """Record first, then send, in one transaction: a second run the same week
    meets the unique row and sends nothing; a failed send rolls the row back."""
    context |= {
        "user": user,
        "unsubscribe_url": _url("reminders:unsubscribe", token=unsubscribe_token(user)),
        "settings_url": _url("accounts:security"),
    }
    body = render_to_string(template, context)
    try:
        with transaction.atomic():
            DigestSent.objects.create(user=user, week=week, kind=kind)
            send_mail(subject, body, None, [user.email])
    except IntegrityError:
        return False
    return True


def digests_send(*, today: dt.date) -> int:
    """Send this week's digests not sent yet; returns how many went out."""
    week = selectors.week_of(today)
    links = {
        "measures_url": _url("improvement:measures"),
        "checklist_url": _url("publishing:checklist_default"),
        "surveys_url": _url("surveys:list"),
        "network_url": _url("network:index"),
    }
    sent = 0
    for user, dues in selectors.admin_digests(today):
        subject = _("Prongsai: งานที่ถึงกำหนดประจำสัปดาห์ %(d)s") % {"d": thai_date(today)}
        ctx = {"dues": dues, "today": today, **links}
        sent += _send(user, subject, "reminders/digest.txt", ctx, week, "agency")
    for user, rows in selectors.supervisor_digests(today):
        subject = _("Prongsai: หน่วยงานที่ควรติดตามประจำสัปดาห์ %(d)s") % {"d": thai_date(today)}
        ctx = {"rows": rows, "today": today, **links}
        sent += _send(user, subject, "reminders/supervisor.txt", ctx, week, "network")
    return sent
