"""Running the website checker over an agency's links and keeping the results.

The checker (checker.py) is async and pure; this module feeds it the links of
one year, and stores each result as a LinkCheck with a dated, content-addressed
copy of what the URL returned, as soon as it arrives (the web page polls the
counts). The checker runs on a thread of its own with its own event loop and
hands results over a queue, because Django's ORM must not be called from inside
an event loop.
"""

from __future__ import annotations

import datetime as dt
import logging
import queue
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from typing import Any, Protocol

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db import OperationalError, close_old_connections, connection
from django.utils import timezone
from django.utils.translation import gettext as _

from prongsai.accounts.models import Membership, Role
from prongsai.agencies.models import Agency
from prongsai.history.services import record_change
from prongsai.publishing.blobs import blob_put
from prongsai.publishing.checker import CheckResult, CheckTarget, check_targets_sync
from prongsai.publishing.models import CheckRun, CheckState, DisclosureLink, LinkCheck

logger = logging.getLogger(__name__)
User = AbstractBaseUser | AnonymousUser | None
# A run still "running" after this long was cut off (server restarted): it is
# shown as failed and a new run may start.
STALE_AFTER = dt.timedelta(minutes=15)


class _Verdict(Protocol):
    ok: bool
    status: int | None
    error: str
    sha256: str
    year_found: bool
    final_url: str


def describe_changes(previous: _Verdict | None, current: _Verdict | None) -> list[str]:
    """What changed between two checks of the same URL, in short Thai."""
    if current is None:
        return []
    if previous is None:
        return [_("ตรวจครั้งแรก")]
    changes = []
    if previous.ok != current.ok:
        changes.append(_("ผ่าน → ไม่ผ่าน") if previous.ok else _("ไม่ผ่าน → ผ่าน"))
    if previous.status != current.status:
        changes.append(
            _("สถานะ HTTP %(a)s → %(b)s")
            % {"a": previous.status or _("ไม่ตอบ"), "b": current.status or _("ไม่ตอบ")}
        )
    if previous.year_found != current.year_found:
        changes.append(_("พบปีที่กำหนดแล้ว") if current.year_found else _("ไม่พบปีที่กำหนดแล้ว"))
    if previous.sha256 and current.sha256 and previous.sha256 != current.sha256:
        changes.append(_("เนื้อหาเปลี่ยนไปจากครั้งก่อน"))
    if previous.final_url and current.final_url and previous.final_url != current.final_url:
        changes.append(_("ปลายทางเปลี่ยนเป็น %s") % current.final_url)
    return changes or [_("ไม่เปลี่ยนแปลงจากครั้งก่อน")]


def check_options() -> dict[str, Any]:
    """Checker settings; deployments (and tests) may set DISCLOSURE_CHECK_* in settings."""
    return {
        "timeout": float(getattr(settings, "DISCLOSURE_CHECK_TIMEOUT", 10.0)),
        "per_host": int(getattr(settings, "DISCLOSURE_CHECK_PER_HOST", 4)),
        "total_concurrency": int(getattr(settings, "DISCLOSURE_CHECK_CONCURRENCY", 32)),
        "max_bytes": int(
            getattr(settings, "DISCLOSURE_CHECK_MAX_BYTES", settings.UPLOAD_MAX_BYTES)
        ),
        "allowed_networks": tuple(settings.CHECKER_ALLOWED_NETWORKS),
    }


def may_check(actor: User, agency: Agency) -> bool:
    if actor is None:
        return True
    user = person(actor)
    if user is None:
        return False
    return Membership.objects.filter(
        user=user, agency=agency, role__in=(Role.ADMIN, Role.EDITOR)
    ).exists()


def person(actor: User) -> Any:
    return actor if actor is not None and actor.is_authenticated else None


def check_links(agency: Agency, year: int) -> list[tuple[CheckTarget, DisclosureLink]]:
    from prongsai.publishing.services import oit_spec

    spec = oit_spec(year)
    links = DisclosureLink.objects.filter(item__agency=agency, item__year=year).select_related(
        "item"
    )
    result = []
    for link in links.order_by("item__order", "order", "id"):
        code = link.item.code
        q = spec.question(code) if spec.has_question(code) else None
        offset = q.required_year_offset if q is not None else 0
        keywords = tuple(q.keywords) if q is not None else ()
        result.append((CheckTarget(code, link.url, year + offset, keywords), link))
    return result


def _results(targets: Sequence[CheckTarget], options: dict[str, Any]) -> Iterator[CheckResult]:
    """Run the checker on its own thread; yield results here as they come."""
    inbox: queue.Queue[Any] = queue.Queue()
    finished = object()
    failure: list[BaseException] = []

    def work() -> None:
        try:
            check_targets_sync(targets, on_result=inbox.put, **options)
        except BaseException as e:
            failure.append(e)
        finally:
            inbox.put(finished)

    worker = threading.Thread(target=work, name="disclosure-checker", daemon=True)
    worker.start()
    while (result := inbox.get()) is not finished:
        yield result
    worker.join()
    if failure:
        raise failure[0]


