"""The disclosure website checker against a local web server (no Django, no database)."""

from __future__ import annotations

import asyncio
import functools
import hashlib
import socket
import threading
import time
from datetime import timedelta

import httpx
import pytest

from prongsai.publishing import checker
from prongsai.publishing.checker import DEFAULT_USER_AGENT, CheckResult, CheckTarget

from .conftest import GOOD_THAI_HTML, LAST_MODIFIED, LOOPBACK, SiteServer

KEYWORD = "แผนดำเนินงาน"

# The local test servers listen on loopback, which the checker refuses by default
# (tests/publishing/test_ssrf.py): these tests allow it explicitly.
check_targets = functools.partial(checker.check_targets, allowed_networks=LOOPBACK)
check_targets_sync = functools.partial(checker.check_targets_sync, allowed_networks=LOOPBACK)


def check_one(url: str, **kwargs) -> CheckResult:
    keywords = kwargs.pop("keywords", ())
    target = CheckTarget("o11", url, kwargs.pop("required_year", 2567), keywords)
    kwargs.setdefault("timeout", 2.0)
    (result,) = check_targets_sync([target], **kwargs)
    return result


# ---------------------------------------------------------------- verdicts per page


def test_good_page_with_thai_digit_year_and_keyword_is_ok(site_server: SiteServer) -> None:
    result = check_one(site_server.url("/good-thai"), keywords=(KEYWORD, "งบประมาณ"))

    assert result.ok
    assert (result.status, result.error, result.problems) == (200, None, ())
    assert result.year_found
    assert result.keywords_found == (KEYWORD, "งบประมาณ")
    assert result.keywords_missing == ()
    assert result.final_url == site_server.url("/good-thai")
    assert result.content_type == "text/html; charset=utf-8"


def test_good_page_keeps_a_dated_copy_with_its_sha256(site_server: SiteServer) -> None:
    before = time.time()
    result = check_one(site_server.url("/good-thai"))

    assert result.body == GOOD_THAI_HTML
    assert result.sha256 == hashlib.sha256(GOOD_THAI_HTML).hexdigest()
    assert result.fetched_at.utcoffset() == timedelta(0)
    assert before - 1 <= result.fetched_at.timestamp() <= time.time()
    assert result.last_modified == LAST_MODIFIED
    assert 0 <= result.elapsed_ms < 2000


def test_good_page_with_arabic_digit_year_is_ok(site_server: SiteServer) -> None:
    result = check_one(site_server.url("/good-arabic"))
    assert result.ok and result.year_found and result.problems == ()


def test_missing_keyword_is_reported_but_does_not_fail_the_item(site_server: SiteServer) -> None:
    result = check_one(site_server.url("/good-arabic"), keywords=("รายงานผล", "ความพึงพอใจ"))

    assert result.ok
    assert result.keywords_found == ("รายงานผล",)
    assert result.keywords_missing == ("ความพึงพอใจ",)
    assert result.problems == ("ไม่พบคำสำคัญ: ความพึงพอใจ",)


def test_page_for_last_year_fails_and_names_the_years_it_found(site_server: SiteServer) -> None:
    result = check_one(site_server.url("/old-year"))

    assert not result.ok
    assert (result.status, result.error, result.year_found) == (200, None, False)
    assert result.problems == ("ไม่พบปี พ.ศ. 2567 ในเนื้อหา (พบ พ.ศ. 2565, 2566) อาจเป็นข้อมูลปีเก่า",)
    assert result.body is not None  # the copy is kept even when the page is wrong


def test_not_found_page_is_an_http_error(site_server: SiteServer) -> None:
    result = check_one(site_server.url("/no-such-page"), keywords=(KEYWORD,))

    assert not result.ok
    assert (result.status, result.error, result.year_found) == (404, "http_error", False)
    assert result.problems == ("ไม่พบหน้า (HTTP 404)",)
    assert result.keywords_missing == (KEYWORD,)
    assert result.body is not None and result.sha256 is not None


