from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from prongsai.agencies.models import Agency, Department


class Role(models.TextChoices):
    ADMIN = "admin", _("ผู้ดูแลหน่วยงาน")
    EDITOR = "editor", _("ผู้แก้ไขของส่วนราชการ")
    VIEWER = "viewer", _("ผู้อ่าน")


class Membership(models.Model):
    """A user's role in one agency. Department editors are bound to the
    departments whose measures and results they may change."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("บทบาท"), max_length=10, choices=Role.choices)
    departments = models.ManyToManyField(Department, blank=True, related_name="editors")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "agency"], name="membership_unique_user_agency")
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.agency} ({self.role})"

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN
