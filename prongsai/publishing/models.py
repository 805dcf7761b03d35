"""Disclosure (OIT) checklist, website checks with dated copies, and frozen publications.

The public pages never read these tables directly except `Publication`: what the
public sees is the JSON snapshot taken when the admin pressed publish.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from prongsai.agencies.models import Agency, Department


class DisclosureStatus(models.TextChoices):
    MISSING = "missing", _("ยังไม่มีข้อมูล")
    PROPOSED = "proposed", _("เสนอแล้ว รอผู้ดูแลอนุมัติ")
    PUBLISHED = "published", _("เผยแพร่แล้ว")
    NEEDS_UPDATE = "needs_update", _("ต้องปรับปรุง")


class DisclosureYear(models.Model):
    """The NACC's OIT window of one ITA year, as the agency knows it: the
    countdown on the checklist runs to `window_closes`."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="disclosure_years")
    year = models.PositiveSmallIntegerField()
    window_opens = models.DateField(_("ป.ป.ช. เปิดรับข้อมูล OIT"), null=True, blank=True)
    window_closes = models.DateField(_("ป.ป.ช. ปิดรับข้อมูล OIT"), null=True, blank=True)
    window_source = models.CharField(max_length=300, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["agency", "year"], name="disclosure_year_unique")
        ]

    def __str__(self) -> str:
        return f"{self.agency_id} OIT {self.year}"


class DisclosureItem(models.Model):
    """One OIT item (o1 …) of one year for one agency: where it is published,
    who answers for it, and whether the admin accepted it."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="disclosure_items")
    year = models.PositiveSmallIntegerField()
    code = models.CharField(max_length=10)
    order = models.PositiveSmallIntegerField(default=0)
    department = models.ForeignKey(
        Department,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="disclosure_items",
        verbose_name=_("ส่วนราชการที่รับผิดชอบ"),
    )
    responsible = models.CharField(_("ผู้รับผิดชอบ"), max_length=200, blank=True)
    due_date = models.DateField(_("กำหนดเสร็จ"), null=True, blank=True)
    status = models.CharField(
        _("สถานะ"), max_length=12, choices=DisclosureStatus.choices, default="missing"
    )
    notes = models.TextField(_("หมายเหตุ"), blank=True)
    review_note = models.TextField(_("ความเห็นผู้ดูแล"), blank=True)
    # Indices into the framework question's `requirements` that are shown on the page.
    components = models.JSONField(default=list, blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    proposed_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    accepted_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["year", "order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "year", "code"], name="disclosure_item_unique_code"
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} ({self.year})"


class DisclosureLink(models.Model):
    item = models.ForeignKey(DisclosureItem, on_delete=models.CASCADE, related_name="links")
    url = models.URLField(max_length=1000)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["item", "url"], name="disclosure_link_unique_url")
        ]

    def __str__(self) -> str:
        return self.url


class CheckState(models.TextChoices):
    RUNNING = "running", _("กำลังตรวจ")
    DONE = "done", _("ตรวจเสร็จแล้ว")
    FAILED = "failed", _("ตรวจไม่สำเร็จ")


class CheckRun(models.Model):
    """One run of the website checker over every link of one year."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="check_runs")
    year = models.PositiveSmallIntegerField()
    state = models.CharField(max_length=10, choices=CheckState.choices, default="running")
    started_at = models.DateTimeField(auto_now_add=True, db_index=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    total = models.PositiveIntegerField(default=0)
    checked = models.PositiveIntegerField(default=0)
    ok_count = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]

    def __str__(self) -> str:
        return f"check {self.year} #{self.pk}"

    @property
    def failed_count(self) -> int:
        return self.checked - self.ok_count

    @property
    def percent(self) -> int:
        return round(100 * self.checked / self.total) if self.total else 100


class LinkCheck(models.Model):
    """What one URL returned in one run. The body itself is stored once per
    SHA-256 under MEDIA_ROOT/snapshots/ (see blobs.py)."""

    run = models.ForeignKey(CheckRun, on_delete=models.CASCADE, related_name="checks")
    item = models.ForeignKey(
        DisclosureItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="checks"
    )
    link = models.ForeignKey(
        DisclosureLink, on_delete=models.SET_NULL, null=True, blank=True, related_name="checks"
    )
    code = models.CharField(max_length=10)
    url = models.URLField(max_length=1000)
    ok = models.BooleanField(default=False)
    status = models.PositiveSmallIntegerField(null=True, blank=True)
    final_url = models.URLField(max_length=1000, blank=True)
    error = models.CharField(max_length=30, blank=True)
    content_type = models.CharField(max_length=200, blank=True)
    last_modified = models.DateTimeField(null=True, blank=True)
    required_year = models.PositiveSmallIntegerField()
    year_found = models.BooleanField(default=False)
    keywords_found = models.JSONField(default=list)
    keywords_missing = models.JSONField(default=list)
    problems = models.JSONField(default=list)
    sha256 = models.CharField(max_length=64, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    elapsed_ms = models.PositiveIntegerField(default=0)
    fetched_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["-fetched_at", "-id"]
        indexes = [models.Index(fields=["item", "url"])]

    def __str__(self) -> str:
        return f"{self.code} {self.url}"


class Publication(models.Model):
    """A frozen snapshot of the agency's public page, taken when an admin
    published. `files` lists the content-addressed evidence copies it refers to
    (sha256 -> name, content type, size); only those are served publicly."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="publications")
    version = models.PositiveIntegerField()
    published_at = models.DateTimeField(db_index=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    content = models.JSONField()
    files = models.JSONField(default=dict)
    content_sha256 = models.CharField(max_length=64)

    class Meta:
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "version"], name="publication_unique_version")
        ]

    def __str__(self) -> str:
        return f"{self.agency.slug} v{self.version}"
