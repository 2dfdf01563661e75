"""The window's frame, painted before the heavy imports of a start.

Importing SQLAlchemy, the models and every page takes most of a start (0.5-1 s on a slow
machine). This module needs only Qt, so `app.main` shows a frame at the window's remembered
place and size at once, with a line saying what is happening, and replaces it with the full
window when that is ready."""

from __future__ import annotations

import os

from PySide6.QtCore import QByteArray, QSettings, Qt
from PySide6.QtGui import QPaintEvent
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

from gojee_desktop.config import user_settings_path
from gojee_desktop.ui import theme

FIRST_PAINT_ENV = "GOJEE_FIRST_PAINT"


class StartupShell(QMainWindow):
    """A plain frame titled like the app, at the geometry the main window saved last."""

    def __init__(self) -> None:
        super().__init__()
        self.setWindowTitle("Gojee Desktop – opening…")  # not the window scripts look for
        self.setObjectName("startupShell")
        label = QLabel("Opening your leads and jobs…", self)
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        theme.set_style(label, "color: $hint; font-size: 14px;")
        self.setCentralWidget(label)
        settings = QSettings(str(user_settings_path()), QSettings.Format.IniFormat)
        geometry = settings.value("window/geometry")
        if not (isinstance(geometry, QByteArray) and self.restoreGeometry(geometry)):
            self.resize(1200, 760)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if os.environ.get(FIRST_PAINT_ENV) in ("print", "exit") and not self.property("reported"):
            self.setProperty("reported", True)
            print("first-paint: shell", flush=True)


def show_startup_shell(app: QApplication) -> StartupShell:
    """Show and paint the frame now; the caller closes it once the main window is shown."""
    shell = StartupShell()
    shell.show()
    app.processEvents()
    return shell
