"""Custom fields for people and organisations: a definition says what it applies to (jobs,
people or organisations; the existing ones stay on jobs), and each kind of contact keeps its
values in a table of its own, as jobs do.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-06 21:30:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None

CHECK_NAME = "ck_custom_field_definitions_applies_to"
CHECK = "applies_to IN ('job', 'person', 'organization')"
OWNERS = (
    ("person_custom_values", "person_id", "persons"),
    ("organization_custom_values", "organization_id", "organizations"),
)


def upgrade() -> None:
    # Plain ADD COLUMN, not a batch copy: on SQLite a copy drops the old table, and with
    # foreign keys on that would delete every job's custom field values. SQLite takes the
    # named CHECK as part of the column; PostgreSQL adds it as a constraint.
    if op.get_bind().dialect.name == "sqlite":
        op.execute(
            "ALTER TABLE custom_field_definitions ADD COLUMN applies_to VARCHAR(12) DEFAULT 'job' NOT NULL "
            f"CONSTRAINT {CHECK_NAME} CHECK ({CHECK})"
        )
    else:
        op.add_column(
            "custom_field_definitions",
            sa.Column("applies_to", sa.String(length=12), server_default="job", nullable=False),
        )
        op.create_check_constraint(op.f(CHECK_NAME), "custom_field_definitions", CHECK)
    for table, owner, owners in OWNERS:
        op.create_table(
            table,
            sa.Column(owner, sa.Integer(), nullable=False),
            sa.Column("definition_id", sa.Integer(), nullable=False),
            sa.Column("value", sa.Text(), nullable=False),
            sa.ForeignKeyConstraint(
                [owner], [f"{owners}.id"], name=op.f(f"fk_{table}_{owner}_{owners}"), ondelete="CASCADE"
            ),
            sa.ForeignKeyConstraint(
                ["definition_id"],
                ["custom_field_definitions.id"],
                name=op.f(f"fk_{table}_definition_id_custom_field_definitions"),
                ondelete="CASCADE",
            ),
            sa.PrimaryKeyConstraint(owner, "definition_id", name=op.f(f"pk_{table}")),
        )
        op.create_index(op.f(f"ix_{table}_definition_id"), table, ["definition_id"], unique=False)


def downgrade() -> None:
    for table, _owner, _owners in reversed(OWNERS):
        op.drop_index(op.f(f"ix_{table}_definition_id"), table_name=table)
        op.drop_table(table)
    if op.get_bind().dialect.name != "sqlite":  # SQLite drops the column's CHECK with it
        op.drop_constraint(op.f(CHECK_NAME), "custom_field_definitions", type_="check")
    op.drop_column("custom_field_definitions", "applies_to")
