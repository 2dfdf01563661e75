"""Pipelines and their stages: list, add, rename, recolour, reorder, configure, delete."""

from __future__ import annotations

import re
from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from gojee_desktop.models import Job, Pipeline, Stage
from gojee_desktop.services import lookups
from gojee_desktop.services.dto import StageInfo
from gojee_desktop.services.errors import RuleViolation, ValidationError
from gojee_desktop.services.history import HistoryWriter
from gojee_desktop.services.uow import read_only, unit_of_work
from gojee_desktop.store.database import SessionFactory

_COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")


def stage_info(stage: Stage, pipeline_key: str) -> StageInfo:
    return StageInfo(
        id=stage.id,
        pipeline=pipeline_key,
        name=stage.name,
        color=stage.color,
        position=stage.position,
        win_probability=stage.win_probability,
        outcome=stage.outcome,
    )


def _stages(session: Session, pipeline: Pipeline) -> list[Stage]:
    return list(
        session.scalars(
            select(Stage).where(Stage.pipeline_id == pipeline.id).order_by(Stage.position, Stage.id)
        )
    )


def list_stages(sessions: SessionFactory, pipeline_key: str) -> list[StageInfo]:
    """The pipeline's stages in board order."""
    with read_only(sessions) as session:
        pipeline = lookups.get_pipeline(session, pipeline_key)
        return [stage_info(stage, pipeline.key) for stage in _stages(session, pipeline)]


def get_stage(sessions: SessionFactory, stage_id: int) -> StageInfo:
    with read_only(sessions) as session:
        stage = lookups.get_by_id(session, Stage, stage_id, "stage")
        return stage_info(stage, stage.pipeline.key)


def find_stage(sessions: SessionFactory, pipeline_key: str, name: str) -> StageInfo:
    """A stage by name within a pipeline (case-insensitive)."""
    with read_only(sessions) as session:
        stage = lookups.stage_by_name(session, pipeline_key, name)
        return stage_info(stage, stage.pipeline.key)


def check_color(color: str) -> str:
    cleaned = (color or "").strip()
    if not _COLOR.match(cleaned):
        raise ValidationError(f"'{color}' is not a colour: use #RRGGBB, e.g. #42a5f5.", field="color")
    return cleaned.lower()


def check_probability(value: int) -> int:
    if not isinstance(value, int) or not 0 <= value <= 100:
        raise ValidationError(
            "The win probability is a whole percentage from 0 to 100.", field="win_probability"
        )
    return value


def check_outcome(outcome: str | None) -> str | None:
    cleaned = (outcome or "").strip().lower() or None
    if cleaned not in (None, "won", "lost"):
        raise ValidationError("A stage's meaning is 'won', 'lost' or none.", field="outcome")
    return cleaned


def _check_name(session: Session, pipeline: Pipeline, name: str, except_id: int | None = None) -> str:
    cleaned = (name or "").strip()
    if not cleaned:
        raise ValidationError("A stage needs a name.", field="name")
    if len(cleaned) > 80:
        raise ValidationError("A stage name can be at most 80 characters.", field="name")
    clash = session.scalar(
        select(Stage.id).where(
            Stage.pipeline_id == pipeline.id,
            func.lower(Stage.name) == cleaned.lower(),
            Stage.id != (except_id or -1),
        )
    )
    if clash is not None:
        raise ValidationError(
            f"The {pipeline.name} pipeline already has a stage named '{cleaned}'.", field="name"
        )
    return cleaned


def _renumber(stages: Sequence[Stage]) -> None:
    for position, stage in enumerate(stages):
        stage.position = position


def add_stage(
    sessions: SessionFactory,
    pipeline_key: str,
    name: str,
    *,
    color: str = "#607d8b",
    win_probability: int = 0,
    outcome: str | None = None,
    position: int | None = None,
) -> StageInfo:
    """Add a stage at `position` (0 = first) or at the end."""
    with unit_of_work(sessions) as session:
        pipeline = lookups.get_pipeline(session, pipeline_key)
        stage = Stage(
            pipeline_id=pipeline.id,
            name=_check_name(session, pipeline, name),
            color=check_color(color),
            win_probability=check_probability(win_probability),
            outcome=check_outcome(outcome),
        )
        stages = _stages(session, pipeline)
        index = len(stages) if position is None else max(0, min(position, len(stages)))
        stages.insert(index, stage)
        session.add(stage)
        _renumber(stages)
        session.flush()
        return stage_info(stage, pipeline.key)


