"""The dashboard's figures at 100k and 1M jobs: each query's time, the whole refresh and the
per-assignee split the page shows after it, beside bare `sqlite3` runs on the same file in
the same run of the cohort GROUP BY (the widest query) over the jobs, as it was before the
running totals, and over the totals, as the refresh now reads whole months.

    .venv/bin/python benchmarks/bench_dashboard.py [--sizes 100000,1000000] [--repeats 7]

Databases are the ones bench_tables.py builds and caches (GOJEE_BENCH_DIR, default /tmp),
upgraded on first open (revision 0015 fills the totals).
Target: the whole refresh ≤ 500 ms at 1M jobs.
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
from gojee_desktop.services.reports import assignee_figures, dashboard_figures, named_period
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


def run(size: int, repeats: int) -> None:
    path = ensure_database(size)
    period = named_period("last12", date.today())
    database = open_app_database(f"sqlite:///{path}", cache_mb=WINDOW_CACHE_MB)
    totals: list[float] = []
    assignees: list[float] = []
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
    database.dispose()

    begin, end = (b.strftime("%Y-%m-%d %H:%M:%S.%f") for b in period.bounds())
    months = (
        period.start.strftime("%Y-%m"),
        f"{period.end.year + period.end.month // 12}-{period.end.month % 12 + 1:02d}",
    )
    bare: list[float] = []
    bare_totals: list[float] = []
    connection = sqlite3.connect(path)
    for _ in range(repeats):
        started = time.perf_counter()
        connection.execute(BARE_COHORT, (begin, end)).fetchall()
        bare.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        connection.execute(BARE_TOTALS, months).fetchall()
        bare_totals.append((time.perf_counter() - started) * 1000)
    connection.close()

    total, baseline = statistics.median(totals), statistics.median(bare)
    print(f"\n{size:,} jobs, period {period.label()}, median of {repeats}")
    for name, values in per_query.items():
        print(f"  {name:<16} {statistics.median(values):8.1f} ms")
    print(f"  {'whole refresh':<16} {total:8.1f} ms   (target ≤ 500 ms; two connections at once)")
    print(f"  {'then assignees':<16} {statistics.median(assignees):8.1f} ms   (shown after the rest)")
    print(
        f"  {'bare cohort SQL':<16} {baseline:8.1f} ms   over jobs; refresh / bare = {total / baseline:.2f}×"
    )
    print(f"  {'bare totals SQL':<16} {statistics.median(bare_totals):8.1f} ms   (over the totals)")
    print(f"  created {figures.conversion.created:,}, converted {figures.conversion.converted:,}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100000,1000000")
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args()
    for size in (int(s) for s in args.sizes.split(",")):
        run(size, args.repeats)
    return 0


if __name__ == "__main__":
    sys.exit(main())
