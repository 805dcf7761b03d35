"""Benchmark of `prongsai check-disclosure` itself: 43 OIT links that each take 1 s.

Run:  .venv/bin/python bench/bench_check_disclosure.py [--delay 1.0] [--urls 43]

Unlike bench/bench_checker.py (the checker alone), this goes through the whole
command: a throw-away SQLite database and media folder, an agency, the links
imported with `import-disclosure`, then `check-disclosure`, which stores every
result and a dated copy of every page. So it shows that the command uses the
concurrent checker and that storing results does not serialise it.

Two layouts of the 43 links, served by a local threaded server (nothing leaves
the machine):
  * spread over three host names (127.0.0.1-3), as when an agency's answers point
    to its own site, e-GP and a document host;
  * all on one host, where the polite per-host limit (4 at once) sets the pace.
Baseline: checking one link at a time, computed as 43 x one measured 1-s check
made by the same command in the same run.
"""

from __future__ import annotations

import argparse
import io
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

from slow_server import page, start_servers  # beside this script (on sys.path when run)

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
TMP = Path(tempfile.mkdtemp(prefix="prongsai-bench-"))
os.environ.update(
    DJANGO_SETTINGS_MODULE="prongsai.settings",
    SQLITE_PATH=str(TMP / "bench.sqlite3"),
    MEDIA_ROOT=str(TMP / "media"),
)
for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
    os.environ.pop(name, None)

PAGE = page("๒๕๖๖")


def _check(bases: list[str], count: int) -> float:
    """Import `count` links (o1…, several per item when needed) and time check-disclosure."""
    from django.core.management import call_command

    from prongsai.publishing.models import DisclosureLink

    DisclosureLink.objects.all().delete()
    lines = ["code,url"]
    for i in range(count):
        lines.append(f"o{i % 43 + 1},{bases[i % len(bases)]}/ita/2566/link-{i}")
    csv_file = TMP / "links.csv"
    csv_file.write_text("\n".join(lines) + "\n", encoding="utf-8")
    call_command("import_disclosure", "--agency", "bench", "--year", "2566", str(csv_file),
                 stdout=io.StringIO())  # fmt: skip
    out, err = io.StringIO(), io.StringIO()
    started = time.perf_counter()
    call_command("check_disclosure", "--agency", "bench", "--year", "2566", stdout=out, stderr=err)
    elapsed = time.perf_counter() - started
    if f"ผ่าน {count} ไม่ผ่าน 0" not in out.getvalue():
        raise SystemExit(f"some checks failed:\n{out.getvalue()}\n{err.getvalue()[-2000:]}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--urls", type=int, default=43)
    parser.add_argument("--delay", type=float, default=1.0, help="seconds per answer")
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.management import call_command

    from prongsai.agencies.services import agency_create

    call_command("migrate", verbosity=0)
    agency_create(slug="bench", name="อบต.ทดสอบ", type="sao", province="นครปฐม", district="สามพราน")

    servers, bases = start_servers(args.delay, PAGE)
    try:
        single = min(_check(bases[:1], 1) for _ in range(3))
        spread = _check(bases, args.urls)
        one_host = _check(bases[:1], args.urls)
    finally:
        for server in servers:
            server.shutdown()
        shutil.rmtree(TMP, ignore_errors=True)

    baseline = single * args.urls
    print(f"check-disclosure: {args.urls} links, each answering in {args.delay:g} s")
    print(f"one link through the command (best of 3):     {single:6.2f} s")
    print(f"baseline, one at a time ({args.urls} x one link):     {baseline:6.2f} s")
    print(f"links over {len(bases)} hosts (4 at once per host):   {spread:6.2f} s"
          f"  -> {baseline / spread:4.1f}x faster")  # fmt: skip
    print(f"links all on one host (4 at once):           {one_host:6.2f} s"
          f"  -> {baseline / one_host:4.1f}x faster")  # fmt: skip


if __name__ == "__main__":
    main()
