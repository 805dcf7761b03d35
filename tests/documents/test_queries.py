"""Building a document from the database asks a fixed number of queries."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from prongsai.documents.builder import build_report
from prongsai.improvement.models import Evidence, EvidenceRevision, Result

# The assessment, weaknesses, their measures (through the link table), steps,
# departments, results with their evidence and its revisions, scores (with their
# source: the demo's sample count) and the officer's texts.
MAX_QUERIES = 8


def test_the_report_takes_a_fixed_number_of_queries_however_much_evidence(demo) -> None:  # type: ignore[no-untyped-def]
    agency = demo["agency"]
    with CaptureQueriesContext(connection) as before:
        build_report(agency, plan_year=2567, kind="results")
    result = Result.objects.filter(measure__agency=agency, measure__plan_year=2567).first()
    assert result is not None
    for i in range(3):
        evidence = Evidence.objects.create(result=result, kind="link", caption=f"ลิงก์ {i}")
        EvidenceRevision.objects.create(evidence=evidence, version=1, link=f"https://a.example/{i}")
        EvidenceRevision.objects.create(evidence=evidence, version=2, link=f"https://b.example/{i}")
    with CaptureQueriesContext(connection) as after:
        doc = build_report(agency, plan_year=2567, kind="results")
    assert len(after.captured_queries) == len(before.captured_queries) <= MAX_QUERIES
    links = {e.link for e in doc.evidence}
    assert {f"https://b.example/{i}" for i in range(3)} <= links  # the newest revision
    assert not any(link and link.startswith("https://a.example/") for link in links)
