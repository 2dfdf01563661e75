"""What the team does around a job: activities (calls, meetings, tasks...), notes and
attachments (files kept by content hash; on PostgreSQL their bytes live in the database)."""

from __future__ import annotations

from datetime import date, datetime, time

from sqlalchemy import BigInteger, CheckConstraint, ForeignKey, Index, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from gojee_desktop.models.base import Base, utcnow

ACTIVITY_KINDS = ("call", "email", "meeting", "task", "deadline")


class Activity(Base):
    """A call, email, meeting, task or deadline on a job: due on a day, optionally at a time."""

    __tablename__ = "activities"
    __table_args__ = (
        CheckConstraint("kind IN ('call', 'email', 'meeting', 'task', 'deadline')", name="kind"),
        CheckConstraint("duration_minutes IS NULL OR duration_minutes > 0", name="duration"),
        # A job's next open activity (the table's and the cards' column), and its timeline.
        Index("ix_activities_job_next", "job_id", "done", "due_date", "due_time"),
        # The Activities page: open ones by due day (overdue, today, this week, later).
        Index("ix_activities_due", "done", "due_date", "due_time"),
        # ... filtered by assignee.
        Index("ix_activities_assignee_due", "assignee_id", "done", "due_date"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    job_id: Mapped[int] = mapped_column(ForeignKey("jobs.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(8))
    subject: Mapped[str] = mapped_column(String(300))
    # Local wall-clock day and time, as the user typed them (not UTC).
    due_date: Mapped[date] = mapped_column()
    due_time: Mapped[time | None] = mapped_column(default=None)
    duration_minutes: Mapped[int | None] = mapped_column(Integer, default=None)
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), default=None)
    person_id: Mapped[int | None] = mapped_column(
        ForeignKey("persons.id", ondelete="SET NULL"), index=True, default=None
    )
    note: Mapped[str] = mapped_column(Text, default="")
    done: Mapped[bool] = mapped_column(default=False)
    done_at: Mapped[datetime | None] = mapped_column(default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}


class Note(Base):
    """An internal note on a job, as Markdown (rendered without raw HTML); pinned ones first."""

    __tablename__ = "notes"
    __table_args__ = (Index("ix_notes_job", "job_id", "pinned", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    job_id: Mapped[int] = mapped_column(ForeignKey("jobs.id", ondelete="CASCADE"))
    body: Mapped[str] = mapped_column(Text)
    pinned: Mapped[bool] = mapped_column(default=False)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), default=None)
    author: Mapped[str] = mapped_column(String(120), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}


class Attachment(Base):
    """A file on a job: its original (sanitised) name and the hash of its content. The bytes
    are stored once per hash, however many jobs refer to them."""

    __tablename__ = "attachments"
    __table_args__ = (Index("ix_attachments_job", "job_id", "added_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    job_id: Mapped[int] = mapped_column(ForeignKey("jobs.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(255))
    content_hash: Mapped[str] = mapped_column(String(64), index=True)
    size: Mapped[int] = mapped_column(BigInteger)
    media_type: Mapped[str] = mapped_column(String(120), default="application/octet-stream")
    added_by: Mapped[str] = mapped_column(String(120), default="")
    added_at: Mapped[datetime] = mapped_column(default=utcnow)


class AttachmentChunk(Base):
    """On PostgreSQL (team mode) the bytes of an attachment, in chunks, so every client sees them."""

    __tablename__ = "attachment_chunks"

    content_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    data: Mapped[bytes] = mapped_column(LargeBinary)
