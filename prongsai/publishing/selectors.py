"""Reads for the checklist, the publication and the public pages."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from prongsai.accounts.access import can_edit, is_admin
from prongsai.accounts.models import Membership
from prongsai.agencies.models import Agency
from prongsai.assessments.selectors import assessment_report
from prongsai.framework.models import Framework
from prongsai.framework.schema import FrameworkSpec, QuestionSpec
from prongsai.framework.services import framework_spec
from prongsai.improvement.models import Evidence, Measure, Result
from prongsai.lib.thai import fiscal_year_be
from prongsai.publishing.checking import describe_changes
from prongsai.publishing.models import (
    CheckRun,
    DisclosureItem,
    DisclosureLink,
    DisclosureYear,
    LinkCheck,
    Publication,
)

RECENT_RUNS = 10


def item_title(q: QuestionSpec | None, code: str) -> str:
    return (q.text if q is not None and q.text else "") or _("ข้อ %s") % code


def _sub_name(spec: FrameworkSpec, code: str | None) -> str:
    if not code:
        return ""
    try:
        return spec.sub_indicator(code).name
    except KeyError:
        return ""


def disclosure_years(agency: Agency) -> list[int]:
    """Years the checklist can be opened for: frameworks with OIT items, and
    years the agency already has items for."""
    years = set(
        DisclosureItem.objects.filter(agency=agency).values_list("year", flat=True).distinct()
    )
    years |= set(Framework.objects.filter(questions__tool="oit").values_list("year", flat=True))
    return sorted(years, reverse=True)


def current_year_not_loaded(shown: int) -> int | None:
    """This fiscal year (B.E.) when the page shows an earlier ITA year because
    no framework of this one is loaded yet (the NACC publishes its manual
    during the year): in December 2569 the officer writes the measures of
    2570, answered in ITA 2570's OIT, which cannot be listed until then."""
    current = fiscal_year_be(timezone.localdate())
    if current > shown and not Framework.objects.filter(year=current).exists():
        return current
    return None


def default_year(agency: Agency) -> int | None:
    latest = DisclosureItem.objects.filter(agency=agency).order_by("-year").first()
    if latest is not None:
        return latest.year
    years = disclosure_years(agency)
    return years[0] if years else None


# ---------------------------------------------------------------- checklist


@dataclass
class LinkRow:
    link: DisclosureLink
    last: LinkCheck | None
    changes: list[str]


@dataclass
class ItemRow:
    item: DisclosureItem
    title: str
    question: QuestionSpec | None
    required_year: int
    links: list[LinkRow]
    components: list[tuple[int, str, bool]]
    due: dt.date | None
    days_left: int | None
    can_edit: bool
    can_accept: bool
    window_closed: bool = False

    @property
    def components_complete(self) -> bool:
        return all(ticked for _i, _t, ticked in self.components)

    @property
    def ticked_count(self) -> int:
        return sum(ticked for _i, _t, ticked in self.components)

    @property
    def checks_ok(self) -> bool | None:
        """True if every link passed its last check, None if never checked."""
        lasts = [row.last for row in self.links]
        if not lasts or any(last is None for last in lasts):
            return None
        return all(last.ok for last in lasts if last is not None)


@dataclass
class Group:
    code: str
    name: str
    rows: list[ItemRow] = field(default_factory=list)


def recent_checks(agency: Agency, year: int) -> dict[tuple[int, str], list[LinkCheck]]:
    """(item id, url) -> its checks in the recent runs, newest first."""
    runs = list(
        CheckRun.objects.filter(agency=agency, year=year).values_list("pk", flat=True)[:RECENT_RUNS]
    )
    checks: dict[tuple[int, str], list[LinkCheck]] = {}
    for check in LinkCheck.objects.filter(run_id__in=runs, item__isnull=False).order_by(
        "-fetched_at", "-id"
    ):
        checks.setdefault((check.item_id, check.url), []).append(check)  # type: ignore[arg-type]
    return checks


