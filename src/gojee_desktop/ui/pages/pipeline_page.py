"""A pipeline's page: search and filters on top, then its table or its board.

Sales › Leads and Jobs › Customer Jobs are two instances. The same query (search text and
filters) drives both views, so switching between table and board keeps what you see."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from gojee_desktop.models import LIFECYCLE_LEAD
from gojee_desktop.services.job_query import JobQuery
from gojee_desktop.ui.context import AppContext
from gojee_desktop.ui.pages.board import BoardView
from gojee_desktop.ui.pages.job_table import JobTableView

SEARCH_DEBOUNCE_MS = 150
MODE_TABLE = "table"
MODE_BOARD = "board"


class PipelinePage(QWidget):
    """Table or board of one lifecycle's jobs, with a shared search box."""

    query_changed = Signal(object)  # JobQuery
    mode_changed = Signal(str)

    def __init__(self, context: AppContext, lifecycle: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.lifecycle = lifecycle
        self.title = "Leads" if lifecycle == LIFECYCLE_LEAD else "Customer Jobs"
        self._query = JobQuery(lifecycle=lifecycle)

        heading = QLabel(self.title, self)
        heading.setObjectName("pageHeading")
        heading.setStyleSheet("font-size: 18px; font-weight: 600;")

        self.search = QLineEdit(self)
        self.search.setObjectName("searchBox")
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(f"Search {self.title.lower()} by number, title, customer, phone…")
        self.search.setMinimumWidth(320)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(SEARCH_DEBOUNCE_MS)
        self._debounce.timeout.connect(self._apply_search)
        self.search.textChanged.connect(self._debounce.start)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Find), self, self._focus_search)

        self.table_button = QToolButton(self)
        self.table_button.setText("Table")
        self.board_button = QToolButton(self)
        self.board_button.setText("Board")
        self._mode_group = QButtonGroup(self)
        for button in (self.table_button, self.board_button):
            button.setCheckable(True)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            self._mode_group.addButton(button)
        self.table_button.setChecked(True)
        self.table_button.setToolTip("Show as a table (Ctrl+1)")
        self.board_button.setToolTip("Show as a kanban board (Ctrl+2)")
        self.table_button.clicked.connect(lambda: self.set_mode(MODE_TABLE))
        self.board_button.clicked.connect(lambda: self.set_mode(MODE_BOARD))

        top = QHBoxLayout()
        top.addWidget(heading)
        top.addSpacing(16)
        top.addWidget(self.search, 1)
        top.addSpacing(16)
        top.addWidget(self.table_button)
        top.addWidget(self.board_button)

        self.table = JobTableView(context, lifecycle, self)
        self.board = BoardView(context, lifecycle, self)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.board)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.addLayout(top)
        layout.addWidget(self.stack, 1)

        self.query_changed.connect(self.table.set_query)
        self.query_changed.connect(self.board.set_query)

    # -- query ------------------------------------------------------------------------

    def query(self) -> JobQuery:
        return self._query

    def set_query(self, query: JobQuery) -> None:
        """Replace the query (filters, sort) and refresh both views."""
        self._query = replace(query, lifecycle=self.lifecycle)
        self.query_changed.emit(self._query)

    def _apply_search(self) -> None:
        self.set_query(replace(self._query, text=self.search.text()))

    def _focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def load(self) -> None:
        """Fill the views the first time the page is shown."""
        self.query_changed.emit(self._query)

    # -- table / board ----------------------------------------------------------------

    def mode(self) -> str:
        return MODE_BOARD if self.stack.currentWidget() is self.board else MODE_TABLE

    def set_mode(self, mode: str) -> None:
        board = mode == MODE_BOARD
        self.stack.setCurrentWidget(self.board if board else self.table)
        (self.board_button if board else self.table_button).setChecked(True)
        self.mode_changed.emit(self.mode())
