"""From the database to a `ReportDocument` (plain data the renderers read).

The plan year is the year printed on the document; the assessment analysed is
the ITA of the year before (the seed: plan year 2567 reports on ITA 2566),
unless the caller names another.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.core.files.storage import default_storage
from django.utils import timezone

from prongsai.agencies.models import Agency
from prongsai.assessments.models import Assessment
from prongsai.assessments.scoring import ScoreReport
from prongsai.assessments.scoring_indicators import report_for
from prongsai.assessments.services import assessment_indicator_scores
from prongsai.assessments.text_import import agency_question_texts
from prongsai.documents import content as c
from prongsai.documents.data import (
    ChartBar,
    DocEvidence,
    DocIndicator,
    DocMeasure,
    DocQuestion,
    DocResult,
    DocSigner,
    DocToolSection,
    DocWeaknessBlock,
    Kind,
    ReportDocument,
    default_preamble,
)
from prongsai.documents.models import DocumentText
from prongsai.framework.schema import FrameworkSpec
from prongsai.framework.services import framework_spec
from prongsai.improvement.analysis import find_weaknesses
from prongsai.improvement.models import Measure, Result, Step, Weakness
from prongsai.improvement.recommendations import load_library
from prongsai.improvement.services.weaknesses import findings_with_advice, question_infos


class NothingToReport(ValueError):
    """No assessment to build the document from; `str()` says what to do."""


def assessment_for(agency: Agency, year: int) -> Assessment:
    """The NACC's results of that year, else the agency's own pre-assessment."""
    found = (
        Assessment.objects.filter(agency=agency, year=year)
        # Not the framework's spec: a large JSON decoded on every download,
        # while framework_spec() keeps the validated one by its hash.
        .select_related("framework")
        .defer("framework__spec")
        .order_by("kind")  # "official" sorts before "pre"
        .first()
    )
    if found is None:
        raise NothingToReport(f"{agency.name} ยังไม่มีผลการประเมิน ITA ปี {year} (นำเข้าผลการประเมินก่อน)")
    found.agency = agency  # the caller's object: no query to fetch it again
    return found


@dataclass
class _Related:
    """What the document prints of its measures, read with one plain query per
    table: Django's prefetch builds a filtered queryset for every measure and
    result, which cost more than the queries themselves."""

    steps: dict[int, list[str]] = field(default_factory=lambda: defaultdict(list))
    departments: dict[int, list[str]] = field(default_factory=lambda: defaultdict(list))
    results: dict[int, list[DocResult]] = field(default_factory=lambda: defaultdict(list))
    evidence: dict[int, list[DocEvidence]] = field(default_factory=lambda: defaultdict(list))


def _related(measure_ids: set[int], kind: Kind) -> _Related:
    """Rows in each model's own order (Step, Department, Result, Evidence)."""
    rel = _Related()
    for mid, text in (
        Step.objects.filter(measure_id__in=measure_ids)
        .order_by("order", "id")
        .values_list("measure_id", "text")
    ):
        rel.steps[mid].append(text)
    for mid, name in (
        Measure.departments.through.objects.filter(measure_id__in=measure_ids)
        .order_by("department__order", "department__name")
        .values_list("measure_id", "department__name")
    ):
        rel.departments[mid].append(name)
    if kind != "results":
        return rel
    # Results with their evidence and its revisions in one query (outer
    # joins): a row per revision, results in their order (date, id), then
    # evidence by id, versions ascending, so each evidence's last row is its
    # newest revision and the dict keeps evidence in printing order.
    # Evidence without a revision prints nothing.
    seen: set[int] = set()
    newest: dict[int, tuple[int, str, str, str, str]] = {}
    for rid, mid, text, date, number, doc_date, eid, caption, rev, name, content_type, link in (
        Result.objects.filter(measure_id__in=measure_ids)
        .order_by("date", "id", "evidence__id", "evidence__revisions__version")
        .values_list(
            "id",
            "measure_id",
            "text",
            "date",
            "doc_number",
            "doc_date",
            "evidence__id",
            "evidence__caption",
            "evidence__revisions__id",
            "evidence__revisions__file",
            "evidence__revisions__content_type",
            "evidence__revisions__link",
        )
    ):
        if rid not in seen:
            seen.add(rid)
            rel.results[mid].append(DocResult(text, date, number or None, doc_date))
        if rev is not None:
            newest[eid] = (mid, caption, name, content_type, link)
    for mid, caption, name, content_type, link in newest.values():
        image_path: Path | None = None
        if name and content_type.startswith("image/"):
            image_path = Path(default_storage.path(name))
        rel.evidence[mid].append(DocEvidence(str(mid), caption, image_path, link or None))
    return rel


