"""Assistive technology reads what the window paints: card text, column headers, chips,
folded filters and icon buttons, checked through QAccessible as a screen reader sees them.
Every board and table action opens from the keyboard too."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QToolButton, QWidget

from gojee_desktop.services import catalog, jobs
from gojee_desktop.services.jobs import NewJob
from gojee_desktop.ui.dialogs.job_editor import JobEditor
from gojee_desktop.ui.main_window import MainWindow
from gojee_desktop.ui.widgets.date_field import DateField

OFFSCREEN_POPUP = pytest.mark.qt_log_ignore("does not support raise", "does not support grabbing")


def name_of(widget: QWidget) -> str:
    interface = QAccessible.queryAccessibleInterface(widget)
    assert interface is not None
    return interface.text(QAccessible.Text.Name)


def children(widget: QWidget) -> list[tuple[QAccessible.Role, str]]:
    interface = QAccessible.queryAccessibleInterface(widget)
    assert interface is not None
    found = []
    for number in range(interface.childCount()):
        child = interface.child(number)
        if child is not None:
            found.append((child.role(), child.text(QAccessible.Text.Name)))
    return found


@pytest.fixture
def labelled_lead(context):
    label = catalog.add_item(context.sessions, "label", "Urgent")
    user = catalog.add_item(context.sessions, "user", "Dana Field")
    detail = jobs.create_lead(
        context.sessions,
        NewJob(
            title="Switchboard upgrade",
            value=Decimal("2564.50"),
            currency="AUD",
            expected_close=date(2026, 11, 7),
            label_ids=[label.id],
            assignee_ids=[user.id],
        ),
    )
    return detail.id


@pytest.fixture
def window(qtbot, context, labelled_lead):
    main = MainWindow(context)
    qtbot.addWidget(main)
    main.resize(1300, 700)
    main.show_page("leads-board")
    main.show()
    qtbot.waitExposed(main)
    board = main.current_page().board
    qtbot.waitUntil(lambda: any(c.model.rowCount() for c in board.columns))
    return main


def test_painted_cards_read_as_text(window, labelled_lead):
    board = window.current_page().board
    column = next(c for c in board.columns if c.model.rowCount())
    cells = [text for role, text in children(column.view) if role == QAccessible.Role.ListItem or text]
    card = next(text for text in cells if "Switchboard upgrade" in text)
    for part in ("J-0000", "Switchboard upgrade", "$2,564.50", "labels Urgent", "Dana Field", "2026-11-07"):
        assert part in card, card


def test_board_column_headers_say_stage_count_and_total(window):
    board = window.current_page().board
    column = next(c for c in board.columns if c.model.rowCount())
    name = name_of(column.header)
    assert name.startswith(f"Stage {column.model.title}: 1 cards, ")
    assert "$2,564.50" in name


def test_table_column_headers_and_cells_are_read(qtbot, window):
    window.show_page("leads")
    view = window.current_page().table.view
    qtbot.waitUntil(lambda: view.model().rowCount() > 0)
    seen = children(view)
    headers = [text for role, text in seen if role == QAccessible.Role.ColumnHeader]
    assert headers[:3] == ["Number", "Title", "Customer"]
    cells = [text for role, text in seen if role == QAccessible.Role.Cell]
    assert "Switchboard upgrade" in cells


def test_filters_button_says_how_many_are_active(window):
    filters = window.current_page().filters
    assert name_of(filters.more) == "Filters"
    filters.value_min.setText("10")
    filters.changed.emit()
    assert name_of(filters.more) == "Filters, 1 active"
    assert name_of(filters.value_min) == "Value at least"
    assert name_of(window.current_page().search) == "Search leads"


def test_label_chips_and_the_calendar_button_have_names(qtbot, context, labelled_lead):
    editor = JobEditor(context, labelled_lead)
    qtbot.addWidget(editor)
    editor.show()
    chips = [c for c in editor.labels.findChildren(QToolButton) if c.text().startswith("Urgent")]
    assert [name_of(chip) for chip in chips] == ["Label Urgent"]
    calendar_buttons = [b for b in editor.expected_close.findChildren(QToolButton) if b.isVisible()]
    assert [name_of(button) for button in calendar_buttons] == ["Pick a date"]
    assert isinstance(editor.expected_close, DateField)


def test_status_bar_and_navigation_are_named(window):
    assert name_of(window._database_label).startswith("Local file: ")
    assert window.navigation_action.text() == "&Navigation Panel"


@OFFSCREEN_POPUP
def test_table_context_menu_opens_from_the_keyboard(qtbot, window, labelled_lead):
    window.show_page("leads")
    table = window.current_page().table
    view = table.view
    qtbot.waitUntil(lambda: view.model().rowCount() > 0)
    view.setFocus()
    view.setCurrentIndex(view.model().index(0, 0))
    QTest.keyClick(view, Qt.Key.Key_F10, Qt.KeyboardModifier.ShiftModifier)
    menu = table.context_menu
    assert menu is not None and menu.isVisible()
    texts = [a.text() for a in menu.actions() if a.text()]
    assert "&Convert to customer job…" in texts and "&Archive" in texts
    menu.close()
    assert table.convert_action.shortcut().toString() == "Ctrl+Shift+J"


@OFFSCREEN_POPUP
def test_card_menu_opens_from_the_keyboard(qtbot, window):
    board = window.current_page().board
    column = next(c for c in board.columns if c.model.rowCount())
    column.view.setFocus()
    column.view.setCurrentIndex(column.model.index(0))
    qtbot.waitUntil(lambda: board.focused_column() is column)
    QTest.keyClick(column.view, Qt.Key.Key_Menu)
    menu = board.card_menu
    assert menu is not None and menu.isVisible()
    texts = [a.text() for a in menu.actions()]
    assert "Open" in texts and "S&tage" in texts
    stage_menu = next(a.menu() for a in menu.actions() if a.text() == "S&tage")
    assert "Stage settings…" in [a.text() for a in stage_menu.actions()]
    menu.close()


@OFFSCREEN_POPUP
def test_an_empty_column_offers_its_stage_menu_from_the_keyboard(qtbot, window):
    board = window.current_page().board
    column = next(c for c in board.columns if not c.model.rowCount())
    column.view.setFocus()
    qtbot.waitUntil(lambda: board.focused_column() is column)
    QTest.keyClick(column.view, Qt.Key.Key_F10, Qt.KeyboardModifier.ShiftModifier)
    menu = board.card_menu
    assert menu is not None and menu.isVisible()
    texts = [a.text() for a in menu.actions()]
    assert any(t.startswith("New lead here") for t in texts) and "Stage settings…" in texts
    menu.close()
