"""Load test of survey intake: real questionnaire forms posted by concurrent clients.

Run:  .venv/bin/python bench/bench_surveys.py [--clients 32] [--seconds 15] [--workers 4]
      [--worker-class both|sync|gthread] [--procs 2]

What it does (loopback only, nothing leaves the machine):

1. Drops and recreates the PostgreSQL database `prongsai_bench` at 127.0.0.1:5432
   (user postgres), migrates it, and creates an agency and an open public EIT survey
   of the ITA 2566 framework: its 15 four-level questions (the 10 whose text the
   framework does not know get a placeholder text), one page, the keyed-hash rate
   limit on (at a limit no client reaches, so its upsert still runs on every POST;
   all clients share one address, so they all update the same row).
2. Starts gunicorn (`prongsai.wsgi`, N workers) against that database.
3. Baseline: the same clients GET `/surveys/health/` (a trivial view, no database)
   for a few seconds.
4. Load: each client, like a browser, GETs the form, reads the CSRF token, the
   hidden client id and the radio groups, picks an answer for every question and
   POSTs it; a 303 to the thank-you page is an accepted submission.
5. Compares the stored responses (and answers) with the accepted submissions.

With `--worker-class both` it runs sync and gthread workers one after the other and
reports both, so the better one can be kept. Clients are threads with httpx, spread
over `--procs` processes (the client's own CPU use is part of what is measured:
server, database and clients share the machine).
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import random
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres"
SLUG = "bench-eit"

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
CLIENT_ID = re.compile(r'name="client_id" value="([0-9a-f]{32})"')
RADIO = re.compile(r'<input type="radio" name="(q-[^"]+)" value="([^"]+)"')


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _recreate_database(name: str) -> str:
    import psycopg

    with psycopg.connect(ADMIN_URL, autocommit=True) as conn:
        conn.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", [name]
        )
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    return f"postgres://postgres@127.0.0.1:5432/{name}"


def _setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "prongsai.settings")
    import django

    django.setup()


def _prepare(url: str) -> None:
    """Migrate and create the agency and the survey (in this process)."""
    _setup_django(url)
    from datetime import timedelta

    from django.core.management import call_command
    from django.utils import timezone

    from prongsai.agencies.models import Agency
    from prongsai.framework.models import Framework
    from prongsai.surveys.services import framework_questions, survey_create_from_framework

    call_command("migrate", verbosity=0, interactive=False)
    agency = Agency.objects.create(
        slug="bench",
        name="องค์การบริหารส่วนตำบลทดสอบ",
        type="sao",
        province="นครปฐม",
        district="สามพราน",
    )
    framework = Framework.objects.get(year=2566)
    missing = framework_questions(framework, "eit").missing
    today = timezone.localdate()
    survey, left_out = survey_create_from_framework(
        agency=agency,
        framework=framework,
        tool="eit",
        title="แบบวัด EIT ประเมินตนเอง (ทดสอบโหลด)",
        slug=SLUG,
        opens_on=today - timedelta(days=1),
        closes_on=today + timedelta(days=1),
        supplied_texts={q.code: f"ข้อคำถาม {q.code} (ข้อความทดสอบ) มากน้อยเพียงใด" for q in missing},
        actor=None,
    )
    assert not left_out
    survey.rate_limit = 1_000_000_000
    survey.save(update_fields=["rate_limit", "updated_at"])


def _count_stored() -> tuple[int, int]:
    from django.db import connection

    from prongsai.surveys.models import Answer, Response

    connection.close()
    return Response.objects.count(), Answer.objects.count()


def _reset_responses() -> None:
    from django.db import connection

    from prongsai.surveys.models import RateBucket, Response, SubmissionToken

    Response.objects.all().delete()
    SubmissionToken.objects.all().delete()
    RateBucket.objects.all().delete()
    connection.close()


def _start_gunicorn(
    url: str, port: int, workers: int, worker_class: str, threads: int
) -> subprocess.Popen[bytes]:
    env = os.environ | {
        "DATABASE_URL": url,
        "DB_CONN_MAX_AGE": "600",
        "ALLOWED_HOSTS": "127.0.0.1",
        "DEBUG": "false",
        "LOG_LEVEL": "ERROR",
    }
    cmd = [
        str(BIN / "gunicorn"),
        "prongsai.wsgi",
        "-w",
        str(workers),
        "-b",
        f"127.0.0.1:{port}",
        "--worker-class",
        worker_class,
        "--backlog",
        "2048",
        "--log-level",
        "warning",
    ]
    if worker_class == "gthread":
        cmd += ["--threads", str(threads)]
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, start_new_session=True)
    import httpx

    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/surveys/health/", timeout=1).status_code == 200:
                return proc
        except httpx.HTTPError:
            time.sleep(0.2)
    _stop(proc)
    raise SystemExit("gunicorn did not start")


def _stop(proc: subprocess.Popen[bytes]) -> None:
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(15)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()


def _client_loop(base: str, mode: str, stop_at: float, warm_until: float, out: list) -> None:  # type: ignore[type-arg]
    """One client; appends (kind, seconds, accepted) per measured operation."""
    import httpx

    rng = random.Random()
    with httpx.Client(base_url=base, timeout=30, follow_redirects=False) as http:
        while time.monotonic() < stop_at:
            start = time.monotonic()
            measured = start >= warm_until
            if mode == "health":
                ok = http.get("/surveys/health/").status_code == 200
                out.append(("health", time.monotonic() - start, ok, measured))
                continue
            try:
                page = http.get(f"/surveys/s/{SLUG}/")
            except httpx.HTTPError:
                out.append(("error", time.monotonic() - start, False, measured))
                continue
            csrf, client_id = CSRF.search(page.text), CLIENT_ID.search(page.text)
            if page.status_code != 200 or csrf is None or client_id is None:
                out.append(("error", time.monotonic() - start, False, measured))
                continue
            options: dict[str, list[str]] = {}
            for name, value in RADIO.findall(page.text):
                options.setdefault(name, []).append(value)
            form = {name: rng.choice(values) for name, values in options.items()}
            form["csrfmiddlewaretoken"] = csrf[1]
            form["client_id"] = client_id[1]
            post_start = time.monotonic()
            try:
                response = http.post(f"/surveys/s/{SLUG}/", data=form)
            except httpx.HTTPError:
                # Unknown outcome (maybe stored): the stored-vs-accepted check will show it.
                out.append(("error", time.monotonic() - start, False, measured))
                continue
            end = time.monotonic()
            accepted = response.status_code == 303
            out.append(("submit", end - start, accepted, measured))
            out.append(("post", end - post_start, accepted, measured))


def _proc_main(
    base: str, mode: str, threads: int, stop_at: float, warm_until: float, queue: mp.Queue
) -> None:  # type: ignore[type-arg]
    results: list = []  # type: ignore[type-arg]
    workers = [
        threading.Thread(target=_client_loop, args=(base, mode, stop_at, warm_until, results))
        for _ in range(threads)
    ]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    queue.put(results)


def _run_load(
    base: str, mode: str, clients: int, procs: int, seconds: float, warmup: float
) -> list:  # type: ignore[type-arg]
    ctx = mp.get_context("fork")
    queue: mp.Queue = ctx.Queue()  # type: ignore[type-arg]
    now = time.monotonic()
    warm_until, stop_at = now + warmup, now + warmup + seconds
    per = [clients // procs + (1 if i < clients % procs else 0) for i in range(procs)]
    children = [
        ctx.Process(target=_proc_main, args=(base, mode, n, stop_at, warm_until, queue))
        for n in per
        if n
    ]
    for c in children:
        c.start()
    results: list = []  # type: ignore[type-arg]
    for _ in children:
        results += queue.get()
    for c in children:
        c.join()
    return results


def _pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return (
        ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]
        if ordered
        else float("nan")
    )


_warmup_accepted = [0]
TICK = os.sysconf("SC_CLK_TCK")


def _cpu_seconds(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime + stime
    return total / TICK


def _server_pids(gunicorn_pgid: int, db: str) -> tuple[list[int], list[int]]:
    """gunicorn's processes (its own session) and the PostgreSQL backends of the bench database."""
    app = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[2]) == gunicorn_pgid:
                app.append(int(entry.name))
    import psycopg

    with psycopg.connect(ADMIN_URL, autocommit=True) as conn:
        rows = conn.execute("SELECT pid FROM pg_stat_activity WHERE datname = %s", [db]).fetchall()
    return app, [r[0] for r in rows]


