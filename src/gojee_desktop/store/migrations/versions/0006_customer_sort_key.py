"""A customer sort key on jobs (the folded person or organisation name) with an index per
lifecycle, so sorting a list by customer walks the index instead of sorting every job.

Plain ADD COLUMN and CREATE INDEX, not a batch rebuild of `jobs` (which would drop the
full-text triggers); then every job's key is filled in.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-25 17:30:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from gojee_desktop.store.sort_keys import fill_customer_sort

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Byte order on PostgreSQL too, as on SQLite (the same as models.jobs.CUSTOMER_SORT_TYPE).
    key_type = sa.String(length=200).with_variant(sa.String(length=200, collation="C"), "postgresql")
    op.add_column("jobs", sa.Column("customer_sort", key_type, nullable=True))
    bind = op.get_bind()
    fill_customer_sort(bind)
    op.create_index(
        "ix_jobs_lifecycle_customer", "jobs", ["lifecycle", "archived", "customer_sort"], unique=False
    )
    if (
        bind.dialect.name == "sqlite"
        and bind.exec_driver_sql("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'").first()
    ):
        # As in 0003: a database with planner statistics needs them for the new index too.
        bind.exec_driver_sql("PRAGMA analysis_limit=2000")
        bind.exec_driver_sql("ANALYZE jobs")


def downgrade() -> None:
    op.drop_index("ix_jobs_lifecycle_customer", table_name="jobs")
    op.drop_column("jobs", "customer_sort")
