"""Help › Keyboard shortcuts: every shortcut of the window's actions (menus, pages, tables)
in one searchable list, read from the actions themselves so the list never goes stale."""

from __future__ import annotations

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLineEdit,
    QMenu,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

#: Keys handled by widgets rather than actions, listed so the user finds them too.
WIDGET_KEYS = (
    ("Search the list on screen", "Ctrl+F"),
    ("Open the calendar of a date field", "Alt+Down"),
    ("Close a dialog", "Esc"),
)


def _clean(text: str) -> str:
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip(".…").strip()


def _where(action: QAction) -> str:
    """The menu an action sits in (File, Edit…), else the page or list it belongs to."""
    for widget in action.associatedObjects():
        if isinstance(widget, QMenu) and widget.title():
            return _clean(widget.title())
    parent = action.parent()
    while isinstance(parent, QWidget):
        title = getattr(parent, "title", None)
        if isinstance(title, str) and title:
            return title
        parent = parent.parentWidget()
    return "Lists"


def collect_shortcuts(window: QWidget) -> list[tuple[str, str, str]]:
    """(where, what, keys) of every action with a shortcut under `window`, deduplicated."""
    seen: set[tuple[str, str, str]] = set()
    rows: list[tuple[str, str, str]] = []
    for action in window.findChildren(QAction):
        keys = [k for k in action.shortcuts() if not k.isEmpty()]
        if not keys or not action.text():
            continue
        what = _clean(action.text())
        text = ", ".join(k.toString(QKeySequence.SequenceFormat.NativeText) for k in keys)
        row = (_where(action), what, text)
        if row not in seen:
            seen.add(row)
            rows.append(row)
    for what, typed in WIDGET_KEYS:
        native = QKeySequence(typed).toString(QKeySequence.SequenceFormat.NativeText) or typed
        rows.append(("Everywhere", what, native))
    return sorted(rows, key=lambda row: (row[0].lower(), row[1].lower()))


class ShortcutsDialog(QDialog):
    """A filter box over the table of shortcuts; typing narrows it to matching rows."""

    def __init__(self, window: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent or window)
        self.setWindowTitle("Keyboard shortcuts")
        self.setObjectName("shortcutsDialog")
        self.resize(560, 520)
        self.search = QLineEdit(self)
        self.search.setPlaceholderText("Search shortcuts by action or key…")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Search shortcuts")
        rows = collect_shortcuts(window)
        self.table = QTableWidget(len(rows), 3, self)
        self.table.setObjectName("shortcutsTable")
        self.table.setHorizontalHeaderLabels(["Where", "Action", "Shortcut"])
        for number, row in enumerate(rows):
            for column, text in enumerate(row):
                self.table.setItem(number, column, QTableWidgetItem(text))
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setShowGrid(False)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.search.textChanged.connect(self.filter)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.search)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.search.setFocus()

    def _row(self, row: int) -> tuple[str, str, str]:
        texts = [item.text() if (item := self.table.item(row, c)) is not None else "" for c in range(3)]
        return texts[0], texts[1], texts[2]

    def filter(self, text: str) -> None:
        words = text.lower().split()
        for row in range(self.table.rowCount()):
            line = " ".join(self._row(row)).lower()
            self.table.setRowHidden(row, not all(word in line for word in words))

    def visible_rows(self) -> list[tuple[str, str, str]]:
        return [self._row(r) for r in range(self.table.rowCount()) if not self.table.isRowHidden(r)]
