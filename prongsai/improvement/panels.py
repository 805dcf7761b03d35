"""The improvement panel of the agency dashboard (registered in prongsai.lib.dashboard.PANELS)."""

from __future__ import annotations

from typing import Any

from prongsai.improvement.selectors import dashboard_summary


def dashboard_panel(request: Any, agency: Any, assessment: Any) -> dict[str, Any]:
    """Weaknesses of the latest assessment, measures by status, the overdue
    ones and the latest results."""
    return {
        "template": "improvement/_dashboard_panel.html",
        "assessment": assessment,
        **dashboard_summary(agency, assessment),
    }