def test_redirect_loop_is_reported_as_too_many_redirects(site_server: SiteServer) -> None:
    result = check_one(site_server.url("/loop"), max_redirects=5)

    assert not result.ok
    assert (result.status, result.error) == (None, "too_many_redirects")
    assert result.problems == ("ลิงก์วนซ้ำ (redirect เกิน 5 ครั้ง)",)
    assert result.body is None and result.sha256 is None


def test_redirect_chain_that_ends_well_is_ok_with_the_final_url(site_server: SiteServer) -> None:
    result = check_one(site_server.url("/chain?n=3"))

    assert result.ok
    assert result.status == 200
    assert result.final_url == site_server.url("/good-arabic")


def test_slow_page_times_out_without_waiting_for_it(site_server: SiteServer) -> None:
    started = time.monotonic()
    result = check_one(site_server.url("/slow?s=5"), timeout=1.0)
    elapsed = time.monotonic() - started

    assert elapsed < 2.5  # the page would take 5 s
    assert not result.ok
    assert (result.status, result.error, result.body) == (None, "timeout", None)
    assert result.problems == ("หมดเวลารอ 1 วินาที เว็บไซต์ตอบช้าเกินไป",)


def test_page_trickling_bytes_times_out_on_the_overall_deadline(site_server: SiteServer) -> None:
    # Each byte comes well within httpx's per-read timeout; only the overall deadline stops it.
    started = time.monotonic()
    result = check_one(site_server.url("/trickle"), timeout=1.0)
    elapsed = time.monotonic() - started

    assert elapsed < 2.5
    assert not result.ok
    assert (result.status, result.error) == (200, "timeout")
    assert result.problems[0] == "หมดเวลารอ 1 วินาที เว็บไซต์ตอบช้าเกินไป"
    assert result.body is not None and 0 < len(result.body) < 40  # the part that came


def test_pdf_with_thai_digit_year_is_ok_even_sent_as_octet_stream(site_server: SiteServer) -> None:
    result = check_one(site_server.url("/report.pdf"))

    assert result.ok, result.problems
    assert result.content_type == "application/octet-stream"
    assert result.body is not None and result.body.startswith(b"%PDF-")


def test_huge_file_is_cut_at_max_bytes_and_still_checked(site_server: SiteServer) -> None:
    site_server.state.huge_done.clear()
    started = time.monotonic()
    result = check_one(site_server.url("/huge"), max_bytes=1024 * 1024)
    elapsed = time.monotonic() - started

    assert elapsed < 2.0
    # Decision: the year was found in the part read, so the item is ok; error says the cut.
    assert result.ok
    assert (result.status, result.error, result.year_found) == (200, "too_large", True)
    assert result.problems == ("ไฟล์ใหญ่เกิน 1 MB ตรวจเพียงส่วนต้น",)
    assert result.body is not None and len(result.body) == 1024 * 1024
    assert result.sha256 == hashlib.sha256(result.body).hexdigest()
    # The checker hung up: the server could not push the 50 MB.
    assert site_server.state.huge_done.wait(3)
    assert site_server.state.huge_sent < 20 * 1024 * 1024


def test_huge_file_without_the_year_in_the_part_read_is_not_ok(site_server: SiteServer) -> None:
    result = check_one(site_server.url("/huge?year=late"), max_bytes=256 * 1024)

    assert not result.ok
    assert (result.error, result.year_found) == ("too_large", False)
    assert result.problems == ("ไฟล์ใหญ่เกิน 0.25 MB ตรวจเพียงส่วนต้น", "ไม่พบปี พ.ศ. 2567 ในเนื้อหา")


def test_tis620_page_is_decoded_from_the_http_charset(site_server: SiteServer) -> None:
    result = check_one(site_server.url("/tis620"), keywords=("ประกาศเจตนารมณ์",))
    assert result.ok and result.keywords_found == ("ประกาศเจตนารมณ์",)


