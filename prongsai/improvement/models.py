"""The improvement cycle: weaknesses found in an assessment, the measures that
answer them, their steps, dated results and the evidence behind each result."""

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from prongsai.agencies.models import Agency, Department
from prongsai.assessments.models import Assessment
from prongsai.framework.models import Question


class WeaknessStatus(models.TextChoices):
    ACTIVE = "active", _("ข้อบกพร่อง")
    DROPPED = "dropped", _("ไม่ถือเป็นข้อบกพร่อง")


class TextSource(models.TextChoices):
    NACC = "nacc", _("ข้อเสนอแนะแบบ ป.ป.ช.")
    DRAFT = "draft", _("ร่าง (ควรแก้ไข)")
    AGENCY = "agency", _("ฉบับของหน่วยงาน")
    NONE = "none", _("ไม่มีข้อความ")


class Weakness(models.Model):
    """A question that scored below the agency's threshold (or one the officer
    added). Holds the agency's own copy of the diagnosis and recommendation."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="weaknesses")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="+")
    score = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    status = models.CharField(max_length=10, choices=WeaknessStatus.choices, default="active")
    added_by_hand = models.BooleanField(default=False)
    drop_reason = models.TextField(blank=True)
    diagnosis = models.TextField(_("ผลการวิเคราะห์"), blank=True)
    recommendation = models.TextField(_("ข้อเสนอแนะ"), blank=True)
    references = models.JSONField(_("อ้างอิง"), default=list, blank=True)
    text_source = models.CharField(max_length=10, choices=TextSource.choices, default="none")
    # Set when the officer edits this weakness's texts by hand: re-running the
    # analysis then leaves them alone instead of refreshing them from the library.
    text_edited = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["question__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "question"], name="weakness_unique_question"
            )
        ]

    def __str__(self) -> str:
        return self.question.code


class MeasureStatus(models.TextChoices):
    PLANNED = "planned", _("วางแผน")
    IN_PROGRESS = "in_progress", _("กำลังดำเนินการ")
    DONE = "done", _("ดำเนินการแล้ว")
    NOT_DONE = "not_done", _("ไม่ได้ดำเนินการ")
    CANCELLED = "cancelled", _("ยกเลิก")


class Measure(models.Model):
    """A มาตรการ. "done" (the work was carried out) is not "closed" (the
    officer checked the results and evidence and closed it): closed_at is set
    only by closing."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="measures")
    assessment = models.ForeignKey(
        Assessment, on_delete=models.SET_NULL, null=True, blank=True, related_name="measures"
    )
    plan_year = models.PositiveSmallIntegerField(_("ปีงบประมาณ (พ.ศ.)"))
    name = models.CharField(_("ชื่อมาตรการ"), max_length=300)
    weaknesses = models.ManyToManyField(Weakness, blank=True, related_name="measures")
    departments = models.ManyToManyField(Department, blank=True, related_name="measures")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    start_date = models.DateField(_("วันเริ่ม"), null=True, blank=True)
    due_date = models.DateField(_("กำหนดเสร็จ"), null=True, blank=True)
    status = models.CharField(
        _("สถานะ"), max_length=12, choices=MeasureStatus.choices, default="planned"
    )
    status_reason = models.TextField(_("เหตุผล"), blank=True)
    progress = models.PositiveSmallIntegerField(
        _("ความคืบหน้า (%)"), default=0, validators=[MaxValueValidator(100)]
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    note = models.TextField(_("หมายเหตุ"), blank=True)
    order = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["plan_year", "order", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None

    @property
    def is_overdue(self) -> bool:
        """Past its due date and neither finished nor given up (FixMyStreet's
        "overdue"): done, cancelled and closed measures are never overdue."""
        return (
            self.due_date is not None
            and self.due_date < timezone.localdate()
            and self.status not in (MeasureStatus.DONE, MeasureStatus.CANCELLED)
            and self.closed_at is None
        )


class Step(models.Model):
    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="steps")
    order = models.PositiveSmallIntegerField()
    text = models.TextField()
    # Optional: a step of a long measure may have its own date (the weekly
    # digest lists steps past it); the measure keeps its own due_date.
    due = models.DateField(_("กำหนดเสร็จของขั้นตอน"), null=True, blank=True)
    # The day someone ticked the step as done (None: not yet). A ticked step is
    # never overdue, whatever its measure's status.
    done_on = models.DateField(_("ทำเสร็จเมื่อ"), null=True, blank=True)

    class Meta:
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return f"{self.order}. {self.text[:60]}"

    @property
    def is_overdue(self) -> bool:
        """Past its date, not ticked as done, and its measure still open (a
        step of a measure done, cancelled or closed counts as done too)."""
        m = self.measure
        return (
            self.due is not None
            and self.done_on is None
            and self.due < timezone.localdate()
            and m.status not in (MeasureStatus.DONE, MeasureStatus.CANCELLED)
            and m.closed_at is None
        )


class Result(models.Model):
    """A dated ผลการดำเนินการ, with an optional official document reference
    ("ที่ ๑๔๙/2566 ลงวันที่ ๓ มีนาคม 2566")."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="results")
    text = models.TextField(_("ผลการดำเนินการ"))
    date = models.DateField(_("วันที่"))
    doc_number = models.CharField(_("เลขที่หนังสือ"), max_length=60, blank=True)
    doc_date = models.DateField(_("ลงวันที่"), null=True, blank=True)
    public = models.BooleanField(_("เผยแพร่ต่อสาธารณะ"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["date", "id"]

    def __str__(self) -> str:
        return self.text[:80]


class EvidenceKind(models.TextChoices):
    FILE = "file", _("ไฟล์")
    LINK = "link", _("ลิงก์")
    SCREENSHOT = "screenshot", _("ภาพหน้าจอ")


class Evidence(models.Model):
    """Proof of a result. Its content lives in revisions; replacing the file
    adds a revision, so what was shown before stays."""

    result = models.ForeignKey(Result, on_delete=models.CASCADE, related_name="evidence")
    kind = models.CharField(max_length=12, choices=EvidenceKind.choices)
    caption = models.CharField(_("คำอธิบาย"), max_length=300)
    public = models.BooleanField(_("เผยแพร่ต่อสาธารณะ"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.caption

    @property
    def current(self) -> "EvidenceRevision | None":
        return self.revisions.order_by("-version").first()


class EvidenceRevision(models.Model):
    evidence = models.ForeignKey(Evidence, on_delete=models.CASCADE, related_name="revisions")
    version = models.PositiveSmallIntegerField()
    file = models.FileField(upload_to="evidence/%Y/%m/", blank=True, max_length=200)
    original_name = models.CharField(max_length=255, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    sha256 = models.CharField(max_length=64, blank=True)
    link = models.URLField(max_length=1000, blank=True)
    thumbnail = models.FileField(blank=True, max_length=200)
    note = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["evidence", "version"]
        constraints = [
            models.UniqueConstraint(fields=["evidence", "version"], name="revision_unique_version")
        ]

    def __str__(self) -> str:
        return f"{self.evidence_id} v{self.version}"


class AgencyRecommendation(models.Model):
    """The agency's own edited copy of a recommendation-library entry for one
    question; the shipped file stays untouched."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="recommendations")
    year = models.PositiveSmallIntegerField()
    code = models.CharField(max_length=10)
    diagnosis = models.TextField(blank=True)
    recommendation = models.TextField(blank=True)
    references = models.JSONField(default=list, blank=True)
    measures = models.JSONField(default=list, blank=True)  # [{name, steps, departments}]
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "year", "code"], name="agency_recommendation_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} ({self.year})"
