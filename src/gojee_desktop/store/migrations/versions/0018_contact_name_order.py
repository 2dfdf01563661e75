"""A second full-text index over the names of people and organisations on SQLite, keyed so
that a search reads its matches roughly in name order (`store.contact_name_order`): the
People page's first page of a common name no longer sorts every match. PostgreSQL keeps
its GIN indexes: nothing changes there.

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-06 21:30:00.000000
"""

from __future__ import annotations

from alembic import op

from gojee_desktop.store import contact_name_order

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        contact_name_order.create_sqlite(bind)


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        contact_name_order.drop_sqlite(bind)
