"""`prongsai check-disclosure` against the local test web server (never the internet):
verdicts stored per link, the --json shape, dated copies with their SHA-256."""

from __future__ import annotations

import hashlib
import io
import json
import time

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from prongsai.publishing.blobs import blob_open
from prongsai.publishing.models import CheckRun, DisclosureItem, LinkCheck
from prongsai.publishing.services import disclosure_items_ensure, disclosure_update

from .conftest import GOOD_THAI_HTML, LOOPBACK, SiteServer

YEAR = 2567  # the test pages carry พ.ศ. 2567


@pytest.fixture
def checked_site(settings, tmp_path, agency, site_server: SiteServer):  # type: ignore[no-untyped-def]
    """Seven links of every kind on the agency's 2567 items, short limits so the run is quick."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.DISCLOSURE_CHECK_TIMEOUT = 2.0
    settings.CHECKER_ALLOWED_NETWORKS = LOOPBACK  # the test server is on loopback
    settings.DISCLOSURE_CHECK_MAX_BYTES = 1024 * 1024
    urls = {
        "o1": [site_server.url("/good-thai"), site_server.url("/no-such-page")],
        "o2": [site_server.url("/loop"), site_server.url("/slow?s=6")],
        "o3": [site_server.url("/old-year"), site_server.url("/report.pdf")],
        "o4": [site_server.url("/huge")],
    }
    items = {i.code: i for i in disclosure_items_ensure(agency=agency, year=YEAR)}
    for code, links in urls.items():
        disclosure_update(item=items[code], actor=None, links=links)
    return {"agency": agency, "urls": urls}


def run_command(*args: str) -> tuple[str, str, float]:
    out, err = io.StringIO(), io.StringIO()
    started = time.monotonic()
    call_command("check_disclosure", "--agency", "tha-talad", "--year", str(YEAR), *args,
                 stdout=out, stderr=err)  # fmt: skip
    return out.getvalue(), err.getvalue(), time.monotonic() - started


def verdict(url: str) -> LinkCheck:
    return LinkCheck.objects.get(url=url)


def test_check_stores_the_right_verdict_for_every_kind_of_page(checked_site, site_server) -> None:
    _out, _err, elapsed = run_command()

    good = verdict(site_server.url("/good-thai"))
    assert (good.ok, good.status, good.year_found, good.error) == (True, 200, True, "")
    assert good.content_type.startswith("text/html")
    assert good.last_modified is not None and good.last_modified.year == 2024

    missing = verdict(site_server.url("/no-such-page"))
    assert (missing.ok, missing.status, missing.error) == (False, 404, "http_error")
    assert "ไม่พบหน้า (HTTP 404)" in missing.problems

    loop = verdict(site_server.url("/loop"))
    assert (loop.ok, loop.error) == (False, "too_many_redirects")
    assert any("วนซ้ำ" in p for p in loop.problems)

    slow = verdict(site_server.url("/slow?s=6"))
    assert (slow.ok, slow.status, slow.error) == (False, None, "timeout")
    assert any("หมดเวลา" in p for p in slow.problems)

    old = verdict(site_server.url("/old-year"))
    assert (old.ok, old.status, old.year_found) == (False, 200, False)
    assert any("ไม่พบปี พ.ศ. 2567" in p for p in old.problems)

    pdf = verdict(site_server.url("/report.pdf"))
    assert (pdf.ok, pdf.status, pdf.year_found) == (True, 200, True)

    huge = verdict(site_server.url("/huge"))
    assert (huge.ok, huge.error, huge.size) == (True, "too_large", 1024 * 1024)
    assert any("ใหญ่เกิน" in p for p in huge.problems)

    # One slow site and one huge file do not add up: the run ends within the timeout.
    assert elapsed < 2.0 + 3.0
    run = CheckRun.objects.get()
    assert (run.state, run.total, run.checked, run.ok_count) == ("done", 7, 7, 3)
    assert run.finished_at is not None


def test_check_keeps_a_dated_copy_of_each_page_with_its_sha256(checked_site, site_server) -> None:
    run_command()

    good = verdict(site_server.url("/good-thai"))
    assert good.sha256 == hashlib.sha256(GOOD_THAI_HTML).hexdigest()
    with blob_open("snapshots", good.sha256) as f:
        assert f.read() == GOOD_THAI_HTML
    assert good.fetched_at is not None and good.item.code == "o1"
    # A site that never answered leaves no copy, and says so.
    assert verdict(site_server.url("/slow?s=6")).sha256 == ""


def test_check_json_prints_one_object_per_url_with_the_documented_fields(checked_site) -> None:
    out, err, _elapsed = run_command("--json")

    rows = json.loads(out)
    assert len(rows) == 7
    assert all(
        set(row) == {"code", "url", "ok", "status", "year_found", "problems"} for row in rows
    )
    by_url = {row["url"]: row for row in rows}
    good = by_url[checked_site["urls"]["o1"][0]]
    assert (good["code"], good["ok"], good["status"], good["year_found"]) == ("o1", True, 200, True)
    slow = by_url[checked_site["urls"]["o2"][1]]
    assert (slow["ok"], slow["status"]) == (False, None)
    assert all(isinstance(p, str) for p in slow["problems"]) and slow["problems"]
    # Progress went to stderr, one line per URL, so stdout stays valid JSON.
    assert err.count("\n") >= 7 and "[7/7]" in err


def test_check_shows_a_progress_line_per_url_and_a_summary(checked_site) -> None:
    out, err, _elapsed = run_command()

    assert "ผ่าน 3 ไม่ผ่าน 4 จาก 7 ลิงก์" in out
    lines = [line for line in err.splitlines() if line.startswith("[")]
    assert len(lines) == 7
    assert any("o2" in line and "ไม่ผ่าน" in line for line in lines)


def test_a_second_check_records_what_changed_since_the_first(checked_site, site_server) -> None:
    from prongsai.publishing.selectors import link_history

    run_command()
    item = DisclosureItem.objects.get(code="o1", year=YEAR)
    disclosure_update(item=item, actor=None, links=[site_server.url("/good-thai"),
                                                     site_server.url("/no-such-page")])  # fmt: skip
    run_command()

    history = link_history(item, site_server.url("/good-thai"))
    assert len(history) == 2
    assert history[0][1] == ["ไม่เปลี่ยนแปลงจากครั้งก่อน"]
    assert history[1][1] == ["ตรวจครั้งแรก"]


def test_check_of_an_unknown_agency_or_year_is_refused(db) -> None:
    with pytest.raises(CommandError, match="ไม่พบหน่วยงาน"):
        call_command("check_disclosure", "--agency", "nobody", "--year", "2567")


def test_check_uses_the_concurrent_checker(checked_site, site_server, monkeypatch) -> None:
    """Seven links, two of them slow: sequential would take over 2 timeouts."""
    import prongsai.publishing.checking as checking

    seen = {}
    real = checking.check_targets_sync

    def spy(targets, **kwargs):  # type: ignore[no-untyped-def]
        seen.update(kwargs)
        return real(targets, **kwargs)

    monkeypatch.setattr(checking, "check_targets_sync", spy)
    run_command()
    assert seen["per_host"] >= 2 and seen["total_concurrency"] >= 8
    assert seen["on_result"] is not None
