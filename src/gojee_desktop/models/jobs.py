"""The job: one record for its whole life, first as a lead, then as a customer job."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from gojee_desktop.models.base import Base, utcnow
from gojee_desktop.models.catalog import Label, SourceChannel, Stage, Status, User
from gojee_desktop.models.contacts import Organization, Person

LIFECYCLE_LEAD = "lead"
LIFECYCLE_CUSTOMER_JOB = "customer_job"

#: Sort keys compare byte by byte on PostgreSQL too (collation "C"), as SQLite compares
#: them, so a list sorted by customer is in the same order on both.
CUSTOMER_SORT_TYPE = String(200).with_variant(String(200, collation="C"), "postgresql")

job_assignees = Table(
    "job_assignees",
    Base.metadata,
    Column("job_id", ForeignKey("jobs.id", ondelete="CASCADE"), primary_key=True),
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True),
)

job_labels = Table(
    "job_labels",
    Base.metadata,
    Column("job_id", ForeignKey("jobs.id", ondelete="CASCADE"), primary_key=True),
    Column("label_id", ForeignKey("labels.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class Job(Base):
    """A lead or a customer job. Conversion flips `lifecycle`; nothing is copied."""

    __tablename__ = "jobs"
    __table_args__ = (
        CheckConstraint("lifecycle IN ('lead', 'customer_job')", name="lifecycle"),
        Index("ix_jobs_list", "lifecycle", "archived", "id"),
        Index("ix_jobs_board", "stage_id", "board_position"),
        # A board: each column's cards in board order, a page at a time (keyset on position) ...
        Index("ix_jobs_board_pages", "lifecycle", "archived", "stage_id", "board_position"),
        # ... and its column counts and totals (GROUP BY stage, currency), from the index alone.
        Index("ix_jobs_board_totals", "lifecycle", "archived", "stage_id", "currency", "value_minor"),
        Index("ix_jobs_lifecycle_title", "lifecycle", "archived", "title"),
        Index("ix_jobs_lifecycle_value", "lifecycle", "archived", "value_minor"),
        Index("ix_jobs_lifecycle_close", "lifecycle", "archived", "expected_close"),
        Index("ix_jobs_lifecycle_updated", "lifecycle", "archived", "updated_at"),
        Index("ix_jobs_lifecycle_customer", "lifecycle", "archived", "customer_sort"),
        Index("ix_jobs_lifecycle_next_activity", "lifecycle", "archived", "next_activity_due"),
        # Dashboard figures, each read from an index alone: the pipeline now (per stage and
        # currency, lost ones left out), the forecast by close month, and a period's cohort
        # of leads by creation time (conversion, sources, lost, assignees).
        Index(
            "ix_jobs_report_pipeline",
            "archived",
            "lifecycle",
            "stage_id",
            "currency",
            "status_id",
            "value_minor",
        ),
        Index(
            "ix_jobs_report_forecast",
            "lifecycle",
            "archived",
            "expected_close",
            "stage_id",
            "status_id",
            "currency",
            "value_minor",
        ),
        Index(
            "ix_jobs_report_cohort",
            "created_at",
            "lifecycle",
            "converted_at",
            "source_channel_id",
            "currency",
            "status_id",
            "stage_id",
            "value_minor",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(20), unique=True)
    lifecycle: Mapped[str] = mapped_column(String(12), default=LIFECYCLE_LEAD)
    title: Mapped[str] = mapped_column(String(300))
    value_minor: Mapped[int] = mapped_column(BigInteger, default=0)
    currency: Mapped[str] = mapped_column(String(3))
    expected_close: Mapped[date | None] = mapped_column(default=None)
    source_channel_id: Mapped[int | None] = mapped_column(
        ForeignKey("source_channels.id", ondelete="SET NULL"), index=True, default=None
    )
    status_id: Mapped[int | None] = mapped_column(
        ForeignKey("statuses.id", ondelete="RESTRICT"), index=True, default=None
    )
    stage_id: Mapped[int | None] = mapped_column(ForeignKey("stages.id", ondelete="RESTRICT"), default=None)
    board_position: Mapped[float] = mapped_column(Float, default=0.0)
    person_id: Mapped[int | None] = mapped_column(
        ForeignKey("persons.id", ondelete="SET NULL"), index=True, default=None
    )
    organization_id: Mapped[int | None] = mapped_column(
        ForeignKey("organizations.id", ondelete="SET NULL"), index=True, default=None
    )
    site_address: Mapped[str] = mapped_column(Text, default="")
    lost_reason: Mapped[str] = mapped_column(Text, default="")
    archived: Mapped[bool] = mapped_column(default=False)
    archived_at: Mapped[datetime | None] = mapped_column(default=None)
    converted_at: Mapped[datetime | None] = mapped_column(default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Denormalised words for full-text search (title, number, customer, contacts, site).
    search_text: Mapped[str] = mapped_column(Text, default="")
    # The customer's name folded for sorting (person, else organisation; NULL when none):
    # see `store.sort_keys`. Kept up to date with `search_text`.
    customer_sort: Mapped[str | None] = mapped_column(CUSTOMER_SORT_TYPE, default=None)
    # The due day of the job's earliest open activity (NULL when none), kept by the activities
    # service, so a list sorts by "Next activity" through an index.
    next_activity_due: Mapped[date | None] = mapped_column(default=None)
    version: Mapped[int] = mapped_column(Integer, default=1)

    # Services bump the version once per user action (HistoryWriter); SQLAlchemy still adds
    # "WHERE version = <read value>" to every UPDATE, so a concurrent write fails loudly.
    __mapper_args__ = {"version_id_col": version, "version_id_generator": False}

    source_channel: Mapped[SourceChannel | None] = relationship()
    status: Mapped[Status | None] = relationship()
    stage: Mapped[Stage | None] = relationship()
    person: Mapped[Person | None] = relationship()
    organization: Mapped[Organization | None] = relationship()
    assignees: Mapped[list[User]] = relationship(secondary=job_assignees, order_by="User.name")
    labels: Mapped[list[Label]] = relationship(secondary=job_labels, order_by="Label.name")
    custom_values: Mapped[list[CustomFieldValue]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True
    )


def jobs_table() -> Table:
    """The `jobs` Table, for Core statements that must bypass the ORM (no version bump)."""
    table = Job.__table__
    assert isinstance(table, Table)
    return table


class CustomFieldValue(Base):
    """A job's value of one custom field, kept as canonical text (ISO dates, plain decimals)."""

    __tablename__ = "custom_field_values"

    job_id: Mapped[int] = mapped_column(ForeignKey("jobs.id", ondelete="CASCADE"), primary_key=True)
    definition_id: Mapped[int] = mapped_column(
        ForeignKey("custom_field_definitions.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    value: Mapped[str] = mapped_column(Text, default="")


class JobHistory(Base):
    """One change of a job: when, who, which field, the old and the new value (as text)."""

    __tablename__ = "job_history"

    id: Mapped[int] = mapped_column(primary_key=True)
    job_id: Mapped[int] = mapped_column(ForeignKey("jobs.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), default=None)
    actor: Mapped[str] = mapped_column(String(120), default="")
    field: Mapped[str] = mapped_column(String(60))
    old_value: Mapped[str] = mapped_column(Text, default="")
    new_value: Mapped[str] = mapped_column(Text, default="")
