"""From the database to a `ReportDocument` (plain data the renderers read).

The plan year is the year printed on the document; the assessment analysed is
the ITA of the year before (the seed: plan year 2567 reports on ITA 2566),
unless the caller names another.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path

from django.core.files.storage import default_storage

from prongsai.agencies.models import Agency
from prongsai.assessments.models import Assessment
from prongsai.assessments.selectors import assessment_report
from prongsai.documents.data import (
    ChartBar,
    DocEvidence,
    DocIndicator,
    DocMeasure,
    DocQuestion,
    DocResult,
    DocToolSection,
    DocWeaknessBlock,
    Kind,
    ReportDocument,
    default_preamble,
)
from prongsai.framework.services import framework_spec
from prongsai.improvement.models import Measure, Weakness


class NothingToReport(ValueError):
    """No assessment to build the document from; `str()` says what to do."""


def assessment_for(agency: Agency, year: int) -> Assessment:
    """The NACC's results of that year, else the agency's own pre-assessment."""
    found = (
        Assessment.objects.filter(agency=agency, year=year)
        .select_related("framework")
        .order_by("kind")  # "official" sorts before "pre"
        .first()
    )
    if found is None:
        raise NothingToReport(f"{agency.name} ยังไม่มีผลการประเมิน ITA ปี {year} (นำเข้าผลการประเมินก่อน)")
    return found


def _measure_data(measure: Measure, kind: Kind) -> DocMeasure:
    results: tuple[DocResult, ...] = ()
    if kind == "results":
        results = tuple(
            DocResult(
                text=r.text, date=r.date, doc_number=r.doc_number or None, doc_date=r.doc_date
            )
            for r in measure.results.all()
        )
    return DocMeasure(
        key=str(measure.pk),
        name=measure.name,
        steps=tuple(step.text for step in measure.steps.all()),
        responsible=tuple(d.name for d in measure.departments.all()),
        start=measure.start_date,
        due=measure.due_date,
        status_label=measure.get_status_display(),
        results=results,
    )


def _evidence(measures: Iterable[Measure]) -> tuple[DocEvidence, ...]:
    items = []
    for measure in measures:
        for result in measure.results.all():
            for evidence in result.evidence.all():
                revision = evidence.current
                if revision is None:
                    continue
                image_path: Path | None = None
                if revision.file and revision.content_type.startswith("image/"):
                    image_path = Path(default_storage.path(str(revision.file.name)))
                items.append(
                    DocEvidence(
                        measure_key=str(measure.pk),
                        caption=evidence.caption,
                        image_path=image_path,
                        link=revision.link or None,
                    )
                )
    return tuple(items)


def _blocks(weaknesses: list[Weakness], plan_year: int) -> list[DocWeaknessBlock]:
    """One block per weakness, except that neighbours with the same analysis
    text and the same measures share one (the seed prints I8 and I9 together)."""
    blocks: list[DocWeaknessBlock] = []
    previous: tuple[str, tuple[str, ...]] | None = None
    for w in weaknesses:
        analysis = " ".join(part for part in (w.diagnosis, w.recommendation) if part)
        keys = tuple(
            str(m.pk)
            for m in sorted(w.measures.all(), key=lambda m: (m.order, m.pk))
            if m.plan_year == plan_year
        )
        question = DocQuestion(
            code=w.question.code,
            text=w.question.text,
            score=w.score if w.score is not None else Decimal(0),
        )
        if blocks and previous == (analysis, keys) and keys:
            last = blocks[-1]
            blocks[-1] = DocWeaknessBlock(
                (*last.questions, question), last.analysis, last.measure_keys
            )
        else:
            blocks.append(DocWeaknessBlock((question,), analysis, keys))
        previous = (analysis, keys)
    return blocks


def build_report(
    agency: Agency, *, plan_year: int, kind: Kind, assessment_year: int | None = None
) -> ReportDocument:
    assessment = assessment_for(agency, assessment_year or plan_year - 1)
    spec = framework_spec(assessment.framework)
    weaknesses = list(
        assessment.weaknesses.filter(status="active")
        .select_related("question")
        .prefetch_related("measures")
        .order_by("question__order")
    )
    # A document covers the measures planned for its year; a weakness may
    # also be answered by measures of other years.
    measure_ids = {m.pk for w in weaknesses for m in w.measures.all() if m.plan_year == plan_year}
    measures = list(
        Measure.objects.filter(pk__in=measure_ids)
        .prefetch_related("steps", "departments", "results__evidence__revisions")
        .order_by("order", "pk")
    )

    sections = []
    for tool in ("iit", "eit", "oit"):
        indicators = []
        for ind in spec.indicators:
            if ind.tool != tool:
                continue
            mine = [w for w in weaknesses if w.question.indicator == ind.number]
            if mine:
                indicators.append(
                    DocIndicator(ind.number, ind.name, tuple(_blocks(mine, plan_year)))
                )
        if indicators:
            info = spec.tools[tool]
            sections.append(
                DocToolSection(tool, info.heading, info.part_heading, tuple(indicators))
            )

    report = assessment_report(assessment)
    chart = tuple(
        ChartBar(f"ตัวชี้วัดที่ {ind.number} {ind.name}", report.indicators[ind.number].score)
        for ind in spec.indicators
    )
    return ReportDocument(
        kind=kind,
        agency_name=agency.name,
        district=agency.district,
        province=agency.province,
        plan_year=plan_year,
        assessment_year=assessment.year,
        preamble=default_preamble(agency.name, assessment.year, kind),
        sections=tuple(sections),
        measures={str(m.pk): _measure_data(m, kind) for m in measures},
        evidence=_evidence(measures) if kind == "results" else (),
        chart=chart,
        pass_mark=Decimal(85),
        digits=agency.document_digits,  # type: ignore[arg-type]
    )
