"""The start-up `PRAGMA quick_check` of a SQLite file, run beside the window instead of before it.

The check reads every page of the file (2-4 s at a million jobs), so the window opens without
waiting for it: it runs in a thread of its own, on its own read-only connection, started once
the window has been painted (`start()`; the first write that comes earlier starts it, and
waits). Until the verdict is in,
reads go ahead (they only show data) while every statement that could write waits for it; a
damaged verdict refuses those writes with SQLite's own "malformed" error, so the services
report it as a damaged database, and the window is told (`when_done`) so it can offer the
restore. A damaged file is therefore never written to, and never used without saying so."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, event
from sqlalchemy.exc import DatabaseError

from gojee_desktop.store.checks import DatabaseUnavailable, quick_check

#: First words of statements that only read; anything else waits for the verdict.
_READS = frozenset({"SELECT", "EXPLAIN", "VALUES"})
_WRITE_WORDS = ("INSERT", "UPDATE", "DELETE", "REPLACE")

Verdict = DatabaseUnavailable | None


def reads_only(statement: str) -> bool:
    """True for a statement that cannot change the file: SELECT (and a WITH … SELECT),
    EXPLAIN, and a PRAGMA that reads (no `=`). Unsure means a write, which only waits."""
    text = statement.lstrip().upper()
    first = text.split(None, 1)[0] if text else ""
    if first in _READS:
        return True
    if first == "WITH":
        return not any(word in text for word in _WRITE_WORDS)
    return first == "PRAGMA" and "=" not in text


class BackgroundCheck:
    """`quick_check` of `path` in a daemon thread, from `start()` on; `wait()` gives its
    verdict (None when the file is sound, else the DatabaseUnavailable the synchronous check
    raises)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._verdict: Verdict = None
        self._done = threading.Event()
        self._lock = threading.Lock()
        self._callbacks: list[Callable[[Verdict], None]] = []
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        """Start the check (once; later calls do nothing). Started while the window is being
        built, it would take a core from it on a two-core machine: the window starts it
        after its first paint."""
        with self._lock:
            if self._thread is not None:
                return
            self._thread = threading.Thread(target=self._run, name="gojee-quick-check", daemon=True)
            self._thread.start()

    def started(self) -> bool:
        return self._thread is not None

    def _run(self) -> None:
        try:
            quick_check(self.path)
        except DatabaseUnavailable as problem:
            self._verdict = problem
        except Exception as error:  # never leave writers waiting for a verdict that never comes
            self._verdict = DatabaseUnavailable(f"The start-up check of {self.path} failed: {error}")
        with self._lock:
            self._done.set()
            callbacks, self._callbacks = self._callbacks, []
        for callback in callbacks:
            callback(self._verdict)

    def done(self) -> bool:
        return self._done.is_set()

    def wait(self, timeout: float | None = None) -> Verdict:
        """The verdict, waiting for it (TimeoutError when it is not in after `timeout` s);
        starts the check if nothing has yet."""
        self.start()
        if not self._done.wait(timeout):
            raise TimeoutError(f"the check of {self.path} is still running")
        return self._verdict

    def require_sound(self) -> None:
        """Wait for the verdict; raise it when the file is not sound (before a migration)."""
        problem = self.wait()
        if problem is not None:
            raise problem

    def when_done(self, callback: Callable[[Verdict], None]) -> None:
        """Call `callback(verdict)` once the verdict is in: at once (in this thread) when it
        already is, else in the checking thread."""
        with self._lock:
            if not self._done.is_set():
                self._callbacks.append(callback)
                return
        callback(self._verdict)

    def guard(self, engine: Engine) -> None:
        """Make every write through `engine` wait for the verdict, and fail on a damaged one."""
        event.listen(engine, "before_cursor_execute", self._before_execute)

    def _before_execute(
        self, _conn: Any, _cursor: Any, statement: str, parameters: Any, _context: Any, _many: bool
    ) -> tuple[str, Any]:
        if (self._done.is_set() and self._verdict is None) or reads_only(statement):
            return statement, parameters
        problem = self.wait()
        if problem is not None:
            # SQLite's own words, wrapped as SQLAlchemy wraps driver errors, so the services
            # turn it into their usual message ("… is damaged", "… is locked").
            original = (
                sqlite3.DatabaseError(f"database disk image is malformed ({problem})")
                if problem.restorable
                else sqlite3.OperationalError(str(problem))
            )
            raise DatabaseError(statement, parameters, original)
        return statement, parameters
