"""The lists a new database starts with; every one of them can be changed afterwards."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from gojee_desktop.models import (
    PIPELINE_JOBS,
    PIPELINE_LEADS,
    AppSetting,
    Pipeline,
    SourceChannel,
    Stage,
    Status,
    User,
)
from gojee_desktop.services.uow import unit_of_work
from gojee_desktop.store.database import SessionFactory

DEFAULT_USER = "Me"
DEFAULT_CURRENCY = "AUD"

LEAD_STAGES = [
    ("New enquiry", "#42a5f5", 10, None),
    ("Site visit", "#26a69a", 25, None),
    ("Quoting", "#ffa726", 40, None),
    ("Quote sent", "#ab47bc", 60, None),
    ("Negotiation", "#ec407a", 80, None),
]
JOB_STAGES = [
    ("Scheduled", "#42a5f5", 100, None),
    ("In progress", "#ffa726", 100, None),
    ("Awaiting materials", "#8d6e63", 100, None),
    ("Completed", "#66bb6a", 100, "won"),
    ("Invoiced", "#26a69a", 100, "won"),
]
STATUSES = [
    ("new", "New", "lead", "#42a5f5"),
    ("contacted", "Contacted", "lead", "#29b6f6"),
    ("qualified", "Qualified", "lead", "#26c6da"),
    ("quoted", "Quoted", "both", "#ab47bc"),
    ("approved", "Approved", "both", "#66bb6a"),
    ("in_progress", "In progress", "job", "#ffa726"),
    ("completed", "Completed", "job", "#2e7d32"),
    ("lost", "Lost", "both", "#e53935"),
]
SOURCE_CHANNELS = ["Referral", "Website", "Cold call", "Phone enquiry", "Repeat customer", "Social media"]


def _seed_pipeline(
    session: Session, key: str, name: str, stages: Sequence[tuple[str, str, int, str | None]]
) -> None:
    pipeline = Pipeline(key=key, name=name)
    session.add(pipeline)
    for position, (stage_name, color, probability, outcome) in enumerate(stages):
        pipeline.stages.append(
            Stage(
                name=stage_name, color=color, position=position, win_probability=probability, outcome=outcome
            )
        )


def seed_defaults(session: Session) -> None:
    """Insert the default lists into an empty database (a no-op for lists already there)."""
    if session.scalar(select(Pipeline.id).limit(1)) is None:
        _seed_pipeline(session, PIPELINE_LEADS, "Leads", LEAD_STAGES)
        _seed_pipeline(session, PIPELINE_JOBS, "Customer Jobs", JOB_STAGES)
    if session.scalar(select(Status.id).limit(1)) is None:
        for position, (key, name, applies_to, color) in enumerate(STATUSES):
            session.add(Status(key=key, name=name, applies_to=applies_to, color=color, position=position))
    if session.scalar(select(SourceChannel.id).limit(1)) is None:
        for position, name in enumerate(SOURCE_CHANNELS):
            session.add(SourceChannel(name=name, position=position))
    if session.scalar(select(User.id).limit(1)) is None:
        session.add(User(name=DEFAULT_USER))
    if session.get(AppSetting, "default_currency") is None:
        session.add(AppSetting(key="default_currency", value=DEFAULT_CURRENCY))


def ensure_defaults(sessions: SessionFactory) -> None:
    """Seed a new database; cheap on an existing one (a few indexed look-ups)."""
    with unit_of_work(sessions) as session:
        seed_defaults(session)
