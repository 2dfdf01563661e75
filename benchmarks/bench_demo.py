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
from pathlib import Path

from gojee_desktop.services.demo import generate_demo
from gojee_desktop.services.job_query import JobQuery, count_jobs
from gojee_desktop.store import open_database


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


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--leads", type=int, default=1_000_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        os.environ["GOJEE_DATA_DIR"] = folder
        database = open_database(f"sqlite:///{Path(folder) / 'demo.sqlite3'}")
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
        "  (the demo also writes customers, labels, history, 12 indexes and the FTS index)"
    )


if __name__ == "__main__":
    main()
