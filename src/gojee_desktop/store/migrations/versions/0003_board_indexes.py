"""Board indexes: column pages in board order, and per-column counts and totals (covering)

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25 15:20:00.000000
"""

from __future__ import annotations

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("jobs", schema=None) as batch_op:
        batch_op.create_index(
            "ix_jobs_board_pages", ["lifecycle", "archived", "stage_id", "board_position"], unique=False
        )
        batch_op.create_index(
            "ix_jobs_board_totals",
            ["lifecycle", "archived", "stage_id", "currency", "value_minor"],
            unique=False,
        )


def downgrade() -> None:
    with op.batch_alter_table("jobs", schema=None) as batch_op:
        batch_op.drop_index("ix_jobs_board_totals")
        batch_op.drop_index("ix_jobs_board_pages")
