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


class Invitation(models.Model):
    """An invitation to join an agency, or (made by staff, no agency) to
    supervise a scope of agencies. The link's token is random and only its
    SHA-256 is stored, so a copy of the database cannot be used to accept
    anyone's invitation; the link works once, until `expires_at`."""

    agency = models.ForeignKey(
        Agency, on_delete=models.CASCADE, related_name="invitations", null=True, blank=True
    )
    # A supervisor's invitation: the scope as `network.scope` writes it and the
    # agency types it is limited to. Empty for an agency invitation.
    scope = models.CharField(max_length=250, blank=True, default="")
    scope_types = models.JSONField(default=list, blank=True)
    email = models.EmailField(_("อีเมล"))
    role = models.CharField(_("บทบาท"), max_length=10, choices=Role.choices, blank=True)
    departments = models.ManyToManyField(Department, blank=True, related_name="+")
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            # Exactly one of: an agency and its role, or a supervisor's scope.
            models.CheckConstraint(
                condition=(
                    models.Q(agency__isnull=False, scope="")
                    | models.Q(agency__isnull=True) & ~models.Q(scope="")
                ),
                name="invitation_agency_or_scope",
            )
        ]

    def __str__(self) -> str:
        return f"{self.email} → {self.agency or self.scope} ({self.role})"

    @property
    def for_supervisor(self) -> bool:
        return self.agency_id is None

    @property
    def target_name(self) -> str:
        """What the person is invited into, for pages and emails."""
        if self.agency is not None:
            return self.agency.name
        from prongsai.network.scope import parse_scope

        return str(_("ผู้กำกับดูแล %(scope)s")) % {"scope": parse_scope(self.scope).label}


class StaffAction(models.Model):
    """What a staff user did that touches every agency (an agency created, a
    framework imported): who, what, when. Agency changes go to history."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    actor_name = models.CharField(max_length=150)
    action = models.CharField(max_length=40)
    summary = models.CharField(max_length=300)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_name}: {self.summary}"