def _measure_data(measure: Measure, rel: _Related) -> DocMeasure:
    return DocMeasure(
        key=str(measure.pk),
        name=measure.name,
        steps=tuple(rel.steps.get(measure.pk, ())),
        responsible=tuple(rel.departments.get(measure.pk, ())),
        start=measure.start_date,
        due=measure.due_date,
        # The seed prints no status line: a finished measure's results say
        # it all; one that is not finished must say so.
        status_label=None if measure.status == "done" else measure.get_status_display(),
        results=tuple(rel.results.get(measure.pk, ())),
    )


def _evidence(measures: Iterable[Measure], rel: _Related) -> tuple[DocEvidence, ...]:
    return tuple(e for m in measures for e in rel.evidence.get(m.pk, ()))


# What the document reads of a weakness and of a measure (see _blocks and
# _measure_data); anything else would be loaded and converted for nothing.
_WEAKNESS_FIELDS = (
    "assessment_id",  # the related manager checks it on every row
    "status",
    "score",
    "diagnosis",
    "recommendation",
    "question__code",
    "question__text",
    "question__indicator",
)
_MEASURE_FIELDS = (
    "weakness_id",
    "measure__name",
    "measure__plan_year",
    "measure__start_date",
    "measure__due_date",
    "measure__status",
    "measure__order",
)


def _measures_of(assessment: Assessment, plan_year: int) -> dict[int, list[Measure]]:
    """Each weakness's measures planned for the document's year (a weakness
    may also be answered by measures of other years), by weakness id: one
    query on the link table with its measures, one object per measure.
    Django's prefetch of `measures` took three times as long for the same
    rows, and the document then read the measures a second time."""
    links = (
        Measure.weaknesses.through.objects.filter(
            weakness__assessment=assessment, measure__plan_year=plan_year
        )
        .select_related("measure")
        .only(*_MEASURE_FIELDS)
        .order_by("measure__order", "measure_id")
    )
    measures: dict[int, Measure] = {}
    out: dict[int, list[Measure]] = defaultdict(list)
    for link in links:
        measure = measures.setdefault(link.measure_id, link.measure)
        out[link.weakness_id].append(measure)
    return out


def _blocks(
    weaknesses: list[Weakness], measures_of: dict[int, list[Measure]]
) -> list[DocWeaknessBlock]:
    """One block per weakness, except that neighbours with the same analysis
    text and the same measures share one (the seed prints I8 and I9 together)."""
    blocks: list[DocWeaknessBlock] = []
    previous: tuple[str, tuple[str, ...]] | None = None
    for w in weaknesses:
        analysis = " ".join(part for part in (w.diagnosis, w.recommendation) if part)
        keys = tuple(str(m.pk) for m in measures_of.get(w.pk, ()))
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


def _computed_blocks(assessment: Assessment) -> list[DocWeaknessBlock]:
    """The weaknesses the analysis finds in the scores, with their advice,
    for an agency whose officer has not saved the analysis yet: a document
    made before that must still name them (never "no weaknesses")."""
    blocks = []
    for finding, advice in findings_with_advice(assessment):
        question = DocQuestion(finding.code, finding.question or "", finding.score)
        analysis = " ".join(p for p in (advice.diagnosis, advice.recommendation) if p)
        blocks.append(DocWeaknessBlock((question,), analysis, ()))
    return blocks


# Scores are fixed once imported, and every download of the year's documents
# computes the same report from them: kept per (framework, scores), the
# framework object itself compared so a re-imported framework is not mistaken.
_REPORTS: dict[tuple[object, ...], tuple[FrameworkSpec, ScoreReport]] = {}
_BELOW: dict[tuple[object, ...], tuple[FrameworkSpec, int]] = {}


