"""Checks before a database is used, and database errors in words a user understands.

`check_sqlite_file` looks at a SQLite file before the app touches it (a folder given as the
file, a missing or read-only folder, a read-only file, a file that is not a database, damage
found by `PRAGMA quick_check`), so a bad file is never silently used or half-migrated.
`explain` turns any driver error (SQLite or PostgreSQL) into a `DatabaseUnavailable` whose
message names the problem and what to do; no SQLAlchemy text reaches a user.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from sqlalchemy.exc import DBAPIError

SQLITE_HEADER = b"SQLite format 3\x00"
#: Seconds the start-up check waits for a file another program has locked.
CHECK_TIMEOUT_S = 3.0

NOT_A_DATABASE = "not_a_database"
DAMAGED = "damaged"
LOCKED = "locked"
READ_ONLY = "read_only"
DISK_FULL = "disk_full"
FOLDER_MISSING = "folder_missing"
FOLDER_NOT_WRITABLE = "folder_not_writable"
IS_FOLDER = "is_folder"
UNREADABLE = "unreadable"
UNREACHABLE = "unreachable"
WRONG_PASSWORD = "wrong_password"
NO_SUCH_DATABASE = "no_such_database"
CONNECTION_LOST = "connection_lost"
NEWER_VERSION = "newer_version"
OTHER = "other"

#: Kinds a backup can cure: the start offers to restore the newest sound backup.
RESTORABLE = frozenset({NOT_A_DATABASE, DAMAGED})


class DatabaseUnavailable(Exception):
    """The database cannot be used as it is; `str()` is the message for the user and
    `kind` one of the constants above (the window offers a restore for RESTORABLE kinds)."""

    def __init__(self, message: str, kind: str = OTHER, path: Path | None = None) -> None:
        super().__init__(message)
        self.kind = kind
        self.path = path

    @property
    def restorable(self) -> bool:
        return self.kind in RESTORABLE


def _writable(path: Path) -> bool:
    return os.access(path, os.W_OK)


def check_sqlite_file(path: Path, *, quick: bool = True) -> None:
    """Raise DatabaseUnavailable when the file at `path` cannot be used safely. A missing
    file in a writable folder is fine (a new database); its folder is created if needed.
    `quick=False` leaves out `PRAGMA quick_check` (it reads the whole file): the caller runs
    it beside the window instead (`store.background_check`)."""
    if path.is_dir():
        raise DatabaseUnavailable(
            f"{path} is a folder, not a database file. Give the path of a .sqlite3 file.", IS_FOLDER, path
        )
    folder = path.parent
    if not folder.is_dir():
        if folder.exists():
            raise DatabaseUnavailable(
                f"Cannot use {path}: {folder} is a file, not a folder.", FOLDER_MISSING, path
            )
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise DatabaseUnavailable(
                f"The folder {folder} does not exist and cannot be created ({exc.strerror}).",
                FOLDER_MISSING,
                path,
            ) from exc
    if not path.exists():
        if not _writable(folder):
            raise DatabaseUnavailable(
                f"Cannot create a database in {folder}: the folder is not writable.",
                FOLDER_NOT_WRITABLE,
                path,
            )
        return
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise DatabaseUnavailable(
            f"Cannot read {path} ({exc.strerror}). Check the file's permissions.", UNREADABLE, path
        ) from exc
    if header and header != SQLITE_HEADER:
        raise DatabaseUnavailable(
            f"{path} is not a Gojee Desktop database (it is not a SQLite file).", NOT_A_DATABASE, path
        )
    if not _writable(path):
        raise DatabaseUnavailable(
            f"{path} is read-only, so changes could not be saved. Make the file writable "
            "(or copy it somewhere writable) and open it again.",
            READ_ONLY,
            path,
        )
    if not _writable(folder):
        raise DatabaseUnavailable(
            f"The folder {folder} is not writable; the database needs to write its journal "
            "beside the file. Make the folder writable or move the file.",
            FOLDER_NOT_WRITABLE,
            path,
        )
    if header and quick:
        quick_check(path)


def quick_check(path: Path) -> None:
    """`PRAGMA quick_check` on a connection of its own (read-only): DatabaseUnavailable
    (DAMAGED) when SQLite finds anything wrong."""
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=CHECK_TIMEOUT_S)
        try:
            rows = connection.execute("PRAGMA quick_check").fetchall()
        finally:
            connection.close()
    except sqlite3.Error as exc:
        raise explain(exc, path) from exc
    messages = [str(row[0]) for row in rows]
    if messages != ["ok"]:
        raise damaged(path, messages[0] if messages else "no answer")


def _one_line(detail: str, limit: int = 120) -> str:
    """SQLite's first finding, on one line ('*** in database main ***' headers dropped)."""
    lines = [line.strip() for line in detail.splitlines() if line.strip() and not line.startswith("***")]
    text = lines[0] if lines else detail.strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"


