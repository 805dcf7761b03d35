import json
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.db.models import Max, Subquery
from django.utils import timezone

from prongsai.agencies.models import Agency
from prongsai.history import chain
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


def _record(
    *,
    agency_id: int,
    user: User | None,
    content_type: ContentType,
    target: models.Model,
    action: str,
    summary: str,
    changes: dict[str, list[Any]] | None,
    prev: str,
) -> ChangeRecord:
    """One record, hashed onto `prev`; the caller holds the agency's lock."""
    record = ChangeRecord(
        agency_id=agency_id,
        actor=user,
        actor_ref=user.pk if user is not None else None,
        actor_name=user.get_username() if user is not None else "ระบบ",
        content_type=content_type,
        object_id=target.pk,
        action=action,
        summary=summary[:300],
        # Through JSON and back, so the hash is of what the database returns.
        changes=json.loads(json.dumps(changes or {})),
        at=timezone.now(),
        prev_hash=prev,
    )
    record.hash = chain.row_hash(
        {
            "agency_id": record.agency_id,
            "actor_name": record.actor_name,
            "actor_ref": record.actor_ref,
            "content_type__app_label": content_type.app_label,
            "content_type__model": content_type.model,
            "object_id": record.object_id,
            "action": record.action,
            "summary": record.summary,
            "changes": record.changes,
            "at": record.at,
        },
        prev,
    )
    return record


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
    content_type = ContentType.objects.get_for_model(target)
    with transaction.atomic():
        # Lock the agency row so two requests writing history for the same
        # agency take turns: each reads the head after the other committed and
        # the chain stays linear (on SQLite the IMMEDIATE transactions already
        # queue writers; there select_for_update is a no-op).
        Agency.objects.select_for_update().only("id").get(pk=agency.pk)
        prev = (
            ChangeRecord.objects.filter(agency_id=agency.pk)
            .order_by("-id")
            .values_list("hash", flat=True)
            .first()
        ) or chain.GENESIS
        record = _record(
            agency_id=agency.pk,
            user=user,
            content_type=content_type,
            target=target,
            action=action,
            summary=summary,
            changes=changes,
            prev=prev,
        )
        record.save(force_insert=True)
    return record


def record_changes(
    *,
    entries: list[tuple[Agency, models.Model, str]],
    actor: AbstractBaseUser | AnonymousUser | None,
    action: str,
) -> list[ChangeRecord]:
    """`record_change` for many agencies at once, (agency, target, summary)
    each: a fixed number of queries however many agencies (an import of a
    whole province's results), the same chain rules. Targets are of one model."""
    if not entries:
        return []
    user = actor if isinstance(actor, User) else None
    content_type = ContentType.objects.get_for_model(entries[0][1])
    ids = sorted({agency.pk for agency, _t, _s in entries})
    with transaction.atomic():
        # Locked in id order, as record_change locks one: no deadlock between them.
        list(Agency.objects.select_for_update().filter(pk__in=ids).order_by("pk").values("pk"))
        newest = (
            ChangeRecord.objects.filter(agency_id__in=ids)
            .values("agency_id")
            .annotate(last=Max("id"))
            .values_list("last", flat=True)
        )
        heads = dict(
            ChangeRecord.objects.filter(id__in=Subquery(newest)).values_list("agency_id", "hash")
        )
        records = []
        for agency, target, summary in entries:
            record = _record(
                agency_id=agency.pk,
                user=user,
                content_type=content_type,
                target=target,
                action=action,
                summary=summary,
                changes=None,
                prev=heads.get(agency.pk) or chain.GENESIS,
            )
            heads[agency.pk] = record.hash  # a second entry of the agency chains onto this one
            records.append(record)
        # One INSERT: ids come in list order, which is the chain's order.
        return ChangeRecord.objects.bulk_create(records, batch_size=500)


def history_for(target: models.Model) -> models.QuerySet[ChangeRecord]:
    return ChangeRecord.objects.filter(
        content_type=ContentType.objects.get_for_model(target), object_id=target.pk
    ).select_related("actor")
