"""Results of many agencies in one file: rows of agency,code,score[,question]
(per-question scores) or agency,indicator,score (the ten indicator scores of
the NACC's summary tables), or both columns with one of them filled per row.

What a supervisor or the deployment's staff has: one sheet for a district's or
a province's agencies. The agency is named by its slug or its official code
(Agency.code). Each agency's rows are checked by the single-agency rules
(`imports.score_row_checker` / `indicator_row_checker`, one checker per agency
so a code may repeat across agencies but not within one); one agency's rows
are all question rows or all indicator rows, never both (the single-agency
import tells the two files apart by their header the same way). Written by
`scores_write_many` and `indicator_scores_write_many`: the whole file or
nothing, in one transaction, with a fixed number of queries however many
agencies the file names.
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
from prongsai.assessments.imports import (
    IndicatorRow,
    ScoreRow,
    indicator_row_checker,
    score_row_checker,
)
from prongsai.assessments.models import Assessment, IndicatorScore, QuestionScore
from prongsai.assessments.scoring_indicators import report_for
from prongsai.assessments.services import (
    framework_for_year,
    indicator_scores_write_many,
    scores_write_many,
)
from prongsai.framework.schema import FrameworkSpec
from prongsai.framework.services import framework_spec
from prongsai.lib.commands import import_refused, read_command_file
from prongsai.lib.imports import ImportFailed, check_rows, import_rows
from prongsai.lib.tabular import Row
from prongsai.network.services import summaries_refresh

COLUMNS = ("agency", "code", "score")
INDICATOR_COLUMNS = ("agency", "indicator", "score")
QUESTION, INDICATOR = "question", "indicator"


@dataclass
class Batch:
    """One agency's rows of the file: question rows or indicator rows."""

    agency: Agency
    questions: list[ScoreRow] = field(default_factory=list)
    indicators: list[IndicatorRow] = field(default_factory=list)

    @property
    def level(self) -> str:
        return INDICATOR if self.indicators else QUESTION

    @property
    def rows(self) -> int:
        return len(self.questions) + len(self.indicators)


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
    level: str = QUESTION  # what the file's rows of this agency are
    # Indicator rows for an agency with question scores of the year: kept, but
    # the question scores give its total.
    superseded: bool = False

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
            "level": self.level,
            "superseded": self.superseded,
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


def _read(data: bytes, *, max_bytes: int) -> list[Row]:
    """The rows, with a header of agency,score and code or indicator (or both)."""
    rows = import_rows(
        data,
        required=("agency", "score"),
        optional=("code", "indicator", "question"),
        max_bytes=max_bytes,
    )
    if "code" not in rows[0].values and "indicator" not in rows[0].values:
        raise ImportFailed(
            [
                _(
                    "หัวตารางต้องเป็น agency,code,score (คะแนนรายข้อ) หรือ agency,indicator,score "
                    "(คะแนนรายตัวชี้วัด)"
                )
            ]
        )
    return rows


