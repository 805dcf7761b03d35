from __future__ import annotations

from prongsai.agencies.models import Agency
from prongsai.assessments.models import Assessment
from prongsai.assessments.scoring import ScoreReport, compute_scores
from prongsai.assessments.services import assessment_scores
from prongsai.framework.services import framework_spec


def assessment_report(assessment: Assessment) -> ScoreReport:
    return compute_scores(framework_spec(assessment.framework), assessment_scores(assessment))


def latest_assessment(agency: Agency, *, kind: str | None = None) -> Assessment | None:
    """The most recent year's assessment; the NACC's results before our own
    pre-assessment of the same year."""
    qs = agency.assessments.select_related("framework")
    if kind is not None:
        qs = qs.filter(kind=kind)
    return qs.order_by("-year", "kind").first()  # "official" sorts before "pre"


def assessments_of(agency: Agency) -> list[Assessment]:
    return list(agency.assessments.select_related("framework").order_by("-year", "kind"))
