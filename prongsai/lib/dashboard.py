"""Panels other apps add to the agency dashboard.

Each entry is a dotted path to a function (request, agency, assessment) that
returns a dict with "template" and its context, or None. Apps register here
instead of the dashboard view importing each of them.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

PANELS: list[str] = [
    "prongsai.improvement.panels.dashboard_panel",
    "prongsai.publishing.dashboard.panel",
    "prongsai.surveys.panels.dashboard_panel",
]


def dashboard_panels(request: Any, agency: Any, assessment: Any) -> list[dict[str, Any]]:
    panels = []
    for dotted in PANELS:
        module_name, func_name = dotted.rsplit(".", 1)
        panel = getattr(import_module(module_name), func_name)(request, agency, assessment)
        if panel:
            panels.append(panel)
    return panels
