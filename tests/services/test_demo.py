"""Demo data written by the bulk path must look exactly like data written through the services."""

from __future__ import annotations

import sqlite3

from sqlalchemy import select

from gojee_desktop.models import Job
from gojee_desktop.services.demo.generate import STEP_INDEXES, STEP_JOBS, DemoProgress, generate_demo
from gojee_desktop.services.job_query import JobQuery, count_jobs, list_jobs
from gojee_desktop.services.search_text import refresh_search_text
from gojee_desktop.store.database import Database


def test_bulk_search_text_and_sort_key_equal_what_the_services_compute(db: Database) -> None:
    generate_demo(db, 400, 100, seed=3)
    with db.sessions() as session:
        jobs = session.scalars(select(Job).order_by(Job.id)).all()
        assert len(jobs) == 500
        stored = {job.id: (job.search_text, job.customer_sort) for job in jobs}
        assert all(key for _text, key in stored.values())  # every demo job has a customer
        for job in jobs:
            refresh_search_text(session, job)
        recomputed = {job.id: (job.search_text, job.customer_sort) for job in jobs}
        session.rollback()
    assert stored == recomputed


def test_demo_jobs_are_found_by_customer_and_number(db: Database) -> None:
    generate_demo(db, 300, 0, seed=5)
    first = list_jobs(db.sessions, JobQuery(lifecycle="lead", archived=None), limit=1).rows[0]
    by_number = list_jobs(db.sessions, JobQuery(lifecycle="lead", archived=None, text=first.number), limit=5)
    assert [row.id for row in by_number.rows] == [first.id]
    assert first.customer
    surname = first.customer.split()[-1]
    found = count_jobs(db.sessions, JobQuery(lifecycle="lead", archived=None, text=surname))
    assert 1 <= found < 300


def test_bulk_load_puts_the_connection_settings_back(sqlite_db: Database) -> None:
    settings = ("cache_size", "foreign_keys", "journal_mode", "temp_store", "threads", "temp.cache_size")

    def read() -> list[object]:
        with sqlite_db.engine.connect() as connection:
            return [connection.exec_driver_sql(f"PRAGMA {name}").scalar() for name in settings]

    before = read()
    assert before[1:4] == [1, "wal", 2]  # foreign keys on, WAL, temporary tables in memory
    generate_demo(sqlite_db, 6000, 0, seed=1)  # over the bulk threshold
    assert read() == before  # the pooled connection the load used, as the app expects it
    assert count_jobs(sqlite_db.sessions, JobQuery(lifecycle="lead", archived=None)) == 6000


def test_bulk_load_leaves_the_file_in_wal_mode(sqlite_db: Database) -> None:
    generate_demo(sqlite_db, 6000, 0, seed=1)
    sqlite_db.dispose()
    with sqlite3.connect(sqlite_db.engine.url.database or "") as raw:
        assert raw.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    assert count_jobs(sqlite_db.sessions, JobQuery(lifecycle="lead", archived=None)) == 6000


def test_bulk_load_beside_another_open_connection_still_loads(sqlite_db: Database) -> None:
    with sqlite_db.engine.connect() as other:
        other.exec_driver_sql("SELECT count(*) FROM jobs").scalar()
        generate_demo(sqlite_db, 6000, 0, seed=1)  # cannot leave WAL mode: loads in it
        assert other.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    assert count_jobs(sqlite_db.sessions, JobQuery(lifecycle="lead", archived=None)) == 6000


def test_a_bulk_load_reports_its_steps_in_order(sqlite_db: Database) -> None:
    heard: list[DemoProgress] = []
    generate_demo(sqlite_db, 6000, 500, seed=2, progress=heard.append)
    steps = [state.step for state in heard]
    assert steps[0] == STEP_JOBS and steps[-1] == STEP_INDEXES
    assert steps.index(STEP_INDEXES) > max(i for i, step in enumerate(steps) if step == STEP_JOBS)
    jobs_done = [state.done for state in heard if state.step == STEP_JOBS]
    assert jobs_done == sorted(jobs_done) and jobs_done[0] == 0 and jobs_done[-1] == 6500
    last = heard[-1]
    assert last.done == last.total > 10  # every index and the full-text index
