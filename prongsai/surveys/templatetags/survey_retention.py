from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def raw_retention_days() -> int:
    """For the privacy notice: how long raw answers are kept after closing."""
    return int(settings.SURVEY_RAW_RETENTION_DAYS)
