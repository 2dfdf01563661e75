"""Accept a table file (CSV, TSV, XLSX) dropped on a widget and hand its path on."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QMimeData, QObject
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QWidget

TABLE_SUFFIXES = (".csv", ".tsv", ".txt", ".xlsx")


def dropped_table_file(mime: QMimeData | None) -> str | None:
    """The one local table file the drag carries, or None."""
    if mime is None or not mime.hasUrls():
        return None
    paths = [url.toLocalFile() for url in mime.urls() if url.isLocalFile()]
    if len(paths) != 1 or Path(paths[0]).suffix.lower() not in TABLE_SUFFIXES:
        return None
    return paths[0]


class FileDropFilter(QObject):
    """Installed on a view's viewport: a dropped table file calls `on_file(path)`."""

    def __init__(self, target: QWidget, on_file: Callable[[str], object]) -> None:
        super().__init__(target)
        self._on_file = on_file
        target.setAcceptDrops(True)
        target.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if isinstance(event, QDragEnterEvent | QDragMoveEvent):
            if dropped_table_file(event.mimeData()) is not None:
                event.acceptProposedAction()
                return True
            return False
        if isinstance(event, QDropEvent):
            path = dropped_table_file(event.mimeData())
            if path is not None:
                event.acceptProposedAction()
                self._on_file(path)
                return True
        return False
