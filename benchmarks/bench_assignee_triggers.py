"""What the per-assignee running totals' triggers (revisions 0016 and 0019) cost a write: assignee rows
added, reassigned and removed, one statement a row as the editor writes them or many rows in
one statement as an import might, and jobs updated (their contribution moves for each
assignee). Each write runs with the triggers, then in the same run with the daily table's
(0019) dropped, then with both dropped (0015's triggers on `jobs` stay), inside a
transaction that is rolled back, so the database is left as it was. SQLite: the cached
bench file; PostgreSQL: `--url` (a database with jobs in it, for example one `gojee demo`
filled).

    GOJEE_BENCH_DIR=... .venv/bin/python benchmarks/bench_assignee_triggers.py [--size 100000] [--rows 5000]
    .venv/bin/python benchmarks/bench_assignee_triggers.py --url postgresql+psycopg://...
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, text

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_tables import ensure_database

from gojee_desktop.services.startup import open_app_database
from gojee_desktop.store import assignee_totals
from gojee_desktop.store.database import Database

#: A write on an open transaction; returns the seconds of its timed part.
Write = Callable[[Connection], float]


def _timed(statement: Callable[[], object]) -> float:
    started = time.perf_counter()
    statement()
    return time.perf_counter() - started


def _writes(connection: Connection, rows: int) -> tuple[int, dict[str, Write]]:
    first, second = connection.execute(text("SELECT id FROM users ORDER BY id LIMIT 2")).scalars()
    free = list(  # leads neither user is on yet
        connection.execute(
            text(
                "SELECT id FROM jobs WHERE lifecycle = 'lead' AND id NOT IN "
                "(SELECT job_id FROM job_assignees WHERE user_id IN (:a, :b)) ORDER BY id DESC LIMIT :n"
            ),
            {"a": first, "b": second, "n": rows},
        ).scalars()
    )
    pairs = [{"job": job, "user": first} for job in free]
    add = text("INSERT INTO job_assignees (job_id, user_id) VALUES (:job, :user)")

    def add_each(c: Connection) -> float:
        return _timed(lambda: c.execute(add, pairs))

    def add_all(c: Connection) -> float:
        sql = text(  # the same leads as `free`
            "INSERT INTO job_assignees (job_id, user_id) SELECT id, :a FROM jobs "
            "WHERE lifecycle = 'lead' AND id >= :low AND id NOT IN "
            "(SELECT job_id FROM job_assignees WHERE user_id IN (:a, :b))"
        )
        return _timed(lambda: c.execute(sql, {"a": first, "b": second, "low": min(free)}))

    def reassign_each(c: Connection) -> float:
        c.execute(add, pairs)  # not timed
        sql = text("UPDATE job_assignees SET user_id = :to WHERE job_id = :job AND user_id = :user")
        return _timed(lambda: c.execute(sql, [{**p, "to": second} for p in pairs]))

    def remove_each(c: Connection) -> float:
        c.execute(add, pairs)  # not timed
        sql = text("DELETE FROM job_assignees WHERE job_id = :job AND user_id = :user")
        return _timed(lambda: c.execute(sql, pairs))

    def update_jobs(c: Connection) -> float:
        sql = text("UPDATE jobs SET value_minor = value_minor + 1 WHERE id = :job")
        return _timed(lambda: c.execute(sql, pairs))

    return len(free), {
        "add, a row a statement": add_each,
        "add, one statement": add_all,
        "reassign, a row a statement": reassign_each,
        "remove, a row a statement": remove_each,
        "job value, a row a statement": update_jobs,
    }


def _time(database: Database, write: Write, drop: tuple[Any, ...], repeats: int) -> float:
    """Median seconds of `write`, in a transaction rolled back each time, with the triggers
    of the totals tables `drop` (`assignee_totals` specs) dropped inside it first."""
    times = []
    for _ in range(repeats):
        with database.engine.connect() as connection:
            # A write first, so the transaction is open before the DDL (pysqlite begins one
            # only at a write) and the rollback brings the triggers back.
            connection.execute(text("DELETE FROM report_assignee_totals WHERE jobs < 0"))
            if drop:
                assignee_totals.drop_triggers(connection, drop)
            times.append(write(connection))
            connection.rollback()
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100000, help="SQLite: the cached bench file's jobs")
    parser.add_argument("--url", help="a PostgreSQL database instead")
    parser.add_argument("--rows", type=int, default=5000)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    url = args.url or f"sqlite:///{ensure_database(args.size)}"
    database = open_app_database(url)  # upgraded to head first
    with database.engine.connect() as connection:
        rows, writes = _writes(connection, args.rows)
        jobs = connection.execute(text("SELECT count(*) FROM jobs")).scalar_one()
    print(f"\n{database.engine.dialect.name}, {jobs:,} jobs, {rows:,} rows a write, median of {args.repeats}")
    print(f"  {'µs a row':<30} {'triggers':>9} {'0016 only':>9} {'without':>9} {'cost':>9} {'0019':>9}")
    for name, write in writes.items():
        with_triggers = _time(database, write, (), args.repeats) / rows * 1e6
        months = _time(database, write, (assignee_totals.DAYS,), args.repeats) / rows * 1e6
        without = _time(database, write, assignee_totals.SPECS, args.repeats) / rows * 1e6
        print(
            f"  {name:<30} {with_triggers:9.1f} {months:9.1f} {without:9.1f} "
            f"{with_triggers - without:+9.1f} {with_triggers - months:+9.1f}"
        )
    database.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
