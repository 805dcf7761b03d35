"""Reads of the improvement cycle that need more than one query."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from prongsai.accounts.models import Membership, Role
from prongsai.agencies.models import Agency, DepartmentKind
from prongsai.assessments.models import Assessment
from prongsai.assessments.text_import import agency_question_texts
from prongsai.framework.services import framework_spec
from prongsai.history.models import ChangeRecord
from prongsai.improvement.models import (
    Evidence,
    EvidenceRevision,
    Measure,
    MeasureStatus,
    Result,
    Weakness,
    WeaknessStatus,
)
from prongsai.improvement.recommendations import load_library
from prongsai.improvement.services.weaknesses import advice_for, findings_with_advice


def overdue_q(today: Any = None) -> Q:
    """Due before today, not done, not cancelled, not closed."""
    today = today or timezone.localdate()
    return Q(due_date__lt=today, closed_at__isnull=True) & ~Q(
        status__in=[MeasureStatus.DONE, MeasureStatus.CANCELLED]
    )


def measures_qs(agency: Agency) -> QuerySet[Measure]:
    return (
        agency.measures.select_related("owner", "assessment")
        .prefetch_related(
            Prefetch("weaknesses", queryset=Weakness.objects.select_related("question")),
            "departments",
        )
        .annotate(
            result_count=Count("results", distinct=True),
            step_count=Count("steps", distinct=True),
            steps_done=Count("steps", filter=Q(steps__done_on__isnull=False), distinct=True),
        )
        # Meta.ordering does not apply to a GROUP BY query: without this the
        # list came in whatever order PostgreSQL's aggregation left it.
        .order_by("plan_year", "order", "id")
    )


def _with_departments_text(agency: Agency, measures: list[Measure]) -> list[Measure]:
    """Names of the responsible departments, or "ทุกส่วนราชการ" when all of them."""
    total = agency.departments.count()
    for m in measures:
        names = [d.name for d in m.departments.all()]
        every = total > 1 and len(names) == total
        m.departments_text = _("ทุกส่วนราชการ") if every else ", ".join(names)  # type: ignore[attr-defined]
    return measures


def measures_list(
    agency: Agency, *, status: str = "", department: int | None = None, overdue: bool = False
) -> list[Measure]:
    qs = measures_qs(agency)
    if status == "closed":
        qs = qs.filter(closed_at__isnull=False)
    elif status in MeasureStatus.values:
        qs = qs.filter(status=status)
    if department:
        qs = qs.filter(departments__id=department)
    if overdue:
        qs = qs.filter(overdue_q())
    return _with_departments_text(agency, list(qs.distinct()))


def my_measures(membership: Membership) -> list[Measure]:
    """A department editor's measures: those of their departments. Others
    (admins, viewers) have no department: the measures they own."""
    departments = list(membership.departments.all())
    qs = measures_qs(membership.agency)
    if membership.role == Role.EDITOR and departments:
        qs = qs.filter(departments__in=departments)
    else:
        qs = qs.filter(owner=membership.user)
    return _with_departments_text(membership.agency, list(qs.distinct()))


def measure_for_page(agency: Agency, pk: int) -> Measure:
    """One measure with everything its page shows; Http404 if not this agency's."""
    from prongsai.accounts.access import get_for_agency

    revisions = EvidenceRevision.objects.select_related("created_by").order_by("-version")
    evidence = Evidence.objects.prefetch_related(Prefetch("revisions", queryset=revisions))
    results = Result.objects.select_related("created_by").prefetch_related(
        Prefetch("evidence", queryset=evidence)
    )
    qs = measures_qs(agency).prefetch_related("steps", Prefetch("results", queryset=results))
    return get_for_agency(qs, agency, pk=pk)


def measure_history(measure: Measure) -> list[ChangeRecord]:
    """The measure's own changes and those of its results and evidence
    (deleted results are recorded on the measure itself)."""
    types = ContentType.objects.get_for_models(Measure, Result, Evidence)
    result_ids = list(measure.results.values_list("id", flat=True))
    evidence_ids = list(
        Evidence.objects.filter(result__measure=measure).values_list("id", flat=True)
    )
    query = (
        Q(content_type=types[Measure], object_id=measure.pk)
        | Q(content_type=types[Result], object_id__in=result_ids)
        | Q(content_type=types[Evidence], object_id__in=evidence_ids)
    )
    return list(
        ChangeRecord.objects.filter(query, agency=measure.agency).select_related("actor")[:200]
    )


@dataclass
class IndicatorGroup:
    number: int
    name: str
    weaknesses: list[Weakness] = field(default_factory=list)


@dataclass
class ToolGroup:
    tool: str
    heading: str
    part_heading: str
    indicators: list[IndicatorGroup] = field(default_factory=list)


def department_names(year: int) -> dict[str, str]:
    library = load_library(year)
    names = {k.value: str(k.label) for k in DepartmentKind}
    names["all"] = _("ทุกส่วนราชการ")
    if library is not None:
        names.update(library.departments)
    return names