def test_windows874_page_is_decoded_from_its_meta_tag(site_server: SiteServer) -> None:
    result = check_one(site_server.url("/tis620-meta"), keywords=("คู่มือการปฏิบัติงาน",))
    assert result.ok and result.keywords_found == ("คู่มือการปฏิบัติงาน",)


def test_image_link_cannot_be_read_for_a_year(site_server: SiteServer) -> None:
    result = check_one(site_server.url("/image"))

    assert not result.ok
    assert (result.status, result.error) == (200, None)
    assert result.problems == ("อ่านข้อความในไฟล์ไม่ได้ (อาจเป็นภาพสแกนหรือรูปภาพ) จึงตรวจหาปี พ.ศ. ไม่ได้",)


def test_connection_refused_is_a_connect_error(closed_port: int) -> None:
    result = check_one(f"http://127.0.0.1:{closed_port}/o11")

    assert not result.ok
    assert (result.status, result.error, result.body) == (None, "connect", None)
    assert result.problems == ("เชื่อมต่อเว็บไซต์ไม่ได้ (เซิร์ฟเวอร์ปิดอยู่หรือไม่ตอบ)",)


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("", "ยังไม่ได้ใส่ลิงก์"),
        ("www.example.go.th/ita/o11", "ลิงก์ต้องขึ้นต้นด้วย http:// หรือ https://"),
        ("ftp://example.go.th/o11.pdf", "ลิงก์ต้องขึ้นต้นด้วย http:// หรือ https://"),
        ("http://exa mple.go.th/o11", "รูปแบบลิงก์ไม่ถูกต้อง (ชื่อเว็บไซต์ผิด)"),
        ("http:///o11", "รูปแบบลิงก์ไม่ถูกต้อง (ชื่อเว็บไซต์ผิด)"),
        ("http://[::1/o11", "รูปแบบลิงก์ไม่ถูกต้อง"),
    ],
)
def test_invalid_url_is_reported_without_a_request(url: str, problem: str) -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise AssertionError(f"no request expected, got {request.url}")

    result = check_one(url, transport=httpx.MockTransport(refuse))

    assert not result.ok
    assert (result.status, result.error, result.problems) == (None, "invalid_url", (problem,))


def test_url_is_stripped_of_surrounding_spaces(site_server: SiteServer) -> None:
    result = check_one("  " + site_server.url("/good-arabic") + "\n")
    assert result.ok and result.url == site_server.url("/good-arabic")


def test_dns_failure_is_reported_as_dns() -> None:
    def no_such_name(request: httpx.Request) -> httpx.Response:
        try:
            raise socket.gaierror(-2, "Name or service not known")
        except socket.gaierror as exc:
            raise httpx.ConnectError(str(exc), request=request) from exc

    result = check_one(
        "http://no-such-agency.invalid/o11", transport=httpx.MockTransport(no_such_name)
    )

    assert (result.error, result.status) == ("dns", None)
    assert result.problems == ("ชื่อโดเมนไม่ถูกต้องหรือไม่มีอยู่ (DNS)",)


def test_bad_certificate_is_tls_error_but_the_copy_and_year_are_kept(
    tls_site_server: SiteServer,
) -> None:
    url = tls_site_server.url("/good-thai").replace("http://", "https://")
    result = check_one(url)

    assert not result.ok
    assert (result.error, result.status, result.year_found) == ("tls", 200, True)
    assert result.problems == ("ใบรับรองความปลอดภัย (TLS) ไม่ถูกต้อง",)
    assert result.body == GOOD_THAI_HTML


