"""Benchmark of the disclosure website checker: 43 OIT URLs that each take 1 s to answer.

Run:  .venv/bin/python bench/bench_checker.py [--baseline] [--delay 1.0] [--urls 43]

A local threaded web server is bound to 127.0.0.1, 127.0.0.2 and 127.0.0.3 (all loopback
on Linux), so the 43 URLs are spread over three host names and the per-host limit
works as it would against three agency sites. Nothing leaves the machine.

Baseline: checking the URLs one at a time. Running it takes ~43 s, so by default the
baseline figure is *computed*: one 1-second fetch is measured in the same run (same
code, same server) and multiplied by the number of URLs. `--baseline` also runs the
real sequential check (`total_concurrency=1`) and prints both.
"""

from __future__ import annotations

import argparse
import statistics
import time

from slow_server import page, start_servers  # beside this script (on sys.path when run)

from prongsai.publishing.checker import CheckTarget, check_targets_sync

PAGE = page("๒๕๖๗")


def _targets(bases: list[str], count: int) -> list[CheckTarget]:
    return [
        CheckTarget(f"o{i + 1}", f"{bases[i % len(bases)]}/oit/o{i + 1}", 2567)
        for i in range(count)
    ]


def _timed(targets: list[CheckTarget], **kwargs: object) -> float:
    started = time.perf_counter()
    results = check_targets_sync(targets, **kwargs)  # type: ignore[arg-type]
    elapsed = time.perf_counter() - started
    bad = [r for r in results if not r.ok]
    if bad:
        raise SystemExit(f"{len(bad)} checks failed, e.g. {bad[0].code}: {bad[0].problems}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--urls", type=int, default=43)
    parser.add_argument("--delay", type=float, default=1.0, help="seconds per answer")
    parser.add_argument(
        "--baseline", action="store_true", help="also run the real sequential check"
    )
    args = parser.parse_args()

    servers, bases = start_servers(args.delay, PAGE)
    targets = _targets(bases, args.urls)
    try:
        # One fetch, three times: the median is the per-URL cost of a sequential check.
        single = statistics.median(_timed(targets[:1]) for _ in range(3))
        computed_baseline = single * args.urls
        runs = {per_host: _timed(targets, per_host=per_host) for per_host in (4, 8)}
        measured_baseline = _timed(targets, total_concurrency=1) if args.baseline else None
    finally:
        for server in servers:
            server.shutdown()

    print(f"{args.urls} URLs, each answering in {args.delay:g} s, over {len(bases)} hosts")
    print(f"single fetch (median of 3):              {single:6.2f} s")
    print(f"baseline, computed ({args.urls} x single fetch):  {computed_baseline:6.2f} s")
    if measured_baseline is not None:
        print(f"baseline, measured (total_concurrency=1): {measured_baseline:6.2f} s")
    baseline = measured_baseline if measured_baseline is not None else computed_baseline
    for per_host, elapsed in runs.items():
        print(
            f"check_targets per_host={per_host} (default total 32): {elapsed:6.2f} s"
            f"  -> {baseline / elapsed:5.1f}x faster than the baseline"
        )


if __name__ == "__main__":
    main()
