"""Dashboard indexes: the pipeline now, the forecast by close month and a period's cohort
of leads, each read from one covering index instead of the wide job rows.

Revision ID: 0010
Revises: 0008
Create Date: 2026-12-06 06:00:00.000000
"""

from __future__ import annotations

from alembic import op

revision = "0010"
down_revision = "0008"
branch_labels = None
depends_on = None

INDEXES = {
    "ix_jobs_report_pipeline": ["archived", "lifecycle", "stage_id", "currency", "status_id", "value_minor"],
    "ix_jobs_report_forecast": [
        "lifecycle",
        "archived",
        "expected_close",
        "stage_id",
        "status_id",
        "currency",
        "value_minor",
    ],
    "ix_jobs_report_cohort": [
        "created_at",
        "lifecycle",
        "converted_at",
        "source_channel_id",
        "currency",
        "status_id",
        "stage_id",
        "value_minor",
    ],
}


def upgrade() -> None:
    with op.batch_alter_table("jobs", schema=None) as batch_op:
        for name, columns in INDEXES.items():
            batch_op.create_index(name, columns, unique=False)
    bind = op.get_bind()
    if (
        bind.dialect.name == "sqlite"
        and bind.exec_driver_sql("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'").first()
    ):
        # Planner statistics must cover the new indexes too (see revision 0003).
        bind.exec_driver_sql("PRAGMA analysis_limit=2000")
        bind.exec_driver_sql("ANALYZE jobs")


def downgrade() -> None:
    with op.batch_alter_table("jobs", schema=None) as batch_op:
        for name in reversed(list(INDEXES)):
            batch_op.drop_index(name)
