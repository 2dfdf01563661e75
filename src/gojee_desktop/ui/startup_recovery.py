"""A database found damaged at start: say so in plain words and offer to restore the newest
sound backup (or another one), instead of a traceback or silently working in a bad file.

Found before the window opens (`offer_restore`, from `app.open_or_recover`) or by the start-up
check that runs beside the window (`watch_start_check`): writes wait for that verdict, and a
damaged one closes the window unless a backup is restored, which reopens it on the restored
file."""

from __future__ import annotations

import contextlib
import sys
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QThreadPool, Signal, Slot
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from gojee_desktop.services.backups import (
    database_file,
    describe_backup,
    newest_sound_backup,
    restore_database,
)
from gojee_desktop.services.errors import GojeeError, StorageError
from gojee_desktop.store.checks import DatabaseUnavailable
from gojee_desktop.ui.after_paint import after_first_paint

if TYPE_CHECKING:
    from gojee_desktop.ui.main_window import MainWindow


def offer_restore(parent: QWidget | None, error: StorageError, url: str) -> bool:
    """True when a backup was restored (open the database again); False to quit."""
    path = database_file(url)
    newest = newest_sound_backup(path) if path is not None else None
    if newest is None:
        QMessageBox.critical(
            parent,
            "Gojee Desktop",
            f"{error}\n\nNo sound backup was found, so it cannot be restored here. The file was "
            "left as it is.",
        )
        return False
    info = describe_backup(newest)
    when = info.created.astimezone().strftime("%Y-%m-%d %H:%M")
    box = QMessageBox(QMessageBox.Icon.Critical, "Gojee Desktop", str(error), parent=parent)
    box.setObjectName("damagedDatabaseBox")
    box.setInformativeText(
        f"The newest sound backup is from {when} and holds {info.summary()}. Restore it? "
        "The damaged file is kept aside, not deleted."
    )
    restore = box.addButton("Restore the backup", QMessageBox.ButtonRole.AcceptRole)
    box.addButton("Quit", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(restore)
    box.exec()
    if box.clickedButton() is not restore:
        return False
    try:
        restore_database(url, newest)
    except GojeeError as restore_error:
        QMessageBox.critical(parent, "Gojee Desktop", f"The restore failed: {restore_error}")
        return False
    return True


class _StartCheckWatch(QObject):
    """Carries the verdict from the checking thread to the GUI thread (queued)."""

    arrived = Signal(object)

    def __init__(self, window: MainWindow, cache_mb: int) -> None:
        super().__init__(window)
        self._window = window
        self._cache_mb = cache_mb
        self.arrived.connect(self.verdict, Qt.ConnectionType.QueuedConnection)

    def deliver(self, problem: DatabaseUnavailable | None) -> None:
        """Called in the checking thread (or at once when the verdict is already in)."""
        with contextlib.suppress(RuntimeError):  # the window (and this object) was deleted
            self.arrived.emit(problem)

    @Slot(object)
    def verdict(self, problem: DatabaseUnavailable | None) -> None:
        if problem is not None:
            handle_damaged_start(self._window, problem, self._cache_mb)


def watch_start_check(window: MainWindow, cache_mb: int) -> None:
    """When the window's database is still to be checked (`background_check`), start the
    check once the window is painted and act on its verdict: nothing when sound; else the
    restore offer, as at a start that found the damage first."""
    check = window.context.database.background_check
    if check is None:
        return
    after_first_paint(window, check.start)  # it would take a core from the first paint
    watch = _StartCheckWatch(window, cache_mb)
    check.when_done(watch.deliver)


def handle_damaged_start(window: MainWindow, problem: DatabaseUnavailable, cache_mb: int) -> None:
    """The start-up check found `problem` after the window opened: offer the newest sound
    backup; restored, the window is rebuilt on the restored file; otherwise the app quits
    (nothing was written meanwhile: writes were waiting for this verdict)."""
    from gojee_desktop.services.startup import open_app_database
    from gojee_desktop.ui.backup_actions import reopen

    database = window.context.database
    error = StorageError(str(problem), problem.kind, problem.restorable)
    print(f"gojee-desktop: {error}", file=sys.stderr)
    QThreadPool.globalInstance().waitForDone()  # background reads hold connections
    database.dispose()
    if error.restorable:
        restored = offer_restore(window, error, database.url)
    else:
        QMessageBox.critical(window, "Gojee Desktop", f"Could not open the database.\n\n{error}")
        restored = False
    if restored:
        try:
            fresh = open_app_database(database.url, cache_mb=cache_mb)
        except GojeeError as reopen_error:
            QMessageBox.critical(window, "Gojee Desktop", f"Could not open the database.\n\n{reopen_error}")
        else:
            reopen(window, fresh)
            return
    window.close()
    QApplication.quit()
