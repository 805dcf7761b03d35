"""Questionnaires, their anonymous responses, access codes and the official-round kit.

Anonymity is a property of the schema, not of a setting (anchors.md §5: LimeSurvey's
"anonymized" option still stores exact times, IP and referrer):

- `Response` holds the survey and the *date* of the answer, nothing else. Its key is
  a random UUID, so no sequence number orders responses by arrival; there is no
  user, no IP, no time of day, no code and no client token on it.
- `Answer` rows also have random UUID keys, for the same reason.
- An `AccessCode` is deleted when it is spent, in the transaction that inserts the
  response. Nothing about a spent code remains in any table, so nothing can join it
  to a response (an UPDATE spent=true would leave the code row carrying the same
  PostgreSQL transaction id, `xmin`, as the response it paid for).
- The per-address rate limit stores a keyed hash of (address, survey, day), never the
  address, and is written in its own short transaction before the answers.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from prongsai.agencies.models import Agency
from prongsai.framework.models import Framework


class SurveyKind(models.TextChoices):
    STAFF = "staff", _("บุคลากรภายใน (ตอบด้วยรหัส)")
    PUBLIC = "public", _("ผู้รับบริการ/ประชาชน (ลิงก์สาธารณะ)")


class SurveyBasis(models.TextChoices):
    IIT = "iit", _("ข้อคำถาม IIT ของ ป.ป.ช.")
    EIT = "eit", _("ข้อคำถาม EIT ของ ป.ป.ช.")
    CUSTOM = "custom", _("ข้อคำถามของหน่วยงาน (ความพึงพอใจ)")


class StaffAccess(models.TextChoices):
    CODES = "codes", _("รหัสใช้ครั้งเดียว (พิมพ์แจกรายคน)")
    SHARED = "shared", _("รหัสร่วมของหน่วยงาน (ใช้ซ้ำได้)")


class Layout(models.TextChoices):
    ONE_PAGE = "one_page", _("ทุกข้อในหน้าเดียว")
    PAGED = "paged", _("ทีละกลุ่มข้อ (หนึ่งตัวชี้วัดต่อหน้าจอ)")


class AnswerType(models.TextChoices):
    FOUR_LEVEL = "four_level", _("4 ระดับของ ป.ป.ช. (น้อยที่สุด–มากที่สุด)")
    YES_NO = "yes_no", _("มี / ไม่มี")
    MULTI_PART = "multi_part", _("หลายข้อย่อย")
    SATISFACTION = "satisfaction", _("ความพึงพอใจ 5 ระดับ")
    FREE_TEXT = "free_text", _("ข้อความอิสระ")
    SERVICE = "service", _("เลือกงานบริการที่มาใช้")


class Survey(models.Model):
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="surveys")
    slug = models.SlugField(_("ชื่อในลิงก์"), max_length=80, unique=True)
    title = models.CharField(_("ชื่อแบบสอบถาม"), max_length=200)
    kind = models.CharField(_("ผู้ตอบ"), max_length=10, choices=SurveyKind.choices)
    basis = models.CharField(_("ที่มาของข้อคำถาม"), max_length=10, choices=SurveyBasis.choices)
    framework = models.ForeignKey(
        Framework, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("ปีการประเมิน (พ.ศ.)"), null=True, blank=True)
    layout = models.CharField(
        _("การแสดงข้อคำถาม"), max_length=10, choices=Layout.choices, default="one_page"
    )
    access = models.CharField(
        _("การเข้าตอบของบุคลากร"), max_length=10, choices=StaffAccess.choices, default="codes"
    )
    # A shared code is announced to every staff member, so it is not a secret.
    shared_code = models.CharField(_("รหัสร่วม"), max_length=40, blank=True)
    codes_issued = models.PositiveIntegerField(default=0)
    opens_on = models.DateField(_("เปิดรับคำตอบวันที่"))
    closes_on = models.DateField(_("ปิดรับคำตอบวันที่"))
    min_sample = models.PositiveIntegerField(_("จำนวนผู้ตอบขั้นต่ำ"), null=True, blank=True)
    rate_limit = models.PositiveIntegerField(
        _("ส่งได้สูงสุดต่อที่อยู่เครือข่าย/วัน"),
        default=200,
        help_text=_(
            "นับด้วยค่าเข้ารหัสทางเดียวของที่อยู่เครือข่าย ไม่เก็บที่อยู่จริง; 0 = ไม่จำกัด "
            "ทั้งสำนักงานหรือเครื่องตอบที่จุดบริการมักใช้ที่อยู่เดียวกัน จึงอย่าตั้งต่ำเกินไป "
            "แบบสอบถามบุคลากร (ใช้รหัส) นับเฉพาะรหัสที่ผิด"
        ),
    )
    public_results = models.BooleanField(_("เปิดเผยผลสรุปต่อสาธารณะ"), default=False)
    intro = models.TextField(_("คำชี้แจง"), blank=True)
    # Raw answers are deleted SURVEY_RAW_RETENTION_DAYS after closing (PDPA);
    # the results pages then read this frozen summary (prongsai.surveys.frozen).
    frozen_results = models.JSONField(null=True, blank=True, editable=False)
    answers_purged_on = models.DateField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-opens_on", "title"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_on__gte=models.F("opens_on")),
                name="survey_closes_after_opening",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def uses_codes(self) -> bool:
        return self.kind == SurveyKind.STAFF and self.access == StaffAccess.CODES

    @property
    def needs_code(self) -> bool:
        return self.kind == SurveyKind.STAFF


class SurveyQuestion(models.Model):
    """One question of a survey: a copy of a framework question (so the shipped
    framework is never changed) or one of the agency's own."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    order = models.PositiveSmallIntegerField()
    code = models.CharField(max_length=12)
    group = models.CharField(max_length=200, blank=True)
    text = models.TextField()
    text_from_admin = models.BooleanField(default=False)
    answer_type = models.CharField(max_length=12, choices=AnswerType.choices)
    reversed = models.BooleanField(default=False)
    parts = models.JSONField(default=list, blank=True)  # [{text, answer_type, reversed}]
    choices = models.JSONField(default=list, blank=True)  # services, for answer_type=service
    required = models.BooleanField(default=True)

    class Meta:
        ordering = ["survey", "order"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "code"], name="surveyquestion_unique_code")
        ]

    def __str__(self) -> str:
        return self.code


