"""Running totals for the dashboard's per-assignee figure: the leads of each creation month
(and the converted ones) per assignee and currency, a job without an assignee under
assignee 0, kept exact by triggers on `jobs` and `job_assignees` (SQLite and PostgreSQL both)
and filled here from the jobs already there.

A later migration that rebuilds `jobs` or `job_assignees` in batch mode on SQLite drops
these triggers (and 0015's): it must call `assignee_totals.create_triggers` again afterwards.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-06 21:30:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from gojee_desktop.store import assignee_totals

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "report_assignee_totals",
        sa.Column("created_month", sa.String(length=7), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("jobs", sa.Integer(), nullable=False),
        sa.Column("converted", sa.Integer(), nullable=False),
        sa.Column("value_minor", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint(
            "created_month", "user_id", "currency", name=op.f("pk_report_assignee_totals")
        ),
    )
    bind = op.get_bind()
    assignee_totals.rebuild(bind)
    assignee_totals.create_triggers(bind)


def downgrade() -> None:
    assignee_totals.drop_triggers(op.get_bind())
    op.drop_table("report_assignee_totals")
