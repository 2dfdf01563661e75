"""People and organisations carry labels, as jobs do: one association table each.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-06 19:30:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

OWNERS = (
    ("person_labels", "person_id", "persons"),
    ("organization_labels", "organization_id", "organizations"),
)


def upgrade() -> None:
    for table, owner, owners in OWNERS:
        op.create_table(
            table,
            sa.Column(owner, sa.Integer(), nullable=False),
            sa.Column("label_id", sa.Integer(), nullable=False),
            sa.ForeignKeyConstraint(
                [owner], [f"{owners}.id"], name=op.f(f"fk_{table}_{owner}_{owners}"), ondelete="CASCADE"
            ),
            sa.ForeignKeyConstraint(
                ["label_id"], ["labels.id"], name=op.f(f"fk_{table}_label_id_labels"), ondelete="CASCADE"
            ),
            sa.PrimaryKeyConstraint(owner, "label_id", name=op.f(f"pk_{table}")),
        )
        op.create_index(op.f(f"ix_{table}_label_id"), table, ["label_id"], unique=False)


def downgrade() -> None:
    for table, _owner, _owners in reversed(OWNERS):
        op.drop_index(op.f(f"ix_{table}_label_id"), table_name=table)
        op.drop_table(table)