def test_http_errors_get_plain_thai_explanations() -> None:
    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(int(request.url.path.strip("/")), text="error")

    statuses = (401, 403, 410, 429, 500, 503, 418)
    targets = [CheckTarget(f"o{s}", f"http://agency.test/{s}", 2567) for s in statuses]
    results = check_targets_sync(targets, transport=httpx.MockTransport(answer))

    assert [r.problems for r in results] == [
        ("ต้องเข้าสู่ระบบจึงจะเปิดได้ (HTTP 401) ผู้ประเมินจะเปิดไม่ได้",),
        ("เว็บไซต์ไม่อนุญาตให้เปิดหน้านี้ (HTTP 403)",),
        ("หน้านี้ถูกลบแล้ว (HTTP 410)",),
        ("เว็บไซต์ปฏิเสธเพราะเปิดถี่เกินไป (HTTP 429)",),
        ("เว็บไซต์ขัดข้อง (HTTP 500)",),
        ("เว็บไซต์ขัดข้อง (HTTP 503)",),
        ("เปิดหน้าไม่สำเร็จ (HTTP 418)",),
    ]
    assert {r.error for r in results} == {"http_error"}


def test_requests_carry_the_checker_user_agent() -> None:
    seen: list[bytes] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(dict(request.headers.raw)[b"User-Agent"])
        return httpx.Response(200, text="ปี 2567")

    check_one("http://agency.test/a", transport=httpx.MockTransport(answer))
    check_one(
        "http://agency.test/b", transport=httpx.MockTransport(answer), user_agent="ตรวจ ITA/1"
    )
    assert seen == [DEFAULT_USER_AGENT.encode(), "ตรวจ ITA/1".encode()]


# ---------------------------------------------------------------- running many targets


def test_results_keep_target_order_and_on_result_is_called_once_each(
    site_server: SiteServer,
) -> None:
    paths = ["/count?group=order&delay=0.4", "/no-such-page", "/count?group=order&delay=0.2",
             "/good-thai", "/old-year"]  # fmt: skip
    targets = [CheckTarget(f"o{i}", site_server.url(p), 2567) for i, p in enumerate(paths)]
    finished: list[str] = []

    results = check_targets_sync(targets, on_result=lambda r: finished.append(r.code))

    assert [r.code for r in results] == ["o0", "o1", "o2", "o3", "o4"]
    assert [r.url for r in results] == [t.url for t in targets]
    assert sorted(finished) == ["o0", "o1", "o2", "o3", "o4"]
    assert finished[-1] == "o0"  # the slowest finished last: callbacks come as results do


def test_failing_on_result_callback_does_not_stop_the_check(site_server: SiteServer) -> None:
    def broken(result: CheckResult) -> None:
        raise RuntimeError("progress bar bug")

    targets = [CheckTarget(f"o{i}", site_server.url("/good-arabic"), 2567) for i in range(3)]
    results = check_targets_sync(targets, on_result=broken)
    assert [r.ok for r in results] == [True, True, True]


def test_sync_on_result_runs_on_the_callers_thread_outside_any_event_loop(
    site_server: SiteServer,
) -> None:
    # So a management command can save progress with the Django ORM from the callback.
    seen: list[tuple[int, bool]] = []

    def on_result(result: CheckResult) -> None:
        try:
            asyncio.get_running_loop()
            in_loop = True
        except RuntimeError:
            in_loop = False
        seen.append((threading.get_ident(), in_loop))

    targets = [CheckTarget(f"o{i}", site_server.url(f"/good-arabic?i={i}"), 2567) for i in range(3)]
    check_targets_sync(targets, on_result=on_result)

    assert seen == [(threading.get_ident(), False)] * 3


def test_per_host_limit_is_respected(site_server: SiteServer) -> None:
    url = site_server.url("/count?group=per-host&delay=0.1&i=")
    targets = [CheckTarget(f"o{i}", f"{url}{i}", 2567) for i in range(6)]

    results = check_targets_sync(targets, per_host=2, total_concurrency=32)

    assert all(r.ok for r in results)
    assert site_server.state.peak["per-host"] == 2


def test_total_limit_applies_across_hosts(
    site_server: SiteServer, other_site_server: SiteServer
) -> None:
    targets = [
        CheckTarget(f"o{i}", server.url(f"/count?group=total&delay=0.05&i={i}"), 2567)
        for i in range(2)
        for server in (site_server, other_site_server)
    ]
    results = check_targets_sync(targets, per_host=4, total_concurrency=1)

    assert all(r.ok for r in results)
    assert site_server.state.peak["total"] == 1