def damaged(path: Path | None, detail: str) -> DatabaseUnavailable:
    detail = _one_line(detail)
    where = str(path) if path else "The database"
    return DatabaseUnavailable(
        f"{where} is damaged ({detail}). It was not used; restore it from a backup.", DAMAGED, path
    )


def _sqlite_message(error: sqlite3.Error, path: Path | None) -> DatabaseUnavailable:
    code = getattr(error, "sqlite_errorcode", None)
    primary = code & 0xFF if isinstance(code, int) else None
    text = str(error).lower()
    where = str(path) if path else "the database"
    if primary == 26 or "not a database" in text:
        return DatabaseUnavailable(
            f"{where} is not a Gojee Desktop database (or it is encrypted or badly damaged).",
            NOT_A_DATABASE,
            path,
        )
    if primary == 11 or "malformed" in text:
        return damaged(path, "database disk image is malformed")
    if primary in (5, 6) or "locked" in text:
        return DatabaseUnavailable(
            f"{where} is locked by another program. Close the other program (or wait for it "
            "to finish) and try again.",
            LOCKED,
            path,
        )
    if primary == 8 or "readonly" in text or "read-only" in text:
        return DatabaseUnavailable(
            f"{where} is read-only, so the change was not saved. Make the file and its folder "
            "writable and try again.",
            READ_ONLY,
            path,
        )
    if primary == 13 or "disk is full" in text:
        return DatabaseUnavailable(
            "The disk is full, so the change was not saved. Free some space and try again.",
            DISK_FULL,
            path,
        )
    if primary == 14 or "unable to open" in text:
        return DatabaseUnavailable(
            f"Cannot open {where}: check that its folder exists and is writable.", FOLDER_NOT_WRITABLE, path
        )
    if primary == 10:
        return DatabaseUnavailable(
            f"The disk reported an error while using {where} ({error}). Check the drive; the "
            "change was not saved.",
            OTHER,
            path,
        )
    return DatabaseUnavailable(f"The database reported a problem: {error}.", OTHER, path)


def _server_message(error: BaseException, host: str | None) -> DatabaseUnavailable:
    text = str(error)
    lowered = text.lower()
    server = f"the database server{f' at {host}' if host else ''}"
    if "password authentication failed" in lowered or "no password supplied" in lowered:
        return DatabaseUnavailable(
            f"{server[0].upper()}{server[1:]} refused the user name or password. Check them "
            "under File › Connect to a team database….",
            WRONG_PASSWORD,
        )
    if "does not exist" in lowered and "database" in lowered:
        return DatabaseUnavailable(
            f"{server[0].upper()}{server[1:]} has no such database. Check its name.", NO_SUCH_DATABASE
        )
    if any(
        phrase in lowered
        for phrase in (
            "server closed the connection",
            "terminating connection",
            "connection is closed",
            "consuming input failed",
            "server conn crashed",
            "connection already closed",
        )
    ):
        return DatabaseUnavailable(
            f"The connection to {server} was lost. Nothing was saved by the interrupted step; "
            "try again when the server is back.",
            CONNECTION_LOST,
        )
    if any(
        phrase in lowered
        for phrase in (
            "connection refused",
            "could not connect",
            "timeout",
            "timed out",
            "could not translate host name",
            "name or service not known",
            "no route to host",
            "network is unreachable",
            "connection failed",
        )
    ):
        return DatabaseUnavailable(
            f"Cannot reach {server}. Check that the server is running and that this computer "
            "can reach it (network, VPN, firewall).",
            UNREACHABLE,
        )
    first_line = text.strip().splitlines()[0] if text.strip() else type(error).__name__
    return DatabaseUnavailable(f"The database server reported a problem: {first_line}", OTHER)


def explain(error: BaseException, path: Path | None = None, host: str | None = None) -> DatabaseUnavailable:
    """The user's words for a driver error (raw sqlite3/psycopg or wrapped by SQLAlchemy)."""
    if isinstance(error, DatabaseUnavailable):
        return error
    original = error.orig if isinstance(error, DBAPIError) and error.orig is not None else error
    if isinstance(original, sqlite3.Error):
        return _sqlite_message(original, path)
    if isinstance(original, OSError):
        return DatabaseUnavailable(f"Cannot use {path or 'the database'}: {original.strerror}.", OTHER, path)
    return _server_message(original, host)
