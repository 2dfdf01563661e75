"""One window writes to a SQLite file at a time: a lock file beside the database
(`NAME.sqlite3.lock`) names the holder's host and process, and an OS lock on it (flock)
disappears with the process, so a lock left by a crash or a power cut is seen as stale and
taken over. The `gojee` command takes no lock: it may write alongside the window (WAL and
the busy timeout make that safe), and the window notices its changes (`ChangeWatcher`).

A second window on the same file is told who holds it and may open it read-only
(`refuse_writes`): every write is then refused by SQLite itself (`PRAGMA query_only`).
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import sqlite3
import weakref
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from sqlalchemy import Engine, event

try:
    import fcntl
except ImportError:  # Windows: the process check below decides staleness
    fcntl = None  # type: ignore[assignment]

_READ_ONLY_ENGINES: weakref.WeakSet[Engine] = weakref.WeakSet()


@dataclass(frozen=True)
class Holder:
    """Who holds the lock: host name, process id and since when (ISO text)."""

    host: str
    pid: int
    since: str

    def describe(self) -> str:
        when = self.since
        with contextlib.suppress(ValueError):
            when = datetime.fromisoformat(self.since).astimezone().strftime("%Y-%m-%d %H:%M")
        here = "on this computer" if self.host == socket.gethostname() else f"on {self.host}"
        return f"Gojee Desktop {here} (process {self.pid}, since {when})"


class DatabaseInUse(Exception):
    """Another live window holds the lock; `holder` says which."""

    def __init__(self, path: Path, holder: Holder) -> None:
        super().__init__(f"{path.name} is open in {holder.describe()}.")
        self.path = path
        self.holder = holder


def lock_path(database_file: Path) -> Path:
    return database_file.with_name(database_file.name + ".lock")


def _read_holder(path: Path) -> Holder | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return Holder(host=str(data["host"]), pid=int(data["pid"]), since=str(data["since"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # it exists, owned by someone else
    except OSError:
        return False
    return True


class InstanceLock:
    """The held lock of this window; `release()` (or process exit) frees it."""

    def __init__(self, path: Path, handle: IO[str], stale: Holder | None) -> None:
        self.path = path
        self._handle: IO[str] | None = handle
        #: The previous holder when its lock was found stale (crashed), else None.
        self.replaced_stale = stale

    def release(self) -> None:
        if self._handle is None:
            return
        with contextlib.suppress(OSError):
            self.path.unlink()
        if fcntl is not None:
            with contextlib.suppress(OSError):
                fcntl.flock(self._handle.fileno(), fcntl.LOCK_UN)
        self._handle.close()
        self._handle = None


def acquire(database_file: Path) -> InstanceLock:
    """Take the lock for `database_file`, or raise DatabaseInUse naming the live holder.
    A lock whose holder is gone (process ended, OS lock free) is stale and taken over."""
    path = lock_path(database_file)
    handle = open(path, "a+", encoding="utf-8")  # noqa: SIM115 - held open while the lock is
    previous = _read_holder(path)
    if fcntl is not None:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            handle.close()
            raise DatabaseInUse(database_file, previous or Holder("another computer", 0, "?")) from None
        stale = previous
    else:
        live = previous is not None and previous.host == socket.gethostname() and _process_alive(previous.pid)
        if live and previous is not None and previous.pid != os.getpid():
            handle.close()
            raise DatabaseInUse(database_file, previous)
        stale = previous
    me = Holder(host=socket.gethostname(), pid=os.getpid(), since=datetime.now(UTC).isoformat())
    handle.seek(0)
    handle.truncate()
    handle.write(json.dumps(me.__dict__))
    handle.flush()
    return InstanceLock(path, handle, stale)


def holder_of(database_file: Path) -> Holder | None:
    """Who holds the lock now (None when free or stale); changes nothing."""
    path = lock_path(database_file)
    if not path.exists():
        return None
    holder = _read_holder(path)
    if fcntl is None:
        alive = holder is not None and holder.host == socket.gethostname() and _process_alive(holder.pid)
        return holder if alive else None
    with open(path, encoding="utf-8") as handle:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return holder or Holder("another computer", 0, "?")
        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
    return None


def refuse_writes(engine: Engine) -> None:
    """Every connection of `engine` refuses writes from now on (a second window's mode)."""

    def query_only(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.execute("PRAGMA query_only = 1")

    event.listen(engine, "connect", query_only)
    engine.dispose()
    _READ_ONLY_ENGINES.add(engine)


def writes_refused(engine: Engine | None) -> bool:
    return engine is not None and engine in _READ_ONLY_ENGINES


class ChangeWatcher:
    """Tells whether another connection (the `gojee` command, another program) committed to
    the file since the last look: SQLite's `PRAGMA data_version` on a connection of its own."""

    def __init__(self, database_file: Path) -> None:
        self._connection = sqlite3.connect(f"file:{database_file}?mode=ro", uri=True, check_same_thread=False)
        self._last = self._version()

    def _version(self) -> int:
        return int(self._connection.execute("PRAGMA data_version").fetchone()[0])

    def changed(self) -> bool:
        """True once per batch of outside commits."""
        try:
            current = self._version()
        except sqlite3.Error:
            return False
        if current == self._last:
            return False
        self._last = current
        return True

    def close(self) -> None:
        self._connection.close()
