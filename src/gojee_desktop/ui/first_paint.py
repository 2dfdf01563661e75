"""A marker line on stdout when the window is first painted, for start-up benchmarks.

Set GOJEE_FIRST_PAINT=print (or =exit to leave at once after it) and the app prints
`first-paint: window` when the main window is first painted and `first-paint: page` when
a view of the current page (a table's rows, a board's columns) has been painted;
`benchmarks/bench_startup.py` times those lines from outside the process."""

from __future__ import annotations

import os
import sys

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QAbstractItemView, QApplication, QWidget

ENV = "GOJEE_FIRST_PAINT"


class _FirstPaint(QObject):
    def __init__(self, window: QWidget, leave: bool) -> None:
        super().__init__(window)
        self.window = window
        self.leave = leave
        self.seen: set[str] = set()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not isinstance(watched, QWidget) or event.type() != QEvent.Type.Paint:
            return False
        if watched.window() is self.window:
            self._mark("window")
            parent = watched.parentWidget()
            if isinstance(parent, QAbstractItemView) and watched is parent.viewport():
                self._mark("page")
        return False

    def _mark(self, what: str) -> None:
        if what in self.seen:
            return
        self.seen.add(what)
        # Reported once the paint under way has finished: the next turn of the event loop.
        QTimer.singleShot(0, lambda: self._report(what))

    def _report(self, what: str) -> None:
        print(f"first-paint: {what}", flush=True)
        if what == "page" and self.leave:
            sys.stdout.flush()
            os._exit(0)


def install_if_asked(window: QWidget) -> None:
    """Watch the window's first paints when GOJEE_FIRST_PAINT asks for it."""
    mode = os.environ.get(ENV, "")
    app = QApplication.instance()
    if mode in ("print", "exit") and app is not None:
        app.installEventFilter(_FirstPaint(window, leave=mode == "exit"))