class Response(models.Model):
    """One completed questionnaire. Deliberately nothing but the survey and the date."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    submitted_on = models.DateField()

    class Meta:
        indexes = [models.Index(fields=["survey", "submitted_on"])]

    def __str__(self) -> str:
        return f"response of {self.submitted_on}"


class Answer(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(SurveyQuestion, on_delete=models.CASCADE, related_name="+")
    part = models.PositiveSmallIntegerField(default=0)  # 1.. for a multi-part question
    value = models.TextField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["response", "question", "part"], name="answer_unique_part"
            )
        ]

    def __str__(self) -> str:
        return f"answer part {self.part}"


class AccessCode(models.Model):
    """A single-use code, stored as a keyed hash bound to its survey. Spending it
    deletes the row in the transaction that stores the answers; the unique hash
    means there is exactly one row to delete, so only one transaction can."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="codes")
    code_hash = models.CharField(max_length=64, unique=True)

    def __str__(self) -> str:
        return "access code (hashed)"


class SubmissionToken(models.Model):
    """The hidden client id of a submitted form, so that a retried POST is stored
    once. Inserted in the answers' transaction; it carries no time and no address."""

    token_hash = models.CharField(max_length=64, primary_key=True)
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="+")

    def __str__(self) -> str:
        return "submission token (hashed)"


class RateBucket(models.Model):
    """Submissions per (keyed hash of address + survey + day). The address itself
    is never stored; yesterday's rows are purged."""

    key_hash = models.CharField(max_length=64, unique=True)
    day = models.DateField(db_index=True)
    count = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"rate bucket of {self.day}"


class AgencySize(models.TextChoices):
    S = "S", _("ขนาดเล็ก (S)")
    M = "M", _("ขนาดกลาง (M)")
    L = "L", _("ขนาดใหญ่ (L)")


class OfficialRound(models.Model):
    """The agency's official ITAS round of a year: its IIT/EIT links, targets and
    the counts the admin copies from ITAS ("ติดตามสถานะ")."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="official_rounds")
    year = models.PositiveSmallIntegerField(_("ปีการประเมิน (พ.ศ.)"))
    iit_url = models.URLField(_("ลิงก์แบบวัด IIT ของ ITAS"), blank=True)
    eit_url = models.URLField(_("ลิงก์แบบวัด EIT ของ ITAS"), blank=True)
    staff_count = models.PositiveIntegerField(
        _("จำนวนบุคลากร (ปฏิบัติงาน ≥ 1 ปี)"), null=True, blank=True
    )
    size = models.CharField(_("ขนาดหน่วยงาน"), max_length=1, choices=AgencySize.choices, blank=True)
    iit_target = models.PositiveIntegerField(_("เป้าหมายผู้ตอบ IIT"), null=True, blank=True)
    eit_target = models.PositiveIntegerField(
        _("เป้าหมายผู้ตอบ EIT (แทนค่าขั้นต่ำของ ป.ป.ช.)"), null=True, blank=True
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "year"], name="officialround_unique_year")
        ]

    def __str__(self) -> str:
        return f"{self.agency} ITA {self.year}"


class RoundProgress(models.Model):
    round = models.ForeignKey(OfficialRound, on_delete=models.CASCADE, related_name="progress")
    tool = models.CharField(max_length=3, choices=[("iit", "IIT"), ("eit", "EIT")])
    on = models.DateField(_("วันที่"))
    count = models.PositiveIntegerField(_("จำนวนผู้ตอบสะสม"))

    class Meta:
        ordering = ["tool", "on"]
        constraints = [
            models.UniqueConstraint(fields=["round", "tool", "on"], name="roundprogress_unique_day")
        ]

    def __str__(self) -> str:
        return f"{self.tool} {self.on}: {self.count}"
