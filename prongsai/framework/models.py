from django.db import models


class Framework(models.Model):
    """One ITA year's framework. `spec` holds the validated YAML document
    (prongsai.framework.schema.FrameworkSpec) so scoring works from one plain
    object; the Question rows exist for lookups and foreign keys."""

    year = models.PositiveSmallIntegerField(unique=True)
    title = models.CharField(max_length=200)
    status = models.CharField(max_length=10)  # complete | partial
    spec = models.JSONField()
    source = models.CharField(max_length=20, default="shipped")  # shipped | imported
    content_sha256 = models.CharField(max_length=64)
    loaded_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-year"]

    def __str__(self) -> str:
        return self.title


class Question(models.Model):
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="questions")
    code = models.CharField(max_length=10)
    tool = models.CharField(max_length=3)
    indicator = models.PositiveSmallIntegerField()
    sub_indicator = models.CharField(max_length=10, blank=True)
    text = models.TextField(blank=True)
    text_status = models.CharField(max_length=10)
    answer_type = models.CharField(max_length=20)
    order = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["framework", "order"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "code"], name="question_unique_code")
        ]

    def __str__(self) -> str:
        return self.code
