"""People and organisations are searched by a full-text index over their names, as jobs are:
SQLite FTS5 tables kept in step by triggers, PostgreSQL GIN indexes. A name search at half a
million people no longer scans every name. The index of contact details by kind and
matching form also holds the owner, so an email or phone prefix search reads only the index.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-06 18:40:00.000000
"""

from __future__ import annotations

from alembic import op

from gojee_desktop.store import contact_fulltext

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


OLD_INDEX = "ix_contact_details_kind_normalized"
NEW_INDEX = "ix_contact_details_kind_normalized_owner"


def upgrade() -> None:
    op.create_index(
        NEW_INDEX, "contact_details", ["kind", "normalized", "person_id", "organization_id"], unique=False
    )
    op.drop_index(OLD_INDEX, table_name="contact_details")
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        contact_fulltext.create_sqlite(bind)
    elif bind.dialect.name == "postgresql":
        contact_fulltext.create_postgres(bind)


def downgrade() -> None:
    op.create_index(OLD_INDEX, "contact_details", ["kind", "normalized"], unique=False)
    op.drop_index(NEW_INDEX, table_name="contact_details")
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        contact_fulltext.drop_sqlite(bind)
    elif bind.dialect.name == "postgresql":
        contact_fulltext.drop_postgres(bind)