def _store(
    run: CheckRun, result: CheckResult, link: DisclosureLink, required_year: int
) -> LinkCheck:
    if result.body is not None:
        blob_put("snapshots", result.body)
    return LinkCheck.objects.create(
        run=run,
        item_id=link.item_id,
        link=link,
        code=result.code,
        url=result.url,
        ok=result.ok,
        status=result.status,
        final_url=(result.final_url or "")[:1000],
        error=result.error or "",
        content_type=(result.content_type or "")[:200],
        last_modified=result.last_modified,
        required_year=required_year,
        year_found=result.year_found,
        keywords_found=list(result.keywords_found),
        keywords_missing=list(result.keywords_missing),
        problems=list(result.problems),
        sha256=result.sha256 or "",
        size=len(result.body) if result.body is not None else 0,
        elapsed_ms=result.elapsed_ms,
        fetched_at=result.fetched_at,
    )


def _write(action: Callable[[], Any], attempts: int = 30) -> Any:
    """Run a small query, retrying while the database is locked: a check runs on
    its own thread beside the web requests, and SQLite lets one writer at a time."""
    for attempt in range(attempts):
        try:
            return action()
        except OperationalError:
            if attempt == attempts - 1:
                raise
            time.sleep(min(0.05 * (attempt + 1), 0.5))
    return None


def run_start(*, agency: Agency, year: int, actor: User) -> CheckRun:
    """Create the run (state running) for the links of `year`; the checking
    itself is `run_execute`, on this thread or another."""
    if not may_check(actor, agency):
        raise PermissionDenied(_("ผู้อ่านตรวจลิงก์ไม่ได้"))
    stale = timezone.now() - STALE_AFTER
    CheckRun.objects.filter(agency=agency, year=year, state=CheckState.RUNNING,
                            started_at__lt=stale).update(
        state=CheckState.FAILED, finished_at=timezone.now(),
        error=_("การตรวจหยุดกลางคัน (เซิร์ฟเวอร์เริ่มใหม่)"))  # fmt: skip
    return CheckRun.objects.create(
        agency=agency, year=year, total=len(check_links(agency, year)), started_by=person(actor)
    )


def run_in_progress(agency: Agency, year: int) -> CheckRun | None:
    return CheckRun.objects.filter(
        agency=agency, year=year, state=CheckState.RUNNING,
        started_at__gte=timezone.now() - STALE_AFTER,
    ).first()  # fmt: skip


def run_execute(
    run: CheckRun,
    *,
    actor: User = None,
    on_progress: Callable[[CheckRun, LinkCheck], None] | None = None,
    **overrides: Any,
) -> CheckRun:
    """Check every link of the run's year, storing each result as it comes."""
    pairs = _write(lambda: check_links(run.agency, run.year))
    by_key = {(target.code, target.url): (target, link) for target, link in pairs}
    run.total = len(pairs)
    _write(lambda: run.save(update_fields=["total"]))
    options = {**check_options(), **overrides}
    try:
        for result in _results([t for t, _link in pairs], options):
            target, link = by_key[(result.code, result.url)]
            check = _write(lambda: _store(run, result, link, target.required_year))  # noqa: B023
            run.checked += 1
            run.ok_count += int(result.ok)
            _write(lambda: run.save(update_fields=["checked", "ok_count"]))
            if on_progress is not None:
                on_progress(run, check)
        run.state = CheckState.DONE
    except Exception as e:
        logger.exception("disclosure check run %s failed", run.pk)
        run.state, run.error = CheckState.FAILED, str(e)[:2000]
        raise
    finally:
        run.finished_at = timezone.now()
        _write(lambda: run.save(update_fields=["state", "error", "finished_at"]))
        _write(lambda: record_change(agency=run.agency, actor=actor, target=run, action="disclosure_checked",
                      summary=_("ตรวจลิงก์ OIT ปี %(y)d: ผ่าน %(ok)d จาก %(n)d ลิงก์")
                      % {"y": run.year, "ok": run.ok_count, "n": run.checked}))  # fmt: skip
    return run


def disclosure_check_run(
    *,
    agency: Agency,
    year: int,
    actor: User,
    on_progress: Callable[[CheckRun, LinkCheck], None] | None = None,
    **overrides: Any,
) -> CheckRun:
    """Check every link of `year` now (the command line)."""
    run = run_start(agency=agency, year=year, actor=actor)
    return run_execute(run, actor=actor, on_progress=on_progress, **overrides)


def _background(run_id: int, actor_id: int | None) -> None:
    from django.contrib.auth import get_user_model

    close_old_connections()
    try:
        run = _write(lambda: CheckRun.objects.select_related("agency").get(pk=run_id))
        actor = (
            _write(lambda: get_user_model().objects.filter(pk=actor_id).first())
            if actor_id
            else None
        )
        run_execute(run, actor=actor)
    except Exception:
        logger.exception("background disclosure check %s failed", run_id)
    finally:
        connection.close()


def run_in_background(run: CheckRun) -> threading.Thread:
    """Start checking on a thread of this process: the request returns at once
    and the page polls the run. A dead site only keeps this thread waiting."""
    thread = threading.Thread(
        target=_background,
        args=(run.pk, run.started_by_id),
        name=f"check-run-{run.pk}",
        daemon=True,
    )
    thread.start()
    return thread