def item_row(
    item: DisclosureItem,
    spec: FrameworkSpec,
    membership: Membership | None,
    checks: dict[tuple[int, str], list[LinkCheck]],
    window_closes: dt.date | None,
    today: dt.date,
    edit_cache: dict[int | None, bool] | None = None,
) -> ItemRow:
    try:
        q: QuestionSpec | None = spec.question(item.code)
    except KeyError:
        q = None
    requirements = q.requirements if q is not None else ()
    links = []
    for link in item.links.all():
        history = checks.get((item.pk, link.url), [])
        last = history[0] if history else None
        previous = history[1] if len(history) > 1 else None
        links.append(LinkRow(link, last, describe_changes(previous, last) if last else []))
    due = item.due_date or window_closes
    department = [item.department_id] if item.department_id else []
    # can_edit asks the database for the editor's departments; once per department is enough.
    cache = edit_cache if edit_cache is not None else {}
    if item.department_id not in cache:
        cache[item.department_id] = can_edit(membership, department)
    return ItemRow(
        item=item,
        title=item_title(q, item.code),
        question=q,
        required_year=item.year + (q.required_year_offset if q is not None else 0),
        links=links,
        components=[(i, text, i in item.components) for i, text in enumerate(requirements)],
        due=due,
        days_left=(due - today).days if due else None,
        can_edit=cache[item.department_id],
        can_accept=is_admin(membership),
        window_closed=window_closes is not None and window_closes < today,
    )


def checklist(agency: Agency, year: int, membership: Membership | None) -> dict[str, Any]:
    from prongsai.publishing.services import oit_spec

    spec = oit_spec(year)
    window = DisclosureYear.objects.filter(agency=agency, year=year).first()
    items = (
        DisclosureItem.objects.filter(agency=agency, year=year)
        .select_related("department", "proposed_by", "accepted_by")
        .prefetch_related("links")
    )
    checks = recent_checks(agency, year)
    today = timezone.localdate()
    closes = window.window_closes if window else None
    groups: dict[str, Group] = {}
    counts = {"missing": 0, "proposed": 0, "published": 0, "needs_update": 0}
    edit_cache: dict[int | None, bool] = {}
    for item in items:
        row = item_row(item, spec, membership, checks, closes, today, edit_cache)
        sub = row.question.sub_indicator if row.question else None
        key = sub or "-"
        if key not in groups:
            groups[key] = Group(key, _sub_name(spec, sub) or _("อื่น ๆ"))
        groups[key].rows.append(row)
        counts[item.status] = counts.get(item.status, 0) + 1
    return {
        "groups": list(groups.values()),
        "counts": counts,
        "total": sum(counts.values()),
        "window": window,
        "window_days_left": (closes - today).days if closes else None,
        "last_run": CheckRun.objects.filter(agency=agency, year=year).first(),
        "framework_partial": spec.status == "partial",
    }


def link_history(item: DisclosureItem, url: str) -> list[tuple[LinkCheck, list[str]]]:
    """Every check of this item's URL, newest first, with what changed since the one before."""
    checks = list(
        LinkCheck.objects.filter(item=item, url=url)
        .select_related("run")
        .order_by("-fetched_at", "-id")
    )
    return [
        (check, describe_changes(checks[n + 1] if n + 1 < len(checks) else None, check))
        for n, check in enumerate(checks)
    ]


# ---------------------------------------------------------------- publication input


def _num(value: Any) -> float | None:
    return None if value is None else float(value)


def _assessments(agency: Agency) -> list[dict[str, Any]]:
    result = []
    for assessment in agency.assessments.select_related("framework").filter(kind="official"):
        report = assessment_report(assessment)
        spec = framework_spec(assessment.framework)
        result.append(
            {
                "year": assessment.year,
                "label": assessment.framework.title,
                "total": _num(report.total),
                "grade": report.grade,
                "rating": report.rating,
                "iit": _num(report.iit),
                "eit": _num(report.eit),
                "oit": _num(report.oit),
                "complete": report.complete,
                "missing": len(report.missing),
                "indicators": [
                    {
                        "number": ind.number,
                        "tool": ind.tool,
                        "name": ind.name,
                        "score": _num(report.indicators[ind.number].score),
                    }
                    for ind in spec.indicators
                ],
            }
        )
    return result


def _evidence(e: Evidence) -> dict[str, Any]:
    revision = e.current
    data: dict[str, Any] = {"caption": e.caption, "kind": e.kind, "public": e.public, "link": ""}
    data["file"] = None
    if revision is not None:
        data["link"] = revision.link
        if revision.file:
            data["file"] = {
                "name": revision.original_name or (revision.file.name or "").rsplit("/", 1)[-1],
                "content_type": revision.content_type or "application/octet-stream",
                "size": revision.size,
                "sha256": revision.sha256,
            }
            data["stored_name"] = revision.file.name
    return data


