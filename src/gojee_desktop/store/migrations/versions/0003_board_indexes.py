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
    bind = op.get_bind()
    if (
        bind.dialect.name == "sqlite"
        and bind.exec_driver_sql("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'").first()
    ):
        # A database with planner statistics needs them for the new indexes too: without,
        # SQLite takes them for very selective and scans one instead of looking jobs up by id.
        bind.exec_driver_sql("PRAGMA analysis_limit=2000")
        bind.exec_driver_sql("ANALYZE jobs")


def downgrade() -> None:
    with op.batch_alter_table("jobs", schema=None) as batch_op:
        batch_op.drop_index("ix_jobs_board_totals")
        batch_op.drop_index("ix_jobs_board_pages")