def _phase(
    base: str,
    mode: str,
    args: argparse.Namespace,
    seconds: float,
    proc: subprocess.Popen[bytes],
    cpu: dict[str, float],
) -> list:  # type: ignore[type-arg]
    """One measured phase; adds the server's CPU seconds (app, database) to `cpu`."""
    app, db = _server_pids(proc.pid, args.db)
    before = (_cpu_seconds(app), _cpu_seconds(db))
    results = _run_load(base, mode, args.clients, args.procs, seconds, 0.5)
    _app_after, db_after = _server_pids(proc.pid, args.db)
    cpu[f"{mode}_app"] += _cpu_seconds(app) - before[0]
    cpu[f"{mode}_db"] += _cpu_seconds(sorted(set(db) | set(db_after))) - before[1]
    return results


def _measure(url: str, args: argparse.Namespace, worker_class: str) -> dict[str, float]:
    """Baseline and load alternate in `--rounds` slices, so that whatever else
    the machine is doing affects both alike."""
    _reset_responses()
    port = _free_port()
    proc = _start_gunicorn(url, port, args.workers, worker_class, args.threads)
    base = f"http://127.0.0.1:{port}"
    health: list = []  # type: ignore[type-arg]
    load: list = []  # type: ignore[type-arg]
    cpu = {"health_app": 0.0, "health_db": 0.0, "submit_app": 0.0, "submit_db": 0.0}
    try:
        warm = _run_load(base, "submit", args.clients, args.procs, 0.0, args.warmup)  # warm-up only
        _warmup_accepted[0] = sum(1 for r in warm if r[0] == "submit" and r[2])
        for _ in range(args.rounds):
            health += _phase(base, "health", args, args.baseline_seconds / args.rounds, proc, cpu)
            load += _phase(base, "submit", args, args.seconds / args.rounds, proc, cpu)
    finally:
        _stop(proc)
    stored, answers = _count_stored()
    health_ok = [r for r in health if r[2] and r[3]]
    submits = [r for r in load if r[0] == "submit" and r[3]]
    posts = [r[1] for r in load if r[0] == "post" and r[3]]
    accepted = sum(1 for r in submits if r[2])
    # Warm-up submissions are stored too, so the check counts every 303 of the run.
    accepted_all = sum(1 for r in load if r[0] == "submit" and r[2]) + _warmup_accepted[0]
    return {
        "health_rps": len(health_ok) / args.baseline_seconds,
        "health_p50": _pct([r[1] for r in health_ok], 50),
        "submit_rate": accepted / args.seconds,
        "submit_p50": _pct([r[1] for r in submits], 50),
        "submit_p99": _pct([r[1] for r in submits], 99),
        "post_p50": _pct(posts, 50),
        "post_p99": _pct(posts, 99),
        "measured_accepted": accepted,
        "measured_refused": len(submits) - accepted,
        "errors": sum(
            1 for r in health + load if r[0] == "error" or (r[0] == "health" and not r[2])
        ),
        "accepted_all": accepted_all,
        # CPU per operation, including the 0.5 s lead-in of each phase's operations
        "cpu_health_ms": 1000
        * (cpu["health_app"] + cpu["health_db"])
        / max(1, sum(1 for r in health if r[2])),
        "cpu_submit_app_ms": 1000
        * cpu["submit_app"]
        / max(1, sum(1 for r in load if r[0] == "submit" and r[2])),
        "cpu_submit_db_ms": 1000
        * cpu["submit_db"]
        / max(1, sum(1 for r in load if r[0] == "submit" and r[2])),
        "stored": stored,
        "answers": answers,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--procs", type=int, default=2, help="client processes")
    parser.add_argument(
        "--seconds", type=float, default=15.0, help="measured load per worker class"
    )
    parser.add_argument("--warmup", type=float, default=2.0)
    parser.add_argument("--baseline-seconds", type=float, default=6.0)
    parser.add_argument("--rounds", type=int, default=3, help="alternating baseline/load slices")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=4, help="threads per gthread worker")
    parser.add_argument("--worker-class", choices=["both", "sync", "gthread"], default="both")
    parser.add_argument("--db", default="prongsai_bench")
    args = parser.parse_args()

    started = time.monotonic()
    url = _recreate_database(args.db)
    _prepare(url)
    classes = ["sync", "gthread"] if args.worker_class == "both" else [args.worker_class]
    print(
        f"cores: {os.cpu_count()}; clients: {args.clients} in {args.procs} processes; "
        f"gunicorn -w {args.workers}; PostgreSQL {args.db}; 15-question EIT form, one page"
    )
    results = {}
    for worker_class in classes:
        r = _measure(url, args, worker_class)
        results[worker_class] = r
        name = worker_class + (f" ({args.threads} threads)" if worker_class == "gthread" else "")
        print(f"\n[{name}]")
        print(
            f"  baseline GET /surveys/health/: {r['health_rps']:.0f} req/s (p50 {r['health_p50'] * 1000:.1f} ms)"
        )
        print(
            f"  submissions (GET form + POST): {r['submit_rate']:.0f}/s accepted; "
            f"p50 {r['submit_p50'] * 1000:.0f} ms, p99 {r['submit_p99'] * 1000:.0f} ms "
            f"(POST alone p50 {r['post_p50'] * 1000:.0f} ms, p99 {r['post_p99'] * 1000:.0f} ms)"
        )
        print(
            f"  ratio submissions/s ÷ baseline req/s: {r['submit_rate'] / r['health_rps']:.3f} "
            f"(requests/s during load: {2 * r['submit_rate']:.0f})"
        )
        per_submit = r["cpu_submit_app_ms"] + r["cpu_submit_db_ms"]
        print(
            f"  server CPU per submission: {per_submit:.2f} ms (gunicorn {r['cpu_submit_app_ms']:.2f} + "
            f"PostgreSQL {r['cpu_submit_db_ms']:.2f}); per baseline request: {r['cpu_health_ms']:.2f} ms; "
            f"ratio {per_submit / r['cpu_health_ms']:.1f}; capacity of one server core: "
            f"{1000 / per_submit:.0f} submissions/s"
        )
        same = "equal" if r["stored"] == r["accepted_all"] else "NOT EQUAL"
        print(
            f"  measured window: {int(r['measured_accepted'])} accepted, "
            f"{int(r['measured_refused'])} refused; failed requests (whole run): {int(r['errors'])}"
        )
        print(
            f"  whole run: {int(r['accepted_all'])} accepted (303) vs {int(r['stored'])} stored responses: {same}; "
            f"answers stored {int(r['answers'])} (= 15 × {int(r['answers']) // 15})"
        )
    best = max(results, key=lambda k: results[k]["submit_rate"])
    print(
        f"\nbest: {best}; {results[best]['submit_rate']:.0f} submissions/s = "
        f"{results[best]['submit_rate'] / 25:.1f}× the estimated national deadline-day peak of 25/s"
    )
    print(f"total time {time.monotonic() - started:.0f} s")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