def parse_many(data: bytes, spec: FrameworkSpec, *, max_bytes: int) -> list[Batch]:
    """Each agency with its valid rows, in the file's order. Raises
    ImportFailed with every error (capped as every import is)."""
    rows = _read(data, max_bytes=max_bytes)
    has_code, has_indicator = "code" in rows[0].values, "indicator" in rows[0].values
    names = {r.values["agency"] for r in rows if r.values["agency"]}
    # One query for every agency the file names, by slug or by code.
    found = list(Agency.objects.filter(Q(slug__in=names) | Q(code__in=names)))
    by_slug = {a.slug: a for a in found}
    by_code = {a.code: a for a in found if a.code}
    checkers: dict[tuple[int, str], Any] = {}
    first_of: dict[int, tuple[str, int]] = {}  # agency → (level, row) of its first row
    grouped: dict[int, Batch] = {}

    def level_of(row: Row, where: str) -> str:
        code = row.values.get("code", "") if has_code else ""
        indicator = row.values.get("indicator", "") if has_indicator else ""
        if code and indicator:
            return _("%(where)s: กรอกได้เพียงคอลัมน์ code หรือ indicator อย่างใดอย่างหนึ่ง ไม่ใช่ทั้งสอง") % {
                "where": where
            }
        if indicator or not has_code:
            return INDICATOR
        if code or not has_indicator:
            return QUESTION
        return _("%(where)s คอลัมน์ code/indicator: ไม่ได้ระบุรหัสข้อหรือหมายเลขตัวชี้วัด") % {"where": where}

    def check(row: Row, where: str) -> tuple[Agency, ScoreRow | IndicatorRow] | str:
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
        level = level_of(row, where)
        if level not in (QUESTION, INDICATOR):
            return level  # the error
        first_level, first_row = first_of.setdefault(agency.pk, (level, row.number))
        if level != first_level:
            # Which would win is not for the import to guess: the NACC's
            # per-question results and its summary table are different files.
            return _(
                "%(where)s: %(name)s มีคะแนนรายข้อและคะแนนรายตัวชี้วัดปนกันในไฟล์เดียว "
                "(แถว %(first)d เป็น%(kind)s) หน่วยงานหนึ่งใช้ได้อย่างใดอย่างหนึ่ง"
            ) % {
                "where": where,
                "name": agency.name,
                "first": first_row,
                "kind": _("คะแนนรายข้อ") if first_level == QUESTION else _("คะแนนรายตัวชี้วัด"),
            }
        key = (agency.pk, level)
        if key not in checkers:
            maker = score_row_checker if level == QUESTION else indicator_row_checker
            checkers[key] = maker(spec)
        outcome = checkers[key](row, where)
        if isinstance(outcome, str):
            return outcome
        return agency, outcome

    for agency, valid in check_rows(rows, check):
        batch = grouped.setdefault(agency.pk, Batch(agency))
        if isinstance(valid, ScoreRow):
            batch.questions.append(valid)
        else:
            batch.indicators.append(valid)
    return list(grouped.values())


def _summaries(
    spec: FrameworkSpec, batches: list[Batch], assessments: dict[int, Assessment]
) -> list[AgencySummary]:
    """Each agency's results as they are once the file is in: its stored
    scores with the file's over them. Computed the same way for a dry run."""
    ids = [a.pk for a in assessments.values()]
    stored: dict[int, dict[str, tuple[Decimal, str]]] = defaultdict(dict)
    for assessment_id, code, score, source in QuestionScore.objects.filter(
        assessment_id__in=ids
    ).values_list("assessment_id", "question__code", "score", "source"):
        stored[assessment_id][code] = (score, source)
    indicators: dict[int, dict[int, tuple[Decimal, str]]] = defaultdict(dict)
    for assessment_id, number, score, source in IndicatorScore.objects.filter(
        assessment_id__in=ids
    ).values_list("assessment_id", "indicator", "score", "source"):
        indicators[assessment_id][number] = (score, source)
    out = []
    for batch in batches:
        assessment = assessments.get(batch.agency.pk)
        questions_before = stored[assessment.pk] if assessment is not None else {}
        indicators_before = indicators[assessment.pk] if assessment is not None else {}
        scores = {code: score for code, (score, _source) in questions_before.items()}
        numbers = {n: score for n, (score, _source) in indicators_before.items()}
        keys: list[str] | list[int]
        if batch.level == QUESTION:
            before: dict[Any, tuple[Decimal, str]] = questions_before
            keys, values = [r.code for r in batch.questions], [r.score for r in batch.questions]
            scores.update(zip(keys, values, strict=True))
        else:
            before = indicators_before
            keys, values = (
                [r.indicator for r in batch.indicators],
                [r.score for r in batch.indicators],
            )
            numbers.update(zip(keys, values, strict=True))
        created = sum(1 for k in keys if k not in before)
        updated = sum(
            1
            for k, v in zip(keys, values, strict=True)
            if k in before and before[k] != (v, "import")
        )
        report = report_for(spec, scores, numbers)
        out.append(
            AgencySummary(
                agency=batch.agency,
                imported=batch.rows,
                created=created,
                updated=updated,
                total=report.total,
                grade=report.grade,
                missing=list(report.missing) + [g.where for g in report.gaps],
                reasons=[str(r["message"]) for r in report.reasons()],
                level=batch.level,
                superseded=batch.level == INDICATOR and bool(questions_before),
            )
        )
    return out


