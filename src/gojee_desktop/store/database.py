"""Open a database (SQLite file or PostgreSQL), tune it and migrate it to head. The store knows
nothing above it: seeding the default lists is the start-up service's job
(`services.startup.open_app_database`)."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import NullPool

from gojee_desktop.config import default_database_url

if TYPE_CHECKING:
    from gojee_desktop.store.background_check import BackgroundCheck

SessionFactory = sessionmaker[Session]


@dataclass(frozen=True)
class Database:
    """An open database: its URL, engine and the session factory services use.
    `background_check`: the start-up quick_check still running beside the window (SQLite
    opened with `check_in_background`), else None."""

    url: str
    engine: Engine
    sessions: SessionFactory
    background_check: BackgroundCheck | None = None

    @property
    def dialect(self) -> str:
        """'sqlite' or 'postgresql'."""
        return self.engine.dialect.name

    def dispose(self) -> None:
        """Close every pooled connection (before deleting or copying the file)."""
        self.engine.dispose()


DEFAULT_CACHE_MB = 64


def _tune_sqlite(
    dbapi_connection: sqlite3.Connection, _record: Any, cache_mb: int = DEFAULT_CACHE_MB
) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute(f"PRAGMA cache_size=-{int(cache_mb) * 1024}")
    cursor.execute("PRAGMA temp_store=MEMORY")
    cursor.close()


def create_db_engine(url: str, cache_mb: int = DEFAULT_CACHE_MB) -> Engine:
    """An engine with SQLite pragmas set on every connection (WAL, foreign keys, timeout).
    `cache_mb` is SQLite's page cache per connection: bulk work wants it large, the window
    small (the operating system caches the file anyway)."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database or ""
        if database and database != ":memory:":
            Path(database).expanduser().resolve().parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, poolclass=NullPool if not database else None)
        event.listen(engine, "connect", lambda c, r: _tune_sqlite(c, r, cache_mb))
        return engine
    if parsed.get_backend_name() == "postgresql" and parsed.get_driver_name() in ("", "psycopg2"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return create_engine(parsed, pool_pre_ping=True)


def open_database(
    url: str | None = None,
    *,
    migrate: bool = True,
    cache_mb: int = DEFAULT_CACHE_MB,
    check_in_background: bool = False,
) -> Database:
    """Open (and by default upgrade) the database at `url` or the default one.

    Problems (a damaged or foreign file, a locked or read-only one, an unreachable server, a
    newer schema…) raise `checks.DatabaseUnavailable` with a message for the user, before
    anything is written. `check_in_background`: an existing SQLite file's `quick_check` (the
    whole file read) runs in a thread instead, and every write waits for its verdict (see
    `store.background_check`); a migration waits for it before it starts."""
    from gojee_desktop.store.checks import DatabaseUnavailable, check_sqlite_file, explain
    from gojee_desktop.store.migrate import upgrade_to_head

    url = url or default_database_url()
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise DatabaseUnavailable(
            f"'{url}' is not a database address; use sqlite:///PATH or postgresql://USER@HOST/NAME."
        ) from exc
    path = sqlite_file(url)
    background: BackgroundCheck | None = None
    if path is not None:
        check_sqlite_file(path, quick=not check_in_background)
        if check_in_background and path.is_file() and path.stat().st_size > 0:
            from gojee_desktop.store.background_check import BackgroundCheck

            background = BackgroundCheck(path)
    try:
        engine = create_db_engine(url, cache_mb)
    except (ArgumentError, ImportError) as exc:
        raise DatabaseUnavailable(
            f"'{parsed.render_as_string()}' is not a database Gojee Desktop can use; give a "
            "sqlite:///PATH or postgresql://USER@HOST/NAME address."
        ) from exc
    if background is not None:
        background.guard(engine)
    try:
        if migrate:
            upgrade_to_head(engine, before_changes=background.require_sound if background else None)
        else:
            with engine.connect():
                pass
    except DatabaseUnavailable:
        engine.dispose()
        raise
    except (DBAPIError, sqlite3.Error, OSError) as exc:
        engine.dispose()
        raise explain(exc, path, parsed.host) from exc
    sessions = sessionmaker(bind=engine, expire_on_commit=False)
    return Database(url=url, engine=engine, sessions=sessions, background_check=background)


def sqlite_file(url: str) -> Path | None:
    """The file of a SQLite URL; None for PostgreSQL or an in-memory database."""
    parsed = make_url(url)
    database = parsed.database or ""
    if parsed.get_backend_name() != "sqlite" or not database or database == ":memory:":
        return None
    return Path(database).expanduser().resolve()
