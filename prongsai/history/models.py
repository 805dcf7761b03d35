from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone

from prongsai.agencies.models import Agency


class ChangeRecord(models.Model):
    """Who changed what, and when. Written by the service that makes the
    change (prongsai.history.services.record_change), never by signals, so the
    record says what the user meant ("dropped weakness I8: reason …")."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="changes")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    actor_name = models.CharField(max_length=150, blank=True)
    # The actor's id as written: the foreign key goes null when the user is
    # deleted, this copy does not, so the row's hash still verifies.
    actor_ref = models.PositiveBigIntegerField(null=True, blank=True)
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    action = models.CharField(max_length=40)
    summary = models.CharField(max_length=300)
    changes = models.JSONField(default=dict)  # field -> [old, new]
    # Set by record_change before hashing (auto_now_add would set it after).
    at = models.DateTimeField(default=timezone.now, db_index=True)
    # The agency's hash chain (prongsai.history.chain): the previous record's
    # hash and the SHA-256 of this record's canonical content.
    prev_hash = models.CharField(max_length=64, blank=True)
    hash = models.CharField(max_length=64, blank=True, db_index=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name}: {self.summary}"
