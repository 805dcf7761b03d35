from django.db import models
from django.utils.translation import gettext_lazy as _

from prongsai.agencies.models import Agency
from prongsai.framework.models import Framework, Question


class AssessmentKind(models.TextChoices):
    OFFICIAL = "official", _("ผลการประเมินของ ป.ป.ช.")
    PRE_ASSESSMENT = "pre", _("ผลการประเมินตนเอง (หน่วยงานวัดเอง)")


class Assessment(models.Model):
    """An agency's results in one ITA year's framework: the NACC's official
    results, or a pre-assessment the agency measured itself with its surveys."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="assessments")
    framework = models.ForeignKey(Framework, on_delete=models.PROTECT, related_name="assessments")
    year = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=10, choices=AssessmentKind.choices, default="official")
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-year", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "year", "kind"], name="assessment_unique_agency_year_kind"
            )
        ]

    def __str__(self) -> str:
        return f"{self.agency} ITA {self.year} ({self.kind})"


class ScoreSource(models.TextChoices):
    IMPORT = "import", _("นำเข้าจากไฟล์")
    MANUAL = "manual", _("กรอกเอง")
    SURVEY = "survey", _("จากแบบสอบถามของหน่วยงาน")
    SAMPLE = "sample", _("ค่าตัวอย่าง (สาธิต)")


class QuestionScore(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="scores")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="scores")
    score = models.DecimalField(max_digits=5, decimal_places=2)
    source = models.CharField(max_length=10, choices=ScoreSource.choices, default="import")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "question"], name="score_unique_assessment_question"
            ),
            models.CheckConstraint(
                condition=models.Q(score__gte=0) & models.Q(score__lte=100),
                name="score_between_0_and_100",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.question_id}: {self.score}"


class AgencyQuestionText(models.Model):
    """The wording of a question as the agency's own ITAS page shows it, kept
    for that agency only where the year's framework does not know the text.
    Never written into the shared framework: another agency's import must not
    change what everyone sees."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="question_texts")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="agency_texts")
    text = models.TextField()
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "question"], name="agency_question_text_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.agency_id}/{self.question_id}"


class IndicatorScore(models.Model):
    """One of the ten indicator scores of a year, for agencies that have only
    the NACC's summary tables (no per-question scores). Used for the totals
    only while the assessment has no question scores: question-level scores,
    once imported, win (see assessments.scoring.report_for)."""

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="indicator_scores"
    )
    indicator = models.PositiveSmallIntegerField()
    score = models.DecimalField(max_digits=5, decimal_places=2)
    source = models.CharField(max_length=10, choices=ScoreSource.choices, default="import")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["indicator"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "indicator"], name="indicator_score_unique_assessment"
            ),
            models.CheckConstraint(
                condition=models.Q(score__gte=0) & models.Q(score__lte=100),
                name="indicator_score_between_0_and_100",
            ),
            models.CheckConstraint(
                condition=models.Q(indicator__gte=1) & models.Q(indicator__lte=10),
                name="indicator_score_indicator_1_to_10",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.assessment_id} ตัวชี้วัดที่ {self.indicator}: {self.score}"
