"""How long `gojee demo` takes to fill a SQLite file, against a floor measured in the same run:
raw sqlite3 inserting the same number of bare rows (one text column, no indexes, no FTS).

    .venv/bin/python benchmarks/bench_demo.py [--leads 1000000]
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, event

from gojee_desktop.services.demo.generate import generate_demo
from gojee_desktop.services.job_query import JobQuery, count_jobs
from gojee_desktop.services.startup import open_app_database


def raw_floor(path: Path, rows: int) -> float:
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, title TEXT)")
    started = time.perf_counter()
    with connection:
        connection.executemany(
            "INSERT INTO t (id, title) VALUES (?, ?)",
            ((i, f"Kitchen rewire - Newtown {i}") for i in range(rows)),
        )
    elapsed = time.perf_counter() - started
    connection.close()
    return elapsed


PHASES = (
    ("CREATE INDEX", "building the indexes"),
    ("INSERT INTO jobs ", "inserting the jobs (rows assembled in SQL)"),
    ("job_fts_", "copying in the full-text index (built meanwhile by a second process)"),
    ("'rebuild'", "building the full-text index in place"),
    ("INSERT INTO job_", "labels, assignees and history"),
    ("INSERT INTO demo_", "random picks and lookup tables"),
    ("ANALYZE", "statistics (ANALYZE)"),
)


@contextmanager
def statement_times(engine: Engine) -> Iterator[Counter[str]]:
    """Seconds spent in each phase's SQL statements, from engine events."""
    spent: Counter[str] = Counter()

    def before(conn: Any, *_: Any) -> None:
        conn.info["bench_started"] = time.perf_counter()

    def after(conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        label = next((name for key, name in PHASES if key in statement), "other statements")
        spent[label] += time.perf_counter() - conn.info.pop("bench_started", time.perf_counter())

    event.listen(engine, "before_cursor_execute", before)
    event.listen(engine, "after_cursor_execute", after)
    try:
        yield spent
    finally:
        event.remove(engine, "before_cursor_execute", before)
        event.remove(engine, "after_cursor_execute", after)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--leads", type=int, default=1_000_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        os.environ["GOJEE_DATA_DIR"] = folder
        database = open_app_database(f"sqlite:///{Path(folder) / 'demo.sqlite3'}")
        with statement_times(database.engine) as spent:
            started = time.perf_counter()
            generate_demo(database, args.leads, 0)
            demo = time.perf_counter() - started
        total = count_jobs(database.sessions, JobQuery(lifecycle="lead", archived=None))
        size = (Path(folder) / "demo.sqlite3").stat().st_size / 1e6
        database.dispose()
        floor = raw_floor(Path(folder) / "floor.sqlite3", args.leads)
    print(f"gojee demo --leads {args.leads:,}: {demo:.1f} s ({total:,} jobs, {size:,.0f} MB file)")
    print(f"raw sqlite3 floor, same row count, bare table: {floor:.1f} s")
    print(
        f"ratio demo / floor: {demo / floor:.1f}x"
        "  (the demo also writes customers, labels, history, 13 indexes and the FTS index)"
    )
    print("where the demo's time went:")
    for label, seconds in spent.most_common():
        print(f"  {seconds:6.1f} s  {label}")
    print(f"  {demo - sum(spent.values()):6.1f} s  Python, commits and the rest")


if __name__ == "__main__":
    main()
