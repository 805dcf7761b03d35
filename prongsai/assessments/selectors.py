from __future__ import annotations

from prongsai.agencies.models import Agency
from prongsai.assessments.models import Assessment
from prongsai.assessments.scoring import ScoreReport
from prongsai.assessments.scoring_indicators import report_for
from prongsai.assessments.services import assessment_indicator_scores, assessment_scores
from prongsai.framework.services import framework_spec


def assessment_report(assessment: Assessment) -> ScoreReport:
    """Question-level when the assessment has any question scores, else from
    its indicator scores (report.level == "indicator")."""
    questions = assessment_scores(assessment)
    indicators = {} if questions else assessment_indicator_scores(assessment)
    return report_for(framework_spec(assessment.framework), questions, indicators)


def indicator_scores_superseded(assessment: Assessment) -> bool:
    """Indicator scores were imported but question scores exist and win."""
    return assessment.indicator_scores.exists() and assessment.scores.exists()


def latest_assessment(agency: Agency, *, kind: str | None = None) -> Assessment | None:
    """The most recent year's assessment; the NACC's results before our own
    pre-assessment of the same year."""
    qs = agency.assessments.select_related("framework")
    if kind is not None:
        qs = qs.filter(kind=kind)
    return qs.order_by("-year", "kind").first()  # "official" sorts before "pre"


def assessments_of(agency: Agency) -> list[Assessment]:
    return list(agency.assessments.select_related("framework").order_by("-year", "kind"))


def questions_unavailable(assessment: Assessment) -> bool:
    """Only indicator scores: no per-question analysis can be made (the
    pages say so instead of showing "no weaknesses")."""
    return not assessment.scores.exists() and assessment.indicator_scores.exists()
