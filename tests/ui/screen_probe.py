"""Run in a subprocess by test_window_fit: Qt picks its platform (and so its screens) once,
when the application starts. Opens the main window on the screens of
QT_QPA_PLATFORM=offscreen:configfile=..., optionally moves it, closes it (saving its
geometry as the app does) and prints what it saw as JSON.

    python screen_probe.py DATABASE_URL [X Y]"""

from __future__ import annotations

import json
import sys

from PySide6.QtWidgets import QApplication

from gojee_desktop.services.startup import open_app_database
from gojee_desktop.ui.context import AppContext
from gojee_desktop.ui.main_window import PAGE_NAMES, MainWindow


def _rect(r: object) -> list[int]:
    return [r.x(), r.y(), r.width(), r.height()]  # type: ignore[attr-defined]


def main() -> None:
    app = QApplication(sys.argv[:1])
    database = open_app_database(sys.argv[1])
    window = MainWindow(AppContext.create(database))
    window.show_page("leads")
    window.show()
    for _ in range(5):
        app.processEvents()
    opened = _rect(window.frameGeometry())
    if len(sys.argv) > 3:
        window.move(int(sys.argv[2]), int(sys.argv[3]))
        app.processEvents()
    minimums = {}
    for name in PAGE_NAMES:
        window.show_page(name)
        for _ in range(5):
            app.processEvents()
        hint = window.minimumSizeHint()
        minimums[name] = [hint.width(), hint.height()]
    window.show_page("leads")
    screen = window.screen()
    report = {
        "opened": opened,
        "now": _rect(window.frameGeometry()),
        "screen": screen.name(),
        "available": _rect(screen.availableGeometry()),
        "primary_available": _rect(app.primaryScreen().availableGeometry()),
        "dpr": screen.devicePixelRatio(),
        "minimum": [window.minimumSizeHint().width(), window.minimumSizeHint().height()],
        "minimums": minimums,
    }
    window.close()
    database.dispose()
    print(json.dumps(report))


if __name__ == "__main__":
    main()