def _report(
    spec: FrameworkSpec, scores: dict[str, Decimal], indicators: dict[int, Decimal]
) -> ScoreReport:
    key = (id(spec), tuple(sorted(scores.items())), tuple(sorted(indicators.items())))
    hit = _REPORTS.get(key)
    if hit is not None and hit[0] is spec:
        return hit[1]
    report = report_for(spec, scores, indicators)
    if len(_REPORTS) >= 64:
        _REPORTS.clear()
    _REPORTS[key] = (spec, report)
    return report


def _below_mark(
    agency: Agency, assessment: Assessment, spec: FrameworkSpec, scores: dict[str, Decimal]
) -> int:
    """How many questions the analysis finds below the mark (the scores the
    report already read; no advice needed just to count them). Kept like
    the report: the same scores and mark give the same count."""
    key = (
        "below",
        id(spec),
        tuple(sorted(scores.items())),
        agency.weakness_threshold,
        assessment.year,
    )
    hit = _BELOW.get(key)
    if hit is not None and hit[0] is spec:
        return hit[1]
    found = find_weaknesses(
        questions=question_infos(spec),
        scores=scores,
        threshold=agency.weakness_threshold,
        library=load_library(assessment.year),
    )
    if len(_BELOW) >= 64:
        _BELOW.clear()
    _BELOW[key] = (spec, len(found))
    return len(found)


def _signer(agency: Agency, signed_on: dt.date | None) -> DocSigner | None:
    if not (agency.executive_name or agency.executive_title):
        return None
    image: Path | None = None
    if agency.signature_image and default_storage.exists(agency.signature_image):
        image = Path(default_storage.path(agency.signature_image))
    return DocSigner(
        name=agency.executive_name,
        title=agency.executive_title,
        signed_on=signed_on or timezone.localdate(),
        image_path=image,
    )


