from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User
from django.contrib.contenttypes.models import ContentType
from django.db import models

from prongsai.agencies.models import Agency
from prongsai.history.models import ChangeRecord


def _plain(value: Any) -> Any:
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, (list, tuple, set)):
        return [_plain(v) for v in value]
    if value is None or isinstance(value, (bool, int, str)):
        return value
    return str(value)


def diff_fields(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """Fields whose value changed, as {field: [old, new]} in JSON-safe form."""
    return {
        key: [_plain(before.get(key)), _plain(after.get(key))]
        for key in after
        if _plain(before.get(key)) != _plain(after.get(key))
    }


def record_change(
    *,
    agency: Agency,
    actor: AbstractBaseUser | AnonymousUser | None,
    target: models.Model,
    action: str,
    summary: str,
    changes: dict[str, list[Any]] | None = None,
) -> ChangeRecord:
    user = actor if isinstance(actor, User) else None
    return ChangeRecord.objects.create(
        agency=agency,
        actor=user,
        actor_name=user.get_username() if user is not None else "ระบบ",
        content_type=ContentType.objects.get_for_model(target),
        object_id=target.pk,
        action=action,
        summary=summary[:300],
        changes=changes or {},
    )


def history_for(target: models.Model) -> models.QuerySet[ChangeRecord]:
    return ChangeRecord.objects.filter(
        content_type=ContentType.objects.get_for_model(target), object_id=target.pk
    ).select_related("actor")
