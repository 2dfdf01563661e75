"""Creating an activity from a table row's and a card's context menu and with Ctrl+Shift+A:
each asks the window for the New activity dialog of that job, which saves an undoable add."""

from __future__ import annotations

from board_helpers import add_leads
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from gojee_desktop.services import activities
from gojee_desktop.services.job_query import JobQuery
from gojee_desktop.ui.dialogs.activity_dialog import ActivityDialog
from gojee_desktop.ui.main_window import MainWindow
from gojee_desktop.ui.pages.board import BoardView


def open_board(qtbot, context):
    view = BoardView(context, "lead")
    qtbot.addWidget(view)
    view.resize(1200, 600)
    view.set_query(JobQuery(lifecycle="lead"))
    view.show()
    qtbot.waitExposed(view)
    return view


def test_table_row_menu_and_shortcut_ask_for_the_dialog(qtbot, context, some_leads, monkeypatch):
    monkeypatch.setattr(ActivityDialog, "exec", lambda dialog: 0)  # the window opens it: cancelled
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.show_page("leads")
    window.show()
    qtbot.waitExposed(window)
    table = window.current_page().table
    asked: list[int] = []
    context.signals.add_activity_requested.connect(asked.append)
    table.view.setFocus()
    table.view.setCurrentIndex(table.model.index(1, 0))
    menu = table.build_context_menu()
    action = next(a for a in menu.actions() if a.text() == "Add &activity…")
    assert action.isEnabled()
    action.trigger()
    window.activateWindow()
    table.view.setFocus()
    qtbot.waitUntil(table.view.hasFocus)
    QTest.keyClick(
        table.view, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    row_job = table.current_summary().id
    assert asked == [row_job, row_job]


def test_window_dialog_saves_an_undoable_activity(qtbot, context, some_leads, monkeypatch):
    window = MainWindow(context)
    qtbot.addWidget(window)

    def fill(dialog: ActivityDialog) -> int:
        dialog.subject.setText("Call about access")
        dialog.save()
        return 1

    monkeypatch.setattr(ActivityDialog, "exec", fill)
    context.signals.add_activity_requested.emit(some_leads[2])
    listed = activities.list_activities(context.sessions, activities.ActivityQuery(job_id=some_leads[2]))
    assert [a.subject for a in listed] == ["Call about access"]
    assert context.undo_stack.undoText() == "Add call 'Call about access'"
    context.undo_stack.undo()
    assert activities.list_activities(context.sessions, activities.ActivityQuery(job_id=some_leads[2])) == []


def test_card_menu_offers_add_activity(qtbot, context, sqlite_db):
    ids = add_leads(sqlite_db, ["A", "B"])
    view = open_board(qtbot, context)
    column = view.columns[0]
    view.activateWindow()
    column.view.setFocus()
    qtbot.waitUntil(column.view.hasFocus)
    column.view.select_ids([ids[1]])
    asked: list[int] = []
    context.signals.add_activity_requested.connect(asked.append)
    menu = view.card_actions(column)
    action = next(a for a in menu.actions() if a.text() == "Add activity…")
    action.trigger()
    QTest.keyClick(
        column.view, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    assert asked == [ids[1], ids[1]]
