"""SIGKILL at random moments, many times, while a process applies a stream of edits through
the services (a new job, its BOM lines, a quote, a kanban move): afterwards the file passes
`integrity_check`, every change the process reported committed is there, and no change is
half there (a move without its history entry, a quote missing lines, part of a BOM batch).

The editing process is forked from the test process (already imported: a start costs
milliseconds, so 60 kills fit in seconds of editing) and opens its own engine."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import time
from decimal import Decimal

import pytest

from gojee_desktop.services import bom, jobs, pipelines, quotes
from gojee_desktop.services.bom_lines import LineData
from gojee_desktop.services.jobs import NewJob
from gojee_desktop.store.database import Database, open_database, sqlite_file

KILLS = 60
LINES_PER_JOB = 3


def _edit_forever(url: str, base: int, report: int) -> None:
    """The child: apply the stream of edits, writing one line per committed change."""
    database = open_database(url, migrate=False)
    stage = pipelines.list_stages(database.sessions, "leads")[1]  # new leads start in the first
    os.write(report, f"ready {stage.id} {stage.name}\n".encode())
    n = base
    while True:
        n += 1
        job = jobs.create_lead(database.sessions, NewJob(title=f"crash-{n}"))
        os.write(report, f"job {job.id} crash-{n}\n".encode())
        lines = [
            LineData(description=f"line-{n}-{k}", quantity=Decimal(k + 1), unit_cost=Decimal("12.50"))
            for k in range(LINES_PER_JOB)
        ]
        bom.add_lines(database.sessions, job.id, lines)
        os.write(report, f"bom {job.id}\n".encode())
        quote = quotes.create_quote(database.sessions, job.id)
        os.write(report, f"quote {job.id} {quote.number}\n".encode())
        jobs.move_jobs(database.sessions, [job.id], stage.id)
        os.write(report, f"move {job.id} {stage.id}\n".encode())


def _run_and_kill(url: str, base: int, rng: random.Random) -> list[list[str]]:
    """Fork an editing child, SIGKILL it at a random moment after it is ready, and return
    the report lines it completed."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read_end)
        try:
            _edit_forever(url, base, write_end)
        except BaseException as exc:  # reported to the parent, which fails
            os.write(write_end, f"error {type(exc).__name__}: {exc}\n".encode())
        finally:
            os._exit(1)
    os.close(write_end)
    os.set_blocking(read_end, False)
    buffer = b""
    kill_at: float | None = None
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            chunk: bytes | None = os.read(read_end, 65536)
        except BlockingIOError:
            chunk = None
        if chunk:
            buffer += chunk
        elif chunk == b"":
            break  # the child ended by itself: it should not
        if kill_at is None and b"ready" in buffer:
            kill_at = time.monotonic() + rng.uniform(0.02, 0.6)
        if kill_at is not None and time.monotonic() >= kill_at:
            os.kill(pid, signal.SIGKILL)
            break
        time.sleep(0.002)
    os.waitpid(pid, 0)
    os.set_blocking(read_end, True)
    while chunk := os.read(read_end, 65536):
        buffer += chunk
    os.close(read_end)
    complete = buffer.decode().split("\n")[:-1]  # a line cut by the kill is not a report
    return [line.split(" ") for line in complete]


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_sigkill_during_edits_loses_nothing_committed_and_leaves_nothing_half_done(sqlite_db: Database):
    path = sqlite_file(sqlite_db.url)
    assert path is not None
    sqlite_db.dispose()
    rng = random.Random(20261206)
    reported: dict[str, set[tuple[str, ...]]] = {"job": set(), "bom": set(), "quote": set(), "move": set()}
    stage_id, stage_name = 0, ""
    for kill in range(KILLS):
        for fields in _run_and_kill(sqlite_db.url, kill * 1_000_000, rng):
            assert fields[0] != "error", " ".join(fields)
            if fields[0] == "ready":
                stage_id, stage_name = int(fields[1]), " ".join(fields[2:])
            else:
                reported[fields[0]].add(tuple(fields[1:]))
        check = sqlite3.connect(path)
        assert check.execute("PRAGMA integrity_check").fetchone()[0] == "ok", f"after kill {kill + 1}"
        check.close()

    connection = sqlite3.connect(path)
    try:
        titles = dict(connection.execute("SELECT id, title FROM jobs WHERE title LIKE 'crash-%'").fetchall())
        stage_of = dict(connection.execute("SELECT id, stage_id FROM jobs").fetchall())
        lines = dict(
            connection.execute(
                "SELECT s.job_id, count(l.id) FROM bom_sections s JOIN bom_lines l ON l.section_id = s.id "
                "GROUP BY s.job_id"
            ).fetchall()
        )
        quote_lines = {
            (job_id, number): count
            for job_id, number, count in connection.execute(
                "SELECT q.job_id, q.number, count(l.id) FROM quotes q LEFT JOIN quote_lines l "
                "ON l.quote_id = q.id GROUP BY q.id"
            )
        }
        moved_in_history = {
            job_id
            for (job_id,) in connection.execute(
                "SELECT job_id FROM job_history WHERE field = 'stage' AND new_value = ?", (stage_name,)
            )
        }
        quote_history = {
            job_id for (job_id,) in connection.execute("SELECT job_id FROM job_history WHERE field = 'quote'")
        }
    finally:
        connection.close()

    changes = sum(len(v) for v in reported.values())
    # Enough happened for the test to mean something.
    assert len(reported["move"]) >= KILLS // 4 and changes >= KILLS
    # Every change reported committed is there.
    for job_id, title in reported["job"]:
        assert titles[int(job_id)] == title
    for (job_id,) in reported["bom"]:
        assert lines.get(int(job_id)) == LINES_PER_JOB
    for job_id, number in reported["quote"]:
        assert quote_lines[(int(job_id), number)] == LINES_PER_JOB
    for job_id, moved_to in reported["move"]:
        assert stage_of[int(job_id)] == int(moved_to)
    # Nothing is half there: a BOM batch all or nothing, a quote with all its lines and its
    # history entry, a move with its history entry.
    assert all(lines.get(job_id, 0) in (0, LINES_PER_JOB) for job_id in titles)
    assert all(count == LINES_PER_JOB for count in quote_lines.values())
    assert {job_id for job_id, _number in quote_lines} <= quote_history
    assert {job_id for job_id in titles if stage_of[job_id] == stage_id} <= moved_in_history
    print(
        f"\n{KILLS} SIGKILLs: {len(titles)} jobs, {changes} committed changes reported, all "
        "present, none half-applied; integrity ok after each kill"
    )
