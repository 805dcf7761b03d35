from django.conf import settings
from django.db import models

from prongsai.assessments.models import Assessment
from prongsai.network.scope import Scope


class Supervision(models.Model):
    """A supervisor reads the agencies in one scope (national, a province or a
    district, optionally only some agency types). It grants no agency role: a
    supervisor never edits an agency's work."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="supervisions"
    )
    kind = models.CharField(max_length=10)  # national | province | district
    province = models.CharField(max_length=100, blank=True)
    district = models.CharField(max_length=100, blank=True)
    agency_types = models.JSONField(default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind", "province", "district"], name="supervision_unique_scope"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.scope.text}"

    @property
    def scope(self) -> Scope:
        return Scope(self.kind, self.province, self.district, tuple(self.agency_types))


class AssessmentSummary(models.Model):
    """The scores of one assessment, kept so that a page over thousands of
    agencies reads one row per agency instead of scoring every question again.
    `key` says which scores it was computed from; a stale row is recomputed."""

    assessment = models.OneToOneField(Assessment, on_delete=models.CASCADE, related_name="summary")
    key = models.CharField(max_length=120)
    total = models.DecimalField(max_digits=5, decimal_places=2, null=True)
    iit = models.DecimalField(max_digits=5, decimal_places=2, null=True)
    eit = models.DecimalField(max_digits=5, decimal_places=2, null=True)
    oit = models.DecimalField(max_digits=5, decimal_places=2, null=True)
    grade = models.CharField(max_length=5, blank=True)
    rating = models.CharField(max_length=60, blank=True)
    complete = models.BooleanField(default=False)
    indicators = models.JSONField(default=dict)  # {"1": 85.3, …}
    # What it was computed from: the assessment's updated_at (scores_write
    # touches it on every change of scores) and the framework's content hash.
    # A page finds stale summaries with one query comparing these in SQL.
    source_updated_at = models.DateTimeField(null=True)
    framework_sha = models.CharField(max_length=64, blank=True)
    computed_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"summary of {self.assessment_id}: {self.total}"
