"""The network view at national scale, on PostgreSQL.

Run:  .venv/bin/python bench/bench_network.py [--sizes 80,800,8000] [--repeat 7] [--fresh]

For each size N it uses the PostgreSQL database `prongsai_bench_net_N` at
127.0.0.1:5432 (user postgres), made once with `prongsai migrate` and
`prongsai generate-national --agencies N --years 2566,2567,2568` and kept for
the next run (--fresh makes it again). Then, in a child process per size
(Django reads DATABASE_URL once):

1. recompute: every stored score summary dropped, then `summaries_refresh` of
   every official assessment of every agency (what a framework change or a
   restore costs), in seconds;
2. page: a national supervisor's GET /network/?year=2566 through Django's test
   client (middleware, templates, everything but the socket), warm, median of
   --repeat runs, with the number of queries;
3. json: `prongsai network --scope national --year 2566 --json` in-process, same.

The baseline is the 80-agency figure of the same run; ratios are N / 80.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres"
YEARS = "2566,2567,2568"
YEAR = 2566


def _url(name: str) -> str:
    return f"postgres://postgres@127.0.0.1:5432/{name}"


def _ensure_database(n: int, fresh: bool) -> str:
    import psycopg

    name = f"prongsai_bench_net_{n}"
    with psycopg.connect(ADMIN_URL, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and not fresh:
            with psycopg.connect(_url(name)) as db:
                try:
                    count = db.execute(
                        "SELECT count(*) FROM agencies_agency WHERE slug LIKE 'syn-%%'"
                    ).fetchone()
                except psycopg.Error:
                    count = None
            if count and count[0] == n:
                # Kept from an earlier run: bring its schema up to date.
                env = {**os.environ, "DATABASE_URL": _url(name)}
                prongsai = str(ROOT / ".venv" / "bin" / "prongsai")
                subprocess.run([prongsai, "migrate", "-v0"], env=env, check=True)
                return _url(name)
        conn.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", [name]
        )
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    env = {**os.environ, "DATABASE_URL": _url(name)}
    prongsai = str(ROOT / ".venv" / "bin" / "prongsai")
    subprocess.run([prongsai, "migrate", "-v0"], env=env, check=True)
    started = time.perf_counter()
    subprocess.run(
        [prongsai, "generate-national", "--agencies", str(n), "--years", YEARS], env=env, check=True
    )
    print(f"  generated {n} agencies in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    return _url(name)


def _child(url: str, repeat: int) -> dict[str, object]:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "prongsai.settings")
    import io

    import django

    django.setup()
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections, reset_queries

    # As in Django's own test runner: keep one connection across requests, so
    # the queries of a request can be counted on it.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    request_started.disconnect(reset_queries)
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from prongsai.assessments.models import Assessment, QuestionScore
    from prongsai.network.models import AssessmentSummary
    from prongsai.network.scope import parse_scope
    from prongsai.network.services import summaries_refresh, supervision_create

    AssessmentSummary.objects.all().delete()
    started = time.perf_counter()
    summaries_refresh(Assessment.objects.filter(kind="official"))
    recompute = time.perf_counter() - started

    user, _ = User.objects.get_or_create(username="bench-national")
    supervision_create(user=user, scope=parse_scope("national"))
    client = Client()
    client.force_login(user)

    def page() -> object:
        response = client.get("/network/", {"year": YEAR})
        assert response.status_code == 200, response.status_code
        return response

    def as_json() -> object:
        out = io.StringIO()
        call_command("network", "--scope", "national", "--year", str(YEAR), "--json", stdout=out)
        return out

    figures: dict[str, object] = {
        "agencies": Assessment.objects.filter(year=YEAR).count(),
        "scores": QuestionScore.objects.count(),
        "recompute_s": round(recompute, 2),
    }
    for name, fn in (("page", page), ("json", as_json)):
        fn()  # warm
        with CaptureQueriesContext(connection) as queries:
            fn()
        times = []
        for _ in range(repeat):
            t = time.perf_counter()
            fn()
            times.append(time.perf_counter() - t)
        figures[f"{name}_ms"] = round(statistics.median(times) * 1000, 1)
        figures[f"{name}_queries"] = len(queries)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="80,800,8000")
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--fresh", action="store_true")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    o = parser.parse_args()
    if o.child:
        print(json.dumps(_child(o.child, o.repeat)))
        return
    results = {}
    for n in [int(s) for s in o.sizes.split(",")]:
        url = _ensure_database(n, o.fresh)
        out = subprocess.run(
            [sys.executable, __file__, "--child", url, "--repeat", str(o.repeat)],
            check=True,
            capture_output=True,
            text=True,
        )
        results[n] = json.loads(out.stdout.strip().splitlines()[-1])
        print(n, results[n], file=sys.stderr)
    base = results[min(results)]
    print(
        "| agencies | question scores | recompute all (s) | page median (ms) | queries | ratio | json median (ms) | ratio |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for n, r in results.items():
        print(
            f"| {n:,} | {r['scores']:,} | {r['recompute_s']} | {r['page_ms']} | {r['page_queries']} "
            f"| {r['page_ms'] / base['page_ms']:.2f}× | {r['json_ms']} | {r['json_ms'] / base['json_ms']:.2f}× |"
        )


if __name__ == "__main__":
    main()
