"""A version number on BOM lines, so a save based on an old read is refused

Revision ID: 0003_bom_line_version
Revises: 0002
Create Date: 2026-11-25 15:20:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_bom_line_version"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("bom_lines") as batch:
        batch.add_column(sa.Column("version", sa.Integer(), nullable=False, server_default="1"))


def downgrade() -> None:
    with op.batch_alter_table("bom_lines") as batch:
        batch.drop_column("version")
