"""Activities, notes and attachments on jobs (with the attachment bytes table used on
PostgreSQL), and the jobs' next-activity day with an index per lifecycle for sorting.

The jobs column is a plain ADD COLUMN (no batch rebuild, which would drop the full-text
triggers); new jobs columns are NULL, as no job has an activity yet.

Revision ID: 0009
Revises: 0010
Create Date: 2026-12-06 05:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("jobs", sa.Column("next_activity_due", sa.Date(), nullable=True))
    op.create_index(
        "ix_jobs_lifecycle_next_activity",
        "jobs",
        ["lifecycle", "archived", "next_activity_due"],
        unique=False,
    )
    op.create_table(
        "activities",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("job_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("subject", sa.String(length=300), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=False),
        sa.Column("due_time", sa.Time(), nullable=True),
        sa.Column("duration_minutes", sa.Integer(), nullable=True),
        sa.Column("assignee_id", sa.Integer(), nullable=True),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("done", sa.Boolean(), nullable=False),
        sa.Column("done_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "kind IN ('call', 'email', 'meeting', 'task', 'deadline')", name=op.f("ck_activities_kind")
        ),
        sa.CheckConstraint(
            "duration_minutes IS NULL OR duration_minutes > 0", name=op.f("ck_activities_duration")
        ),
        sa.ForeignKeyConstraint(
            ["assignee_id"], ["users.id"], name=op.f("fk_activities_assignee_id_users"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["job_id"], ["jobs.id"], name=op.f("fk_activities_job_id_jobs"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["persons.id"], name=op.f("fk_activities_person_id_persons"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_activities")),
    )
    op.create_index("ix_activities_job_next", "activities", ["job_id", "done", "due_date", "due_time"])
    op.create_index("ix_activities_due", "activities", ["done", "due_date", "due_time"])
    op.create_index("ix_activities_assignee_due", "activities", ["assignee_id", "done", "due_date"])
    op.create_index(op.f("ix_activities_person_id"), "activities", ["person_id"])
    op.create_table(
        "notes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("job_id", sa.Integer(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("pinned", sa.Boolean(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("author", sa.String(length=120), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"], ["users.id"], name=op.f("fk_notes_author_id_users"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["job_id"], ["jobs.id"], name=op.f("fk_notes_job_id_jobs"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notes")),
    )
    op.create_index("ix_notes_job", "notes", ["job_id", "pinned", "created_at"])
    op.create_table(
        "attachments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("job_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("media_type", sa.String(length=120), nullable=False),
        sa.Column("added_by", sa.String(length=120), nullable=False),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["job_id"], ["jobs.id"], name=op.f("fk_attachments_job_id_jobs"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attachments")),
    )
    op.create_index("ix_attachments_job", "attachments", ["job_id", "added_at"])
    op.create_index(op.f("ix_attachments_content_hash"), "attachments", ["content_hash"])
    op.create_table(
        "attachment_chunks",
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("content_hash", "position", name=op.f("pk_attachment_chunks")),
    )


def downgrade() -> None:
    op.drop_table("attachment_chunks")
    op.drop_index(op.f("ix_attachments_content_hash"), table_name="attachments")
    op.drop_index("ix_attachments_job", table_name="attachments")
    op.drop_table("attachments")
    op.drop_index("ix_notes_job", table_name="notes")
    op.drop_table("notes")
    op.drop_index(op.f("ix_activities_person_id"), table_name="activities")
    op.drop_index("ix_activities_assignee_due", table_name="activities")
    op.drop_index("ix_activities_due", table_name="activities")
    op.drop_index("ix_activities_job_next", table_name="activities")
    op.drop_table("activities")
    op.drop_index("ix_jobs_lifecycle_next_activity", table_name="jobs")
    op.drop_column("jobs", "next_activity_due")
