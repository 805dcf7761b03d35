"""Disclosure (OIT) website checker: fetch each answer URL, keep a dated copy, judge it.

Assessors score an OIT item from the URL the agency gave, and the appeal only re-checks
that same URL, so for every target this module keeps what the URL returned (`body`,
capped at `max_bytes`), its SHA-256 and the time, and says in plain Thai what an
assessor would hold against it. Pure: no Django, no database. Text extraction and year
rules live in `checker_text.py`.

Verdict rules (others rely on them):

* ``ok`` is True only when the final status is 2xx (after redirects), the required BE
  year is found in the content read, and ``error`` is None or "too_large".
* "too_large" is the one ``error`` that can come with ``ok=True``: the body was cut at
  ``max_bytes`` (the rest is never downloaded) and the year was found in the part read.
  A document whose first 20 MB show the right year is very likely the right one; the
  problem text still says only the start was checked.
* Content checks (year, keywords) run on any 2xx body, also one cut short by
  ``max_bytes`` or by the deadline ("timeout" after the headers came): the officer then
  learns both that the page is slow and whether it is the right one. For other answers
  ``year_found`` is False and every keyword is reported missing.
* Keywords never change ``ok``; a missing one is a hint ("ไม่พบคำสำคัญ: …").
* ``timeout`` is one deadline for the whole request (connect, redirects, headers, body),
  so a server trickling bytes still times out. Waiting for a free slot is not counted.
* At most ``per_host`` requests at once to one host name (the port is ignored: it is
  the same machine) and ``total_concurrency`` overall. The slot is taken on the host of
  the URL given; redirects to another host stay in it.
* The same URL given for several items is fetched once; each item gets its own verdict.
* A host that gave no answer at all (DNS, refused, timeout before any response) to
  ``HOST_GIVE_UP_AFTER`` URLs and never answered is not tried again in that run: its
  other URLs fail at once with the same error, so a dead site with 43 items costs one
  round of timeouts, not eleven.
* A TLS certificate failure is retried once without verification (unless a custom
  ``transport`` is given) to still keep the copy and check the year; ``error`` stays
  "tls" and ``ok`` False, since the assessor's browser may refuse or warn.
* A link whose host is (or resolves to) a loopback, private, link-local or other
  internal address is never connected to, also when a redirect leads there:
  ``error`` is "blocked", no copy is kept. ``allowed_networks`` lifts this for the
  networks a deployment trusts (CHECKER_ALLOWED_NETWORKS). See ``prongsai.lib.safe_http``.
  A custom ``transport`` (tests) replaces the connection-level check; literal
  addresses and credentials in URLs are still refused on every hop.
* Exceptions from ``on_result`` are logged and ignored: a progress bar must not stop
  the check. ``check_targets`` calls it inside the event loop (keep it quick);
  ``check_targets_sync`` calls it on the caller's thread, so it may use the Django ORM.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import queue
import re
import socket
import ssl
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

import httpx

from prongsai.lib.safe_http import (
    BlockedAddress,
    Network,
    Resolver,
    guarded_transport,
    request_hook,
)
from prongsai.publishing.checker_text import (
    error_problem,
    extract_text,
    find_years,
    match_keywords,
    status_problem,
    year_problem,
)

__all__ = [
    "DEFAULT_USER_AGENT",
    "CheckResult",
    "CheckTarget",
    "check_targets",
    "check_targets_sync",
    "extract_text",
    "find_years",
]

logger = logging.getLogger(__name__)

# ASCII on purpose: HTTP header values should be ASCII and some firewalls drop others.
DEFAULT_USER_AGENT = (
    "Prongsai-DisclosureChecker/0.1 (+https://github.com/prongsai; ITA disclosure check)"
)
HOST_GIVE_UP_AFTER = 3
_ACCEPT = "text/html,application/xhtml+xml,application/pdf;q=0.9,*/*;q=0.8"
_CREDENTIALS_PROBLEM = "ลิงก์มีชื่อผู้ใช้หรือรหัสผ่าน (user:password@) ตรวจไม่ได้"
_HOST_RE = re.compile(r"^(?:[a-z0-9_](?:[a-z0-9_.-]*[a-z0-9_])?|[0-9a-f:.]+)$", re.I)


@dataclass(frozen=True)
class CheckTarget:
    code: str  # OIT item code, e.g. "o11"
    url: str
    required_year: int  # Buddhist Era, e.g. 2567
    keywords: tuple[str, ...] = ()


@dataclass(frozen=True)
class CheckResult:
    code: str
    url: str  # the target's URL, stripped of surrounding spaces
    ok: bool  # 2xx after redirects, year found, error None or "too_large"
    status: int | None  # final HTTP status, None when no response
    final_url: str | None
    # "timeout", "dns", "tls", "connect", "too_many_redirects", "too_large",
    # "http_error", "invalid_url", "blocked" (internal address, never fetched) or None
    error: str | None
    content_type: str | None  # the Content-Type header as sent (charset kept)
    last_modified: datetime | None  # Last-Modified header, UTC
    year_found: bool
    keywords_found: tuple[str, ...]
    keywords_missing: tuple[str, ...]
    problems: tuple[str, ...]  # short Thai explanations for the officer
    body: bytes | None  # what the URL returned, capped at max_bytes: the dated copy
    sha256: str | None  # hex digest of body
    fetched_at: datetime  # UTC, when the request started
    elapsed_ms: int  # network time of the request (not the wait for a slot)


@dataclass
class _Fetch:
    """What one URL gave; shared read-only by every target with that URL."""

    status: int | None = None
    final_url: str | None = None
    content_type: str | None = None
    last_modified: datetime | None = None
    body: bytes | None = None  # None when no response came
    truncated: bool = False
    error: str | None = None
    problem: str | None = None  # a more precise Thai text for `error`
    note: str | None = None  # one more Thai text (host given up)
    text: str | None = None  # extracted from a 2xx body
    fetched_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    elapsed_ms: int = 0


@dataclass
class _Host:
    semaphore: asyncio.Semaphore
    answered: bool = False
    failures: int = 0
    last_error: str = "connect"

    def gave_up(self) -> bool:
        return not self.answered and self.failures >= HOST_GIVE_UP_AFTER

    def record(self, fetch: _Fetch) -> None:
        if fetch.status is not None:
            self.answered = True
        elif fetch.error in ("dns", "connect", "timeout"):
            self.failures += 1
            self.last_error = fetch.error


@dataclass
class _Run:
    """Settings and shared state of one check_targets call."""

    client: httpx.AsyncClient
    make_insecure_client: Callable[[], httpx.AsyncClient] | None
    timeout: float
    max_bytes: int
    max_redirects: int
    per_host: int
    total: asyncio.Semaphore
    hosts: dict[str, _Host] = field(default_factory=dict)
    fetches: dict[str, asyncio.Future[_Fetch]] = field(default_factory=dict)
    insecure_client: httpx.AsyncClient | None = None

    def host(self, name: str) -> _Host:
        if name not in self.hosts:
            self.hosts[name] = _Host(asyncio.Semaphore(self.per_host))
        return self.hosts[name]


async def check_targets(
    targets: Sequence[CheckTarget],
    *,
    timeout: float = 10.0,
    per_host: int = 4,
    total_concurrency: int = 32,
    max_bytes: int = 20 * 1024 * 1024,
    max_redirects: int = 10,
    user_agent: str = DEFAULT_USER_AGENT,
    on_result: Callable[[CheckResult], None] | None = None,
    transport: httpx.AsyncBaseTransport | None = None,
    allowed_networks: Sequence[Network] = (),
    resolver: Resolver | None = None,
) -> list[CheckResult]:
    """Check every target concurrently; results come back in the order of `targets`.

    `on_result` is called once per target as soon as its result is ready (any order).
    `allowed_networks` are internal networks that may be fetched all the same;
    `resolver` replaces the system's DNS lookup (tests).
    """
    if timeout <= 0 or per_host < 1 or total_concurrency < 1 or max_bytes < 1:
        raise ValueError("timeout, per_host, total_concurrency and max_bytes must be > 0")
    if max_redirects < 0:
        raise ValueError("max_redirects must be >= 0")

    limits = httpx.Limits(
        max_connections=total_concurrency,
        max_keepalive_connections=min(total_concurrency, 20),
    )

    def make_client(*, verify: bool = True) -> httpx.AsyncClient:
        return httpx.AsyncClient(
            follow_redirects=True,
            max_redirects=max_redirects,
            timeout=httpx.Timeout(timeout),
            limits=limits,
            headers=httpx.Headers(
                {"User-Agent": user_agent, "Accept": _ACCEPT, "Accept-Language": "th,en;q=0.5"},
                encoding="utf-8",  # a custom user agent may be Thai
            ),
            transport=transport
            or guarded_transport(
                allowed=allowed_networks, resolver=resolver, verify=verify, limits=limits
            ),
            event_hooks={"request": [request_hook(allowed_networks)]},
            # Through a proxy the proxy resolves names: the address check would be void.
            trust_env=False,
        )

    results: list[CheckResult | None] = [None] * len(targets)
    async with make_client() as client:
        run = _Run(
            client=client,
            make_insecure_client=(lambda: make_client(verify=False)) if transport is None else None,
            timeout=timeout,
            max_bytes=max_bytes,
            max_redirects=max_redirects,
            per_host=per_host,
            total=asyncio.Semaphore(total_concurrency),
        )

        async def check(index: int, target: CheckTarget) -> None:
            result = await _check_one(run, target)
            results[index] = result
            if on_result is not None:
                try:
                    on_result(result)
                except Exception:
                    logger.exception("on_result callback failed for %s", target.code)

        try:
            async with asyncio.TaskGroup() as group:
                for index, target in enumerate(targets):
                    group.create_task(check(index, target))
        finally:
            if run.insecure_client is not None:
                await run.insecure_client.aclose()
    return [result for result in results if result is not None]


def check_targets_sync(
    targets: Sequence[CheckTarget],
    *,
    on_result: Callable[[CheckResult], None] | None = None,
    **kwargs: Any,
) -> list[CheckResult]:
    """Blocking wrapper for management commands and views (same keyword arguments).

    The check runs its event loop on a worker thread and `on_result` is called on the
    caller's thread, where no event loop runs: the Django ORM refuses to work inside
    one ("SynchronousOnlyOperation"), and a progress bar usually saves a row.
    """
    done = object()
    results: queue.SimpleQueue[CheckResult | object] = queue.SimpleQueue()

    def work() -> list[CheckResult]:
        try:
            return asyncio.run(check_targets(targets, on_result=results.put, **kwargs))
        finally:
            results.put(done)

    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="checker") as pool:
        future = pool.submit(work)
        while (item := results.get()) is not done:
            if on_result is not None and isinstance(item, CheckResult):
                try:
                    on_result(item)
                except Exception:
                    logger.exception("on_result callback failed for %s", item.code)
        return future.result()


async def _check_one(run: _Run, target: CheckTarget) -> CheckResult:
    url = target.url.strip()
    problem, host_name = _inspect_url(url)
    if problem is not None:
        return _judge(run, target, url, _Fetch(error="invalid_url", problem=problem))
    shared = run.fetches.get(url)
    if shared is None:  # the first target with this URL fetches it for all
        shared = run.fetches[url] = asyncio.get_running_loop().create_future()
        try:
            shared.set_result(await _fetch_politely(run, url, host_name))
        except BaseException:
            shared.cancel()
            raise
    fetch = await shared
    try:
        return _judge(run, target, url, fetch)
    except Exception:  # never lose the copy because a check has a bug
        logger.exception("judging %s failed", url)
        return _result(target, url, fetch, error=fetch.error, problems=[])


async def _fetch_politely(run: _Run, url: str, host_name: str) -> _Fetch:
    """Fetch within the per-host and total limits, then extract the text."""
    host = run.host(host_name)
    async with host.semaphore:
        if host.gave_up():
            note = f"ไม่ได้เปิดลิงก์นี้ เพราะเว็บไซต์ {host_name} ไม่ตอบสนองใน {host.failures} ลิงก์ก่อนหน้า"
            return _Fetch(error=host.last_error, note=note)
        async with run.total:
            fetched_at = datetime.now(UTC)
            started = time.monotonic()
            fetch = await _fetch(run.client, url, run.timeout, run.max_bytes)
            if fetch.error == "tls" and run.make_insecure_client is not None:
                fetch = await _fetch_insecure(run, url, run.timeout - (time.monotonic() - started))
            fetch.fetched_at = fetched_at
            fetch.elapsed_ms = round((time.monotonic() - started) * 1000)
        host.record(fetch)
    if _is_2xx(fetch.status) and fetch.body:
        # pypdf and HTMLParser are CPU-bound: a thread keeps the event loop (and the
        # other requests' deadlines) running.
        fetch.text = await asyncio.to_thread(extract_text, fetch.body, fetch.content_type)
    return fetch


async def _fetch_insecure(run: _Run, url: str, remaining: float) -> _Fetch:
    """Fetch again without certificate checks, for the copy; the error stays "tls"."""
    if remaining <= 0 or run.make_insecure_client is None:
        return _Fetch(error="tls")
    if run.insecure_client is None:
        run.insecure_client = run.make_insecure_client()
    fetch = await _fetch(run.insecure_client, url, remaining, run.max_bytes)
    if fetch.status is None:
        return _Fetch(error="tls")
    fetch.error = "tls"
    return fetch


async def _fetch(client: httpx.AsyncClient, url: str, timeout: float, max_bytes: int) -> _Fetch:
    fetch = _Fetch()
    body = bytearray()
    try:
        # One deadline for everything: httpx's own timeouts are per read, so a server
        # sending a byte a second would otherwise never time out.
        async with asyncio.timeout(timeout), client.stream("GET", url) as response:
            fetch.status = response.status_code
            fetch.final_url = str(response.url)
            fetch.content_type = response.headers.get("content-type")
            fetch.last_modified = _parse_http_date(response.headers.get("last-modified"))
            async for chunk in response.aiter_bytes():
                room = max_bytes - len(body)
                if len(chunk) > room:
                    body += chunk[:room]
                    fetch.truncated = True
                    break  # leaving the block closes the connection: the rest never comes
                body += chunk
    except BlockedAddress as exc:
        fetch.status, fetch.final_url = None, exc.url
        fetch.error = "blocked" if exc.reason == "internal" else "invalid_url"
        if exc.reason == "credentials":
            fetch.problem = _CREDENTIALS_PROBLEM
        logger.info("refused to fetch %s: %s", url, exc)
    except (TimeoutError, httpx.TimeoutException):
        fetch.error = "timeout"
    except httpx.TooManyRedirects as exc:
        fetch.error = "too_many_redirects"
        fetch.final_url = str(exc.request.url)
    except (httpx.InvalidURL, httpx.UnsupportedProtocol):
        fetch.error = "invalid_url"
    except (httpx.HTTPError, OSError) as exc:  # ssl.SSLError is an OSError
        fetch.error = _classify(exc)
        logger.debug("fetch %s failed: %r", url, exc)
    if fetch.status is not None:
        fetch.body = bytes(body)
    return fetch


def _classify(exc: BaseException) -> str:
    """Machine word for a network failure, from the exception and its causes."""
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, socket.gaierror):
            return "dns"
        if isinstance(seen, ssl.SSLError):  # includes certificate verification errors
            return "tls"
        seen = seen.__cause__ or seen.__context__
    text = str(exc).lower()
    if "name or service not known" in text or "name resolution" in text:
        return "dns"
    if "certificate" in text or "ssl" in text:
        return "tls"
    return "connect"


def _judge(run: _Run, target: CheckTarget, url: str, fetch: _Fetch) -> CheckResult:
    problems: list[str] = []
    error = fetch.error
    if error is not None:
        problems.append(
            fetch.problem
            or error_problem(error, timeout=run.timeout, max_redirects=run.max_redirects)
        )
    elif fetch.status is not None and not _is_2xx(fetch.status):
        error = "http_error"
        problems.append(status_problem(fetch.status))
    if fetch.note:
        problems.append(fetch.note)
    if fetch.truncated:
        error = error or "too_large"
        problems.append(f"ไฟล์ใหญ่เกิน {run.max_bytes / 1024 / 1024:g} MB ตรวจเพียงส่วนต้น")

    year_found = False
    found: tuple[str, ...] = ()
    missing = target.keywords
    if fetch.text is not None:
        years = find_years(fetch.text)
        year_found = target.required_year in years
        if not fetch.text.strip():
            problems.append("อ่านข้อความในไฟล์ไม่ได้ (อาจเป็นภาพสแกนหรือรูปภาพ) จึงตรวจหาปี พ.ศ. ไม่ได้")
        elif not year_found:
            problems.append(year_problem(target.required_year, years))
        found, missing = match_keywords(fetch.text, target.keywords)
        if missing:
            problems.append("ไม่พบคำสำคัญ: " + ", ".join(missing))
    elif _is_2xx(fetch.status) and error is None:
        problems.append("หน้าว่าง ไม่มีเนื้อหา")

    return _result(
        target,
        url,
        fetch,
        error=error,
        problems=problems,
        ok=_is_2xx(fetch.status) and error in (None, "too_large") and year_found,
        year_found=year_found,
        found=found,
        missing=missing,
    )


def _result(
    target: CheckTarget,
    url: str,
    fetch: _Fetch,
    *,
    error: str | None,
    problems: list[str],
    ok: bool = False,
    year_found: bool = False,
    found: tuple[str, ...] = (),
    missing: tuple[str, ...] | None = None,
) -> CheckResult:
    return CheckResult(
        code=target.code,
        url=url,
        ok=ok,
        status=fetch.status,
        final_url=fetch.final_url,
        error=error,
        content_type=fetch.content_type,
        last_modified=fetch.last_modified,
        year_found=year_found,
        keywords_found=found,
        keywords_missing=target.keywords if missing is None else missing,
        problems=tuple(problems),
        body=fetch.body,
        sha256=hashlib.sha256(fetch.body).hexdigest() if fetch.body is not None else None,
        fetched_at=fetch.fetched_at,
        elapsed_ms=fetch.elapsed_ms,
    )


def _is_2xx(status: int | None) -> bool:
    return status is not None and 200 <= status < 300


def _inspect_url(url: str) -> tuple[str | None, str]:
    """(Thai problem or None, host name for the per-host limit)."""
    if not url:
        return "ยังไม่ได้ใส่ลิงก์", ""
    try:
        parsed = httpx.URL(url)
        raw_host = parsed.raw_host.decode("ascii")
    except (httpx.InvalidURL, UnicodeDecodeError):
        return "รูปแบบลิงก์ไม่ถูกต้อง", ""
    if parsed.scheme not in ("http", "https"):
        return "ลิงก์ต้องขึ้นต้นด้วย http:// หรือ https://", ""
    if parsed.userinfo:
        return _CREDENTIALS_PROBLEM, ""
    if not raw_host or not _HOST_RE.match(raw_host):
        return "รูปแบบลิงก์ไม่ถูกต้อง (ชื่อเว็บไซต์ผิด)", ""
    return None, raw_host.lower()


def _parse_http_date(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        parsed = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if parsed.tzinfo is None:  # HTTP dates are GMT
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)
