"""File › Back up now and File › Restore from backup…, the check after start (full
`integrity_check`, then the daily backup, in the background), and reopening the window on
restored data. The main window only calls `install(window)`."""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QMessageBox, QWidget

from gojee_desktop.services.backups import (
    POSTGRES_BACKUPS,
    StartOfDay,
    back_up_now,
    database_file,
    restore_database,
    start_of_day,
)
from gojee_desktop.services.errors import GojeeError
from gojee_desktop.store.database import Database
from gojee_desktop.ui import team_actions
from gojee_desktop.ui.errors import show_error

if TYPE_CHECKING:
    from gojee_desktop.ui.main_window import MainWindow

#: Windows opened by a restore; kept here so Python does not collect them.
_REOPENED: list[QWidget] = []


def install(window: MainWindow) -> None:
    """Add the backup actions to the File menu, above Quit."""
    menu = window.file_menu
    quit_action = menu.actions()[-1]
    backup_action = QAction("&Back up now", window)
    backup_action.setObjectName("backUpNow")
    backup_action.setShortcut(QKeySequence("Ctrl+Alt+B"))  # Ctrl+Shift+B: the navigation panel
    backup_action.triggered.connect(lambda: back_up_interactively(window))
    restore_action = QAction("&Restore from backup…", window)
    restore_action.setObjectName("restoreFromBackup")
    restore_action.triggered.connect(lambda: restore_interactively(window))
    menu.insertAction(quit_action, backup_action)
    menu.insertAction(quit_action, restore_action)
    menu.insertSeparator(quit_action)
    team_actions.install(window, backup_action)
    window.back_up_action = backup_action  # type: ignore[attr-defined]
    window.restore_action = restore_action  # type: ignore[attr-defined]


def back_up_interactively(window: MainWindow) -> None:
    database = window.context.database
    if database_file(database) is None:
        QMessageBox.information(window, "Back up now", POSTGRES_BACKUPS)
        return
    QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        info = back_up_now(database)
    except GojeeError as error:
        QGuiApplication.restoreOverrideCursor()
        show_error(window, error)
        return
    QGuiApplication.restoreOverrideCursor()
    window.context.signals.status_message.emit(
        f"Backed up and verified: {info.path.name} ({info.size_text()}; {info.summary()})"
    )


def restore_interactively(window: MainWindow) -> None:
    from gojee_desktop.ui.dialogs.restore_dialog import RestoreDialog

    database = window.context.database
    if database_file(database) is None:
        QMessageBox.information(window, "Restore from backup", POSTGRES_BACKUPS)
        return
    dialog = RestoreDialog(database.url, window)
    accepted = dialog.exec() == RestoreDialog.DialogCode.Accepted and dialog.chosen is not None
    chosen = dialog.chosen
    dialog.deleteLater()
    if not accepted or chosen is None:
        return
    QThreadPool.globalInstance().waitForDone()  # background reads hold connections
    QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        saved = restore_database(database, chosen)
    except GojeeError as error:
        QGuiApplication.restoreOverrideCursor()
        show_error(window, error)
        return
    QGuiApplication.restoreOverrideCursor()
    new_window = reopen(window)
    kept = f" The database as it was is kept as {saved.path.name}." if saved else ""
    new_window.context.signals.status_message.emit(f"Restored from {chosen.name}.{kept}")


def reopen(window: MainWindow, database: Database | None = None) -> MainWindow:
    """A fresh window (new undo stack, reloaded pages) on the same database (or `database`),
    replacing `window`: after a restore nothing on screen may show the replaced data."""
    from gojee_desktop.ui.context import AppContext
    from gojee_desktop.ui.instance_guard import OutsideChanges, watch_outside_changes
    from gojee_desktop.ui.main_window import MainWindow

    context = AppContext.create(database or window.context.database)
    new_window = MainWindow(context)
    new_window.show_page(window.current_page_name())
    new_window.setGeometry(window.geometry())
    new_window.show()
    if window.windowTitle() != new_window.windowTitle():
        new_window.setWindowTitle(window.windowTitle())  # keeps "read-only"
    if window.findChild(OutsideChanges) is not None:
        watch_outside_changes(new_window)
    _REOPENED.append(new_window)
    window.close()
    window.deleteLater()
    if window in _REOPENED:
        _REOPENED.remove(window)
    return new_window


class _Bridge(QObject):
    finished = Signal(object)


class _StartOfDayTask(QRunnable):
    def __init__(self, window: MainWindow, bridge: _Bridge) -> None:
        super().__init__()
        self._database = window.context.database
        self._bridge = bridge

    def run(self) -> None:
        try:
            result = start_of_day(self._database)
        except Exception as exc:  # a check must never kill the app; report it instead
            result = StartOfDay(problems=[], backup_error=str(exc))
        with contextlib.suppress(RuntimeError):  # the window was closed meanwhile
            self._bridge.finished.emit(result)


def check_in_background(window: MainWindow) -> None:
    """The full integrity check and the daily backup, off the GUI thread; damage found is
    shown at once with the way out (restore a backup)."""
    bridge = _Bridge(window)
    bridge.finished.connect(lambda result: _report(window, result))
    QThreadPool.globalInstance().start(_StartOfDayTask(window, bridge))


def _report(window: MainWindow, result: StartOfDay) -> None:
    if result.problems:
        answer = QMessageBox.critical(
            window,
            "The database is damaged",
            "The full check of the database found damage:\n\n"
            + "\n".join(result.problems[:5])
            + "\n\nStop working in it and restore the newest sound backup. Restore now?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.Yes,
        )
        if answer == QMessageBox.StandardButton.Yes:
            restore_interactively(window)
        return
    if result.backup_error:
        window.context.signals.status_message.emit(f"The daily backup failed: {result.backup_error}")
    elif result.backup is not None:
        window.context.signals.status_message.emit(f"Daily backup made: {result.backup.path.name}")
