"""The disclosure panel of the agency dashboard (registered in lib/dashboard.PANELS)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count

from prongsai.publishing.models import CheckRun, DisclosureItem, Publication
from prongsai.publishing.selectors import default_year


def panel(request: Any, agency: Any, assessment: Any) -> dict[str, Any] | None:
    year = default_year(agency)
    if year is None:
        return None
    counts = {"missing": 0, "proposed": 0, "published": 0, "needs_update": 0}
    rows = DisclosureItem.objects.filter(agency=agency, year=year).values("status")
    for row in rows.annotate(n=Count("id")):
        counts[row["status"]] = row["n"]
    return {
        "template": "publishing/_panel.html",
        "year": year,
        "slug": agency.slug,
        "counts": counts,
        "last_run": CheckRun.objects.filter(agency=agency, year=year).first(),
        "published": Publication.objects.filter(agency=agency).exists(),
    }