def _measures(agency: Agency) -> list[dict[str, Any]]:
    results = Result.objects.order_by("date", "id").prefetch_related(
        Prefetch("evidence", queryset=Evidence.objects.prefetch_related("revisions"))
    )
    measures = (
        Measure.objects.filter(agency=agency)
        .select_related("assessment")
        .prefetch_related(
            "departments", "weaknesses__question", "steps", Prefetch("results", queryset=results)
        )
    )
    return [
        {
            "id": m.pk,
            "plan_year": m.plan_year,
            "assessment_year": m.assessment.year if m.assessment else None,
            "name": m.name,
            "status": m.status,
            "status_label": str(m.get_status_display()),
            "status_reason": m.status_reason,
            "progress": m.progress,
            "start_date": m.start_date,
            "due_date": m.due_date,
            "closed_at": timezone.localtime(m.closed_at) if m.closed_at else None,
            "departments": [d.name for d in m.departments.all()],
            "weaknesses": [w.question.code for w in m.weaknesses.all()],
            "steps": [s.text for s in m.steps.all()],
            "results": [
                {
                    "date": r.date,
                    "text": r.text,
                    "doc_number": r.doc_number,
                    "doc_date": r.doc_date,
                    "public": r.public,
                    "evidence": [_evidence(e) for e in r.evidence.all()],
                }
                for r in m.results.all()
            ],
        }
        for m in measures
    ]


def _disclosure(agency: Agency) -> list[dict[str, Any]]:
    from prongsai.publishing.services import oit_spec

    by_year: dict[int, list[DisclosureItem]] = {}
    for item in DisclosureItem.objects.filter(agency=agency).prefetch_related("links"):
        by_year.setdefault(item.year, []).append(item)
    years = []
    for year, items in sorted(by_year.items()):
        spec = oit_spec(year)
        rows = []
        for item in items:
            q = spec.question(item.code) if spec.has_question(item.code) else None
            rows.append(
                {
                    "code": item.code,
                    "title": item_title(q, item.code),
                    "sub_indicator": q.sub_indicator if q else "",
                    "sub_indicator_name": _sub_name(spec, q.sub_indicator if q else None),
                    "group": (q.group if q else "") or "",
                    "requirements": list(q.requirements) if q else [],
                    "required_year": year + (q.required_year_offset if q else 0),
                    "status": item.status,
                    "links": [link.url for link in item.links.all()],
                    "accepted_at": item.accepted_at,
                }
            )
        years.append({"year": year, "items": rows})
    return years


def publication_input(agency: Agency, *, as_of: dt.date) -> dict[str, Any]:
    """Everything the snapshot may draw from, as plain data (the pure builder
    decides what of it is public)."""
    return {
        "as_of": as_of,
        "agency": {
            "slug": agency.slug,
            "name": agency.name,
            "type": str(agency.get_type_display()),
            "province": agency.province,
            "district": agency.district,
            "website": agency.website,
        },
        "assessments": _assessments(agency),
        "measures": _measures(agency),
        "disclosure": _disclosure(agency),
    }


# ---------------------------------------------------------------- public pages


def published_agency(slug: str) -> tuple[Agency, Publication]:
    """The agency and its latest publication; 404 when it never published."""
    agency = Agency.objects.filter(slug=slug).first()
    publication = Publication.objects.filter(agency=agency).first() if agency is not None else None
    if agency is None or publication is None:
        raise Http404
    return agency, publication


def publication_for_year(agency: Agency, year: int) -> Publication | None:
    """The latest publication that has anything about `year`: past years stay
    readable even when later publications no longer carry them."""
    for publication in Publication.objects.filter(agency=agency):
        if year in publication.content.get("years", []):
            return publication
    return None


def publication_for_item(
    agency: Agency, year: int, code: str
) -> tuple[Publication, dict[str, Any], dict[str, Any]] | None:
    """The latest publication in which item `code` of `year` was published,
    with its year block and item: the answer link keeps working."""
    for publication in Publication.objects.filter(agency=agency):
        for block in publication.content.get("disclosure", []):
            if block["year"] != year:
                continue
            for item in block["items"]:
                if item["code"] == code:
                    return publication, block, item
    return None


def published_file(agency: Agency, sha256: str) -> dict[str, Any] | None:
    for files in Publication.objects.filter(agency=agency).values_list("files", flat=True):
        if sha256 in files:
            return dict(files[sha256])
    return None
