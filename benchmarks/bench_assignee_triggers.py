"""What the per-assignee running totals' triggers (revision 0016) cost a write: assignee rows
added, reassigned and removed, one statement a row as the editor writes them or many rows in
one statement as an import might, and jobs updated (their contribution moves for each
assignee). Each write runs with the triggers, then in the same run with them dropped (0015's
triggers on `jobs` stay), inside a transaction that is rolled back: bare `sqlite3` on the
cached database, so the file is left as it was.

    GOJEE_BENCH_DIR=... .venv/bin/python benchmarks/bench_assignee_triggers.py [--size 100000] [--rows 5000]
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_tables import ensure_database

from gojee_desktop.services.startup import open_app_database
from gojee_desktop.store.assignee_totals import TABLE

#: A write on an open transaction; returns the seconds of its timed part.
Write = Callable[[sqlite3.Connection], float]


def _timed(statement: Callable[[], object]) -> float:
    started = time.perf_counter()
    statement()
    return time.perf_counter() - started


def _writes(connection: sqlite3.Connection, rows: int) -> tuple[int, dict[str, Write]]:
    first, second = (row[0] for row in connection.execute("SELECT id FROM users ORDER BY id LIMIT 2"))
    free = [  # leads the first user is not on yet
        row[0]
        for row in connection.execute(
            "SELECT id FROM jobs WHERE lifecycle = 'lead' AND id NOT IN "
            "(SELECT job_id FROM job_assignees WHERE user_id = ?) ORDER BY id DESC LIMIT ?",
            (first, rows),
        )
    ]
    pairs = [(job, first) for job in free]
    add = "INSERT INTO job_assignees (job_id, user_id) VALUES (?, ?)"
    marks = ",".join("?" * len(free))

    def add_each(c: sqlite3.Connection) -> float:
        return _timed(lambda: c.executemany(add, pairs))

    def add_all(c: sqlite3.Connection) -> float:
        sql = f"INSERT INTO job_assignees (job_id, user_id) SELECT id, ? FROM jobs WHERE id IN ({marks})"
        return _timed(lambda: c.execute(sql, [first, *free]))

    def reassign_each(c: sqlite3.Connection) -> float:
        c.executemany(add, pairs)  # not timed
        sql = "UPDATE OR IGNORE job_assignees SET user_id = ? WHERE job_id = ? AND user_id = ?"
        return _timed(lambda: c.executemany(sql, [(second, job, first) for job in free]))

    def remove_each(c: sqlite3.Connection) -> float:
        c.executemany(add, pairs)  # not timed
        return _timed(
            lambda: c.executemany("DELETE FROM job_assignees WHERE job_id = ? AND user_id = ?", pairs)
        )

    def update_jobs(c: sqlite3.Connection) -> float:
        sql = "UPDATE jobs SET value_minor = value_minor + 1 WHERE id = ?"
        return _timed(lambda: c.executemany(sql, [(job,) for job in free]))

    return len(free), {
        "add, a row a statement": add_each,
        "add, one statement": add_all,
        "reassign, a row a statement": reassign_each,
        "remove, a row a statement": remove_each,
        "job value, a row a statement": update_jobs,
    }


def _time(path: Path, write: Write, drop: bool, repeats: int) -> float:
    """Median seconds of `write`, in a transaction rolled back each time; `drop`: with the
    per-assignee triggers dropped inside it first."""
    times = []
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("PRAGMA foreign_keys = ON")
    for _ in range(repeats):
        connection.execute("BEGIN")
        if drop:
            query = "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE ?"
            for (name,) in connection.execute(query, (f"{TABLE}_%",)).fetchall():
                connection.execute(f"DROP TRIGGER {name}")
        times.append(write(connection))
        connection.execute("ROLLBACK")
    connection.close()
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100000)
    parser.add_argument("--rows", type=int, default=5000)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    path = ensure_database(args.size)
    open_app_database(f"sqlite:///{path}").dispose()  # upgraded to head (0016) first
    probe = sqlite3.connect(path)
    rows, writes = _writes(probe, args.rows)
    probe.close()
    print(f"\n{args.size:,} jobs, {rows:,} rows a write, median of {args.repeats} (µs a row)")
    print(f"  {'write':<30} {'triggers':>9} {'without':>9} {'cost':>9}")
    for name, write in writes.items():
        with_triggers = _time(path, write, False, args.repeats) / rows * 1e6
        without = _time(path, write, True, args.repeats) / rows * 1e6
        print(f"  {name:<30} {with_triggers:9.1f} {without:9.1f} {with_triggers - without:+9.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