def update_stage(
    sessions: SessionFactory,
    stage_id: int,
    *,
    name: str | None = None,
    color: str | None = None,
    win_probability: int | None = None,
    outcome: str | None = "unchanged",
) -> StageInfo:
    """Rename, recolour, set win probability and/or won/lost meaning of a stage."""
    with unit_of_work(sessions) as session:
        stage = lookups.get_by_id(session, Stage, stage_id, "stage")
        if name is not None:
            stage.name = _check_name(session, stage.pipeline, name, except_id=stage.id)
        if color is not None:
            stage.color = check_color(color)
        if win_probability is not None:
            stage.win_probability = check_probability(win_probability)
        if outcome != "unchanged":
            stage.outcome = check_outcome(outcome)
        session.flush()
        return stage_info(stage, stage.pipeline.key)


def rename_stage(sessions: SessionFactory, stage_id: int, name: str) -> StageInfo:
    return update_stage(sessions, stage_id, name=name)


def move_stage(sessions: SessionFactory, stage_id: int, position: int) -> list[StageInfo]:
    """Put a stage at `position` (0 = first column); returns the new order."""
    with unit_of_work(sessions) as session:
        stage = lookups.get_by_id(session, Stage, stage_id, "stage")
        stages = [s for s in _stages(session, stage.pipeline) if s.id != stage.id]
        if not isinstance(position, int) or position < 0:
            raise ValidationError("A stage position is 0 (first) or more.", field="position")
        stages.insert(min(position, len(stages)), stage)
        _renumber(stages)
        session.flush()
        return [stage_info(s, stage.pipeline.key) for s in stages]


def reorder_stages(sessions: SessionFactory, pipeline_key: str, stage_ids: Sequence[int]) -> list[StageInfo]:
    """Set the whole order at once (after a drag in the stage settings)."""
    with unit_of_work(sessions) as session:
        pipeline = lookups.get_pipeline(session, pipeline_key)
        stages = {s.id: s for s in _stages(session, pipeline)}
        if sorted(stage_ids) != sorted(stages):
            raise ValidationError("The new order must list every stage of the pipeline exactly once.")
        ordered = [stages[i] for i in stage_ids]
        _renumber(ordered)
        session.flush()
        return [stage_info(s, pipeline.key) for s in ordered]


def jobs_in_stage(sessions: SessionFactory, stage_id: int) -> int:
    with read_only(sessions) as session:
        return int(session.scalar(select(func.count(Job.id)).where(Job.stage_id == stage_id)) or 0)


def delete_stage(
    sessions: SessionFactory, stage_id: int, *, move_jobs_to: int | None = None, actor_id: int | None = None
) -> int:
    """Delete a stage. Jobs in it first move to `move_jobs_to` (a stage of the same pipeline);
    a stage that holds jobs cannot be deleted without one. Returns how many jobs moved."""
    with unit_of_work(sessions) as session:
        stage = lookups.get_by_id(session, Stage, stage_id, "stage")
        jobs = list(
            session.scalars(select(Job).where(Job.stage_id == stage.id).order_by(Job.board_position, Job.id))
        )
        if jobs and move_jobs_to is None:
            raise RuleViolation(
                f"The stage '{stage.name}' holds {len(jobs)} job(s): choose a stage to move them to first."
            )
        if len(_stages(session, stage.pipeline)) == 1:
            raise RuleViolation("A pipeline needs at least one stage.")
        if jobs:
            assert move_jobs_to is not None
            if move_jobs_to == stage.id:
                raise RuleViolation("Choose a different stage to move the jobs to.")
            target = lookups.get_by_id(session, Stage, move_jobs_to, "stage")
            if target.pipeline_id != stage.pipeline_id:
                raise RuleViolation(f"The stage '{target.name}' belongs to another pipeline.")
            start = (
                session.scalar(select(func.max(Job.board_position)).where(Job.stage_id == target.id)) or 0.0
            )
            for offset, job in enumerate(jobs, start=1):
                HistoryWriter(session, job, actor_id).record("stage", stage.name, target.name)
                job.stage_id = target.id
                job.board_position = start + offset
            session.flush()
        pipeline = stage.pipeline
        session.delete(stage)
        session.flush()
        _renumber(_stages(session, pipeline))
        return len(jobs)
