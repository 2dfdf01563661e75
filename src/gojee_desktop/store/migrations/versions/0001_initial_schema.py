"""initial schema: jobs, contacts, pipelines, catalog, history

Revision ID: 0001
Revises:
Create Date: 2026-11-25 01:19:04.265227
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from gojee_desktop.store import fulltext

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "app_settings",
        sa.Column("key", sa.String(length=80), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_app_settings")),
    )
    op.create_table(
        "custom_field_definitions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=60), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("field_type", sa.String(length=10), nullable=False),
        sa.Column("choices", sa.Text(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "field_type IN ('text', 'number', 'money', 'date', 'choice', 'checkbox')",
            name=op.f("ck_custom_field_definitions_field_type"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_custom_field_definitions")),
        sa.UniqueConstraint("key", name=op.f("uq_custom_field_definitions_key")),
    )
    op.create_table(
        "labels",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=60), nullable=False),
        sa.Column("color", sa.String(length=9), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_labels")),
        sa.UniqueConstraint("name", name=op.f("uq_labels_name")),
    )
    op.create_table(
        "organizations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organizations")),
    )
    with op.batch_alter_table("organizations", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_organizations_name"), ["name"], unique=False)

    op.create_table(
        "pipelines",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=20), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pipelines")),
        sa.UniqueConstraint("key", name=op.f("uq_pipelines_key")),
    )
    op.create_table(
        "source_channels",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_source_channels")),
        sa.UniqueConstraint("name", name=op.f("uq_source_channels_name")),
    )
    op.create_table(
        "statuses",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("applies_to", sa.String(length=4), nullable=False),
        sa.Column("color", sa.String(length=9), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.CheckConstraint("applies_to IN ('lead', 'job', 'both')", name=op.f("ck_statuses_applies_to")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_statuses")),
        sa.UniqueConstraint("key", name=op.f("uq_statuses_key")),
        sa.UniqueConstraint("name", name=op.f("uq_statuses_name")),
    )
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        sa.UniqueConstraint("name", name=op.f("uq_users_name")),
    )
    op.create_table(
        "persons",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_persons_organization_id_organizations"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_persons")),
    )
    with op.batch_alter_table("persons", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_persons_name"), ["name"], unique=False)
        batch_op.create_index(batch_op.f("ix_persons_organization_id"), ["organization_id"], unique=False)

    op.create_table(
        "stages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("pipeline_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("color", sa.String(length=9), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("win_probability", sa.Integer(), nullable=False),
        sa.Column("outcome", sa.String(length=4), nullable=True),
        sa.CheckConstraint("outcome IN ('won', 'lost') OR outcome IS NULL", name=op.f("ck_stages_outcome")),
        sa.CheckConstraint("win_probability BETWEEN 0 AND 100", name=op.f("ck_stages_win_probability")),
        sa.ForeignKeyConstraint(
            ["pipeline_id"],
            ["pipelines.id"],
            name=op.f("fk_stages_pipeline_id_pipelines"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stages")),
        sa.UniqueConstraint("pipeline_id", "name", name="uq_stages_pipeline_name"),
    )
    with op.batch_alter_table("stages", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_stages_pipeline_id"), ["pipeline_id"], unique=False)

    op.create_table(
        "contact_details",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("organization_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=7), nullable=False),
        sa.Column("label", sa.String(length=40), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.CheckConstraint("kind IN ('email', 'phone', 'address')", name=op.f("ck_contact_details_kind")),
        sa.CheckConstraint(
            "(person_id IS NULL) <> (organization_id IS NULL)", name=op.f("ck_contact_details_one_owner")
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_contact_details_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["persons.id"],
            name=op.f("fk_contact_details_person_id_persons"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contact_details")),
    )
    with op.batch_alter_table("contact_details", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_contact_details_organization_id"), ["organization_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_contact_details_person_id"), ["person_id"], unique=False)

    op.create_table(
        "jobs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=20), nullable=False),
        sa.Column("lifecycle", sa.String(length=12), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("value_minor", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("expected_close", sa.Date(), nullable=True),
        sa.Column("source_channel_id", sa.Integer(), nullable=True),
        sa.Column("status_id", sa.Integer(), nullable=True),
        sa.Column("stage_id", sa.Integer(), nullable=True),
        sa.Column("board_position", sa.Float(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("organization_id", sa.Integer(), nullable=True),
        sa.Column("site_address", sa.Text(), nullable=False),
        sa.Column("lost_reason", sa.Text(), nullable=False),
        sa.Column("archived", sa.Boolean(), nullable=False),
        sa.Column("archived_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("converted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("search_text", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint("lifecycle IN ('lead', 'customer_job')", name=op.f("ck_jobs_lifecycle")),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_jobs_organization_id_organizations"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["persons.id"], name=op.f("fk_jobs_person_id_persons"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["source_channel_id"],
            ["source_channels.id"],
            name=op.f("fk_jobs_source_channel_id_source_channels"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["stage_id"], ["stages.id"], name=op.f("fk_jobs_stage_id_stages"), ondelete="RESTRICT"
        ),
        sa.ForeignKeyConstraint(
            ["status_id"], ["statuses.id"], name=op.f("fk_jobs_status_id_statuses"), ondelete="RESTRICT"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_jobs")),
        sa.UniqueConstraint("number", name=op.f("uq_jobs_number")),
    )
    with op.batch_alter_table("jobs", schema=None) as batch_op:
        batch_op.create_index("ix_jobs_board", ["stage_id", "board_position"], unique=False)
        batch_op.create_index(
            "ix_jobs_lifecycle_close", ["lifecycle", "archived", "expected_close"], unique=False
        )
        batch_op.create_index("ix_jobs_lifecycle_title", ["lifecycle", "archived", "title"], unique=False)
        batch_op.create_index(
            "ix_jobs_lifecycle_updated", ["lifecycle", "archived", "updated_at"], unique=False
        )
        batch_op.create_index(
            "ix_jobs_lifecycle_value", ["lifecycle", "archived", "value_minor"], unique=False
        )
        batch_op.create_index("ix_jobs_list", ["lifecycle", "archived", "id"], unique=False)
        batch_op.create_index(batch_op.f("ix_jobs_organization_id"), ["organization_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_jobs_person_id"), ["person_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_jobs_source_channel_id"), ["source_channel_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_jobs_status_id"), ["status_id"], unique=False)

    op.create_table(
        "custom_field_values",
        sa.Column("job_id", sa.Integer(), nullable=False),
        sa.Column("definition_id", sa.Integer(), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["definition_id"],
            ["custom_field_definitions.id"],
            name=op.f("fk_custom_field_values_definition_id_custom_field_definitions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["job_id"], ["jobs.id"], name=op.f("fk_custom_field_values_job_id_jobs"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("job_id", "definition_id", name=op.f("pk_custom_field_values")),
    )
    with op.batch_alter_table("custom_field_values", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_custom_field_values_definition_id"), ["definition_id"], unique=False
        )

    op.create_table(
        "job_assignees",
        sa.Column("job_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["job_id"], ["jobs.id"], name=op.f("fk_job_assignees_job_id_jobs"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_job_assignees_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("job_id", "user_id", name=op.f("pk_job_assignees")),
    )
    with op.batch_alter_table("job_assignees", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_job_assignees_user_id"), ["user_id"], unique=False)

    op.create_table(
        "job_history",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("job_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("actor", sa.String(length=120), nullable=False),
        sa.Column("field", sa.String(length=60), nullable=False),
        sa.Column("old_value", sa.Text(), nullable=False),
        sa.Column("new_value", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["job_id"], ["jobs.id"], name=op.f("fk_job_history_job_id_jobs"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_job_history_user_id_users"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_job_history")),
    )
    with op.batch_alter_table("job_history", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_job_history_job_id"), ["job_id"], unique=False)

    op.create_table(
        "job_labels",
        sa.Column("job_id", sa.Integer(), nullable=False),
        sa.Column("label_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["job_id"], ["jobs.id"], name=op.f("fk_job_labels_job_id_jobs"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["label_id"], ["labels.id"], name=op.f("fk_job_labels_label_id_labels"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("job_id", "label_id", name=op.f("pk_job_labels")),
    )
    with op.batch_alter_table("job_labels", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_job_labels_label_id"), ["label_id"], unique=False)

    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        fulltext.create_sqlite_fts(bind)
    elif bind.dialect.name == "postgresql":
        fulltext.create_postgres_index(bind)


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        fulltext.drop_sqlite_triggers(bind)
        op.execute(f"DROP TABLE IF EXISTS {fulltext.FTS_TABLE}")
    with op.batch_alter_table("job_labels", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_job_labels_label_id"))

    op.drop_table("job_labels")
    with op.batch_alter_table("job_history", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_job_history_job_id"))

    op.drop_table("job_history")
    with op.batch_alter_table("job_assignees", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_job_assignees_user_id"))

    op.drop_table("job_assignees")
    with op.batch_alter_table("custom_field_values", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_custom_field_values_definition_id"))

    op.drop_table("custom_field_values")
    with op.batch_alter_table("jobs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_jobs_status_id"))
        batch_op.drop_index(batch_op.f("ix_jobs_source_channel_id"))
        batch_op.drop_index(batch_op.f("ix_jobs_person_id"))
        batch_op.drop_index(batch_op.f("ix_jobs_organization_id"))
        batch_op.drop_index("ix_jobs_list")
        batch_op.drop_index("ix_jobs_lifecycle_value")
        batch_op.drop_index("ix_jobs_lifecycle_updated")
        batch_op.drop_index("ix_jobs_lifecycle_title")
        batch_op.drop_index("ix_jobs_lifecycle_close")
        batch_op.drop_index("ix_jobs_board")

    op.drop_table("jobs")
    with op.batch_alter_table("contact_details", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_contact_details_person_id"))
        batch_op.drop_index(batch_op.f("ix_contact_details_organization_id"))

    op.drop_table("contact_details")
    with op.batch_alter_table("stages", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_stages_pipeline_id"))

    op.drop_table("stages")
    with op.batch_alter_table("persons", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_persons_organization_id"))
        batch_op.drop_index(batch_op.f("ix_persons_name"))

    op.drop_table("persons")
    op.drop_table("users")
    op.drop_table("statuses")
    op.drop_table("source_channels")
    op.drop_table("pipelines")
    with op.batch_alter_table("organizations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_organizations_name"))

    op.drop_table("organizations")
    op.drop_table("labels")
    op.drop_table("custom_field_definitions")
    op.drop_table("app_settings")
