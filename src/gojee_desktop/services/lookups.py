"""Finding configured items by id or by the name a user typed, with helpful errors."""

from __future__ import annotations

from typing import TypeVar

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from gojee_desktop.models import (
    LIFECYCLE_LEAD,
    PIPELINE_JOBS,
    PIPELINE_LEADS,
    Job,
    Label,
    Pipeline,
    SourceChannel,
    Stage,
    Status,
    User,
)
from gojee_desktop.services.errors import NotFound, RuleViolation, ValidationError

T = TypeVar("T", Status, Stage, SourceChannel, Label, User)
Row = TypeVar("Row")  # any mapped class


def pipeline_key_for(lifecycle: str) -> str:
    """Leads live in the Leads pipeline, customer jobs in the Customer Jobs pipeline."""
    return PIPELINE_LEADS if lifecycle == LIFECYCLE_LEAD else PIPELINE_JOBS


def normalise_pipeline_key(key: str) -> str:
    """Accept 'leads'/'lead' and 'jobs'/'job'/'customer_jobs'."""
    cleaned = (key or "").strip().lower().replace("-", "_").replace(" ", "_")
    if cleaned in ("leads", "lead"):
        return PIPELINE_LEADS
    if cleaned in ("jobs", "job", "customer_jobs", "customer_job"):
        return PIPELINE_JOBS
    raise ValidationError(f"Unknown pipeline '{key}': use 'leads' or 'jobs'.", field="pipeline")


def get_pipeline(session: Session, key: str) -> Pipeline:
    pipeline = session.scalar(select(Pipeline).where(Pipeline.key == normalise_pipeline_key(key)))
    if pipeline is None:
        raise NotFound(f"The pipeline '{key}' does not exist.")
    return pipeline


def get_job(session: Session, job_id: int, *, for_update: bool = False) -> Job:
    """The job with this id, or NotFound with a message that names it."""
    job = session.get(Job, job_id, with_for_update=for_update or None)
    if job is None:
        raise NotFound(f"There is no job with id {job_id} (it may have been deleted).")
    return job


def get_by_id(session: Session, model: type[Row], item_id: int, what: str) -> Row:
    item = session.get(model, item_id)
    if item is None:
        raise NotFound(f"There is no {what} with id {item_id}.")
    return item


def _by_name(session: Session, model: type[T], name: str, what: str, *where: object) -> T:
    cleaned = (name or "").strip()
    query = select(model).where(func.lower(model.name) == cleaned.lower(), *where)  # type: ignore[arg-type]
    item = session.scalar(query)
    if item is None:
        names = session.scalars(select(model.name).where(*where))  # type: ignore[arg-type]
        choices = ", ".join(sorted(names))
        raise NotFound(f"Unknown {what} '{cleaned}'. Choose one of: {choices}.")
    return item


def status_by_name(session: Session, name: str) -> Status:
    """A status by name or key ('In progress' or 'in_progress')."""
    cleaned = (name or "").strip()
    by_key = session.scalar(select(Status).where(Status.key == cleaned.lower().replace(" ", "_")))
    return by_key or _by_name(session, Status, cleaned, "status")


def stage_by_name(session: Session, pipeline_key: str, name: str) -> Stage:
    """A stage of this pipeline by name; a stage of the other pipeline is named as such."""
    pipeline = get_pipeline(session, pipeline_key)
    cleaned = (name or "").strip()
    own = session.scalar(
        select(Stage).where(Stage.pipeline_id == pipeline.id, func.lower(Stage.name) == cleaned.lower())
    )
    if own is not None:
        return own
    other = session.scalar(
        select(Pipeline)
        .join(Stage, Stage.pipeline_id == Pipeline.id)
        .where(Pipeline.id != pipeline.id, func.lower(Stage.name) == cleaned.lower())
        .limit(1)
    )
    if other is not None:
        raise RuleViolation(
            f"The stage '{cleaned}' belongs to the {other.name} pipeline, not to {pipeline.name}."
        )
    return _by_name(
        session, Stage, cleaned, f"stage of the {pipeline.name} pipeline", Stage.pipeline_id == pipeline.id
    )


def source_channel_by_name(session: Session, name: str) -> SourceChannel:
    return _by_name(session, SourceChannel, name, "source channel")


def user_by_name(session: Session, name: str) -> User:
    return _by_name(session, User, name, "team member")


def label_by_name(session: Session, name: str, *, create: bool = False) -> Label:
    """A label by name; labels are tags, so the CLI may create a missing one."""
    cleaned = (name or "").strip()
    if not cleaned:
        raise ValidationError("A label needs a name.", field="labels")
    label = session.scalar(select(Label).where(func.lower(Label.name) == cleaned.lower()))
    if label is None:
        if not create:
            raise NotFound(f"Unknown label '{cleaned}'.")
        label = Label(name=cleaned)
        session.add(label)
        session.flush()
    return label


def check_stage_for_lifecycle(session: Session, stage: Stage, lifecycle: str) -> None:
    """A job's stage must belong to the pipeline of its lifecycle."""
    wanted = pipeline_key_for(lifecycle)
    pipeline = session.get(Pipeline, stage.pipeline_id)
    if pipeline is None or pipeline.key != wanted:
        kind = "a lead" if lifecycle == LIFECYCLE_LEAD else "a customer job"
        raise RuleViolation(
            f"The stage '{stage.name}' belongs to the {pipeline.name if pipeline else 'other'} "
            f"pipeline and cannot hold {kind}."
        )


def check_status_for_lifecycle(status: Status, lifecycle: str) -> None:
    """A lead-only status cannot go on a customer job and the other way round."""
    wanted = "lead" if lifecycle == LIFECYCLE_LEAD else "job"
    if status.applies_to not in ("both", wanted):
        kind = "leads" if status.applies_to == "lead" else "customer jobs"
        target = "a lead" if lifecycle == LIFECYCLE_LEAD else "a customer job"
        raise RuleViolation(f"The status '{status.name}' is for {kind} only and cannot be set on {target}.")


def first_status_for(session: Session, lifecycle: str) -> Status | None:
    """The first status (by position) that fits the lifecycle."""
    wanted = "lead" if lifecycle == LIFECYCLE_LEAD else "job"
    return session.scalar(
        select(Status)
        .where(Status.applies_to.in_(("both", wanted)))
        .order_by(Status.position, Status.id)
        .limit(1)
    )


def first_stage_of(session: Session, pipeline_key: str) -> Stage | None:
    pipeline = get_pipeline(session, pipeline_key)
    return session.scalar(
        select(Stage).where(Stage.pipeline_id == pipeline.id).order_by(Stage.position, Stage.id).limit(1)
    )
