"""A pipeline's page: search and filters on top, then its table or its board.

Sales › Leads and Jobs › Customer Jobs are two instances. The same query (search text and
filters) drives both views, so switching between table and board keeps what you see."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelectionModel, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from gojee_desktop.models import LIFECYCLE_CUSTOMER_JOB, LIFECYCLE_LEAD
from gojee_desktop.services.job_query import JobQuery
from gojee_desktop.ui import theme
from gojee_desktop.ui.context import AppContext
from gojee_desktop.ui.pages.job_table import JobTableView
from gojee_desktop.ui.saved_views import SavedViews, query_from_dict
from gojee_desktop.ui.widgets.filter_bar import FilterBar

if TYPE_CHECKING:
    from gojee_desktop.ui.pages.board import BoardView

SEARCH_DEBOUNCE_MS = 150
NO_VIEW = "All"
MODE_TABLE = "table"
MODE_BOARD = "board"
#: The heading of each lifecycle's page.
PAGE_TITLES = {LIFECYCLE_LEAD: "Leads", LIFECYCLE_CUSTOMER_JOB: "Customer Jobs"}


class PipelinePage(QWidget):
    """Table or board of one lifecycle's jobs, with a shared search box."""

    query_changed = Signal(object)  # JobQuery
    mode_changed = Signal(str)
    #: Rows matching the query (what the status bar shows).
    row_count_changed = Signal(int)

    def __init__(self, context: AppContext, lifecycle: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.lifecycle = lifecycle
        self.title = PAGE_TITLES[lifecycle]
        self._query = JobQuery(lifecycle=lifecycle)

        heading = QLabel(self.title, self)
        heading.setObjectName("pageHeading")
        heading_font = heading.font()  # from the user's font, so it scales with it
        heading_font.setPointSizeF(heading_font.pointSizeF() * 1.5)
        heading_font.setWeight(QFont.Weight.DemiBold)
        heading.setFont(heading_font)
        # As wide as the longest page title: Leads and Customer Jobs need the same room, so the
        # window's minimum size is the same whichever of them has been built.
        widest = 0
        for title in PAGE_TITLES.values():
            heading.setText(title)
            widest = max(widest, heading.minimumSizeHint().width())
        heading.setText(self.title)
        heading.setMinimumWidth(widest)

        self.search = QLineEdit(self)
        self.search.setObjectName("searchBox")
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(f"Search {self.title.lower()} by number, title, customer, phone…")
        self.search.setMinimumWidth(
            self.search.fontMetrics().horizontalAdvance("Search leads by number") + 40
        )
        self.search.setAccessibleName(f"Search {self.title.lower()}")
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
        for button in (self.table_button, self.board_button):  # which one is on, in both schemes
            theme.set_style(
                button,
                "QToolButton:checked { background: $card_selected_bg; color: $text;"
                " border: 1px solid $card_selected_border; border-radius: 3px; padding: 3px 6px; }",
            )
        self.table_button.setToolTip("Show as a table (Ctrl+Shift+T)")
        self.board_button.setToolTip("Show as a kanban board (Ctrl+Shift+K)")
        self.table_button.clicked.connect(lambda: self.set_mode(MODE_TABLE))
        self.board_button.clicked.connect(lambda: self.set_mode(MODE_BOARD))

        self.filters = FilterBar(context, lifecycle, self)
        self.filters.changed.connect(self._apply_filters)
        self.saved_views = SavedViews(context.settings, lifecycle)
        self.view_box = QComboBox(self)
        self.view_box.setObjectName("savedViews")
        self.view_box.setMinimumContentsLength(12)
        self.view_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.view_box.setAccessibleName("Saved view")
        self.view_box.setToolTip("Saved views: filters, sort and columns")
        self.view_box.activated.connect(lambda _i: self.apply_view(self.view_box.currentText()))
        self.save_view_button = QToolButton(self)
        self.save_view_button.setText("Save view…")
        self.save_view_button.clicked.connect(self._ask_save_view)
        self.delete_view_button = QToolButton(self)
        self.delete_view_button.setText("Delete view")
        self.delete_view_button.clicked.connect(self._delete_current_view)
        # Row one: the page, its saved views and the table/board switch. Row two: search and
        # the most used filters; the rest fold into "Filters (n)", so the page shrinks to
        # 1000 px without eliding a label.
        view_label = QLabel("Vie&w", self)
        view_label.setBuddy(self.view_box)
        top = QHBoxLayout()
        top.addWidget(heading)
        top.addStretch(1)
        top.addWidget(view_label)
        top.addWidget(self.view_box)
        top.addWidget(self.save_view_button)
        top.addWidget(self.delete_view_button)
        top.addSpacing(12)
        top.addWidget(self.table_button)
        top.addWidget(self.board_button)
        second = QHBoxLayout()
        second.addWidget(self.search, 1)
        second.addWidget(self.filters)

        self.table = JobTableView(context, lifecycle, self)
        self._board: BoardView | None = None  # built on first use (see `board`)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.table)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.addLayout(top)
        layout.addLayout(second)
        layout.addWidget(self.stack, 1)

        self.query_changed.connect(self.table.set_query)
        self.table.count_changed.connect(self.row_count_changed)
        self.table.sort_changed.connect(self._table_sorted)
        sort, descending = self.table.initial_order()
        self._query = self._query.with_sort(sort, descending)
        self._fill_views()
        current = self.saved_views.current()
        if current and self.saved_views.get(current) is not None:
            self._load_view(current)

    # -- query ------------------------------------------------------------------------

    def query(self) -> JobQuery:
        return self._query

    def set_query(self, query: JobQuery) -> None:
        """Replace the query (filters, sort) and refresh both views."""
        self._query = replace(query, lifecycle=self.lifecycle)
        self.query_changed.emit(self._query)

    def row_count(self) -> int:
        return self.table.row_count()

    def _apply_filters(self) -> None:
        query = self.filters.apply(self._query)
        if self.filters.error():
            self.context.signals.status_message.emit(self.filters.error())
        self.set_query(query)

    def _table_sorted(self, query: JobQuery) -> None:
        self._query = replace(self._query, sort=query.sort, descending=query.descending)
        self.query_changed.emit(self._query)

    # -- saved views --------------------------------------------------------------------

    def _fill_views(self) -> None:
        self.view_box.blockSignals(True)
        self.view_box.clear()
        self.view_box.addItem(NO_VIEW)
        self.view_box.addItems(self.saved_views.names())
        current = self.saved_views.current()
        self.view_box.setCurrentText(current if current in self.saved_views.names() else NO_VIEW)
        self.view_box.blockSignals(False)
        self.delete_view_button.setEnabled(self.view_box.currentText() != NO_VIEW)

    def _load_view(self, name: str) -> None:
        view = self.saved_views.get(name)
        if view is None:
            return
        self._query = query_from_dict(view.filters, JobQuery(lifecycle=self.lifecycle, text=self._query.text))
        self.filters.show_query(self._query)
        self.table.set_column_state(view.columns)

    def apply_view(self, name: str) -> None:
        """Show a saved view (or every job with no filter for "All")."""
        if name == NO_VIEW or self.saved_views.get(name) is None:
            self.saved_views.set_current("")
            self.filters.show_query(JobQuery(lifecycle=self.lifecycle))
            self._query = replace(JobQuery(lifecycle=self.lifecycle), text=self._query.text)
        else:
            self.saved_views.set_current(name)
            self._load_view(name)
        self._fill_views()
        self.query_changed.emit(self._query)

    def save_view(self, name: str) -> None:
        """Save the current filters, sort and columns under a name and make it current."""
        self.saved_views.save(name, self._query, self.table.column_state())
        self.saved_views.set_current(name.strip())
        self._fill_views()
        self.context.signals.status_message.emit(f"Saved the view '{name.strip()}'.")

    def _ask_save_view(self) -> None:
        current = self.saved_views.current()
        name, ok = QInputDialog.getText(self, "Save view", "Name of the view:", text=current)
        if ok and name.strip() and name.strip() != NO_VIEW:
            self.save_view(name)

    def _delete_current_view(self) -> None:
        name = self.view_box.currentText()
        if name == NO_VIEW:
            return
        answer = QMessageBox.question(self, "Delete view", f"Delete the saved view '{name}'?")
        if answer == QMessageBox.StandardButton.Yes:
            self.saved_views.delete(name)
            self.apply_view(NO_VIEW)

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
        current = self.stack.currentWidget()
        return MODE_BOARD if current is not None and current is self._board else MODE_TABLE

    @property
    def board(self) -> BoardView:
        """The board, built (and its modules imported) the first time it is asked for: most
        starts open a table, and the board's models, delegates and services then load later."""
        if self._board is None:
            from gojee_desktop.ui.pages.board import BoardView

            self._board = BoardView(self.context, self.lifecycle, self)
            self.stack.addWidget(self._board)
            self.query_changed.connect(self._board.set_query)
            self._board.set_query(self._query)
        return self._board

    def set_mode(self, mode: str) -> None:
        board = mode == MODE_BOARD
        self.stack.setCurrentWidget(self.board if board else self.table)
        (self.board_button if board else self.table_button).setChecked(True)
        self.mode_changed.emit(self.mode())

    # -- the selected job (remembered between runs) -------------------------------------

    def selected_job_id(self) -> int | None:
        """The job selected in the view on screen (the board's first selected card)."""
        if self.mode() == MODE_BOARD and self._board is not None:
            columns = self._board.columns
            focused = self._board.focused_column()
            for column in ([focused] if focused is not None else []) + list(columns):
                ids = column.view.selected_ids()
                if ids:
                    return ids[0]
            return None
        summary = self.table.current_summary()
        return summary.id if summary is not None else None

    def select_job(self, job_id: int) -> bool:
        """Select a job in the view on screen, among the rows or cards read so far."""
        if self.mode() != MODE_BOARD:
            return self.table.select_job(job_id)
        for column in self.board.columns:
            row = column.model.row_of(job_id)
            if row >= 0:
                index = column.model.index(row)
                column.view.selectionModel().setCurrentIndex(
                    index, QItemSelectionModel.SelectionFlag.ClearAndSelect
                )
                column.view.scrollTo(index)
                return True
        return False

    def restore_selection(self, job_id: int) -> None:
        """Select a remembered job; a board not read yet selects it once its cards arrive."""
        if self.select_job(job_id) or self.mode() != MODE_BOARD:
            return
        store = self.board.store

        def once() -> None:
            store.columns_reset.disconnect(once)
            self.select_job(job_id)

        store.columns_reset.connect(once)
