"""Kanban moves carry the version the board showed: a move made on a stale board is refused
(saying who changed what), nothing of it is written, and a move made knowingly over the other
change is recorded in the history. On SQLite and PostgreSQL; on PostgreSQL also two clients
(two Database objects) racing moves of the same cards."""

from __future__ import annotations

import threading
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from gojee_desktop.models import Job, JobHistory
from gojee_desktop.services import board, catalog, jobs, pipelines
from gojee_desktop.services.errors import StaleJob, StaleRecord
from gojee_desktop.services.jobs import NewJob
from gojee_desktop.store.database import Database, open_database


def _history_count(db: Database, job_id: int) -> int:
    with db.sessions() as session:
        return int(session.scalar(select(func.count(JobHistory.id)).where(JobHistory.job_id == job_id)) or 0)


def test_a_move_based_on_an_old_version_is_refused_naming_who_and_what(db):
    stages = pipelines.list_stages(db.sessions, "leads")
    alex = catalog.add_item(db.sessions, "user", "Alex Turner")
    job = jobs.create_lead(db.sessions, NewJob(title="Deck", value=Decimal(10)))
    seen = jobs.get_summaries(db.sessions, [job.id])[0]
    jobs.move_to_stage(db.sessions, job.id, stages[2].id, actor_id=alex.id)  # the other user
    entries = _history_count(db, job.id)
    with pytest.raises(StaleJob) as refused:
        jobs.move_jobs(db.sessions, [job.id], stages[1].id, expected_versions={job.id: seen.version})
    error = refused.value
    assert isinstance(error, StaleRecord)  # callers catching the old error still do
    assert error.job_id == job.id and error.actor == "Alex Turner" and error.fields == ("stage",)
    assert "changed by someone else" in str(error) and "Alex Turner changed stage" in str(error)
    assert "The move was not made." in str(error)
    after = jobs.get_job(db.sessions, job.id)
    assert after.summary.stage_id == stages[2].id  # theirs stands
    assert _history_count(db, job.id) == entries  # nothing written


def test_one_stale_card_refuses_the_whole_move(db):
    stages = pipelines.list_stages(db.sessions, "leads")
    a, b = (jobs.create_lead(db.sessions, NewJob(title=t)) for t in ("A", "B"))
    jobs.update_job(db.sessions, b.id, {"title": "B changed"})
    with pytest.raises(StaleJob) as refused:
        jobs.move_jobs(
            db.sessions, [a.id, b.id], stages[1].id, expected_versions={a.id: a.version, b.id: b.version}
        )
    assert refused.value.job_id == b.id and refused.value.fields == ("title",)
    for summary in jobs.get_summaries(db.sessions, [a.id, b.id]):
        assert summary.stage_id == stages[0].id  # A did not move either


def test_moving_anyway_over_their_change_is_recorded_and_can_be_put_back(db):
    stages = pipelines.list_stages(db.sessions, "leads")
    alex = catalog.add_item(db.sessions, "user", "Alex Turner")
    job = jobs.create_lead(db.sessions, NewJob(title="Fence"))
    jobs.move_to_stage(db.sessions, job.id, stages[2].id, actor_id=alex.id)
    fresh = jobs.get_job(db.sessions, job.id)  # what the conflict dialog showed
    places = board.remember_places(db.sessions, [job.id], {})
    jobs.move_jobs(
        db.sessions, [job.id], stages[1].id, expected_versions={job.id: fresh.version}, overwrites=[job.id]
    )
    after = jobs.get_job(db.sessions, job.id)
    assert after.summary.stage_id == stages[1].id and after.version == fresh.version + 1
    overwrite = [h for h in after.history if h.field == "move over a change"]
    assert len(overwrite) == 1
    assert overwrite[0].old_value == "Alex Turner changed stage" and overwrite[0].new_value == "moved anyway"
    board.put_back(db.sessions, places)  # Undo
    assert jobs.get_job(db.sessions, job.id).summary.stage_id == stages[2].id


def test_moving_anyway_is_refused_again_when_a_third_change_came_meanwhile(db):
    stages = pipelines.list_stages(db.sessions, "leads")
    job = jobs.create_lead(db.sessions, NewJob(title="Roof"))
    jobs.update_job(db.sessions, job.id, {"title": "Roof (theirs)"})
    shown = jobs.get_job(db.sessions, job.id)
    jobs.update_job(db.sessions, job.id, {"title": "Roof (third)"})
    with pytest.raises(StaleJob):
        jobs.move_jobs(
            db.sessions,
            [job.id],
            stages[1].id,
            expected_versions={job.id: shown.version},
            overwrites=[job.id],
        )
    after = jobs.get_job(db.sessions, job.id)
    assert after.summary.stage_id == stages[0].id
    assert not [h for h in after.history if h.field == "move over a change"]


def test_a_move_without_a_version_reads_the_current_one(db):
    """The headless paths (undo, stage deletion) move without a version: they never refuse."""
    stages = pipelines.list_stages(db.sessions, "leads")
    job = jobs.create_lead(db.sessions, NewJob(title="Gate"))
    jobs.update_job(db.sessions, job.id, {"title": "Gate 2"})
    moved = jobs.move_to_stage(db.sessions, job.id, stages[1].id)
    assert moved.stage_id == stages[1].id


def _race_round(
    url: str, job_id: int, version: int, stage_id: int, results: list, barrier: threading.Barrier
):
    database = open_database(url, migrate=False)
    try:
        barrier.wait(timeout=30)
        try:
            jobs.move_jobs(database.sessions, [job_id], stage_id, expected_versions={job_id: version})
            results.append(("moved", stage_id))
        except StaleJob as error:
            results.append(("refused", str(error)))
    except BaseException as exc:  # reported to the test
        results.append(("failed", repr(exc)))
    finally:
        database.dispose()


ROUNDS = 40


@pytest.mark.postgres
def test_two_clients_racing_a_move_one_wins_the_other_is_refused_whole(db: Database):
    if db.dialect != "postgresql":
        pytest.skip("team mode is PostgreSQL; a file has one writer at a time")
    stages = pipelines.list_stages(db.sessions, "leads")
    job = jobs.create_lead(db.sessions, NewJob(title="Contested card"))
    refused = 0
    for _round in range(ROUNDS):
        seen = jobs.get_job(db.sessions, job.id)  # both boards show this version
        entries = _history_count(db, job.id)
        targets = [s.id for s in stages if s.id != seen.summary.stage_id and s.outcome is None][:2]
        results: list = []
        barrier = threading.Barrier(2)
        threads = [
            threading.Thread(
                target=_race_round, args=(db.url, job.id, seen.version, target, results, barrier)
            )
            for target in targets
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        outcomes = sorted(kind for kind, _ in results)
        assert outcomes == ["moved", "refused"], results  # never both, never a lost move
        refused += 1
        winner = next(value for kind, value in results if kind == "moved")
        after = jobs.get_job(db.sessions, job.id)
        assert after.summary.stage_id == winner
        assert after.version == seen.version + 1
        assert _history_count(db, job.id) == entries + 1  # one stage entry: the loser wrote nothing
        with db.sessions() as session:
            positions = session.scalars(select(Job.board_position).where(Job.id == job.id)).all()
        assert len(positions) == 1
    assert refused == ROUNDS
