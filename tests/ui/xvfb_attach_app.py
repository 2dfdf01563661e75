"""Real mouse drags of files onto a table row and a board card under X (run by
test_attach_drop_xvfb.py inside xvfb-run). The drag source is a small widget that carries
file URLs, as a file manager's drag does (there is no file manager under bare Xvfb), so the
drop arrives through Qt's real drag loop on the xcb platform. Prints one JSON line."""

from __future__ import annotations

import json
import sys
from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import QMimeData, QPoint, Qt, QTimer, QUrl
from PySide6.QtGui import QDrag, QMouseEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLabel, QVBoxLayout, QWidget

from gojee_desktop.services import activities, jobs
from gojee_desktop.services.job_query import JobQuery
from gojee_desktop.services.jobs import NewJob
from gojee_desktop.services.startup import open_app_database
from gojee_desktop.store.database import Database
from gojee_desktop.ui.context import AppContext
from gojee_desktop.ui.pages.board import BoardView
from gojee_desktop.ui.pages.job_table import JobTableView


class FileSource(QLabel):
    """Drags `files` as URLs, like a file manager."""

    def __init__(self, files: list[Path]) -> None:
        super().__init__("  drag these files  ")
        self.files = files
        self.setFixedHeight(40)
        self._pressed: QPoint | None = None

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self._pressed = event.position().toPoint()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._pressed is None:
            return
        if (event.position().toPoint() - self._pressed).manhattanLength() < QApplication.startDragDistance():
            return
        self._pressed = None
        mime = QMimeData()
        mime.setUrls([QUrl.fromLocalFile(str(path)) for path in self.files])
        drag = QDrag(self)
        drag.setMimeData(mime)
        drag.exec(Qt.DropAction.CopyAction)


def attached(database: Database, ids: list[int]) -> dict[int, list[str]]:
    return {i: sorted(a.name for a in activities.list_attachments(database.sessions, i)) for i in ids}


def main(folder: str) -> int:
    app = QApplication(sys.argv[:1])
    root = Path(folder)
    database = open_app_database(f"sqlite:///{root / 'attach.sqlite3'}")
    ids = [jobs.create_lead(database.sessions, NewJob(title=t, value=Decimal(10))).id for t in "ABC"]
    photo, plan = root / "site photo.jpg", root / "plan.pdf"
    photo.write_bytes(b"\xff\xd8 photo")
    plan.write_bytes(b"%PDF plan")
    context = AppContext.create(database)

    window = QWidget()
    layout = QVBoxLayout(window)
    source = FileSource([photo, plan])
    table = JobTableView(context, "lead")
    table.set_query(JobQuery(lifecycle="lead"))
    board = BoardView(context, "lead")
    board.set_query(JobQuery(lifecycle="lead"))
    layout.addWidget(source)
    layout.addWidget(table, 1)
    layout.addWidget(board, 2)
    window.resize(1200, 760)
    window.show()
    QTest.qWaitForWindowExposed(window)
    QTest.qWait(300)
    handle = window.windowHandle()

    def drag_to(target: QWidget, point: QPoint) -> None:
        """Press on the source, move past the drag distance (the drag's loop blocks in that
        move), then move over the target and release from timers."""
        start = source.mapTo(window, source.rect().center())
        drop = target.mapTo(window, point)

        def over() -> None:
            QTest.mouseMove(handle, drop - QPoint(4, 2))

        def release() -> None:
            QTest.mouseMove(handle, drop)
            QTest.mouseRelease(handle, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, drop)

        QTimer.singleShot(300, over)
        QTimer.singleShot(500, over)
        QTimer.singleShot(800, release)
        QTest.mousePress(handle, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
        QTest.mouseMove(handle, start + QPoint(3, 3))
        QTest.mouseMove(handle, start + QPoint(30, 30))  # starts the drag; returns when it ends
        QTest.qWait(1000)

    result: dict[str, object] = {"ids": ids, "platform": app.platformName()}
    row = 1
    row_job = table.model.job_id(row)
    cell = table.view.visualRect(table.model.index(row, 1)).center()
    drag_to(table.view.viewport(), cell)
    result["row_job"] = row_job
    result["after_row"] = attached(database, ids)

    column = board.columns[0]
    card_job = column.model.ids[2]
    card = column.view.visualRect(column.model.index(2)).center()
    drag_to(column.view.viewport(), card)
    result["card_job"] = card_job
    result["after_card"] = attached(database, ids)
    result["columns"] = [list(c.model.ids) for c in board.columns[:2]]
    result["undo"] = [context.undo_stack.text(i) for i in range(context.undo_stack.count())]
    print(json.dumps(result))
    window.close()
    database.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
