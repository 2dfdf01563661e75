"""File › Connect to a team database… and File › Open a database file…: open the other
database, then hand the window (and the file lock) over to it (or, when the team connection
is dropped, to this computer's file)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog

from gojee_desktop.services.errors import GojeeError
from gojee_desktop.ui.errors import show_error

if TYPE_CHECKING:
    from gojee_desktop.ui.main_window import MainWindow

DATABASE_FILTER = "Gojee Desktop database (*.sqlite3 *.sqlite *.db);;All files (*)"


def install(window: MainWindow, before: QAction) -> None:
    action = QAction("&Connect to a team database…", window)
    action.setObjectName("connectTeamDatabase")
    action.triggered.connect(lambda: connect_interactively(window))
    window.file_menu.insertAction(before, action)
    window.connect_team_action = action  # type: ignore[attr-defined]
    open_action = QAction("&Open a database file…", window)
    open_action.setObjectName("openDatabaseFile")
    open_action.triggered.connect(lambda: choose_database_file(window))
    window.file_menu.insertAction(action, open_action)
    window.open_database_action = open_action  # type: ignore[attr-defined]


def connect_interactively(window: MainWindow) -> None:
    from gojee_desktop.services.startup import open_app_database
    from gojee_desktop.ui.dialogs.team_connection_dialog import TeamConnectionDialog
    from gojee_desktop.ui.instance_guard import hand_over

    dialog = TeamConnectionDialog(window)
    dialog.exec()
    database, use_local = dialog.database, dialog.use_local
    dialog.deleteLater()
    if database is None and use_local:
        try:
            database = open_app_database()
        except GojeeError as error:
            show_error(window, error)
            return
    if database is None:
        return
    new_window = hand_over(window, database)
    if new_window is None:
        return
    where = "this computer's file" if use_local else "the team database"
    new_window.context.signals.status_message.emit(f"Now working in {where}.")


def choose_database_file(window: MainWindow) -> None:
    from gojee_desktop.config import data_dir

    name, _filter = QFileDialog.getOpenFileName(
        window, "Open a database file", str(data_dir()), DATABASE_FILTER
    )
    if name:
        open_database_file(window, Path(name))


def open_database_file(window: MainWindow, path: Path) -> MainWindow | None:
    """Work in the SQLite file at `path` for this session (the checks of start-up apply: a
    file that is not a database, a damaged or read-only one is refused in words). None:
    refused, or the user stayed in the database open now."""
    from gojee_desktop.services.startup import open_app_database
    from gojee_desktop.ui.instance_guard import hand_over

    try:
        database = open_app_database(f"sqlite:///{path.expanduser().resolve()}")
    except GojeeError as error:
        show_error(window, error)
        return None
    new_window = hand_over(window, database)
    if new_window is not None:
        new_window.context.signals.status_message.emit(f"Now working in {path.name}.")
    return new_window
