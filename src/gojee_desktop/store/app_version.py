"""Which version of the app last upgraded a database, kept without a schema change: SQLite's
`PRAGMA user_version` (an integer, 1.2.3 → 1002003) and, on PostgreSQL, the comment of the
`alembic_version` table. An older app that meets a revision it does not know can then say
which version wrote the database instead of Alembic's "Can't locate revision"."""

from __future__ import annotations

import re

from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError

from gojee_desktop import __version__

_COMMENT_PREFIX = "Gojee Desktop "


def version_number(version: str) -> int:
    """'1.2.3' → 1002003 (fits SQLite's 32-bit user_version); unknown parts count as 0."""
    parts = [int(p) for p in re.findall(r"\d+", version)[:3]]
    parts += [0] * (3 - len(parts))
    return parts[0] * 1_000_000 + parts[1] * 1_000 + parts[2]


def version_text(number: int) -> str:
    return f"{number // 1_000_000}.{number // 1_000 % 1_000}.{number % 1_000}"


def recorded_version(engine: Engine) -> str | None:
    """The app version recorded in the database, or None when none was recorded."""
    with engine.connect() as connection:
        if engine.dialect.name == "sqlite":
            number = int(connection.exec_driver_sql("PRAGMA user_version").scalar() or 0)
            return version_text(number) if number else None
        try:
            comment = connection.exec_driver_sql(
                "SELECT obj_description('alembic_version'::regclass, 'pg_class')"
            ).scalar()
        except DBAPIError:
            return None
    if isinstance(comment, str) and comment.startswith(_COMMENT_PREFIX):
        return comment[len(_COMMENT_PREFIX) :]
    return None


def record_version(engine: Engine, version: str = __version__) -> None:
    """Record `version` unless a newer one is already recorded (cheap read when unchanged)."""
    recorded = recorded_version(engine)
    if recorded is not None and version_number(recorded) >= version_number(version):
        return
    with engine.begin() as connection:
        if engine.dialect.name == "sqlite":
            connection.exec_driver_sql(f"PRAGMA user_version = {version_number(version)}")
        else:
            safe = version.replace("'", "")
            connection.exec_driver_sql(f"COMMENT ON TABLE alembic_version IS '{_COMMENT_PREFIX}{safe}'")
