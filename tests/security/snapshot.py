"""A fingerprint of one agency's data: per table, the count and a checksum of
every row that belongs to the agency (found by following foreign keys to
Agency), and of every row of the tables that belong to no agency (frameworks,
users who are members of no agency...). A refused request is shown to have
changed nothing of it, not only the rows a test thought of. Rows of other
agencies are left out: another agency's admin may write in their own."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cache

from django.apps import apps
from django.db import models

# Tables that change on requests that write nothing of anyone's, each with why.
IGNORED_MODELS = {
    # A signed-in request may save its session (messages, the chosen agency).
    "sessions.session": "sessions are the request's own state, not the agency's data",
    # django-axes logs sign-ins and failed attempts; refusing is not writing.
    "axes.accesslog": "axes logs every sign-in, including the personas' own",
    "axes.accessattempt": "axes counts failed sign-ins by design",
    "axes.accessfailurelog": "axes logs failed sign-ins by design",
    "axes.accessattemptexpiration": "axes keeps when a lockout ends, by design",
}
# Relations to the agency that foreign keys alone do not show.
EXTRA_PATHS = {
    # A user belongs to the agencies they are a member of; a takeover of a
    # member's account (password, name) is a change to that agency.
    "auth.user": "memberships__agency",
    "otp_totp.totpdevice": "user__memberships__agency",
    "otp_static.staticdevice": "user__memberships__agency",
    "otp_static.statictoken": "device__user__memberships__agency",
}
# Columns that change on every sign-in or code check.
IGNORED_FIELDS = {
    "auth.user": {"last_login"},
    # django-otp's throttling counters and last use move on every code tried.
    "otp_totp.totpdevice": {
        "throttling_failure_timestamp",
        "throttling_failure_count",
        "last_t",
        "last_used_at",
    },
    "otp_static.staticdevice": {
        "throttling_failure_timestamp",
        "throttling_failure_count",
        "last_used_at",
    },
}


@dataclass(frozen=True)
class Snapshot:
    counts: dict[str, int]
    digests: dict[str, str]

    def changed(self, other: Snapshot) -> list[str]:
        """Tables whose count or rows differ, with the counts."""
        out = []
        for label in sorted(set(self.digests) | set(other.digests)):
            if self.digests.get(label) != other.digests.get(label):
                out.append(f"{label}: {self.counts.get(label)} -> {other.counts.get(label)} rows")
        return out


def _label(model: type[models.Model]) -> str:
    return model._meta.label_lower


def agency_path(model: type[models.Model], depth: int = 5) -> str | None:
    """The lookup from `model` to its Agency through foreign keys, if any."""
    from prongsai.agencies.models import Agency

    if _label(model) in EXTRA_PATHS:
        return EXTRA_PATHS[_label(model)]
    if depth == 0:
        return None
    for field in model._meta.concrete_fields:
        related = field.related_model
        if not isinstance(field, models.ForeignKey) or related is None or related is model:
            continue
        if related is Agency:
            return field.name
        further = agency_path(related, depth - 1)  # type: ignore[arg-type]
        if further is not None:
            return f"{field.name}__{further}"
    return None


@cache
def _plan() -> list[tuple[str, type[models.Model], str | None, list[str]]]:
    from prongsai.agencies.models import Agency

    plan = []
    for model in apps.get_models(include_auto_created=True):
        label = _label(model)
        if label in IGNORED_MODELS or model._meta.proxy or not model._meta.managed:
            continue
        skip = IGNORED_FIELDS.get(label, set())
        columns = [f.attname for f in model._meta.concrete_fields if f.attname not in skip]
        path = "pk" if model is Agency else agency_path(model)
        plan.append((label, model, path, columns))
    return plan


def snapshot(agency: models.Model) -> Snapshot:
    """The agency's rows and the rows of no agency."""
    counts: dict[str, int] = {}
    digests: dict[str, str] = {}
    for label, model, path, columns in _plan():
        rows = model._base_manager.all()
        if path is not None:
            rows = rows.filter(**{path: agency.pk}).distinct()
        digest = hashlib.sha256()
        n = 0
        for row in rows.order_by("pk").values_list(*columns):
            digest.update(repr(row).encode())
            n += 1
        counts[label] = n
        digests[label] = digest.hexdigest()
    return Snapshot(counts, digests)
