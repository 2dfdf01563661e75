"""Run background work once a widget has been painted, not while the window is being built.

On a two-core machine a COUNT over a million jobs or a whole-file check started at start-up
takes a core (and the disk) from the first paint; started just after it, the user sees the
window as early as on an empty database and the figures follow."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget


class _AfterFirstPaint(QObject):
    """Calls `callback` once: on the turn of the event loop after `widget`'s first paint, or
    after `latest_ms` should it not be painted by then (a hidden window, a folded panel)."""

    def __init__(self, widget: QWidget, callback: Callable[[], None], latest_ms: int) -> None:
        super().__init__(widget)
        self._widget = widget
        self._callback = callback
        self._called = False
        widget.installEventFilter(self)
        QTimer.singleShot(latest_ms, self, self._call)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._widget and event.type() == QEvent.Type.Paint and not self._called:
            QTimer.singleShot(0, self, self._call)  # once this paint is on screen
        return False

    def _call(self) -> None:
        if self._called:
            return
        self._called = True
        self._widget.removeEventFilter(self)
        self._callback()


def after_first_paint(widget: QWidget, callback: Callable[[], None], latest_ms: int = 1000) -> None:
    """Call `callback` (in the GUI thread) just after `widget` is first painted, or after
    `latest_ms` at the latest. Nothing is called once `widget` is deleted."""
    _AfterFirstPaint(widget, callback, latest_ms)
