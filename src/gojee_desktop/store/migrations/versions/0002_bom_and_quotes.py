"""BOM sections and lines, price book, quotes and quote lines (decimals stored as text)

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25 14:31:10.458706
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "price_book_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=60), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("unit", sa.String(length=20), nullable=False),
        sa.Column("unit_cost", sa.String(length=40), nullable=False),
        sa.Column("markup", sa.String(length=40), nullable=False),
        sa.Column("tax_rate", sa.String(length=40), nullable=False),
        sa.CheckConstraint("kind IN ('material', 'labour', 'other')", name=op.f("ck_price_book_items_kind")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_price_book_items")),
        sa.UniqueConstraint("code", name=op.f("uq_price_book_items_code")),
    )
    op.create_table(
        "bom_sections",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("job_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["job_id"], ["jobs.id"], name=op.f("fk_bom_sections_job_id_jobs"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bom_sections")),
    )
    with op.batch_alter_table("bom_sections", schema=None) as batch_op:
        batch_op.create_index("ix_bom_sections_job_position", ["job_id", "position"], unique=False)

    op.create_table(
        "quotes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("job_id", sa.Integer(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=30), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("tax_rounding", sa.String(length=5), nullable=False),
        sa.Column("customer", sa.Text(), nullable=False),
        sa.Column("site", sa.Text(), nullable=False),
        sa.Column("issue_date", sa.Date(), nullable=False),
        sa.Column("valid_until", sa.Date(), nullable=False),
        sa.Column("intro", sa.Text(), nullable=False),
        sa.Column("terms", sa.Text(), nullable=False),
        sa.Column("hide_unit_prices", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status_changed_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "status IN ('draft', 'sent', 'accepted', 'declined')", name=op.f("ck_quotes_status")
        ),
        sa.CheckConstraint("tax_rounding IN ('line', 'total')", name=op.f("ck_quotes_tax_rounding")),
        sa.ForeignKeyConstraint(
            ["job_id"], ["jobs.id"], name=op.f("fk_quotes_job_id_jobs"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_quotes")),
        sa.UniqueConstraint("job_id", "revision", name="uq_quotes_job_revision"),
        sa.UniqueConstraint("number", name=op.f("uq_quotes_number")),
    )
    with op.batch_alter_table("quotes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_quotes_job_id"), ["job_id"], unique=False)

    op.create_table(
        "bom_lines",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("section_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("item_code", sa.String(length=60), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("quantity", sa.String(length=40), nullable=False),
        sa.Column("unit", sa.String(length=20), nullable=False),
        sa.Column("unit_cost", sa.String(length=40), nullable=False),
        sa.Column("markup", sa.String(length=40), nullable=False),
        sa.Column("unit_price", sa.String(length=40), nullable=True),
        sa.Column("discount", sa.String(length=40), nullable=False),
        sa.Column("tax_rate", sa.String(length=40), nullable=False),
        sa.Column("optional", sa.Boolean(), nullable=False),
        sa.Column("chosen", sa.Boolean(), nullable=False),
        sa.CheckConstraint("kind IN ('material', 'labour', 'other')", name=op.f("ck_bom_lines_kind")),
        sa.ForeignKeyConstraint(
            ["section_id"],
            ["bom_sections.id"],
            name=op.f("fk_bom_lines_section_id_bom_sections"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bom_lines")),
    )
    with op.batch_alter_table("bom_lines", schema=None) as batch_op:
        batch_op.create_index("ix_bom_lines_section_position", ["section_id", "position"], unique=False)

    op.create_table(
        "quote_lines",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("quote_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("section", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("item_code", sa.String(length=60), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("quantity", sa.String(length=40), nullable=False),
        sa.Column("unit", sa.String(length=20), nullable=False),
        sa.Column("unit_cost", sa.String(length=40), nullable=False),
        sa.Column("markup", sa.String(length=40), nullable=False),
        sa.Column("unit_price", sa.String(length=40), nullable=True),
        sa.Column("discount", sa.String(length=40), nullable=False),
        sa.Column("tax_rate", sa.String(length=40), nullable=False),
        sa.Column("optional", sa.Boolean(), nullable=False),
        sa.Column("chosen", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["quote_id"], ["quotes.id"], name=op.f("fk_quote_lines_quote_id_quotes"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_quote_lines")),
    )
    with op.batch_alter_table("quote_lines", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_quote_lines_quote_id"), ["quote_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("quote_lines", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_quote_lines_quote_id"))

    op.drop_table("quote_lines")
    with op.batch_alter_table("bom_lines", schema=None) as batch_op:
        batch_op.drop_index("ix_bom_lines_section_position")

    op.drop_table("bom_lines")
    with op.batch_alter_table("quotes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_quotes_job_id"))

    op.drop_table("quotes")
    with op.batch_alter_table("bom_sections", schema=None) as batch_op:
        batch_op.drop_index("ix_bom_sections_job_position")

    op.drop_table("bom_sections")
    op.drop_table("price_book_items")
