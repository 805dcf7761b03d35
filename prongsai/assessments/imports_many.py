"""Results of many agencies in one file: rows of agency,code,score[,question].

What a supervisor or the deployment's staff has: one sheet for a district's or
a province's agencies. The agency is named by its slug or its official code
(Agency.code). Each agency's rows are checked by the single-agency rules
(`imports.score_row_checker`, one checker per agency so a code may repeat
across agencies but not within one), and written by `scores_write_many`: the
whole file or nothing, in one transaction, with a fixed number of queries
however many agencies the file names.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.management.base import CommandError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from prongsai.accounts.staff_log import Action, staff_action_record
from prongsai.agencies.models import Agency
from prongsai.assessments.imports import ScoreRow, score_row_checker
from prongsai.assessments.models import Assessment, IndicatorScore, QuestionScore
from prongsai.assessments.scoring_indicators import report_for
from prongsai.assessments.services import framework_for_year, scores_write_many
from prongsai.framework.schema import FrameworkSpec
from prongsai.framework.services import framework_spec
from prongsai.lib.commands import import_refused, read_command_file
from prongsai.lib.imports import ImportFailed, check_rows, import_rows
from prongsai.lib.tabular import Row
from prongsai.network.services import summaries_refresh

COLUMNS = ("agency", "code", "score")


@dataclass
class AgencySummary:
    """One agency's part of the file, and where its results stand after it."""

    agency: Agency
    imported: int  # rows of the file for this agency
    created: int
    updated: int
    total: Decimal | None
    grade: str | None
    missing: list[str]  # codes (or indicator numbers) still without a score
    reasons: list[str] = field(default_factory=list)  # the same, as Thai sentences

    def as_json(self) -> dict[str, Any]:
        return {
            "agency": self.agency.slug,
            "code": self.agency.code,
            "name": self.agency.name,
            "imported": self.imported,
            "created": self.created,
            "updated": self.updated,
            "total": float(self.total) if self.total is not None else None,
            "grade": self.grade,
            "missing": self.missing,
            "reasons": self.reasons,
        }


@dataclass
class ManyImport:
    year: int
    kind: str
    dry_run: bool
    agencies: list[AgencySummary]

    def as_json(self) -> dict[str, Any]:
        return {
            "year": self.year,
            "kind": self.kind,
            "dry_run": self.dry_run,
            "agencies": [a.as_json() for a in self.agencies],
        }


def parse_many(
    data: bytes, spec: FrameworkSpec, *, max_bytes: int
) -> list[tuple[Agency, list[ScoreRow]]]:
    """Each agency with its valid rows, in the file's order. Raises
    ImportFailed with every error (capped as every import is)."""
    rows = import_rows(data, required=COLUMNS, optional=("question",), max_bytes=max_bytes)
    names = {r.values["agency"] for r in rows if r.values["agency"]}
    # One query for every agency the file names, by slug or by code.
    found = list(Agency.objects.filter(Q(slug__in=names) | Q(code__in=names)))
    by_slug = {a.slug: a for a in found}
    by_code = {a.code: a for a in found if a.code}
    checkers: dict[int, Any] = {}
    grouped: dict[int, tuple[Agency, list[ScoreRow]]] = {}

    def check(row: Row, where: str) -> tuple[Agency, ScoreRow] | str:
        raw = row.values["agency"]
        if not raw:
            return _("%(where)s คอลัมน์ agency: ไม่ได้ระบุหน่วยงาน") % {"where": where}
        slug_match, code_match = by_slug.get(raw), by_code.get(raw)
        if slug_match and code_match and slug_match != code_match:
            # A slug of one agency that is another's code: refuse rather than guess.
            return _("%(where)s คอลัมน์ agency: '%(v)s' เป็นทั้ง slug ของ %(a)s และรหัสของ %(b)s") % {
                "where": where,
                "v": raw,
                "a": slug_match.name,
                "b": code_match.name,
            }
        agency = slug_match or code_match
        if agency is None:
            return _("%(where)s คอลัมน์ agency: ไม่พบหน่วยงาน '%(v)s' (ใช้ slug หรือรหัสหน่วยงาน)") % {
                "where": where,
                "v": raw,
            }
        if agency.pk not in checkers:
            checkers[agency.pk] = score_row_checker(spec)
        outcome = checkers[agency.pk](row, where)
        if isinstance(outcome, str):
            return outcome
        return agency, outcome

    for agency, score_row in check_rows(rows, check):
        grouped.setdefault(agency.pk, (agency, []))[1].append(score_row)
    return list(grouped.values())


