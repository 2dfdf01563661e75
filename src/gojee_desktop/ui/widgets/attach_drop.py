"""Files dropped onto a job's row or card are attached to that job. Installed on a view's
viewport beside its other drop handling: a drag that carries no local files, or a drop
beside any row or card, is left to the view (the table's import of a dropped CSV, the
board's card moves)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QMimeData, QObject, QPoint, Qt, QTimer
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QWidget

#: Where a drop point falls: the job under it, or None.
JobAt = Callable[[QPoint], int | None]


def dropped_files(mime: QMimeData | None) -> list[Path]:
    """The local files a drag carries (none for a drag of cards or text)."""
    if mime is None or not mime.hasUrls():
        return []
    return [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]


class AttachDropFilter(QObject):
    """`on_files(job_id, paths)` runs just after the drop returns, so the copy's progress
    dialog never runs inside the drag loop."""

    def __init__(
        self,
        viewport: QWidget,
        job_at: JobAt,
        on_files: Callable[[int, list[Path]], object],
        has_jobs: Callable[[], bool],
    ) -> None:
        super().__init__(viewport)
        self._job_at = job_at
        self._on_files = on_files
        self._has_jobs = has_jobs
        viewport.setAcceptDrops(True)
        viewport.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if isinstance(event, QDropEvent | QDragMoveEvent | QDragEnterEvent) and not dropped_files(
            event.mimeData()
        ):
            return False
        if isinstance(event, QDragEnterEvent):
            if not self._has_jobs():
                return False
            # Accepted anywhere over rows, so the moves that follow (onto one) reach this filter.
            event.setDropAction(Qt.DropAction.CopyAction)
            event.accept()
            return True
        if isinstance(event, QDragMoveEvent):
            job_id = self._job_at(event.position().toPoint())
            if job_id is None:
                event.ignore()
                return False  # the view (or the import filter) may take it elsewhere
            event.setDropAction(Qt.DropAction.CopyAction)
            event.accept()
            return True
        if isinstance(event, QDropEvent):
            job_id = self._job_at(event.position().toPoint())
            if job_id is None:
                return False
            files = dropped_files(event.mimeData())
            event.setDropAction(Qt.DropAction.CopyAction)
            event.accept()
            QTimer.singleShot(0, lambda: self._on_files(job_id, files))
            return True
        return False
