"""The SQLite full-text index also indexes 3-letter prefixes, so a 3-letter search reads
its first page lazily instead of merging every matching word's list first (30 ms -> under
1 ms at a million jobs). PostgreSQL is unchanged.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-25 17:40:00.000000
"""

from __future__ import annotations

from alembic import op

from gojee_desktop.store import fulltext

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        fulltext.recreate_sqlite_fts(bind, fulltext.FTS_OPTIONS_0007)


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        fulltext.recreate_sqlite_fts(bind, fulltext.FTS_OPTIONS_0005)
