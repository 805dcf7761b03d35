"""The public snapshot, built from plain data by pure functions.

`build_snapshot` decides what the public may see: only results and evidence the
agency marked public, only disclosure items the admin accepted (status
"published"), and it states overdue measures plainly. A measure that was done
is not called closed, and a closed one is not called done unless it was: the
public gets both facts (FixMyStreet #1339). `snapshot_rows` flattens a snapshot
into the rows of the open-data CSV, so the CSV and the JSON hold the same content.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any

SCHEMA = 1
# Measure statuses whose work is over (nothing can be overdue any more).
FINISHED = ("done", "not_done", "cancelled")


def _iso(value: dt.date | dt.datetime | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        value = value.date()
    return value.isoformat()


def _measure(m: dict[str, Any], as_of: dt.date) -> dict[str, Any]:
    due: dt.date | None = m.get("due_date")
    finished = m["status"] in FINISHED
    overdue_days = (as_of - due).days if due is not None and not finished and due < as_of else 0
    results = []
    for r in m.get("results", []):
        if not r.get("public"):
            continue
        evidence = []
        for e in r.get("evidence", []):
            if not e.get("public"):
                continue
            file = e.get("file")
            evidence.append(
                {
                    "caption": e["caption"],
                    "kind": e["kind"],
                    "url": e.get("link") or None,
                    "file": dict(file) if file else None,
                }
            )
        results.append(
            {
                "date": _iso(r["date"]),
                "text": r["text"],
                "doc_number": r.get("doc_number", ""),
                "doc_date": _iso(r.get("doc_date")),
                "evidence": evidence,
            }
        )
    return {
        "id": m["id"],
        "plan_year": m["plan_year"],
        "assessment_year": m.get("assessment_year"),
        "name": m["name"],
        "status": m["status"],
        "status_label": m["status_label"],
        "status_reason": m.get("status_reason", ""),
        "progress": m["progress"],
        "start_date": _iso(m.get("start_date")),
        "due_date": _iso(due),
        "closed": m.get("closed_at") is not None,
        "closed_on": _iso(m.get("closed_at")),
        "overdue": overdue_days > 0,
        "overdue_days": overdue_days,
        "departments": list(m.get("departments", [])),
        "weaknesses": list(m.get("weaknesses", [])),
        "steps": list(m.get("steps", [])),
        "results": results,
    }


def measure_summary(measures: list[dict[str, Any]]) -> dict[str, int]:
    """Counts that cannot be read as a vanity rate: done and closed are separate."""
    return {
        "total": len(measures),
        "done": sum(m["status"] == "done" for m in measures),
        "closed": sum(m["closed"] for m in measures),
        "in_progress": sum(m["status"] == "in_progress" for m in measures),
        "planned": sum(m["status"] == "planned" for m in measures),
        "not_done": sum(m["status"] == "not_done" for m in measures),
        "cancelled": sum(m["status"] == "cancelled" for m in measures),
        "overdue": sum(m["overdue"] for m in measures),
    }


def _disclosure_year(d: dict[str, Any]) -> dict[str, Any]:
    items = [
        {
            "code": i["code"],
            "title": i["title"],
            "sub_indicator": i.get("sub_indicator") or "",
            "sub_indicator_name": i.get("sub_indicator_name") or "",
            "group": i.get("group") or "",
            "requirements": list(i.get("requirements", [])),
            "required_year": i["required_year"],
            "links": [url for url in i["links"]],
            "accepted_on": _iso(i.get("accepted_at")),
        }
        for i in d["items"]
        if i["status"] == "published" and i["links"]
    ]
    return {
        "year": d["year"],
        "total": len(d["items"]),
        "published": len(items),
        "items": items,
    }


def build_snapshot(data: dict[str, Any]) -> dict[str, Any]:
    """`data`: agency (dict), as_of (date), assessments, measures, disclosure
    (lists of dicts as gathered by selectors.publication_input)."""
    as_of: dt.date = data["as_of"]
    measures = [_measure(m, as_of) for m in data["measures"]]
    disclosure = [_disclosure_year(d) for d in data["disclosure"]]
    disclosure = [d for d in disclosure if d["items"]]
    assessments = [dict(a) for a in data["assessments"]]
    years = sorted(
        {a["year"] for a in assessments}
        | {m["plan_year"] for m in measures}
        | {d["year"] for d in disclosure},
        reverse=True,
    )
    return {
        "schema": SCHEMA,
        "as_of": as_of.isoformat(),
        "agency": dict(data["agency"]),
        "years": years,
        "assessments": sorted(assessments, key=lambda a: -a["year"]),
        "measures": measures,
        "disclosure": sorted(disclosure, key=lambda d: -d["year"]),
    }


def snapshot_files(content: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """sha256 -> file info of every evidence file the snapshot refers to."""
    files: dict[str, dict[str, Any]] = {}
    for m in content["measures"]:
        for r in m["results"]:
            for e in r["evidence"]:
                if e["file"]:
                    files[e["file"]["sha256"]] = dict(e["file"])
    return files


def content_digest(content: dict[str, Any]) -> str:
    canonical = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def year_slice(content: dict[str, Any], year: int) -> dict[str, Any]:
    """The part of a snapshot about one ITA year (the archive page)."""
    measures = [m for m in content["measures"] if m["plan_year"] == year]
    answering = sorted(
        {m["plan_year"] for m in content["measures"]
         if m.get("assessment_year") == year and m["plan_year"] != year}
    )  # fmt: skip
    return {
        "year": year,
        "answering_plan_years": answering,
        "assessments": [a for a in content["assessments"] if a["year"] == year],
        "measures": measures,
        "measure_summary": measure_summary(measures),
        "disclosure": next((d for d in content["disclosure"] if d["year"] == year), None),
    }


CSV_COLUMNS = ("section", "year", "code", "title", "status", "value", "date", "url", "detail")


def snapshot_rows(content: dict[str, Any], *, item_url: Any, file_url: Any) -> list[dict[str, Any]]:
    """Flat rows for the open-data CSV. `item_url(year, code)` and
    `file_url(sha256)` give absolute links (they depend on the site address)."""
    rows: list[dict[str, Any]] = []

    def add(**values: Any) -> None:
        rows.append({column: values.get(column, "") for column in CSV_COLUMNS})

    for a in content["assessments"]:
        for key in ("total", "iit", "eit", "oit"):
            add(section="assessment", year=a["year"], code=key, title=a.get("label", ""),
                value=a.get(key), status=a.get("grade") or "", detail=a.get("rating") or "")  # fmt: skip
        for ind in a.get("indicators", []):
            add(section="indicator", year=a["year"], code=str(ind["number"]), title=ind["name"],
                value=ind["score"])  # fmt: skip
    for m in content["measures"]:
        detail = f"overdue {m['overdue_days']} days" if m["overdue"] else ""
        if m["closed"]:
            detail = f"closed {m['closed_on']}" + (f"; {detail}" if detail else "")
        add(section="measure", year=m["plan_year"], code=f"M{m['id']}", title=m["name"],
            status=m["status"], value=m["progress"], date=m["due_date"] or "", detail=detail)  # fmt: skip
        for r in m["results"]:
            add(section="result", year=m["plan_year"], code=f"M{m['id']}", title=r["text"],
                date=r["date"], detail=r["doc_number"])  # fmt: skip
            for e in r["evidence"]:
                url = e["url"] or (file_url(e["file"]["sha256"]) if e["file"] else "")
                add(section="evidence", year=m["plan_year"], code=f"M{m['id']}",
                    title=e["caption"], url=url, detail=e["kind"])  # fmt: skip
    for d in content["disclosure"]:
        for item in d["items"]:
            page = item_url(d["year"], item["code"])
            for url in item["links"]:
                add(section="disclosure", year=d["year"], code=item["code"], title=item["title"],
                    status="published", date=item["accepted_on"] or "", url=url, detail=page)  # fmt: skip
    return rows