def _summaries(
    spec: FrameworkSpec,
    batches: list[tuple[Agency, list[ScoreRow]]],
    assessments: dict[int, Assessment],
) -> list[AgencySummary]:
    """Each agency's results as they are once the file is in: its stored
    scores with the file's over them. Computed the same way for a dry run."""
    ids = [a.pk for a in assessments.values()]
    stored: dict[int, dict[str, tuple[Decimal, str]]] = defaultdict(dict)
    for assessment_id, code, score, source in QuestionScore.objects.filter(
        assessment_id__in=ids
    ).values_list("assessment_id", "question__code", "score", "source"):
        stored[assessment_id][code] = (score, source)
    indicators: dict[int, dict[int, Decimal]] = defaultdict(dict)
    for assessment_id, number, score in IndicatorScore.objects.filter(
        assessment_id__in=ids
    ).values_list("assessment_id", "indicator", "score"):
        indicators[assessment_id][number] = score
    out = []
    for agency, rows in batches:
        assessment = assessments.get(agency.pk)
        before = stored[assessment.pk] if assessment is not None else {}
        created = sum(1 for r in rows if r.code not in before)
        updated = sum(1 for r in rows if r.code in before and before[r.code] != (r.score, "import"))
        scores = {code: score for code, (score, _source) in before.items()}
        scores.update({r.code: r.score for r in rows})
        report = report_for(spec, scores, indicators[assessment.pk] if assessment else {})
        out.append(
            AgencySummary(
                agency=agency,
                imported=len(rows),
                created=created,
                updated=updated,
                total=report.total,
                grade=report.grade,
                missing=list(report.missing) + [g.where for g in report.gaps],
                reasons=[str(r["message"]) for r in report.reasons()],
            )
        )
    return out


def results_import_many(
    *,
    year: int,
    data: bytes,
    actor: AbstractBaseUser | AnonymousUser | None,
    kind: str = "official",
    dry_run: bool = False,
    file_name: str = "",
) -> ManyImport:
    """Import (or with dry_run only check) a many-agency results file. All or
    nothing: ImportFailed with every error, and the database as before."""
    framework = framework_for_year(year)
    spec = framework_spec(framework)
    batches = parse_many(data, spec, max_bytes=settings.IMPORT_MAX_BYTES)
    agency_ids = [agency.pk for agency, _rows in batches]

    def current() -> dict[int, Assessment]:
        found = {
            a.agency_id: a
            for a in Assessment.objects.filter(agency_id__in=agency_ids, year=year, kind=kind)
        }
        for agency, _rows in batches:  # no query per assessment for these below
            if agency.pk in found:
                found[agency.pk].agency = agency
                found[agency.pk].framework = framework
        return found

    assessments = current()
    summaries = _summaries(spec, batches, assessments)
    if dry_run:
        return ManyImport(year, kind, True, summaries)
    with transaction.atomic():
        Assessment.objects.bulk_create(
            [
                Assessment(agency=agency, year=year, kind=kind, framework=framework)
                for agency, _rows in batches
                if agency.pk not in assessments
            ]
        )
        assessments = current()
        written = scores_write_many(
            batches=[(assessments[agency.pk], rows) for agency, rows in batches],
            source="import",
            actor=actor,
        )
        for summary, counts in zip(summaries, written, strict=True):
            summary.created, summary.updated = counts["created"], counts["updated"]  # type: ignore[assignment]
        # The network's stored totals of these agencies, recomputed now (the
        # stale ones only; a fixed number of queries), in the same transaction.
        summaries_refresh(Assessment.objects.filter(pk__in=[a.pk for a in assessments.values()]))
        staff_action_record(
            actor=actor,  # type: ignore[arg-type]
            action=Action.RESULTS_IMPORT,
            summary=_("นำเข้าผลคะแนน ITA %(year)d ของ %(n)d หน่วยงาน (%(rows)d ข้อ) %(file)s")
            % {
                "year": year,
                "n": len(batches),
                "rows": sum(len(rows) for _a, rows in batches),
                "file": file_name,
            },
        )
    return ManyImport(year, kind, False, summaries)


def many_import_command(out: Any, o: dict[str, Any]) -> None:
    """`import-results --year Y FILE` without --agency: import (or --dry-run
    check) and print one line per agency, or --json."""
    if o["file"] is None:
        raise CommandError("ต้องระบุไฟล์ CSV/XLSX ที่มีหัวตาราง agency,code,score")
    try:
        result = results_import_many(
            year=o["year"],
            data=read_command_file(o["file"]),
            actor=None,
            kind=o["kind"],
            dry_run=o["dry_run"],
            file_name=o["file"].name,
        )
    except ImportFailed as e:
        raise import_refused(o["file"], e) from e
    if o["json"]:
        out.write(json.dumps(result.as_json(), ensure_ascii=False, indent=2))
        return
    done = "ตรวจแล้ว ไม่ได้บันทึก (--dry-run)" if result.dry_run else "บันทึกแล้ว"
    out.write(f"ผลคะแนน ITA {result.year} ของ {len(result.agencies)} หน่วยงาน: {done}")
    for s in result.agencies:
        total = (
            f"คะแนนรวม {s.total} ระดับ {s.grade}" if s.total is not None else "ยังคำนวณคะแนนรวมไม่ได้"
        )
        out.write(
            f"- {s.agency.slug} {s.agency.name}: {s.imported} ข้อ "
            f"(ใหม่ {s.created} แก้ไข {s.updated}); {total}"
        )
        for reason in s.reasons:
            out.write(f"    ยังขาด {reason}")
