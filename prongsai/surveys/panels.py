"""The surveys panel of the agency dashboard (registered in prongsai.lib.dashboard.PANELS)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count
from django.utils import timezone


def dashboard_panel(request: Any, agency: Any, assessment: Any) -> dict[str, Any] | None:
    """Open surveys with their response counts; nothing when the agency has none open."""
    today = timezone.localdate()
    surveys = list(
        agency.surveys.filter(opens_on__lte=today, closes_on__gte=today)
        .annotate(n_responses=Count("responses"))
        .order_by("closes_on")
    )
    if not surveys:
        return None
    return {"template": "surveys/_panel.html", "surveys": surveys}
