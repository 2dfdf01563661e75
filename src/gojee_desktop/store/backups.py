"""Backups of the SQLite file with SQLite's online backup API (a consistent copy of a live
database, WAL included; a file copy of a live database can be torn), each verified with
`PRAGMA integrity_check` after writing, rotated 7 daily / 4 weekly / 12 monthly, and restored
the same way (the current file is backed up first, so a restore loses nothing either).

Backups of `NAME.sqlite3` are `NAME-YYYYMMDDTHHMMSSZ-REASON.sqlite3` in the backup folder:
`backups/` beside the database, or the folder named by `GOJEE_BACKUP_DIR` or the
`backup_folder` setting (`config.backup_folder_setting`), e.g. a synced drive.
"""

from __future__ import annotations

import os
import re
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from gojee_desktop.config import backup_folder_setting
from gojee_desktop.store.database import Database, sqlite_file

SUFFIX = ".sqlite3"
KEEP_NEWEST = 3
KEEP_DAILY = 7
KEEP_WEEKLY = 4
KEEP_MONTHLY = 12

#: Tables counted in a backup's listing, with the words shown to a user.
COUNTED_TABLES: tuple[tuple[str, str], ...] = (
    ("jobs", "jobs"),
    ("persons", "people"),
    ("organizations", "organisations"),
    ("quotes", "quotes"),
    ("bom_lines", "BOM lines"),
)

_STAMP = "%Y%m%dT%H%M%SZ"
_NAME = re.compile(r"^(?P<stem>.+)-(?P<stamp>\d{8}T\d{6}Z)(?:-(?P<n>\d+))?-(?P<reason>[a-z0-9-]+)$")


class BackupError(Exception):
    """A backup or a restore that could not be done; the message is for the user."""


@dataclass(frozen=True)
class BackupInfo:
    """One backup file: when, why, how big, and what it holds (counts read from the file)."""

    path: Path
    created: datetime
    reason: str
    size: int
    counts: dict[str, int] = field(default_factory=dict)
    sound: bool = True

    def size_text(self) -> str:
        """'12.4 MB'."""
        value = float(self.size)
        for unit in ("bytes", "KB", "MB"):
            if value < 1024:
                return f"{int(value):,} bytes" if unit == "bytes" else f"{value:,.1f} {unit}"
            value /= 1024
        return f"{value:,.1f} GB"

    def summary(self) -> str:
        """'412 jobs, 380 people, …' for a listing (empty tables left out)."""
        parts = [f"{n:,} {word}" for word, n in self.counts.items() if n or word == "jobs"]
        return ", ".join(parts) or "no records"

    def reason_text(self) -> str:
        """'Daily', 'On demand', 'Before import'…"""
        named = {"daily": "Daily", "manual": "On demand", "copy": "Copy"}
        return named.get(self.reason, self.reason.replace("-", " ").capitalize())


def sqlite_path(url: str) -> Path | None:
    """The file of a SQLite URL, None for PostgreSQL or an in-memory database."""
    return sqlite_file(url)


def backup_folder(database_file: Path) -> Path:
    """Where the backups of `database_file` go: the configured folder, else `backups/`
    beside the file (the data folder's `backups/` for the default database)."""
    configured = backup_folder_setting()
    return configured if configured is not None else database_file.parent / "backups"


def _slug(reason: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", reason.lower()).strip("-")
    return slug or "manual"


def _connect_read_only(path: Path, timeout: float = 5.0) -> sqlite3.Connection:
    return sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=timeout)


def integrity_problems(path: Path, *, quick: bool = False, timeout: float = 5.0) -> list[str]:
    """What `PRAGMA integrity_check` (or `quick_check`) reports; [] when the file is sound."""
    pragma = "quick_check" if quick else "integrity_check"
    try:
        connection = _connect_read_only(path, timeout)
        try:
            rows = connection.execute(f"PRAGMA {pragma}").fetchall()
        finally:
            connection.close()
    except sqlite3.DatabaseError as exc:
        return [str(exc)]
    messages = [str(row[0]) for row in rows]
    return [] if messages == ["ok"] else messages


def record_counts(path: Path) -> dict[str, int]:
    """Rows per counted table, as words a user reads ('jobs', 'people'…)."""
    connection = _connect_read_only(path)
    try:
        present = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        return {
            word: int(connection.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0])
            for table, word in COUNTED_TABLES
            if table in present
        }
    finally:
        connection.close()


