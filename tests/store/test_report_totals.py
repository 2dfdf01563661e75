"""The dashboard's running totals stay equal to a fresh GROUP BY over the jobs (and, per
assignee, over the jobs and their assignees) whatever writes them: services (create, edit,
stage moves, conversion, archive, delete, assign), raw SQL updates and deletes, assignee rows
added, removed and reassigned in bulk, cascades from deleted jobs and users, and refused
actions that roll back; on SQLite and PostgreSQL."""

from __future__ import annotations

import random
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import delete, func, insert, literal, select, text, update

from gojee_desktop.models import Job, User, job_assignees
from gojee_desktop.services import catalog, conversion, jobs, pipelines
from gojee_desktop.services.errors import GojeeError
from gojee_desktop.services.jobs import NewJob
from gojee_desktop.store import assignee_totals, report_totals
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
        for spec in assignee_totals.SPECS:  # per month and per day
            kept = Counter(_normal(r) for r in connection.execute(text(f"SELECT * FROM {spec.table}")))
            fresh = Counter(
                _normal(r)
                for r in connection.exec_driver_sql(assignee_totals.fresh_totals_sql(dialect, spec))
            )
            assert kept == fresh, spec.table


def _instant(rng: random.Random) -> datetime:
    start = datetime(2025, 11, 20, tzinfo=UTC)
    return start + timedelta(seconds=rng.randrange(0, 200 * 86400))


def _raw_assignees(db: Database, rng: random.Random, ids: list[int], users: list[int]) -> None:
    """Assignee rows written in bulk SQL, several rows a statement, as an import might:
    added, removed, reassigned (one user's rows handed to another), or a whole job's
    assignees replaced."""
    some = rng.sample(ids, min(len(ids), rng.randrange(1, 6)))
    user, other = rng.sample(users, 2)
    with db.sessions() as session, session.begin():
        kind = rng.choice(["add", "remove", "reassign", "replace"])
        if kind == "add":
            taken = set(
                session.scalars(select(job_assignees.c.job_id).where(job_assignees.c.user_id == user))
            )
            fresh = [j for j in some if j not in taken]
            if fresh:
                session.execute(
                    insert(job_assignees).from_select(
                        ["job_id", "user_id"], select(Job.id, literal(user)).where(Job.id.in_(fresh))
                    )
                )
        elif kind == "remove":
            session.execute(
                delete(job_assignees).where(job_assignees.c.job_id.in_(some), job_assignees.c.user_id == user)
            )
        elif kind == "reassign":
            taken = select(job_assignees.c.job_id).where(job_assignees.c.user_id == other).scalar_subquery()
            session.execute(
                update(job_assignees)
                .where(job_assignees.c.user_id == user, job_assignees.c.job_id.not_in(taken))
                .values(user_id=other)
            )
        else:  # one job's assignees all replaced in one statement each way
            session.execute(delete(job_assignees).where(job_assignees.c.job_id == some[0]))
            chosen = rng.sample(users, rng.randrange(0, 3))
            if chosen:
                session.execute(
                    insert(job_assignees).from_select(
                        ["job_id", "user_id"],
                        select(literal(some[0]), User.id).where(User.id.in_(chosen)),
                    )
                )


