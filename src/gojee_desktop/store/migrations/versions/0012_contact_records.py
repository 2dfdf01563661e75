"""People and organisations become records of their own: archived (hidden from the lists,
kept for the jobs that name them) and notes, with an index that lists the active ones by
name in order.

Revision ID: 0012
Revises: 0009
Create Date: 2026-12-06 07:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0009"
branch_labels = None
depends_on = None

TABLES = ("persons", "organizations")


def upgrade() -> None:
    # Plain ADD COLUMN, not a batch copy: on SQLite a copy drops the old table, and with
    # foreign keys on that would clear every job's person or organisation.
    for table in TABLES:
        op.add_column(table, sa.Column("archived", sa.Boolean(), nullable=False, server_default=sa.false()))
        op.add_column(table, sa.Column("notes", sa.Text(), nullable=False, server_default=""))
        op.create_index(f"ix_{table}_archived_name", table, ["archived", "name"], unique=False)


def downgrade() -> None:
    for table in TABLES:
        op.drop_index(f"ix_{table}_archived_name", table_name=table)
        op.drop_column(table, "notes")
        op.drop_column(table, "archived")
