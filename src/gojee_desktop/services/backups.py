"""Backups and restore as the window uses them: the store does the file work (SQLite's backup
API, verification, rotation); this adds what a session of the app needs around it — closing
the database's connections before a restore, and plain answers for PostgreSQL."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from gojee_desktop.services.errors import RuleViolation, StorageError
from gojee_desktop.store.backups import (
    BackupError,
    BackupInfo,
    backup_now,
    daily_backup_if_due,
    integrity_problems,
    list_backups,
    newest_sound_backup,
    read_backup_info,
    restore_backup,
    sqlite_path,
)
from gojee_desktop.store.database import Database

POSTGRES_BACKUPS = (
    "A team database on PostgreSQL is backed up by the server's own tools (pg_dump); "
    "ask whoever runs the server. Gojee Desktop backs up local database files only."
)

__all__ = [
    "POSTGRES_BACKUPS",
    "BackupInfo",
    "StartOfDay",
    "back_up_now",
    "database_backups",
    "database_file",
    "describe_backup",
    "newest_sound_backup",
    "restore_database",
    "start_of_day",
]


def database_file(database: Database | str) -> Path | None:
    """The SQLite file behind `database` (a Database or a URL); None on PostgreSQL."""
    return sqlite_path(database if isinstance(database, str) else database.url)


def _require_file(database: Database | str) -> Path:
    path = database_file(database)
    if path is None:
        raise RuleViolation(POSTGRES_BACKUPS)
    return path


def back_up_now(database: Database, reason: str = "manual") -> BackupInfo:
    """A verified backup into the backup folder (File › Back up now)."""
    try:
        return backup_now(_require_file(database), reason)
    except BackupError as exc:
        raise StorageError(str(exc)) from exc


def database_backups(database: Database | str) -> list[BackupInfo]:
    """The backups of this database, newest first, with record counts; [] on PostgreSQL."""
    path = database_file(database)
    return list_backups(path) if path is not None else []


def describe_backup(path: Path) -> BackupInfo:
    """Date, size and counts of any backup file the user picks."""
    try:
        return read_backup_info(path)
    except OSError as exc:
        raise StorageError(f"Cannot read {path}: {exc.strerror}.") from exc


def restore_database(database: Database | str, backup: Path) -> BackupInfo | None:
    """Replace the database file with `backup` (checked first); the current file is backed
    up first and returned. Every connection of `database` is closed beforehand: the caller
    reopens its windows afterwards."""
    path = _require_file(database)
    if isinstance(database, Database):
        database.dispose()
    try:
        return restore_backup(path, backup)
    except BackupError as exc:
        raise StorageError(str(exc)) from exc


@dataclass(frozen=True)
class StartOfDay:
    """What the background check after start found: damage (empty when sound) and the
    daily backup made, if one was due."""

    problems: list[str]
    backup: BackupInfo | None = None
    backup_error: str | None = None


def start_of_day(database: Database) -> StartOfDay:
    """The full `integrity_check` and, when the file is sound and none was made today, the
    daily backup. Slow on a big file: the window runs it in the background."""
    path = database_file(database)
    if path is None or not path.is_file():
        return StartOfDay(problems=[])
    problems = integrity_problems(path)
    if problems:
        return StartOfDay(problems=problems)
    try:
        return StartOfDay(problems=[], backup=daily_backup_if_due(path))
    except BackupError as exc:
        return StartOfDay(problems=[], backup_error=str(exc))
