"""What every start does, for the window and the `gojee` command alike: open the database,
bring its schema to head, and give a new database its default lists."""

from __future__ import annotations

from gojee_desktop.services.defaults import ensure_defaults
from gojee_desktop.services.errors import StorageError
from gojee_desktop.store.checks import DatabaseUnavailable
from gojee_desktop.store.database import DEFAULT_CACHE_MB, Database, open_database
from gojee_desktop.store.instance_lock import refuse_writes


def open_app_database(
    url: str | None = None, *, cache_mb: int = DEFAULT_CACHE_MB, check_in_background: bool = False
) -> Database:
    """Open and upgrade the database at `url` (default: the local file) and seed the default
    lists into it when it is new; cheap on an existing database.

    A SQLite file is checked first (`PRAGMA quick_check`, and that it is a database at all):
    any problem raises StorageError with a message for the user, and nothing is written.
    `check_in_background` (the window): the quick_check runs beside the window instead and
    writes wait for its verdict; `database.background_check` reports it."""
    try:
        database = open_database(url, cache_mb=cache_mb, check_in_background=check_in_background)
    except DatabaseUnavailable as problem:
        raise StorageError(str(problem), problem.kind, problem.restorable) from problem
    try:
        ensure_defaults(database.sessions)
    except BaseException:
        database.dispose()
        raise
    return database


def open_for_viewing(database: Database) -> None:
    """Switch `database` to viewing only (a second window on a file another window edits):
    SQLite itself refuses every write from now on, and the refusal says why."""
    refuse_writes(database.engine)
