from django.conf import settings
from django.db import models


class ReminderPreference(models.Model):
    """Whether a user gets the weekly digest. No row means yes: officers get
    reminders unless they turn them off (the account page or the email's link)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminder_preference"
    )
    enabled = models.BooleanField(default=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.user} {'on' if self.enabled else 'off'}"


class DigestSent(models.Model):
    """One digest of each kind per user per week (the Monday of that week): running the
    command twice in a week finds this row and sends nothing the second time."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="digests_sent"
    )
    week = models.DateField()
    # "agency" (an admin's digest) or "network" (a supervisor's): someone who is
    # both gets each once.
    kind = models.CharField(max_length=10, default="agency")
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "week", "kind"], name="digest_once_per_week")
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.week}"
