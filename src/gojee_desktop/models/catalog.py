"""Configurable lists: pipelines and stages, statuses, source channels, labels, team members,
custom field definitions and application settings."""

from __future__ import annotations

from sqlalchemy import CheckConstraint, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from gojee_desktop.models.base import Base

PIPELINE_LEADS = "leads"
PIPELINE_JOBS = "jobs"


class Pipeline(Base):
    """A sales or delivery pipeline: Leads, or Customer Jobs."""

    __tablename__ = "pipelines"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[str] = mapped_column(String(80))

    stages: Mapped[list[Stage]] = relationship(
        back_populates="pipeline", order_by="Stage.position", cascade="all, delete-orphan"
    )


class Stage(Base):
    """A kanban column of a pipeline: ordered, coloured, with a win probability and an
    optional won/lost meaning."""

    __tablename__ = "stages"
    __table_args__ = (
        UniqueConstraint("pipeline_id", "name", name="uq_stages_pipeline_name"),
        CheckConstraint("outcome IN ('won', 'lost') OR outcome IS NULL", name="outcome"),
        CheckConstraint("win_probability BETWEEN 0 AND 100", name="win_probability"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    pipeline_id: Mapped[int] = mapped_column(ForeignKey("pipelines.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(80))
    color: Mapped[str] = mapped_column(String(9), default="#607d8b")
    position: Mapped[int] = mapped_column(Integer, default=0)
    win_probability: Mapped[int] = mapped_column(Integer, default=0)
    outcome: Mapped[str | None] = mapped_column(String(4), default=None)

    pipeline: Mapped[Pipeline] = relationship(back_populates="stages")


STATUS_FOR_LEADS = "lead"
STATUS_FOR_JOBS = "job"
STATUS_FOR_BOTH = "both"


class Status(Base):
    """Commercial state of a job (new, quoted, approved...), for leads, jobs or both."""

    __tablename__ = "statuses"
    __table_args__ = (CheckConstraint("applies_to IN ('lead', 'job', 'both')", name="applies_to"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    applies_to: Mapped[str] = mapped_column(String(4), default=STATUS_FOR_BOTH)
    color: Mapped[str] = mapped_column(String(9), default="#607d8b")
    position: Mapped[int] = mapped_column(Integer, default=0)


class SourceChannel(Base):
    """Where a lead came from: Referral, Website, Cold call..."""

    __tablename__ = "source_channels"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    position: Mapped[int] = mapped_column(Integer, default=0)


class Label(Base):
    """A tag put on jobs."""

    __tablename__ = "labels"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(60), unique=True)
    color: Mapped[str] = mapped_column(String(9), default="#78909c")


class User(Base):
    """A team member who can be assigned to jobs and who makes changes."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    email: Mapped[str | None] = mapped_column(String(254), default=None)
    active: Mapped[bool] = mapped_column(default=True)


FIELD_TYPES = ("text", "number", "money", "date", "choice", "checkbox")
#: What a custom field can belong to (revision 0017): every job, person or organisation.
FIELD_OWNERS = ("job", "person", "organization")


class CustomFieldDefinition(Base):
    """An admin-defined field shown on every job, person or organisation."""

    __tablename__ = "custom_field_definitions"
    __table_args__ = (
        CheckConstraint(
            "field_type IN ('text', 'number', 'money', 'date', 'choice', 'checkbox')",
            name="field_type",
        ),
        CheckConstraint("applies_to IN ('job', 'person', 'organization')", name="applies_to"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(60), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    field_type: Mapped[str] = mapped_column(String(10))
    # Choices, one per line, for `choice` fields.
    choices: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(Integer, default=0)
    applies_to: Mapped[str] = mapped_column(String(12), default="job", server_default="job")


class AppSetting(Base):
    """A key/value setting shared by everyone using the database (default currency...)."""

    __tablename__ = "app_settings"

    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    value: Mapped[str] = mapped_column(Text, default="")
