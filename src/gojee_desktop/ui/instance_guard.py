"""One window writes to a SQLite file: a second window on the same file is told who has it
open and may open it read-only; every window notices changes made outside it (the `gojee`
command, another program) and refreshes. When the window switches database (a team
database, another file) the old file's lock is handed back and the new file's taken."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from gojee_desktop.services.backups import database_file
from gojee_desktop.services.startup import open_for_viewing
from gojee_desktop.store.database import Database
from gojee_desktop.store.instance_lock import (
    ChangeWatcher,
    DatabaseInUse,
    InstanceLock,
    acquire,
    writes_refused,
)

if TYPE_CHECKING:
    from gojee_desktop.ui.main_window import MainWindow

#: How often (ms) the window looks for changes made outside it, besides on activation.
WATCH_INTERVAL_MS = 2000
WINDOW_TITLE = "Gojee Desktop"
READ_ONLY_TITLE = "Gojee Desktop — read-only"


class Claim:
    """The outcome of claiming the file: `lock` held (write mode), or `read_only`, or `quit`."""

    def __init__(self, lock: InstanceLock | None = None, read_only: bool = False, quit: bool = False) -> None:
        self.lock = lock
        self.read_only = read_only
        self.quit = quit

    def release(self) -> None:
        if self.lock is not None:
            self.lock.release()


#: The claim of this process's window, handed over when the window switches database.
_held: Claim | None = None


def hold(claim: Claim) -> None:
    """Remember `claim` as the window's (app start-up); `release_held()` frees it at exit."""
    global _held
    _held = claim


def held() -> Claim | None:
    return _held


def release_held() -> None:
    global _held
    if _held is not None:
        _held.release()
    _held = None


def claim_database(database: Database, parent: QWidget | None = None, *, switching: bool = False) -> Claim:
    """Take the file's lock; when another window holds it, ask: read-only, or quit (or,
    `switching` from another database, stay where the window is: `quit` is then set)."""
    path = database_file(database)
    if path is None:
        return Claim()  # PostgreSQL: the server arbitrates, with version checks on rows
    try:
        return Claim(lock=acquire(path))
    except DatabaseInUse as in_use:
        box = QMessageBox(QMessageBox.Icon.Warning, "Database already open", str(in_use), parent=parent)
        box.setObjectName("databaseInUseBox")
        other = "stay in the database open now" if switching else "quit"
        box.setInformativeText(
            "Two windows writing to one file could overwrite each other's work. Open it "
            f"read-only here (you can look, search and print, but not change anything), or {other}."
        )
        read_only = box.addButton("Open read-only", QMessageBox.ButtonRole.AcceptRole)
        box.addButton("Stay here" if switching else "Quit", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(read_only)
        box.exec()
        if box.clickedButton() is not read_only:
            return Claim(quit=True)
        open_for_viewing(database)
        return Claim(read_only=True)


def hand_over(window: MainWindow, database: Database) -> MainWindow | None:
    """Switch `window` to `database` (opened by the caller): the new file's lock is taken
    first (another window holding it: read-only, or stay), then the old file's released, and
    the window reopens on the new database. None: the user stayed; `database` is closed."""
    from gojee_desktop.ui.backup_actions import reopen

    old = window.context.database
    previous = _held
    old_path, new_path = database_file(old), database_file(database)
    if new_path is not None and new_path == old_path and previous is not None:
        claim = previous  # the same file again: its lock (or read-only mode) stays
        if previous.read_only:
            open_for_viewing(database)
    else:
        claim = claim_database(database, window, switching=True)
        if claim.quit:
            database.dispose()
            return None
    new_window = reopen(window, database)
    new_window.setWindowTitle(READ_ONLY_TITLE if writes_refused(database.engine) else WINDOW_TITLE)
    if claim is not previous:
        if previous is not None:
            previous.release()
        hold(claim)
    if old is not database:
        old.dispose()
    return new_window


class OutsideChanges(QObject):
    """Refreshes the window's pages when another connection committed to the file; the
    window's own edits are absorbed (their views already refresh just what changed)."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._window = window
        path = database_file(window.context.database)
        self._watcher = ChangeWatcher(path) if path is not None and path.is_file() else None
        signals = window.context.signals
        signals.jobs_changed.connect(self._absorb)
        signals.jobs_removed.connect(self._absorb)
        signals.catalog_changed.connect(self._absorb)
        self._timer = QTimer(self)
        self._timer.setInterval(WATCH_INTERVAL_MS)
        self._timer.timeout.connect(self.check)
        if self._watcher is not None:
            self._timer.start()
            app = QGuiApplication.instance()
            if isinstance(app, QGuiApplication):
                app.applicationStateChanged.connect(self._state_changed)

    def _absorb(self, *_args: object) -> None:
        if self._watcher is not None:
            self._watcher.changed()

    def _state_changed(self, state: Qt.ApplicationState) -> None:
        if state == Qt.ApplicationState.ApplicationActive:
            self.check()

    def check(self) -> bool:
        """Refresh when the file changed outside this window; True when it did."""
        if self._watcher is None or not self._watcher.changed():
            return False
        self._window.context.signals.catalog_changed.emit("settings")
        self._window.context.signals.status_message.emit("Showing changes made outside this window.")
        return True

    def stop(self) -> None:
        self._timer.stop()
        if self._watcher is not None:
            self._watcher.close()
            self._watcher = None


def watch_outside_changes(window: MainWindow) -> OutsideChanges:
    watcher = OutsideChanges(window)
    window.destroyed.connect(lambda *_: watcher.stop())
    return watcher
