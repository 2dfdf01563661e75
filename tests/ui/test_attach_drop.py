"""Files dropped onto a table row or a board card are attached to that job (offscreen, with
real QMimeData file URLs sent as drag events to the viewport): each file one undoable step,
the size limit refused in words, a table file dropped beside the rows still opens the import,
and a card drag still moves cards. A real mouse drag is in test_attach_drop_xvfb.py."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QWidget

from gojee_desktop.services import activities
from gojee_desktop.services.catalog import set_setting
from gojee_desktop.services.job_query import JobQuery
from gojee_desktop.ui.main_window import MainWindow
from gojee_desktop.ui.pages.board import BoardView
from gojee_desktop.ui.widgets import attachment_actions

BUTTONS, KEYS = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier


@pytest.fixture
def errors(monkeypatch) -> list[str]:
    seen: list[str] = []
    monkeypatch.setattr(attachment_actions, "show_error", lambda _parent, error: seen.append(str(error)))
    return seen


def file_mime(*paths: Path) -> QMimeData:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path)) for path in paths])
    return mime


def drag_files(viewport: QWidget, point: QPoint, mime: QMimeData) -> tuple[bool, bool]:
    """Enter at the top left, move to `point`, drop there, as a file manager's drag would;
    returns whether the move and the drop were accepted."""
    enter = QDragEnterEvent(QPoint(2, 2), Qt.DropAction.CopyAction, mime, BUTTONS, KEYS)
    QApplication.sendEvent(viewport, enter)
    assert enter.isAccepted()
    move = QDragMoveEvent(point, Qt.DropAction.CopyAction, mime, BUTTONS, KEYS)
    QApplication.sendEvent(viewport, move)
    drop = QDropEvent(QPointF(point), Qt.DropAction.CopyAction, mime, BUTTONS, KEYS)
    QApplication.sendEvent(viewport, drop)
    return move.isAccepted(), drop.isAccepted()


def names(context, job_id: int) -> list[str]:
    return sorted(a.name for a in activities.list_attachments(context.sessions, job_id))


@pytest.fixture
def files(tmp_path) -> list[Path]:
    photo, quote = tmp_path / "site photo.jpg", tmp_path / "supplier quote.pdf"
    photo.write_bytes(b"\xff\xd8 photo")
    quote.write_bytes(b"%PDF quote")
    return [photo, quote]


@pytest.fixture
def window(qtbot, context, some_leads):
    main = MainWindow(context)
    qtbot.addWidget(main)
    main.show_page("leads")
    main.resize(1200, 700)
    main.show()
    qtbot.waitExposed(main)
    return main


def test_files_dropped_on_a_table_row_attach_to_its_job_each_undoable(qtbot, window, context, files):
    table = window.current_page().table
    view = table.view
    row = 2
    job_id = table.model.job_id(row)
    point = view.visualRect(table.model.index(row, 1)).center()
    accepted = drag_files(view.viewport(), point, file_mime(*files))
    assert accepted == (True, True)
    qtbot.waitUntil(lambda: len(names(context, job_id)) == 2, timeout=5000)
    assert names(context, job_id) == ["site photo.jpg", "supplier quote.pdf"]
    others = [table.model.job_id(r) for r in range(table.model.rowCount()) if r != row]
    assert all(names(context, other) == [] for other in others if other is not None)
    assert context.undo_stack.undoText() == "Attach supplier quote.pdf"
    context.undo_stack.undo()  # Ctrl+Z takes back the last file only
    assert names(context, job_id) == ["site photo.jpg"]


def test_a_file_over_the_limit_dropped_on_a_row_is_refused_in_words(qtbot, window, context, tmp_path, errors):
    set_setting(context.sessions, "attachments.max_mb", "1")
    big = tmp_path / "survey.tif"
    big.write_bytes(b"0" * (1024 * 1024 + 1))
    table = window.current_page().table
    job_id = table.model.job_id(0)
    point = table.view.visualRect(table.model.index(0, 1)).center()
    drag_files(table.view.viewport(), point, file_mime(big))
    qtbot.waitUntil(lambda: bool(errors), timeout=5000)
    assert errors == ["survey.tif is 1.0 MB; attachments can be at most 1 MB (a setting)."]
    assert names(context, job_id) == [] and context.undo_stack.count() == 0


def test_beside_the_rows_a_photo_is_refused_and_a_table_file_still_opens_the_import(
    qtbot, window, context, files, tmp_path
):
    from gojee_desktop.ui.dialogs.import_wizard import ImportWizard

    table = window.current_page().table
    viewport = table.view.viewport()
    below = QPoint(20, viewport.height() - 5)
    assert not table.view.indexAt(below).isValid()
    assert drag_files(viewport, below, file_mime(files[0])) == (False, False)
    csv = tmp_path / "leads.csv"
    csv.write_text("Title\nGutter clean\n")
    assert drag_files(viewport, below, file_mime(csv)) == (True, True)
    wizards = [w for w in QApplication.topLevelWidgets() if isinstance(w, ImportWizard) and w.isVisible()]
    assert [w.file_page.path.text() for w in wizards] == [str(csv)]
    wizards[0].reject()
    QApplication.processEvents()
    assert all(names(context, table.model.job_id(r)) == [] for r in range(table.model.rowCount()))


def test_files_dropped_on_a_card_attach_to_its_job_and_cards_still_move(qtbot, context, some_leads, files):
    board = BoardView(context, "lead")
    qtbot.addWidget(board)
    board.resize(1400, 700)
    board.set_query(JobQuery(lifecycle="lead"))
    board.show()
    qtbot.waitExposed(board)
    column = board.columns[0]
    before = [list(c.model.ids) for c in board.columns]
    job_id = column.model.ids[1]
    point = column.view.visualRect(column.model.index(1)).center()
    assert drag_files(column.view.viewport(), point, file_mime(files[1])) == (True, True)
    qtbot.waitUntil(lambda: names(context, job_id) == ["supplier quote.pdf"], timeout=5000)
    assert [list(c.model.ids) for c in board.columns] == before  # a file drop moves no card
    assert context.undo_stack.undoText() == "Attach supplier quote.pdf"

    from board_helpers import job_count
    from test_board_view import drop_on_viewport

    drop_on_viewport(board, 1, [job_id], None)  # a card drag is still a move
    qtbot.waitUntil(lambda: job_id in board.columns[1].model.ids, timeout=5000)
    assert job_count(context.database) == len(some_leads) + 1
