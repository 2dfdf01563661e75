"""Window shortcuts: Ctrl+1…9 follow the navigation as shown, table/board have keys of their
own, and no key is bound twice where both bindings could fire."""

from __future__ import annotations

from collections import defaultdict

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QWidget

from gojee_desktop.ui.context import AppContext
from gojee_desktop.ui.main_window import MainWindow

WINDOW_WIDE = (Qt.ShortcutContext.WindowShortcut, Qt.ShortcutContext.ApplicationShortcut)


@pytest.fixture
def window(qtbot, sqlite_db):
    main = MainWindow(AppContext.create(sqlite_db))
    qtbot.addWidget(main)
    main.show_page("leads")
    main.show()
    qtbot.waitExposed(main)
    return main


def _bindings(window: MainWindow) -> list[tuple[str, Qt.ShortcutContext, QWidget | None, str]]:
    """(key, context, scope widget, name) of every QAction and QShortcut under the window."""
    found = []
    for action in window.findChildren(QAction):
        parent = action.parent()
        scope = parent if isinstance(parent, QWidget) else None
        for key in action.shortcuts():
            if not key.isEmpty():
                found.append((key.toString(), action.shortcutContext(), scope, action.text()))
    for shortcut in window.findChildren(QShortcut):
        parent = shortcut.parent()
        scope = parent if isinstance(parent, QWidget) else None
        keys: list[QKeySequence] = shortcut.keys()
        for key in keys:
            if not key.isEmpty():
                found.append((key.toString(), shortcut.context(), scope, f"in {type(scope).__name__}"))
    return found


def _page_of(window: MainWindow, widget: QWidget | None) -> QWidget | None:
    """The page of the window's stack that holds `widget`, None for the window's own."""
    while widget is not None and widget.parentWidget() is not window.stack:
        widget = widget.parentWidget()
    return widget


def _pairs(items: list[tuple[QWidget | None, str]]) -> list[tuple[tuple[QWidget | None, str], ...]]:
    return [(a, b) for i, a in enumerate(items) for b in items[i + 1 :]]


def test_no_two_actions_of_the_window_share_a_shortcut(window):
    for name in ("jobs-board", "leads-board", "people", "organizations", "activities", "jobs"):
        window.show_page(name)  # pages built on first show add their own shortcuts
    bindings = _bindings(window)
    # Window-wide keys of a page count only while that page is the one in the window's
    # stack (Qt ignores shortcuts of hidden widgets); keys of the window itself count always.
    wide: dict[str, list[tuple[QWidget | None, str]]] = defaultdict(list)
    for key, context, scope, name in bindings:
        if context in WINDOW_WIDE:
            wide[key].append((_page_of(window, scope), name))
    clashes = {
        key: names
        for key, names in wide.items()
        if any(a[0] is None or b[0] is None or a[0] is b[0] for a, b in _pairs(names))
    }
    assert clashes == {}
    # A key bound inside one widget must not also be a window-wide key of its page or of the
    # window (Qt would call it ambiguous and run neither), nor be bound twice in one widget.
    local: dict[tuple[str, int], list[str]] = defaultdict(list)
    for key, context, scope, name in bindings:
        if context not in WINDOW_WIDE:
            page = _page_of(window, scope)
            others = [n for p, n in wide.get(key, []) if p is None or p is page]
            assert others == [], f"{name} ({key}) clashes with {others}"
            local[(key, id(scope))].append(name)
    assert {k: v for k, v in local.items() if len(v) > 1} == {}
    assert window.back_up_action.shortcut().toString() == "Ctrl+Shift+B"  # type: ignore[attr-defined]


def test_ctrl_digits_follow_the_navigation_order(qtbot, window):
    shown = [item.text(0) for item in window._navigation_items()]
    assert shown == ["Dashboard", "Leads", "Activities", "Customer Jobs", "People", "Organisations"]
    expected = ["dashboard", "leads", "activities", "jobs", "people", "organizations"]
    for digit, name in enumerate(expected, start=1):
        QTest.keySequence(window, QKeySequence(f"Ctrl+{digit}"))
        assert window.current_page_name() == name, digit
        assert window.navigation.currentItem().text(0) == shown[digit - 1]


def test_a_hidden_page_is_skipped_and_the_rest_move_up(window):
    activities = next(i for i in window._navigation_items() if i.text(0) == "Activities")
    activities.setHidden(True)
    window.number_pages()
    keys = {k: a.shortcut().toString() for k, a in window.page_actions.items()}
    assert keys == {
        "dashboard": "Ctrl+1",
        "leads": "Ctrl+2",
        "activities": "",
        "jobs": "Ctrl+3",
        "people": "Ctrl+4",
        "organizations": "Ctrl+5",
    }
    assert not window.page_actions["activities"].isVisible()
    QTest.keySequence(window, QKeySequence("Ctrl+3"))
    assert window.current_page_name() == "jobs"


def test_table_and_board_have_keys_of_their_own(window):
    QTest.keySequence(window, QKeySequence("Ctrl+Shift+K"))
    assert window.current_page_name() == "leads-board"
    QTest.keySequence(window, QKeySequence("Ctrl+Shift+T"))
    assert window.current_page_name() == "leads"
    window.show_page("jobs")
    QTest.keySequence(window, QKeySequence("Ctrl+Shift+K"))
    assert window.current_page_name() == "jobs-board"


def test_the_navigation_panel_toggles_with_f9_and_the_list_shows_it(qtbot, window):
    QTest.keySequence(window, QKeySequence("F9"))
    assert not window.navigation_visible()
    QTest.keySequence(window, QKeySequence("F9"))
    assert window.navigation_visible()
    dialog = window.show_shortcuts()
    rows = {(what, keys) for _where, what, keys in dialog.visible_rows()}
    assert ("Navigation Panel", "F9") in rows and ("As Board", "Ctrl+Shift+K") in rows
    assert ("Dashboard", "Ctrl+1") in rows and ("Organisations", "Ctrl+6") in rows
    dialog.close()
