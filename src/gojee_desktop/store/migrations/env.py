"""Alembic environment: batch mode for SQLite, the engine handed in by `store.migrate`."""

from __future__ import annotations

from typing import Any

from alembic import context
from sqlalchemy import create_engine

import gojee_desktop.models  # noqa: F401  (registers every table)
from gojee_desktop.models import Base
from gojee_desktop.store.fulltext import include_name

target_metadata = Base.metadata


def _configure(connection: Any) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,
        compare_type=True,
        include_name=include_name,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    engine = context.config.attributes.get("engine")
    if engine is None:
        url = context.config.get_main_option("sqlalchemy.url") or ""
        engine = create_engine(url)
    with engine.begin() as connection:
        _configure(connection)


if context.is_offline_mode():
    raise SystemExit("Offline (SQL script) migrations are not supported.")
run_migrations_online()
