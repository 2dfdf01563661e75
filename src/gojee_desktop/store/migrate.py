"""Run Alembic from code: upgrade to head at start-up, backing up a SQLite file first."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


_REVISION = re.compile(r"^revision(?:\s*:\s*str)?\s*=\s*[\"']([^\"']+)[\"']", re.MULTILINE)
_DOWN_REVISION = re.compile(
    r"^down_revision(?:\s*:[^=\n]+)?\s*=\s*(?:None|[\"']([^\"']+)[\"'])\s*$", re.MULTILINE
)


def head_from_files() -> str | None:
    """The head revision read from the revision files' text, without importing Alembic
    (it and its templates cost ~0.2 s and ~20 MB at every start). None when the chain is
    not a plain line (a merge, several heads) or the files are not there: ask Alembic then."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in (MIGRATIONS_DIR / "versions").glob("*.py"):
        text = path.read_text(encoding="utf-8")
        revision, down = _REVISION.search(text), _DOWN_REVISION.search(text)
        if revision is None or down is None:
            return None
        revisions.add(revision.group(1))
        if down.group(1):
            parents.add(down.group(1))
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 else None


def known_revisions() -> set[str]:
    """Every revision id shipped with this version of the app (read from the files' text)."""
    found = set()
    for path in (MIGRATIONS_DIR / "versions").glob("*.py"):
        match = _REVISION.search(path.read_text(encoding="utf-8"))
        if match is not None:
            found.add(match.group(1))
    return found


def refuse_newer_schema(engine: Engine, stored: str | None) -> None:
    """A database at a revision this app does not know was written by a newer version:
    refuse it (untouched) and say which version to get."""
    if stored is None or stored in known_revisions():
        return
    from gojee_desktop import __version__
    from gojee_desktop.store.app_version import recorded_version
    from gojee_desktop.store.checks import NEWER_VERSION, DatabaseUnavailable

    writer = recorded_version(engine)
    by = f"Gojee Desktop {writer}" if writer else "a newer version of Gojee Desktop"
    raise DatabaseUnavailable(
        f"This database was written by {by}; this is {__version__}: update the app to open it.",
        NEWER_VERSION,
    )


def stored_revision(engine: Engine) -> str | None:
    """The revision recorded in the database (plain SQL), or None."""
    with engine.connect() as connection:
        try:
            rows = connection.exec_driver_sql("SELECT version_num FROM alembic_version").fetchall()
        except DBAPIError as exc:
            text = str(exc.orig).lower()
            if "no such table" in text or "does not exist" in text:
                return None  # a new, empty database
            raise
    return str(rows[0][0]) if len(rows) == 1 else None


def alembic_config(engine: Engine | None = None) -> Config:
    """An Alembic config pointing at our migrations; `engine` is handed to env.py."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if engine is not None:
        config.attributes["engine"] = engine
    return config


def head_revision() -> str:
    """The newest revision id shipped with this version of the app."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at, or None for an empty database."""
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def _backup_sqlite_file(engine: Engine, revision: str) -> Path | None:
    """A verified backup (SQLite's backup API) of an existing file before its schema changes."""
    from gojee_desktop.store.backups import backup_now, sqlite_path

    path = sqlite_path(engine.url.render_as_string(hide_password=False))
    if path is None or not path.is_file():
        return None
    return backup_now(path, f"before upgrade from {revision}").path


def upgrade_to_head(engine: Engine, before_changes: Callable[[], None] | None = None) -> None:
    """Bring the schema to head. An existing SQLite file is backed up to backups/ first.
    `before_changes` is called before a migration starts (the start-up check's verdict)."""
    from gojee_desktop.store.app_version import record_version

    fast_head = head_from_files()
    stored = stored_revision(engine)
    refuse_newer_schema(engine, stored)
    if fast_head is not None and stored == fast_head:
        record_version(engine)
        return  # already at head: the usual start, decided without loading Alembic
    from alembic import command

    current = current_revision(engine)
    if current != head_revision():
        if before_changes is not None:
            before_changes()
        if current is not None:
            _backup_sqlite_file(engine, current)
        command.upgrade(alembic_config(engine), "head")
    record_version(engine)
