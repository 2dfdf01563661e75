"""A version number on BOM lines, so a save based on an old read is refused

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25 15:20:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("bom_lines") as batch:
        batch.add_column(sa.Column("version", sa.Integer(), nullable=False, server_default="1"))


def downgrade() -> None:
    with op.batch_alter_table("bom_lines") as batch:
        batch.drop_column("version")
