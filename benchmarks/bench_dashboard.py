"""The dashboard's figures at 100k and 1M jobs: each query's time, the refresh, the
per-assignee split the page shows after it and the whole page (both), beside bare `sqlite3`
runs on the same file in the same run of the cohort GROUP BY (the widest query) and of the
per-assignee GROUP BY over the jobs, as they were before the running totals, and over the
totals, as the page now reads whole months.

    .venv/bin/python benchmarks/bench_dashboard.py [--sizes 100000,1000000] [--repeats 7]
        [--custom 2026-01-15:2026-11-20]

Databases are the ones bench_tables.py builds and caches (GOJEE_BENCH_DIR, default /tmp),
upgraded on first open (revisions 0015 and 0016 fill the totals).
Target: the whole page ≤ 500 ms at 1M jobs.
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_tables import ensure_database

from gojee_desktop.app import WINDOW_CACHE_MB
from gojee_desktop.services.reports import Period, assignee_figures, dashboard_figures, named_period
from gojee_desktop.services.startup import open_app_database

BARE_COHORT = """
SELECT source_channel_id, currency, count(*), sum(converted_at > created_at), sum(value_minor)
FROM jobs
WHERE created_at >= ? AND created_at < ? AND (lifecycle = 'lead' OR converted_at > created_at)
GROUP BY source_channel_id, currency
"""

BARE_TOTALS = """
SELECT source_channel_id, currency, sum(jobs), sum(CASE WHEN converted THEN jobs ELSE 0 END),
       sum(value_minor)
FROM report_cohort_totals
WHERE created_month >= ? AND created_month < ? AND (lifecycle = 'lead' OR converted)
GROUP BY source_channel_id, currency
"""

BARE_ASSIGNEES = """
SELECT a.user_id, j.currency, count(*), sum(j.converted_at > j.created_at), sum(j.value_minor)
FROM jobs AS j LEFT JOIN job_assignees AS a ON a.job_id = j.id
WHERE j.created_at >= ? AND j.created_at < ? AND (j.lifecycle = 'lead' OR j.converted_at > j.created_at)
GROUP BY a.user_id, j.currency
"""

BARE_ASSIGNEE_TOTALS = """
SELECT user_id, currency, sum(jobs), sum(converted), sum(value_minor)
FROM report_assignee_totals
WHERE created_month >= ? AND created_month < ?
GROUP BY user_id, currency
"""


def run(size: int, repeats: int, period: Period) -> None:
    path = ensure_database(size)
    database = open_app_database(f"sqlite:///{path}", cache_mb=WINDOW_CACHE_MB)
    totals: list[float] = []
    assignees: list[float] = []
    pages: list[float] = []
    per_query: dict[str, list[float]] = {}
    for _ in range(repeats):
        started = time.perf_counter()
        figures = dashboard_figures(database.sessions, period)
        totals.append((time.perf_counter() - started) * 1000)
        for name, ms in figures.timings_ms.items():
            per_query.setdefault(name, []).append(ms)
        started = time.perf_counter()
        assignee_figures(database.sessions, period)
        assignees.append((time.perf_counter() - started) * 1000)
        pages.append(totals[-1] + assignees[-1])
    database.dispose()

    begin, end = (b.strftime("%Y-%m-%d %H:%M:%S.%f") for b in period.bounds())
    months = (
        period.start.strftime("%Y-%m"),
        f"{period.end.year + period.end.month // 12}-{period.end.month % 12 + 1:02d}",
    )
    bare: list[float] = []
    bare_totals: list[float] = []
    bare_assignees: list[float] = []
    bare_assignee_totals: list[float] = []
    connection = sqlite3.connect(path)
    for _ in range(repeats):
        started = time.perf_counter()
        connection.execute(BARE_COHORT, (begin, end)).fetchall()
        bare.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        connection.execute(BARE_TOTALS, months).fetchall()
        bare_totals.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        connection.execute(BARE_ASSIGNEES, (begin, end)).fetchall()
        bare_assignees.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        connection.execute(BARE_ASSIGNEE_TOTALS, months).fetchall()
        bare_assignee_totals.append((time.perf_counter() - started) * 1000)
    connection.close()

    total, baseline = statistics.median(totals), statistics.median(bare)
    print(f"\n{size:,} jobs, period {period.label()}, median of {repeats}")
    for name, values in per_query.items():
        print(f"  {name:<16} {statistics.median(values):8.1f} ms")
    assignee, page = statistics.median(assignees), statistics.median(pages)
    bare_assignee = statistics.median(bare_assignees)
    print(f"  {'refresh':<16} {total:8.1f} ms   (every figure but assignees; two connections at once)")
    print(f"  {'then assignees':<16} {assignee:8.1f} ms   (shown after the rest)")
    print(f"  {'whole page':<16} {page:8.1f} ms   (target ≤ 500 ms)")
    print(
        f"  {'bare cohort SQL':<16} {baseline:8.1f} ms   over jobs; refresh / bare = {total / baseline:.2f}×"
    )
    print(f"  {'bare totals SQL':<16} {statistics.median(bare_totals):8.1f} ms   (over the totals)")
    print(
        f"  {'bare assignees':<16} {bare_assignee:8.1f} ms   over jobs and assignees; "
        f"assignees / bare = {assignee / bare_assignee:.2f}×"
    )
    print(
        f"  {'bare assignee tot':<16} {statistics.median(bare_assignee_totals):8.1f} ms   (over the totals)"
    )
    print(f"  created {figures.conversion.created:,}, converted {figures.conversion.converted:,}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100000,1000000")
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument(
        "--custom",
        metavar="YYYY-MM-DD:YYYY-MM-DD",
        help="a custom period instead of the last 12 months (part-months at its ends are read from the jobs)",
    )
    args = parser.parse_args()
    period = named_period("last12", date.today())
    if args.custom:
        first, last = (date.fromisoformat(d) for d in args.custom.split(":"))
        period = Period(first, last)
    for size in (int(s) for s in args.sizes.split(",")):
        run(size, args.repeats, period)
    return 0


if __name__ == "__main__":
    sys.exit(main())
