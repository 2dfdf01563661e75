"""Real mouse drags on a board under X (run by test_board_xvfb.py inside xvfb-run).

First drags the second card of the first column to the third column, then selects the two
cards left in the first column and drags them together to the second. Prints one JSON line:
the board and the database afterwards."""

from __future__ import annotations

import json
import sys
from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from sqlalchemy import func, select

from gojee_desktop.models import Job
from gojee_desktop.services import jobs
from gojee_desktop.services.job_query import JobQuery
from gojee_desktop.services.jobs import NewJob
from gojee_desktop.services.startup import open_app_database
from gojee_desktop.ui.context import AppContext
from gojee_desktop.ui.pages.board import BoardView


def main(folder: str) -> int:
    app = QApplication(sys.argv[:1])
    database = open_app_database(f"sqlite:///{Path(folder) / 'drag.sqlite3'}")
    ids = [jobs.create_lead(database.sessions, NewJob(title=t, value=Decimal(10))).id for t in "ABC"]
    context = AppContext.create(database)
    board = BoardView(context, "lead")
    board.resize(1200, 600)
    board.set_query(JobQuery(lifecycle="lead"))
    board.show()
    QTest.qWaitForWindowExposed(board)
    QTest.qWait(200)
    window = board.windowHandle()

    def drag(source_column: int, row: int, target_column: int) -> None:
        """Press on a card, move past the drag distance (Qt starts a real QDrag, whose loop
        blocks in that move), then move over the target column and release from timers."""
        source = board.columns[source_column].view
        target = board.columns[target_column].view
        card = source.visualRect(source.model().index(row, 0)).center()
        start = source.viewport().mapTo(board, card)
        drop = target.viewport().mapTo(board, QPoint(40, target.viewport().height() - 20))

        def over_target() -> None:
            QTest.mouseMove(window, drop - QPoint(5, 5))

        def release() -> None:
            QTest.mouseMove(window, drop)
            QTest.mouseRelease(window, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, drop)

        QTimer.singleShot(300, over_target)
        QTimer.singleShot(500, over_target)
        QTimer.singleShot(800, release)
        QTest.mousePress(window, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
        QTest.mouseMove(window, start + QPoint(3, 3))
        QTest.mouseMove(window, start + QPoint(30, 30))  # starts the drag; returns when it ends
        QTest.qWait(800)

    result: dict[str, object] = {}
    drag(0, 1, 2)  # B to the third column
    result["after_one"] = [list(c.model.ids) for c in board.columns[:3]]
    board.columns[0].view.selectAll()  # A and C, dragged together by A
    drag(0, 0, 1)
    with database.sessions() as session:
        result["jobs"] = session.scalar(select(func.count(Job.id)))
    result["ids"] = ids
    result["columns"] = [list(c.model.ids) for c in board.columns[:3]]
    result["stage"] = jobs.get_job(database.sessions, ids[1]).summary.stage
    result["target_stage"] = board.columns[2].model.title
    result["platform"] = app.platformName()
    print(json.dumps(result))
    board.close()
    database.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
