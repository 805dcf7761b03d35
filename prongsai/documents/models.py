from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from prongsai.agencies.models import Agency


class DocumentKind(models.TextChoices):
    MEASURES = "measures", _("มาตรการ (o42)")
    RESULTS = "results", _("รายงานผล (o43)")


class DocumentText(models.Model):
    """An officer's wording of one generated section of a document (the
    o42's analysis sections). It replaces ours on every export of that
    agency's document for that plan year until reset; the plan year is part
    of the key because the generated text quotes that year's scores."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="document_texts")
    plan_year = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=10, choices=DocumentKind.choices)
    key = models.CharField(max_length=30)
    text = models.TextField()
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "plan_year", "kind", "key"], name="document_text_unique_section"
            )
        ]

    def __str__(self) -> str:
        return f"{self.agency} {self.kind} {self.plan_year} {self.key}"