def _copy_with_backup_api(source: Path, target: Path) -> None:
    """Page-by-page copy of a consistent snapshot of `source` into `target` (replaced)."""
    source_connection = _connect_read_only(source, timeout=30.0)
    try:
        target_connection = sqlite3.connect(target, timeout=30.0)
        try:
            source_connection.backup(target_connection)
            # A backup should be one self-contained file, whatever the source's journal mode.
            target_connection.execute("PRAGMA journal_mode=DELETE")
        finally:
            target_connection.close()
    finally:
        source_connection.close()


def write_backup(database_file: Path, target: Path) -> BackupInfo:
    """Back `database_file` up to `target` and verify the copy. The copy is written under a
    temporary name and renamed only once verified, so no half-written backup is ever listed."""
    if not database_file.is_file():
        raise BackupError(f"There is no database file at {database_file} to back up.")
    target = target.expanduser().resolve()
    if target == database_file:
        raise BackupError("A backup cannot replace the database it copies; give another file name.")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BackupError(f"Cannot create the backup folder {target.parent}: {exc.strerror}.") from exc
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    try:
        _copy_with_backup_api(database_file, partial)
    except sqlite3.Error as exc:
        partial.unlink(missing_ok=True)
        raise BackupError(f"The backup of {database_file.name} failed: {exc}.") from exc
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise BackupError(f"The backup could not be written to {target.parent}: {exc.strerror}.") from exc
    problems = integrity_problems(partial)
    if problems:
        partial.unlink(missing_ok=True)
        raise BackupError(
            f"The backup of {database_file.name} did not pass its check ({problems[0]}); "
            "the database itself may be damaged."
        )
    os.replace(partial, target)
    return read_backup_info(target)


def _parse_name(path: Path, stem: str | None = None) -> tuple[datetime, str] | None:
    if path.suffix != SUFFIX:
        return None
    match = _NAME.match(path.stem)
    if match is None or (stem is not None and match["stem"] != stem):
        return None
    created = datetime.strptime(match["stamp"], _STAMP).replace(tzinfo=UTC)
    return created, match["reason"]


def read_backup_info(path: Path) -> BackupInfo:
    """Date, reason, size and record counts of one backup file (any file name)."""
    parsed = _parse_name(path)
    created, reason = parsed if parsed else (datetime.fromtimestamp(path.stat().st_mtime, UTC), "copy")
    try:
        counts = record_counts(path)
        sound = True
    except sqlite3.DatabaseError:
        counts, sound = {}, False
    return BackupInfo(
        path=path, created=created, reason=reason, size=path.stat().st_size, counts=counts, sound=sound
    )


def _backup_files(database_file: Path) -> list[tuple[datetime, Path]]:
    """The backups of `database_file`, newest first (within one second: the last written)."""
    folder = backup_folder(database_file)
    if not folder.is_dir():
        return []
    found = []
    for path in folder.iterdir():
        parsed = _parse_name(path, database_file.stem)
        if parsed is not None and path.is_file():
            match = _NAME.match(path.stem)
            counter = int(match["n"]) if match and match["n"] else 1
            found.append((parsed[0], counter, path))
    found.sort(key=lambda item: (item[0], item[1]), reverse=True)
    return [(created, path) for created, _counter, path in found]


def list_backups(database_file: Path) -> list[BackupInfo]:
    """The backups of `database_file`, newest first, with their record counts."""
    return [read_backup_info(path) for _created, path in _backup_files(database_file)]


def newest_sound_backup(database_file: Path) -> Path | None:
    """The newest backup that passes `integrity_check` (what a damaged database falls back to)."""
    for _created, path in _backup_files(database_file):
        if not integrity_problems(path):
            return path
    return None


def backup_now(database_file: Path, reason: str = "manual", *, now: datetime | None = None) -> BackupInfo:
    """A verified backup into the backup folder, then rotation of the older ones."""
    moment = (now or datetime.now(UTC)).astimezone(UTC)
    folder = backup_folder(database_file)
    base = f"{database_file.stem}-{moment.strftime(_STAMP)}"
    slug = _slug(reason)
    target = folder / f"{base}-{slug}{SUFFIX}"
    counter = 1
    while target.exists():
        counter += 1
        target = folder / f"{base}-{counter}-{slug}{SUFFIX}"
    info = write_backup(database_file, target)
    rotate(database_file)
    return info


