from typing import Any

from django import template

from prongsai.agencies.models import Agency
from prongsai.history.selectors import agency_chain_status

register = template.Library()


@register.inclusion_tag("history/_chain_badge.html", takes_context=True)
def chain_badge(context: template.Context, history: Any = None) -> dict[str, Any]:
    """Whether the agency's history chain verifies, beside a list of its records.
    The agency is the page's, or else the one the records belong to."""
    agency = context.get("agency")
    agency_id = agency.pk if isinstance(agency, Agency) else None
    if agency_id is None and history:
        first = next(iter(history), None)
        agency_id = getattr(first, "agency_id", None)
    if agency_id is None:
        return {"check": None}
    return {"check": agency_chain_status(agency_id)}