def test_random_writes_keep_the_totals_equal_to_a_fresh_group_by(db: Database) -> None:
    rng = random.Random(13)
    lead_stages = [s.id for s in pipelines.list_stages(db.sessions, "leads")]
    job_stages = [s.id for s in pipelines.list_stages(db.sessions, "jobs")]
    sources = [s.id for s in catalog.list_items(db.sessions, "source_channel")]
    statuses = [s.id for s in catalog.list_statuses(db.sessions)]
    for name in ("Ana", "Bo", "Cy"):
        catalog.add_item(db.sessions, "user", name)
    users = [u.id for u in catalog.list_items(db.sessions, "user")]
    reasons = ["", "Too expensive", "  Went elsewhere ", "No reply"]
    ids: list[int] = []
    _assert_totals_exact(db)  # the seeded database: nothing yet
    actions = ["lead", "lead", "job", "edit", "move", "convert", "archive", "raw", "delete"]
    actions += ["assign", "assign", "raw assignees", "raw assignees", "drop user"]
    for step in range(120):
        action = rng.choice(actions)
        target = rng.choice(ids) if ids else None
        try:
            if action in ("lead", "job") or target is None:
                data = NewJob(
                    title=f"Job {step}",
                    value=Decimal(rng.randrange(0, 500000)) / 100,
                    currency=rng.choice(["AUD", "AUD", "NZD"]),
                    source_channel_id=rng.choice([None, *sources]),
                    expected_close=rng.choice([None, date(2026, rng.randrange(1, 13), rng.randrange(1, 28))]),
                    assignee_ids=rng.sample(users, rng.choice([0, 0, 1, 2])),
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
            elif action == "assign":  # the editor: the ORM replaces the job's assignee rows
                chosen = rng.sample(users, rng.randrange(0, min(3, len(users)) + 1))
                jobs.update_job(db.sessions, target, {"assignee_ids": chosen})
            elif action == "raw assignees":
                _raw_assignees(db, rng, ids, users)
            elif action == "drop user":  # deleting a user cascades to its assignee rows
                user = catalog.add_item(db.sessions, "user", f"Temp {step}").id
                with db.sessions() as session, session.begin():
                    session.execute(
                        insert(job_assignees).from_select(
                            ["job_id", "user_id"],
                            select(Job.id, literal(user)).where(
                                Job.id.in_(rng.sample(ids, min(4, len(ids))))
                            ),
                        )
                    )
                _assert_totals_exact(db)
                with db.sessions() as session, session.begin():
                    session.execute(delete(User).where(User.id == user))
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
            elif rng.random() < 0.5:
                jobs.delete_job(db.sessions, target)  # the ORM deletes the assignee rows first
                ids.remove(target)
            else:
                with db.sessions() as session, session.begin():  # the assignee rows cascade
                    session.execute(delete(Job).where(Job.id == target))
                ids.remove(target)
        except GojeeError:
            pass  # refused: rolled back, the totals too
        if step % 10 == 0:
            _assert_totals_exact(db)
    _assert_totals_exact(db)
    doomed = ids[1::3]
    with db.sessions() as session, session.begin():  # the leads deleted below all have an assignee
        session.execute(
            insert(job_assignees).from_select(
                ["job_id", "user_id"],
                select(Job.id, literal(users[0])).where(
                    Job.id.in_(doomed),
                    Job.lifecycle == "lead",
                    ~Job.id.in_(select(job_assignees.c.job_id)),
                ),
            )
        )
    with db.sessions() as session:
        several = session.scalar(
            select(func.count()).select_from(
                select(job_assignees.c.job_id)
                .group_by(job_assignees.c.job_id)
                .having(func.count() > 1)
                .subquery()
            )
        )
        cascaded = session.scalar(
            select(func.count())
            .select_from(job_assignees)
            .join(Job, Job.id == job_assignees.c.job_id)
            .where(Job.id.in_(doomed), Job.lifecycle == "lead")
        )
    assert several, "the writes left jobs with several assignees"
    assert cascaded, "leads deleted in bulk below have assignee rows, which cascade"
    _assert_totals_exact(db)
    newcomer = catalog.add_item(db.sessions, "user", "Dee").id
    with db.sessions() as session, session.begin():  # every row of one user handed to another
        moved = session.execute(
            update(job_assignees).where(job_assignees.c.user_id == users[0]).values(user_id=newcomer)
        ).rowcount
    _assert_totals_exact(db)
    unassigned = [j for j in ids if j not in set(_assigned(db))]
    with db.sessions() as session, session.begin():  # an assignee row moved to another job
        row = session.execute(select(job_assignees).limit(1)).one()
        session.execute(
            update(job_assignees)
            .where(job_assignees.c.job_id == row.job_id, job_assignees.c.user_id == row.user_id)
            .values(job_id=unassigned[0])
        )
    assert moved > 1
    _assert_totals_exact(db)
    with db.sessions() as session, session.begin():  # several rows in one statement
        session.execute(
            update(Job).where(Job.id.in_(ids[::2])).values(archived=True, value_minor=Job.value_minor + 7)
        )
        session.execute(delete(Job).where(Job.id.in_(doomed)))  # their assignee rows cascade
        session.execute(
            update(Job)
            .where(Job.id.in_(ids[::3]))
            .values(created_at=datetime(2026, 5, 1, tzinfo=UTC), converted_at=None, currency="NZD")
        )
    _assert_totals_exact(db)
    with db.sessions() as session:
        assert session.scalar(select(text("count(*)")).select_from(Job)) > 0


def _assigned(db: Database) -> list[int]:
    with db.sessions() as session:
        return list(session.scalars(select(job_assignees.c.job_id).distinct()))


def test_a_rolled_back_write_leaves_the_totals_as_they_were(db: Database) -> None:
    kept = jobs.create_lead(db.sessions, NewJob(title="Kept", value=Decimal("10"))).summary.id
    user = catalog.add_item(db.sessions, "user", "Ana").id
    before = _totals(db)
    assert before[assignee_totals.TABLE], "the lead counts as unassigned"
    with db.sessions() as session:
        session.begin()
        session.execute(insert(job_assignees).values(job_id=kept, user_id=user))
        session.execute(update(Job).values(value_minor=Job.value_minor + 100, lifecycle="customer_job"))
        session.rollback()
    assert _totals(db) == before
    _assert_totals_exact(db)


def _totals(db: Database) -> dict[str, Counter[tuple[Any, ...]]]:
    with db.engine.connect() as connection:
        return {
            t: Counter(_normal(r) for r in connection.execute(text(f"SELECT * FROM {t}")))
            for t in (*report_totals.TABLES, *(spec.table for spec in assignee_totals.SPECS))
        }