def _log_summary(year: int, batches: list[Batch], file_name: str) -> str:
    questions = sum(len(b.questions) for b in batches)
    indicators = sum(len(b.indicators) for b in batches)
    if not indicators:
        return _("นำเข้าผลคะแนน ITA %(year)d ของ %(n)d หน่วยงาน (%(rows)d ข้อ) %(file)s") % {
            "year": year,
            "n": len(batches),
            "rows": questions,
            "file": file_name,
        }
    return _(
        "นำเข้าผลคะแนน ITA %(year)d ของ %(n)d หน่วยงาน (%(rows)d ข้อ, %(ind)d ตัวชี้วัด) %(file)s"
    ) % {
        "year": year,
        "n": len(batches),
        "rows": questions,
        "ind": indicators,
        "file": file_name,
    }


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
    agency_ids = [b.agency.pk for b in batches]

    def current() -> dict[int, Assessment]:
        found = {
            a.agency_id: a
            for a in Assessment.objects.filter(agency_id__in=agency_ids, year=year, kind=kind)
        }
        for b in batches:  # no query per assessment for these below
            if b.agency.pk in found:
                found[b.agency.pk].agency = b.agency
                found[b.agency.pk].framework = framework
        return found

    assessments = current()
    summaries = _summaries(spec, batches, assessments)
    if dry_run:
        return ManyImport(year, kind, True, summaries)
    with transaction.atomic():
        Assessment.objects.bulk_create(
            [
                Assessment(agency=b.agency, year=year, kind=kind, framework=framework)
                for b in batches
                if b.agency.pk not in assessments
            ]
        )
        assessments = current()
        by_question = [(s, b) for s, b in zip(summaries, batches, strict=True) if b.questions]
        by_indicator = [(s, b) for s, b in zip(summaries, batches, strict=True) if b.indicators]
        written: list[dict[str, Any]] = [
            *scores_write_many(
                batches=[(assessments[b.agency.pk], b.questions) for _s, b in by_question],
                source="import",
                actor=actor,
            ),
            *indicator_scores_write_many(
                batches=[(assessments[b.agency.pk], b.indicators) for _s, b in by_indicator],
                source="import",
                actor=actor,
            ),
        ]
        for (summary, _b), counts in zip([*by_question, *by_indicator], written, strict=True):
            summary.created, summary.updated = counts["created"], counts["updated"]
        # The network's stored totals of these agencies, recomputed now (the
        # stale ones only; a fixed number of queries), in the same transaction.
        summaries_refresh(Assessment.objects.filter(pk__in=[a.pk for a in assessments.values()]))
        staff_action_record(
            actor=actor,  # type: ignore[arg-type]
            action=Action.RESULTS_IMPORT,
            summary=_log_summary(year, batches, file_name),
        )
    return ManyImport(year, kind, False, summaries)


def many_import_command(out: Any, o: dict[str, Any]) -> None:
    """`import-results --year Y FILE` without --agency: import (or --dry-run
    check) and print one line per agency, or --json."""
    if o["file"] is None:
        raise CommandError(
            "ต้องระบุไฟล์ CSV/XLSX ที่มีหัวตาราง agency,code,score หรือ agency,indicator,score"
        )
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
        unit = "ตัวชี้วัด" if s.level == INDICATOR else "ข้อ"
        out.write(
            f"- {s.agency.slug} {s.agency.name}: {s.imported} {unit} "
            f"(ใหม่ {s.created} แก้ไข {s.updated}); {total}"
        )
        if s.superseded:
            out.write("    มีคะแนนรายข้อของปีนี้แล้ว คะแนนรวมใช้คะแนนรายข้อ")
        for reason in s.reasons:
            out.write(f"    ยังขาด {reason}")