def _indexes_to_keep(ordered: Sequence[datetime]) -> set[int]:
    """Grandfather-father-son over backup times sorted newest first: the newest few, plus
    the newest backup of each of the last 7 days, 4 ISO weeks and 12 months that have one."""
    keep = set(range(min(KEEP_NEWEST, len(ordered))))
    for key, limit in (
        (lambda d: d.date(), KEEP_DAILY),
        (lambda d: d.isocalendar()[:2], KEEP_WEEKLY),
        (lambda d: (d.year, d.month), KEEP_MONTHLY),
    ):
        seen: list[object] = []
        for index, stamp in enumerate(ordered):
            bucket = key(stamp)
            if bucket in seen:
                continue
            if len(seen) == limit:
                break
            seen.append(bucket)
            keep.add(index)
    return keep


def backups_to_keep(stamps: Sequence[datetime]) -> set[datetime]:
    """The backup times the rotation keeps (7 daily, 4 weekly, 12 monthly, newest few)."""
    ordered = sorted(stamps, reverse=True)
    return {ordered[i] for i in _indexes_to_keep(ordered)}


def rotate(database_file: Path) -> list[Path]:
    """Delete the backups the rotation no longer keeps; returns what was deleted. It counts
    backups, not calendar time, so a month without opening the app deletes nothing."""
    files = _backup_files(database_file)
    keep = _indexes_to_keep([created for created, _path in files])
    deleted = []
    for index, (_created, path) in enumerate(files):
        if index not in keep:
            path.unlink(missing_ok=True)
            deleted.append(path)
    return deleted


def backed_up_today(database_file: Path, *, now: datetime | None = None) -> bool:
    today = (now or datetime.now(UTC)).astimezone(UTC).date()
    return any(created.date() == today for created, _path in _backup_files(database_file))


def daily_backup_if_due(database_file: Path, *, now: datetime | None = None) -> BackupInfo | None:
    """The start-up backup: once a day, when the file exists and none was made today."""
    if not database_file.is_file() or backed_up_today(database_file, now=now):
        return None
    return backup_now(database_file, "daily", now=now)


def backup_before(database: Database, reason: str) -> BackupInfo | None:
    """A verified backup of a SQLite database before risky work (an import, a migration, a
    restore); None on PostgreSQL, whose server tools own backups. Raises BackupError when the
    backup fails, so the risky work is not started without one."""
    path = sqlite_path(database.url)
    if path is None or not path.is_file():
        return None
    return backup_now(path, f"before {reason}")


def _companions(path: Path) -> Iterable[Path]:
    return (path.with_name(path.name + suffix) for suffix in ("-wal", "-shm", "-journal"))


def restore_backup(database_file: Path, backup: Path, *, now: datetime | None = None) -> BackupInfo | None:
    """Replace `database_file` with `backup` (verified first). The current file is backed up
    beforehand (returned); a file too damaged to back up is moved aside as `…-damaged`
    instead. Every connection to the database must be closed."""
    backup = backup.expanduser().resolve()
    if not backup.is_file():
        raise BackupError(f"There is no backup file at {backup}.")
    problems = integrity_problems(backup)
    if problems:
        raise BackupError(f"{backup.name} is not a sound backup ({problems[0]}); choose another one.")
    saved: BackupInfo | None = None
    if database_file.exists():
        if not integrity_problems(database_file):
            saved = backup_now(database_file, "before restore", now=now)
        else:
            moment = (now or datetime.now(UTC)).astimezone(UTC)
            folder = backup_folder(database_file)
            folder.mkdir(parents=True, exist_ok=True)
            aside = folder / f"{database_file.stem}-{moment.strftime(_STAMP)}-damaged{SUFFIX}.kept"
            os.replace(database_file, aside)
            for companion in _companions(database_file):
                if companion.exists():
                    os.replace(
                        companion, aside.with_name(aside.name + companion.name[len(database_file.name) :])
                    )
    database_file.parent.mkdir(parents=True, exist_ok=True)
    try:
        _copy_with_backup_api(backup, database_file)
        connection = sqlite3.connect(database_file)
        try:
            connection.execute("PRAGMA journal_mode=WAL")
        finally:
            connection.close()
    except sqlite3.Error as exc:
        raise BackupError(f"The restore from {backup.name} failed: {exc}.") from exc
    problems = integrity_problems(database_file)
    if problems:
        raise BackupError(f"The restored database did not pass its check ({problems[0]}).")
    return saved
