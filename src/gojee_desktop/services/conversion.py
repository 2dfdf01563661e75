"""Converting a lead into a customer job: the same record moves pipelines, nothing is copied."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from gojee_desktop.models import (
    LIFECYCLE_CUSTOMER_JOB,
    LIFECYCLE_LEAD,
    PIPELINE_JOBS,
    Job,
    Stage,
    Status,
    utcnow,
)
from gojee_desktop.services import lookups
from gojee_desktop.services.dto import JobDetail
from gojee_desktop.services.errors import RuleViolation
from gojee_desktop.services.history import HistoryWriter
from gojee_desktop.services.jobs import check_version, job_detail, name_of, new_positions, place_at_end
from gojee_desktop.services.uow import unit_of_work
from gojee_desktop.store.database import SessionFactory


@dataclass(frozen=True)
class StageChoice:
    """The job stage chosen in the conversion window.

    `StageChoice.first()` keeps the preselected first stage, `StageChoice.of(id)` picks
    another, `StageChoice.none()` converts without a stage."""

    mode: str  # 'first' | 'stage' | 'none'
    stage_id: int | None = None

    @classmethod
    def first(cls) -> StageChoice:
        return cls("first")

    @classmethod
    def of(cls, stage_id: int) -> StageChoice:
        return cls("stage", stage_id)

    @classmethod
    def none(cls) -> StageChoice:
        return cls("none")


def convert_lead(
    sessions: SessionFactory,
    job_id: int,
    choice: StageChoice | None = None,
    *,
    expected_version: int | None = None,
    actor_id: int | None = None,
) -> JobDetail:
    """Turn a lead into a customer job: same id, number, history, notes and quotes.

    Refused for a customer job (already converted), an archived lead, or a missing one."""
    choice = choice or StageChoice.first()
    with unit_of_work(sessions) as session:
        job = lookups.get_job(session, job_id, for_update=True)
        check_version(job, expected_version)
        if job.lifecycle != LIFECYCLE_LEAD:
            raise RuleViolation(f"{job.number} is already a customer job; it cannot be converted again.")
        if job.archived:
            raise RuleViolation(f"{job.number} is archived: restore it before converting it.")
        stage: Stage | None = None
        if choice.mode == "first":
            stage = lookups.first_stage_of(session, PIPELINE_JOBS)
        elif choice.mode == "stage":
            assert choice.stage_id is not None
            stage = lookups.get_by_id(session, Stage, choice.stage_id, "stage")
            lookups.check_stage_for_lifecycle(session, stage, LIFECYCLE_CUSTOMER_JOB)
        history = HistoryWriter(session, job, actor_id)
        history.record("lifecycle", "lead", "customer job")
        history.record("stage", name_of(session, Stage, job.stage_id), stage.name if stage else "")
        job.lifecycle = LIFECYCLE_CUSTOMER_JOB
        job.converted_at = utcnow()
        job.stage_id = stage.id if stage else None
        job.board_position = place_at_end(session, job.stage_id)
        status = session.get(Status, job.status_id) if job.status_id else None
        if status is not None and status.applies_to == "lead":
            approved = session.scalar(select(Status).where(Status.key == "approved"))
            replacement = approved or lookups.first_status_for(session, LIFECYCLE_CUSTOMER_JOB)
            history.record("status", status.name, replacement.name if replacement else "")
            job.status_id = replacement.id if replacement else None
        session.flush()
        return job_detail(session, job.id)


def undo_conversion(
    sessions: SessionFactory,
    job_id: int,
    lead_stage_id: int | None,
    lead_status_id: int | None,
    *,
    before_job_id: int | None = None,
    expected_version: int | None = None,
    actor_id: int | None = None,
) -> JobDetail:
    """Put a converted job back in the Leads pipeline (the Undo of a conversion), before the
    card it used to precede when that card is still in the stage, else at the end."""
    with unit_of_work(sessions) as session:
        job = lookups.get_job(session, job_id, for_update=True)
        check_version(job, expected_version)
        if job.lifecycle != LIFECYCLE_CUSTOMER_JOB:
            raise RuleViolation(f"{job.number} is a lead; there is no conversion to undo.")
        stage = (
            lookups.get_by_id(session, Stage, lead_stage_id, "stage") if lead_stage_id is not None else None
        )
        if stage is not None:
            lookups.check_stage_for_lifecycle(session, stage, LIFECYCLE_LEAD)
        history = HistoryWriter(session, job, actor_id)
        history.record("lifecycle", "customer job", "lead")
        history.record("stage", name_of(session, Stage, job.stage_id), stage.name if stage else "")
        if lead_status_id != job.status_id:
            history.record(
                "status", name_of(session, Status, job.status_id), name_of(session, Status, lead_status_id)
            )
        job.lifecycle = LIFECYCLE_LEAD
        job.converted_at = None
        job.stage_id = stage.id if stage else None
        job.board_position = place_at_end(session, job.stage_id)
        if stage is not None and before_job_id is not None:
            neighbour = session.get(Job, before_job_id)
            if neighbour is not None and neighbour.stage_id == stage.id:
                job.board_position = new_positions(session, stage.id, [job.id], before_job_id)[0]
        job.status_id = lead_status_id
        session.flush()
        return job_detail(session, job.id)
