"""The dashboard's running totals stay equal to a fresh GROUP BY over the jobs whatever
writes them: services (create, edit, stage moves, conversion, archive, delete), raw SQL
updates and deletes, and refused actions that roll back; on SQLite and PostgreSQL."""

from __future__ import annotations

import random
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import delete, select, text, update

from gojee_desktop.models import Job
from gojee_desktop.services import catalog, conversion, jobs, pipelines
from gojee_desktop.services.errors import GojeeError
from gojee_desktop.services.jobs import NewJob
from gojee_desktop.store import report_totals
from gojee_desktop.store.database import Database


def _normal(row: Any) -> tuple[Any, ...]:
    return tuple(int(v) if isinstance(v, bool | Decimal) else v for v in row)


def _assert_totals_exact(db: Database) -> None:
    dialect = db.engine.dialect.name
    with db.engine.connect() as connection:
        for table in report_totals.TABLES:
            kept = Counter(_normal(r) for r in connection.execute(text(f"SELECT * FROM {table}")))
            fresh = Counter(
                _normal(r) for r in connection.exec_driver_sql(report_totals.fresh_totals_sql(table, dialect))
            )
            assert kept == fresh, table


def _instant(rng: random.Random) -> datetime:
    start = datetime(2025, 11, 20, tzinfo=UTC)
    return start + timedelta(seconds=rng.randrange(0, 200 * 86400))


def test_random_writes_keep_the_totals_equal_to_a_fresh_group_by(db: Database) -> None:
    rng = random.Random(13)
    lead_stages = [s.id for s in pipelines.list_stages(db.sessions, "leads")]
    job_stages = [s.id for s in pipelines.list_stages(db.sessions, "jobs")]
    sources = [s.id for s in catalog.list_items(db.sessions, "source_channel")]
    statuses = [s.id for s in catalog.list_statuses(db.sessions)]
    reasons = ["", "Too expensive", "  Went elsewhere ", "No reply"]
    ids: list[int] = []
    _assert_totals_exact(db)  # the seeded database: nothing yet
    for step in range(120):
        action = rng.choice(["lead", "lead", "job", "edit", "move", "convert", "archive", "raw", "delete"])
        target = rng.choice(ids) if ids else None
        try:
            if action in ("lead", "job") or target is None:
                data = NewJob(
                    title=f"Job {step}",
                    value=Decimal(rng.randrange(0, 500000)) / 100,
                    currency=rng.choice(["AUD", "AUD", "NZD"]),
                    source_channel_id=rng.choice([None, *sources]),
                    expected_close=rng.choice([None, date(2026, rng.randrange(1, 13), rng.randrange(1, 28))]),
                )
                create = jobs.create_lead if action != "job" else jobs.create_customer_job
                ids.append(create(db.sessions, data).summary.id)
            elif action == "edit":
                changes = rng.choice(
                    [
                        {"value": Decimal(rng.randrange(0, 99999)) / 100},
                        {"currency": "NZD"},
                        {"status_id": rng.choice(statuses)},
                        {"source_channel_id": rng.choice([None, *sources])},
                        {"expected_close": date(2026, rng.randrange(1, 13), 15)},
                        {"lost_reason": rng.choice(reasons)},
                    ]
                )
                jobs.update_job(db.sessions, target, changes)
            elif action == "move":
                stage = rng.choice(lead_stages + job_stages)
                jobs.move_to_stage(db.sessions, target, stage, lost_reason=rng.choice(reasons) or None)
            elif action == "convert":
                conversion.convert_lead(db.sessions, target)
            elif action == "archive":
                (jobs.archive_job if rng.random() < 0.7 else jobs.restore_job)(db.sessions, target)
            elif action == "raw":  # bypasses the services: dates moved as an import might
                created = _instant(rng)
                converted = created + timedelta(hours=rng.randrange(1, 2000))
                with db.sessions() as session, session.begin():
                    session.execute(
                        update(Job)
                        .where(Job.id == target)
                        .values(created_at=created, converted_at=rng.choice([None, converted, created]))
                    )
            else:
                jobs.delete_job(db.sessions, target)
                ids.remove(target)
        except GojeeError:
            pass  # refused: rolled back, the totals too
        if step % 10 == 0:
            _assert_totals_exact(db)
    _assert_totals_exact(db)
    with db.sessions() as session, session.begin():  # several rows in one statement
        session.execute(
            update(Job).where(Job.id.in_(ids[::2])).values(archived=True, value_minor=Job.value_minor + 7)
        )
        session.execute(delete(Job).where(Job.id.in_(ids[1::3])))
    _assert_totals_exact(db)
    with db.sessions() as session:
        assert session.scalar(select(text("count(*)")).select_from(Job)) > 0


def test_a_rolled_back_write_leaves_the_totals_as_they_were(db: Database) -> None:
    jobs.create_lead(db.sessions, NewJob(title="Kept", value=Decimal("10")))
    before = _totals(db)
    with db.sessions() as session:
        session.begin()
        session.execute(update(Job).values(value_minor=Job.value_minor + 100, lifecycle="customer_job"))
        session.rollback()
    assert _totals(db) == before
    _assert_totals_exact(db)


def _totals(db: Database) -> dict[str, Counter[tuple[Any, ...]]]:
    with db.engine.connect() as connection:
        return {
            t: Counter(_normal(r) for r in connection.execute(text(f"SELECT * FROM {t}")))
            for t in report_totals.TABLES
        }