def test_a_slow_host_does_not_hold_up_another_host(
    site_server: SiteServer, other_site_server: SiteServer
) -> None:
    slow = [CheckTarget(f"s{i}", site_server.url(f"/slow?s=5&i={i}"), 2567) for i in range(2)]
    good = [
        CheckTarget(f"g{i}", other_site_server.url(f"/good-arabic?i={i}"), 2567) for i in range(3)
    ]
    done_at: dict[str, float] = {}
    started = time.monotonic()

    def on_result(result: CheckResult) -> None:
        done_at[result.code] = time.monotonic() - started

    results = check_targets_sync(slow + good, timeout=0.5, per_host=1, on_result=on_result)

    assert [r.error for r in results] == ["timeout"] * 2 + [None] * 3
    assert max(done_at[f"g{i}"] for i in range(3)) < 0.45  # before the first slow one gave up
    assert time.monotonic() - started < 2.5  # 2 slow pages one at a time: ~1 s, not 10 s


def test_dead_host_is_given_up_after_a_few_failures(closed_port: int) -> None:
    targets = [CheckTarget(f"o{i}", f"http://127.0.0.1:{closed_port}/o{i}", 2567) for i in range(6)]

    results = check_targets_sync(targets, per_host=1)

    assert [r.error for r in results] == ["connect"] * 6
    assert [len(r.problems) for r in results] == [1, 1, 1, 2, 2, 2]
    assert results[3].problems[1] == "ไม่ได้เปิดลิงก์นี้ เพราะเว็บไซต์ 127.0.0.1 ไม่ตอบสนองใน 3 ลิงก์ก่อนหน้า"


def test_same_url_for_several_items_is_fetched_once_and_judged_per_item() -> None:
    requests: list[str] = []

    def answer(request: httpx.Request) -> httpx.Response:
        requests.append(str(request.url))
        return httpx.Response(200, text="รายงานผลการดำเนินงาน ปี 2567")

    targets = [
        CheckTarget("o12", "http://agency.test/ita", 2567, ("รายงานผล",)),
        CheckTarget("o13", "http://agency.test/ita ", 2568),
        CheckTarget("o14", "http://agency.test/other", 2567),
    ]
    results = check_targets_sync(targets, transport=httpx.MockTransport(answer))

    assert sorted(requests) == ["http://agency.test/ita", "http://agency.test/other"]
    assert [r.ok for r in results] == [True, False, True]
    assert results[0].keywords_found == ("รายงานผล",)
    assert results[1].problems == ("ไม่พบปี พ.ศ. 2568 ในเนื้อหา (พบ พ.ศ. 2567) อาจเป็นข้อมูลปีเก่า",)
    assert results[0].sha256 == results[1].sha256


def test_empty_page_is_reported() -> None:
    result = check_one(
        "http://agency.test/o1", transport=httpx.MockTransport(lambda r: httpx.Response(200))
    )
    assert (result.ok, result.status, result.problems) == (False, 200, ("หน้าว่าง ไม่มีเนื้อหา",))


def test_check_targets_runs_in_an_existing_event_loop(site_server: SiteServer) -> None:
    target = CheckTarget("o1", site_server.url("/good-arabic"), 2567)

    async def main() -> tuple[list[CheckResult], list[CheckResult]]:
        awaited = await check_targets([target])
        synced = check_targets_sync([target])  # from inside a running loop (async views)
        return awaited, synced

    awaited, synced = asyncio.run(main())
    assert awaited[0].ok and synced[0].ok


def test_no_targets_give_no_results() -> None:
    assert check_targets_sync([]) == []


def test_bad_limits_are_refused() -> None:
    with pytest.raises(ValueError):
        check_targets_sync([], per_host=0)
