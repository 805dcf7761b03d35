"""The deployment's own record of its first run."""

from __future__ import annotations

from django.db import models


class Installation(models.Model):
    """One row, written by the first run in the same transaction as the
    installer's agency and account. Its primary key is always 1, so two first
    runs at the same moment cannot both commit: on PostgreSQL the second insert
    waits for the first transaction and then fails on the key, whatever each one
    saw when it checked for agencies."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1, editable=False)
    installed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.CheckConstraint(condition=models.Q(id=1), name="one_installation")]

    def __str__(self) -> str:
        return f"installed {self.installed_at:%Y-%m-%d}"
