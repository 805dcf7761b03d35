"""The check button: the run goes on in the background, the page polls it, a
slow site never holds up the request or other pages."""

from __future__ import annotations

import time

import pytest
from django.db import OperationalError

from prongsai.publishing.models import CheckRun, LinkCheck
from prongsai.publishing.services import disclosure_items_ensure, disclosure_update

from .conftest import LOOPBACK, SiteServer

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def slow_links(settings, tmp_path, agency, site_server: SiteServer):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.DISCLOSURE_CHECK_TIMEOUT = 5.0
    settings.CHECKER_ALLOWED_NETWORKS = LOOPBACK  # the test server is on loopback
    items = {i.code: i for i in disclosure_items_ensure(agency=agency, year=2567)}
    disclosure_update(item=items["o1"], actor=None, links=[site_server.url("/good-arabic")])
    disclosure_update(item=items["o2"], actor=None, links=[site_server.url("/slow?s=2.5")])
    return items


def tolerant(read):  # type: ignore[no-untyped-def]
    """The test database is SQLite in memory with a shared cache, where a read
    beside the checker thread's write fails at once with "table is locked"
    instead of waiting as a file database does; try again."""
    for _attempt in range(50):
        try:
            return read()
        except OperationalError:
            time.sleep(0.05)
    return read()


def wait_until_done(client, run: CheckRun, limit: float = 15) -> str:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        tolerant(run.refresh_from_db)
        if run.state != "running":
            return tolerant(
                lambda: client.get(f"/disclosure/checks/{run.pk}/", **HTMX)
            ).content.decode()
        time.sleep(0.2)
    raise AssertionError("the check did not finish")


@pytest.mark.django_db(transaction=True)
def test_check_button_returns_at_once_and_the_page_polls_until_done(
    login, agency_admin, slow_links, frameworks
) -> None:
    client = login(agency_admin)
    started = time.monotonic()
    response = client.post("/disclosure/2567/check/")
    assert time.monotonic() - started < 1.5
    run = CheckRun.objects.get()
    assert response["Location"] == f"/disclosure/checks/{run.pk}/"

    # While the slow site keeps the checker waiting, other pages answer at once.
    started = time.monotonic()
    progress = tolerant(
        lambda: client.get(f"/disclosure/checks/{run.pk}/", **HTMX)
    ).content.decode()
    assert tolerant(lambda: client.get("/disclosure/2567/")).status_code == 200
    assert time.monotonic() - started < 1.5
    assert 'hx-trigger="every 1s"' in progress and "กำลังตรวจ" in progress

    page = wait_until_done(client, run)
    assert run.state == "done" and (run.checked, run.ok_count) == (2, 2)
    assert "hx-trigger" not in page and "ตรวจเสร็จแล้ว: ผ่าน 2 ไม่ผ่าน 0 จาก 2 ลิงก์" in page
    assert LinkCheck.objects.count() == 2
    # The checklist now shows the verdict of each link.
    checklist = tolerant(lambda: client.get("/disclosure/2567/")).content.decode()
    assert "ตรวจครั้งแรก" in checklist and "ลิงก์ผ่าน" in checklist


@pytest.mark.django_db(transaction=True)
def test_pressing_check_twice_joins_the_running_check(
    login, agency_admin, slow_links, frameworks
) -> None:
    client = login(agency_admin)
    first = client.post("/disclosure/2567/check/")["Location"]
    second = tolerant(lambda: client.post("/disclosure/2567/check/"))["Location"]
    assert first == second and CheckRun.objects.count() == 1
    wait_until_done(client, CheckRun.objects.get())


def test_editor_may_check_and_download_the_dated_copy(
    login, department_editor, slow_links, site_server
) -> None:
    from prongsai.publishing.checking import disclosure_check_run

    disclosure_update(item=slow_links["o2"], actor=None, links=[site_server.url("/good-thai")])
    run = disclosure_check_run(agency=slow_links["o1"].agency, year=2567, actor=department_editor)
    check = run.checks.get(code="o2")
    client = login(department_editor)

    response = client.get(f"/disclosure/checks/copy/{check.pk}/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Checksum-SHA256"] == check.sha256
    from .conftest import GOOD_THAI_HTML

    assert b"".join(response.streaming_content) == GOOD_THAI_HTML
    history = client.get(f"/disclosure/links/{check.link_id}/history/").content.decode()
    assert "ตรวจครั้งแรก" in history and check.sha256[:14] in history


def test_other_agency_cannot_see_our_runs_or_copies(login, other_admin, slow_links) -> None:
    from prongsai.publishing.checking import disclosure_check_run

    run = disclosure_check_run(agency=slow_links["o1"].agency, year=2567, actor=None, timeout=0.5)
    check = run.checks.first()
    client = login(other_admin)
    assert client.get(f"/disclosure/checks/{run.pk}/").status_code == 404
    assert client.get(f"/disclosure/checks/copy/{check.pk}/").status_code == 404


def test_a_stale_running_check_is_marked_failed_when_a_new_one_starts(
    agency_admin, slow_links
) -> None:
    import datetime as dt

    from django.utils import timezone

    from prongsai.publishing.checking import run_in_progress, run_start

    agency = slow_links["o1"].agency
    stale = CheckRun.objects.create(agency=agency, year=2567, total=2)
    CheckRun.objects.filter(pk=stale.pk).update(started_at=timezone.now() - dt.timedelta(hours=1))
    assert run_in_progress(agency, 2567) is None
    run_start(agency=agency, year=2567, actor=agency_admin)
    stale.refresh_from_db()
    assert stale.state == "failed" and "หยุดกลางคัน" in stale.error
