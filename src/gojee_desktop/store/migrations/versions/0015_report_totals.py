"""Running totals for the dashboard: jobs per pipeline position and close month, per
creation month (the cohort) and days to convert, kept exact by triggers on `jobs` (SQLite
and PostgreSQL both) and filled here from the jobs already there.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-06 18:30:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from gojee_desktop.store import report_totals

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "report_stage_totals",
        sa.Column("lifecycle", sa.String(length=12), nullable=False),
        sa.Column("archived", sa.Boolean(), nullable=False),
        sa.Column("stage_id", sa.Integer(), nullable=False),
        sa.Column("status_id", sa.Integer(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("close_month", sa.String(length=7), nullable=False),
        sa.Column("jobs", sa.Integer(), nullable=False),
        sa.Column("value_minor", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint(
            "lifecycle",
            "archived",
            "stage_id",
            "status_id",
            "currency",
            "close_month",
            name=op.f("pk_report_stage_totals"),
        ),
    )
    op.create_table(
        "report_cohort_totals",
        sa.Column("created_month", sa.String(length=7), nullable=False),
        sa.Column("lifecycle", sa.String(length=12), nullable=False),
        sa.Column("converted", sa.Boolean(), nullable=False),
        sa.Column("source_channel_id", sa.Integer(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("status_id", sa.Integer(), nullable=False),
        sa.Column("stage_id", sa.Integer(), nullable=False),
        sa.Column("lost_reason", sa.String(length=500), nullable=False),
        sa.Column("jobs", sa.Integer(), nullable=False),
        sa.Column("value_minor", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint(
            "created_month",
            "lifecycle",
            "converted",
            "source_channel_id",
            "currency",
            "status_id",
            "stage_id",
            "lost_reason",
            name=op.f("pk_report_cohort_totals"),
        ),
    )
    op.create_table(
        "report_convert_days",
        sa.Column("created_month", sa.String(length=7), nullable=False),
        sa.Column("days_tenths", sa.Integer(), nullable=False),
        sa.Column("jobs", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("created_month", "days_tenths", name=op.f("pk_report_convert_days")),
    )
    bind = op.get_bind()
    report_totals.rebuild(bind)
    report_totals.create_triggers(bind)


def downgrade() -> None:
    bind = op.get_bind()
    report_totals.drop_triggers(bind)
    for table in reversed(report_totals.TABLES):
        op.drop_table(table)
