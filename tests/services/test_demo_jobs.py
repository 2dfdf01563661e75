"""Demo jobs assembled in SQL: the same seed gives the same jobs, and the jobs are spread and
linked as a real business's are (funnel stages, lost leads with a reason, labels, assignees,
a history entry each, board order)."""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

from sqlalchemy import func, select

from gojee_desktop.models import Job, JobHistory, Pipeline, Stage, Status, job_assignees, job_labels
from gojee_desktop.services.demo.generate import generate_demo
from gojee_desktop.services.demo.words import LOST_REASONS, WORK
from gojee_desktop.store.database import Database

LOOKS = (
    Job.title,
    Job.value_minor,
    Job.stage_id,
    Job.status_id,
    Job.archived,
    Job.expected_close.is_(None),
    Job.lost_reason,
    Job.site_address,
)


def _looks(db: Database, first_id: int, count: int) -> list[tuple[Any, ...]]:
    with db.sessions() as session:
        return [
            tuple(row)
            for row in session.execute(
                select(*LOOKS).where(Job.id >= first_id, Job.id < first_id + count).order_by(Job.id)
            )
        ]


def test_the_same_seed_gives_the_same_jobs_and_another_seed_other_jobs(db: Database) -> None:
    generate_demo(db, 150, 50, seed=7)
    generate_demo(db, 150, 50, seed=7)
    generate_demo(db, 150, 50, seed=8)
    first, second, third = (_looks(db, start, 200) for start in (1, 201, 401))
    assert len(first) == 200
    assert first == second
    assert first != third


def test_demo_jobs_are_spread_and_linked_as_in_a_real_business(db: Database) -> None:
    generate_demo(db, 2400, 600, seed=11)
    with db.sessions() as session:
        jobs = session.execute(
            select(
                Job.id,
                Job.lifecycle,
                Job.title,
                Job.value_minor,
                Job.stage_id,
                Job.board_position,
                Job.archived,
                Job.archived_at,
                Job.converted_at,
                Job.lost_reason,
                Job.expected_close,
                Job.person_id,
                Status.key,
                Stage.outcome,
            )
            .join(Status, Status.id == Job.status_id)
            .join(Stage, Stage.id == Job.stage_id)
            .order_by(Job.id)
        ).all()
        labels_per_job = Counter(
            dict(
                session.execute(select(job_labels.c.job_id, func.count()).group_by(job_labels.c.job_id)).all()
            )
        )
        assignees = dict(
            session.execute(
                select(job_assignees.c.job_id, func.count()).group_by(job_assignees.c.job_id)
            ).all()
        )
        created = dict(
            session.execute(
                select(JobHistory.job_id, func.count())
                .where(JobHistory.field == "created")
                .group_by(JobHistory.job_id)
            ).all()
        )
        lead_stages = session.scalars(
            select(Stage.id).join(Pipeline).where(Pipeline.key == "leads").order_by(Stage.position)
        ).all()
    assert len(jobs) == 3000  # every job has a status and a stage
    assert Counter(job.lifecycle for job in jobs) == {"lead": 2400, "customer_job": 600}
    ranges = {title: (low, high) for title, low, high in WORK}
    for job in jobs:
        low, high = ranges[job.title.rsplit(" - ", 1)[0]]
        assert low * 100 <= job.value_minor <= high * 100 + 50
        # Lost at whatever stage the lead had reached: the lost status, always with a reason.
        assert (job.key == "lost") == (job.lost_reason != "")
        assert job.outcome != "lost" or job.key == "lost"
        assert job.lost_reason in ("", *LOST_REASONS)
        assert (job.archived_at is not None) == job.archived
        assert (job.converted_at is not None) == (job.lifecycle == "customer_job")
        assert job.person_id is not None
    archived = sum(job.archived for job in jobs)
    assert 30 <= archived <= 180  # about 3 %
    unset_close = sum(job.expected_close is None for job in jobs)
    assert 300 <= unset_close <= 650  # about 15 %
    # A funnel: the first stage of each pipeline holds more jobs than its last.
    per_stage = Counter(job.stage_id for job in jobs)
    assert per_stage[lead_stages[0]] > per_stage[lead_stages[-1]] * 2
    # Labels: many jobs unlabelled, many with one, a few with two.
    spread = Counter(labels_per_job.get(job.id, 0) for job in jobs)
    assert spread[0] > 600 and spread[1] > 600 and 50 < spread[2] < spread[1]
    assert set(labels_per_job.values()) <= {1, 2}
    assert all(assignees.get(job.id) == 1 for job in jobs)
    assert all(created.get(job.id) == 1 for job in jobs)
    # Board order: within each stage, positions are distinct and follow the job numbers.
    positions: dict[int, list[float]] = defaultdict(list)
    for job in jobs:
        positions[job.stage_id].append(job.board_position)
    for column in positions.values():
        assert column == sorted(column) and len(set(column)) == len(column)


def test_a_second_load_goes_after_the_first_on_the_board(db: Database) -> None:
    generate_demo(db, 100, 0, seed=1)
    with db.sessions() as session:
        last_before = session.scalar(select(func.max(Job.board_position)))
    generate_demo(db, 100, 0, seed=2)
    with db.sessions() as session:
        firsts = session.execute(
            select(func.min(Job.board_position), func.min(Job.id)).where(Job.id > 100)
        ).one()
    assert firsts[0] > last_before
    assert firsts[1] == 101