def build_report(
    agency: Agency,
    *,
    plan_year: int,
    kind: Kind,
    assessment_year: int | None = None,
    signed_on: dt.date | None = None,
    officer_wording: bool = True,
) -> ReportDocument:
    """`officer_wording=False` gives our generated sections (the edit page
    shows them beside the officer's)."""
    assessment = assessment_for(agency, assessment_year or plan_year - 1)
    spec = framework_spec(assessment.framework)
    # Every weakness in one query: any saved one means the analysis was saved.
    # Only the columns printed: the rest (a JSON of references, timestamps)
    # cost a conversion per row on every download.
    saved = list(
        assessment.weaknesses.select_related("question")
        .only(*_WEAKNESS_FIELDS)
        .order_by("question__order")
    )
    analysis_saved = bool(saved)
    if any(not w.question.text for w in saved):
        # A year whose framework lacks the wording (2569's IIT/EIT): the
        # question as the agency pasted it from ITAS. Set on these rows only,
        # never saved; asked only when needed.
        own = agency_question_texts(agency, assessment)
        for w in saved:
            w.question.text = w.question.text or own.get(w.question.code, "")
    weaknesses = [w for w in saved if w.status == "active"]
    measures_of = _measures_of(assessment, plan_year)
    measures = sorted(
        {m.pk: m for w in weaknesses for m in measures_of.get(w.pk, ())}.values(),
        key=lambda m: (m.order, m.pk),
    )
    measure_ids = {m.pk for m in measures}
    rel = _related(measure_ids, kind)
    # assessment_report's reading, with the raw scores kept for counting
    # the questions below the mark (one query instead of two).
    # (assessment_scores, with each score's source read in the same query)
    rows = list(assessment.scores.values_list("question__code", "score", "source"))
    raw_scores = {code: score for code, score, _ in rows}
    indicator_scores = {} if raw_scores else assessment_indicator_scores(assessment)
    report = _report(spec, raw_scores, indicator_scores)
    computed = [] if analysis_saved else _computed_blocks(assessment)
    below_mark = (
        _below_mark(agency, assessment, spec, raw_scores) if analysis_saved else len(computed)
    )

    indicator_of = {q.code: q.indicator for q in spec.questions}
    sections = []
    for tool in ("iit", "eit", "oit"):
        indicators = []
        for ind in spec.indicators:
            if ind.tool != tool:
                continue
            if analysis_saved:
                mine = [w for w in weaknesses if w.question.indicator == ind.number]
                blocks = tuple(_blocks(mine, measures_of)) if mine else ()
            else:
                blocks = tuple(
                    b for b in computed if indicator_of.get(b.questions[0].code) == ind.number
                )
            if blocks:
                indicators.append(DocIndicator(ind.number, ind.name, blocks))
        if indicators:
            info = spec.tools[tool]
            sections.append(
                DocToolSection(tool, info.heading, info.part_heading, tuple(indicators))
            )

    chart = tuple(
        ChartBar(f"ตัวชี้วัดที่ {ind.number} {ind.name}", report.indicators[ind.number].score)
        for ind in spec.indicators
    )
    doc_measures = {str(m.pk): _measure_data(m, rel) for m in measures}
    # "85", not "85.00" (the field's places) in "เกณฑ์ 85 คะแนน".
    mark = Decimal(format(agency.weakness_threshold.normalize(), "f"))
    source = (
        "ผลการประเมินของ ป.ป.ช." if assessment.kind == "official" else "ผลการประเมินตนเองของหน่วยงาน"
    )
    samples = sum(1 for *_, source_of in rows if source_of == "sample")
    if samples:
        source = f"{source} ปนค่าตัวอย่างสาธิต {samples} ข้อ"
    lows = [
        c.Low(q.code, ind.number, q.score, q.text)
        for section in sections
        for ind in section.indicators
        for block in ind.blocks
        for q in block.questions
    ]
    scores = c.Scores(
        total=report.total,
        grade=report.grade,
        rating=report.rating,
        indicators={ind.number: report.indicators[ind.number].score for ind in spec.indicators},
        names={ind.number: ind.name for ind in spec.indicators},
        questions_passed=sum(1 for v in report.questions.values() if v >= mark),
        indicator_level=getattr(report, "indicator_level", False),
    )
    texts = c.generated_sections(
        scores=scores,
        lows=lows,
        measures=list(doc_measures.values()),
        agency=agency.name,
        assessment_year=assessment.year,
        plan_year=plan_year,
        mark=mark,
        source=source,
    )
    if officer_wording:
        texts = c.apply_texts(texts, officer_texts(agency, plan_year=plan_year, kind=kind))
    is_measures = kind == "measures"
    return ReportDocument(
        kind=kind,
        agency_name=agency.name,
        district=agency.district,
        province=agency.province,
        plan_year=plan_year,
        assessment_year=assessment.year,
        preamble=default_preamble(agency.name, assessment.year, kind),
        sections=tuple(sections),
        measures=doc_measures,
        evidence=_evidence(measures, rel) if kind == "results" else (),
        chart=chart,
        pass_mark=mark,
        digits=agency.document_digits,  # type: ignore[arg-type]
        signer=_signer(agency, signed_on),
        analysis=tuple(texts[k] for k in ("result", "strengths", "improve")) if is_measures else (),
        indicator_rows=c.indicator_rows(scores, lows) if is_measures else (),
        practice=texts["practice"] if is_measures else None,
        below_mark=below_mark,
        chart_source=f"ที่มา: {source} ที่บันทึกในระบบ",
        notice=_demo_notice(samples),
    )


def _demo_notice(samples: int) -> str | None:
    """Only `load-demo` writes sample scores; a document resting on them
    must not pass for an official one."""
    if not samples:
        return None
    return (
        f"ข้อมูลสาธิต ไม่ใช่เอกสารทางราชการ: คะแนน {samples} ข้อเป็นค่าตัวอย่าง "
        "(แผนภูมิ คะแนนรวม และระดับผลการประเมินจึงเป็นตัวอย่าง) "
        "และข้อมูลที่ระบบสาธิตเติมให้ เช่น วันที่ของผลการดำเนินการ "
        "และลิงก์เว็บไซต์ในเอกสารประกอบ ไม่ได้มาจากรายงานจริงของหน่วยงาน"
    )


def officer_texts(agency: Agency, *, plan_year: int, kind: str) -> dict[str, str]:
    return dict(
        DocumentText.objects.filter(agency=agency, plan_year=plan_year, kind=kind).values_list(
            "key", "text"
        )
    )