def _decorate(
    weakness: Weakness, threshold: Any, names: dict[str, str], own_texts: dict[str, str]
) -> Weakness:
    """Attach what the analysis page shows to a weakness (its question's
    wording, suggestions with the measure already made from each, the
    measures answering it). `own_texts` is the agency's wording of questions
    the framework has no text for (pasted from ITAS)."""
    assessment = weakness.assessment
    code = weakness.question.code
    weakness.question_text = weakness.question.text or own_texts.get(code, "")  # type: ignore[attr-defined]
    linked = list(weakness.measures.all())
    advice = advice_for(
        agency=assessment.agency,
        year=assessment.year,
        code=weakness.question.code,
        indicator=weakness.question.indicator,
        score=weakness.score,
    )
    weakness.suggestions = [  # type: ignore[attr-defined]
        {
            "index": i,
            "name": s["name"],
            "steps": s["steps"],
            "departments": [names.get(k, k) for k in s["departments"]],
            "existing": next((m for m in linked if m.name == s["name"]), None),
        }
        for i, s in enumerate(advice.measures)
    ]
    weakness.linked_measures = linked  # type: ignore[attr-defined]
    weakness.below_threshold = weakness.score is not None and weakness.score < threshold  # type: ignore[attr-defined]
    return weakness


def weakness_groups(assessment: Assessment) -> dict[str, Any]:
    """Active weaknesses by tool (IIT, EIT, OIT) then indicator, as the seed
    report orders them; dropped ones apart, with their reason."""
    spec = framework_spec(assessment.framework)
    names = department_names(assessment.year)
    threshold = assessment.agency.weakness_threshold
    own_texts = agency_question_texts(assessment.agency, assessment)
    weaknesses = [
        _decorate(w, threshold, names, own_texts)
        for w in assessment.weaknesses.select_related("question", "assessment__agency")
        .prefetch_related("measures")
        .order_by("question__order")
    ]
    groups: list[ToolGroup] = []
    active = [w for w in weaknesses if w.status == WeaknessStatus.ACTIVE]
    order = {"iit": 0, "eit": 1, "oit": 2}
    for w in sorted(
        active, key=lambda w: (order[w.question.tool], w.question.indicator, w.question.order)
    ):
        tool = w.question.tool
        if not groups or groups[-1].tool != tool:
            info = spec.tools[tool]  # type: ignore[index]
            groups.append(ToolGroup(tool, info.heading, info.part_heading or ""))
        indicators = groups[-1].indicators
        if not indicators or indicators[-1].number != w.question.indicator:
            indicators.append(
                IndicatorGroup(w.question.indicator, spec.indicator(w.question.indicator).name)
            )
        indicators[-1].weaknesses.append(w)
    return {
        "groups": groups,
        "dropped": [w for w in weaknesses if w.status == WeaknessStatus.DROPPED],
        "active_count": len(active),
        "analysed": bool(weaknesses),
    }


def weakness_for_page(weakness: Weakness) -> Weakness:
    assessment = weakness.assessment
    return _decorate(
        weakness,
        assessment.agency.weakness_threshold,
        department_names(assessment.year),
        agency_question_texts(assessment.agency, assessment),
    )


def dashboard_summary(agency: Agency, assessment: Assessment | None) -> dict[str, Any]:
    measures = list(measures_qs(agency))
    counts = Counter(m.status for m in measures)
    by_status = [
        {"status": s.value, "label": s.label, "count": counts.get(s.value, 0)}
        for s in MeasureStatus
    ]
    weaknesses = (
        assessment.weaknesses.aggregate(
            active=Count("id", filter=Q(status=WeaknessStatus.ACTIVE), distinct=True),
            dropped=Count("id", filter=Q(status=WeaknessStatus.DROPPED), distinct=True),
            answered=Count(
                "id", filter=Q(status=WeaknessStatus.ACTIVE, measures__isnull=False), distinct=True
            ),
        )
        if assessment is not None
        else {"active": 0, "dropped": 0, "answered": 0}
    )
    latest = (
        Result.objects.filter(measure__agency=agency)
        .select_related("measure")
        .annotate(evidence_count=Count("evidence"))
        .order_by("-created_at", "-id")[:5]
    )
    return {
        "total": len(measures),
        "by_status": by_status,
        "closed": sum(1 for m in measures if m.closed_at),
        "overdue": [m for m in measures if m.is_overdue],
        "weaknesses": weaknesses,
        "latest_results": list(latest),
    }


def analysis_rows(
    assessment: Assessment,
) -> tuple[list[dict[str, Any]], str, dict[str, tuple[str, str]]]:
    """The weaknesses as plain rows (for `prongsai analyze` and exports): the
    agency's active weaknesses if the analysis was run ("stored"), else the
    findings computed from the scores ("computed"). Also the tool headings."""
    spec = framework_spec(assessment.framework)
    headings: dict[str, tuple[str, str]] = {
        tool: (info.heading, info.part_heading or "") for tool, info in spec.tools.items()
    }
    stored = list(
        assessment.weaknesses.filter(status=WeaknessStatus.ACTIVE).select_related("question")
    )
    order = {"iit": 0, "eit": 1, "oit": 2}
    if stored or assessment.weaknesses.exists():
        stored.sort(key=lambda w: (order[w.question.tool], w.question.indicator, w.question.order))
        rows: list[dict[str, Any]] = [
            {
                "code": w.question.code,
                "score": w.score,
                "indicator": w.question.indicator,
                "indicator_name": spec.indicator(w.question.indicator).name,
                "tool": w.question.tool,
                "question": w.question.text or None,
                "diagnosis": w.diagnosis,
                "recommendation": w.recommendation,
                "references": list(w.references),
            }
            for w in stored
        ]
        return rows, "stored", headings
    computed: list[dict[str, Any]] = [
        {
            "code": f.code,
            "score": f.score,
            "indicator": f.indicator,
            "indicator_name": f.indicator_name,
            "tool": f.tool,
            "question": f.question,
            "diagnosis": advice.diagnosis,
            "recommendation": advice.recommendation,
            "references": list(advice.references),
        }
        for f, advice in findings_with_advice(assessment)
    ]
    return computed, "computed", headings
