"""File › Connect to a team database…: connect, then reopen the window on the team database
(or, when the team connection is dropped, on this computer's file)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QAction

from gojee_desktop.services.errors import GojeeError
from gojee_desktop.ui.errors import show_error

if TYPE_CHECKING:
    from gojee_desktop.ui.main_window import MainWindow


def install(window: MainWindow, before: QAction) -> None:
    action = QAction("&Connect to a team database…", window)
    action.setObjectName("connectTeamDatabase")
    action.triggered.connect(lambda: connect_interactively(window))
    window.file_menu.insertAction(before, action)
    window.connect_team_action = action  # type: ignore[attr-defined]


def connect_interactively(window: MainWindow) -> None:
    from gojee_desktop.services.startup import open_app_database
    from gojee_desktop.ui.backup_actions import reopen
    from gojee_desktop.ui.dialogs.team_connection_dialog import TeamConnectionDialog

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
    old = window.context.database
    new_window = reopen(window, database)
    old.dispose()
    where = "this computer's file" if use_local else "the team database"
    new_window.context.signals.status_message.emit(f"Now working in {where}.")
