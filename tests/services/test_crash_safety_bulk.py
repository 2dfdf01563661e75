"""SIGKILL during `gojee demo` and during `gojee import`: the file is sound afterwards and
holds all or none of that operation (its schema and indexes intact)."""

from __future__ import annotations

import csv
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from gojee_desktop.store.database import Database, sqlite_file

RUNS = 3
LEADS, JOBS = 3000, 500
IMPORTED = 1500


def _state(path: Path) -> tuple[str, int, int, list[str]]:
    connection = sqlite3.connect(path)
    try:
        integrity = str(connection.execute("PRAGMA integrity_check").fetchone()[0])
        jobs = int(connection.execute("SELECT count(*) FROM jobs").fetchone()[0])
        people = int(connection.execute("SELECT count(*) FROM persons").fetchone()[0])
        schema = sorted(
            str(row[0])
            for row in connection.execute(
                "SELECT name FROM sqlite_master WHERE type IN ('table', 'index') AND name NOT LIKE 'sqlite%'"
            )
        )
    finally:
        connection.close()
    return integrity, jobs, people, schema


def _run_and_kill(args: list[str], after: float | None, data_dir: Path) -> bool:
    """Run `gojee ARGS`, SIGKILL it `after` seconds in (None: let it finish); True when it
    was killed mid-way."""
    env = {**os.environ, "GOJEE_DATA_DIR": str(data_dir)}
    process = subprocess.Popen(
        [sys.executable, "-m", "gojee_desktop.cli", *args],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    if after is None:
        process.wait(timeout=300)
    else:
        time.sleep(after)
    killed = process.poll() is None
    if killed:
        os.kill(process.pid, signal.SIGKILL)
    process.wait()
    return killed


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_sigkill_during_demo_leaves_all_or_nothing(sqlite_db: Database, _isolated_data_dir: Path):
    path = sqlite_file(sqlite_db.url)
    assert path is not None
    sqlite_db.dispose()
    rng = random.Random(6)
    killed_mid_way = 0
    for run in range(RUNS + 1):
        _integrity, jobs, people, schema = _state(path)
        args = ["--database", sqlite_db.url, "demo", "--leads", str(LEADS), "--jobs", str(JOBS), "--quiet"]
        after = rng.uniform(1.0, 5.0) if run < RUNS else None  # the last run completes
        killed = _run_and_kill([*args, "--seed", str(run)], after, _isolated_data_dir)
        integrity, jobs_after, people_after, schema_after = _state(path)
        assert integrity == "ok", f"run {run + 1}"
        assert schema_after == schema
        added = (jobs_after - jobs, people_after > people)
        assert added in ((0, False), (LEADS + JOBS, True))  # all of it (customers too) or none
        killed_mid_way += killed and jobs_after == jobs
    assert not killed and added == (LEADS + JOBS, True)
    print(f"\ndemo: {RUNS} runs, {killed_mid_way} killed before their commit; file sound each time")


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_sigkill_during_import_leaves_all_or_nothing(
    sqlite_db: Database, _isolated_data_dir: Path, tmp_path: Path
):
    path = sqlite_file(sqlite_db.url)
    assert path is not None
    sqlite_db.dispose()
    rng = random.Random(12)
    killed_mid_way = 0
    for run in range(RUNS + 1):
        table = tmp_path / f"leads-{run}.csv"
        with table.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(["Title", "Value", "Name", "Email"])
            for n in range(IMPORTED):
                writer.writerow(
                    [f"Imported job {run}-{n}", f"{n}.50", f"Person {run} {n}", f"p{run}x{n}@example.com"]
                )
        _integrity, jobs, _people, schema = _state(path)
        args = ["--database", sqlite_db.url, "import", "--what", "leads", str(table)]
        after = rng.uniform(1.0, 4.0) if run < RUNS else None  # the last run completes
        killed = _run_and_kill(args, after, _isolated_data_dir)
        integrity, jobs_after, _people_after, schema_after = _state(path)
        assert integrity == "ok", f"run {run + 1}"
        assert schema_after == schema
        assert jobs_after - jobs in (0, IMPORTED)
        killed_mid_way += killed and jobs_after == jobs
    assert not killed and jobs_after - jobs == IMPORTED
    print(f"\nimport: {RUNS} runs, {killed_mid_way} killed before their commit; file sound each time")
