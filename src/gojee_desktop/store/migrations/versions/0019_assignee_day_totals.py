"""The per-assignee running totals per UTC day of creation too, beside the monthly ones: a
custom period's part-months then read whole days from this table and only the hours at its
ends from the jobs, instead of looking up the assignees of up to half a month of jobs at each
end. Kept exact by the same triggers as 0016's (SQLite and PostgreSQL both), filled here.

A later migration that rebuilds `jobs` or `job_assignees` in batch mode on SQLite drops
these triggers: it must call `assignee_totals.create_triggers(bind, assignee_totals.SPECS)`
again afterwards.

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-06 22:30:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from gojee_desktop.store import assignee_totals

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "report_assignee_days",
        sa.Column("created_day", sa.String(length=10), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("jobs", sa.Integer(), nullable=False),
        sa.Column("converted", sa.Integer(), nullable=False),
        sa.Column("value_minor", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("created_day", "user_id", "currency", name=op.f("pk_report_assignee_days")),
    )
    bind = op.get_bind()
    assignee_totals.rebuild(bind, (assignee_totals.DAYS,))
    assignee_totals.create_triggers(bind, (assignee_totals.DAYS,))


def downgrade() -> None:
    assignee_totals.drop_triggers(op.get_bind(), (assignee_totals.DAYS,))
    op.drop_table("report_assignee_days")
