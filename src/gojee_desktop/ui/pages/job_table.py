"""The table of a pipeline's jobs: a QTableView over the lazy `JobTableModel`.

Column order, widths and visibility are kept in QSettings per pipeline. Enter or a
double-click opens the job editor (through `open_job_requested`); the context menu and the
Delete key archive, restore, delete or convert, each an undoable command."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QModelIndex, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QInputDialog,
    QMenu,
    QMessageBox,
    QStyledItemDelegate,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from gojee_desktop.models import LIFECYCLE_LEAD
from gojee_desktop.services import catalog, pipelines
from gojee_desktop.services.dto import JobSummary
from gojee_desktop.services.errors import GojeeError, StaleJob
from gojee_desktop.services.job_query import JobQuery
from gojee_desktop.services.jobs import get_job, get_summaries
from gojee_desktop.services.lookups import pipeline_key_for
from gojee_desktop.ui.commands import undo as undo_commands
from gojee_desktop.ui.context import AppContext
from gojee_desktop.ui.itemmodels.job_table_model import (
    COLUMNS,
    NEXT_ACTIVITY_COLUMN,
    JobTableModel,
    archived_colour,
    column_index,
)
from gojee_desktop.ui.widgets.attach_drop import AttachDropFilter
from gojee_desktop.ui.widgets.file_drop import FileDropFilter
from gojee_desktop.ui.widgets.metrics import row_height, scaled
from gojee_desktop.ui.widgets.row_text_delegate import RowTextDelegate

#: Keys that open the context menu of the current row or card.
MENU_KEYS = [QKeySequence(Qt.Key.Key_Menu), QKeySequence("Shift+F10")]
#: The most jobs one archive, restore or delete acts on.
MAX_BULK = 1000


class JobTableView(QWidget):
    """Shows the jobs matching the page's query."""

    #: The number of rows matching the query changed.
    count_changed = Signal(int)
    #: The user sorted by a column header: the page's query with the new order.
    sort_changed = Signal(object)

    def __init__(self, context: AppContext, lifecycle: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self._lifecycle = lifecycle
        self._settings_key = f"table/{lifecycle}/header"
        self.model = JobTableModel(context.sessions, JobQuery(lifecycle=lifecycle), self)
        self.model.count_known.connect(self.count_changed)
        self._loaded = False

        view = QTableView(self)
        view.setObjectName("jobTable")
        view.setModel(self.model)
        # Cells painted from the model's cached row texts: one Python call a cell, not eight.
        self.delegate = RowTextDelegate(
            self.model.painted_row, archived_colour, [i for i, c in enumerate(COLUMNS) if c.align_right], view
        )
        view.setItemDelegate(self.delegate)
        # The stock delegate for the one cell that takes a colour of its own (overdue: red).
        view.setItemDelegateForColumn(NEXT_ACTIVITY_COLUMN, QStyledItemDelegate(view))
        self.file_drop = FileDropFilter(view.viewport(), self.import_file)
        # Installed after: files dropped onto a row are attached to its job, elsewhere imported.
        self.attach_drop = AttachDropFilter(
            view.viewport(), self._job_at, self.attach_files, lambda: self.model.rowCount() > 0
        )
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        view.setAlternatingRowColors(True)
        view.setShowGrid(False)
        view.setWordWrap(False)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        vertical = view.verticalHeader()
        vertical.setVisible(False)
        # Fixed row heights: the view never asks a million rows for their size.
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(row_height(view))  # from the font: right at any scale
        header = view.horizontalHeader()
        header.setSectionsMovable(True)
        header.setHighlightSections(False)
        header.setStretchLastSection(True)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._header_menu)
        for number, column in enumerate(COLUMNS):
            header.resizeSection(number, scaled(view, column.width))
            header.setSectionHidden(number, column.hidden_by_default)
        self._default_state = header.saveState()
        view.setSortingEnabled(True)
        header.setSortIndicator(column_index("number"), Qt.SortOrder.AscendingOrder)
        self.view = view
        self._restore_columns()

        self._save_timer = QTimer(self)
        self._save_timer.setSingleShot(True)
        self._save_timer.setInterval(300)
        self._save_timer.timeout.connect(self.save_columns)
        header.sectionMoved.connect(lambda *_: self._save_timer.start())
        header.sectionResized.connect(lambda *_: self._save_timer.start())
        header.sortIndicatorChanged.connect(self._sorted)

        view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        view.customContextMenuRequested.connect(self._context_menu)
        view.doubleClicked.connect(self._open_index)
        self.open_action = self._action(
            "&Open", self.open_current, [QKeySequence(Qt.Key.Key_Return), QKeySequence(Qt.Key.Key_Enter)]
        )
        self.delete_action = self._action(
            "&Delete…", self.delete_selected, [QKeySequence(QKeySequence.StandardKey.Delete)]
        )
        self.archive_action = self._action("&Archive", lambda: self.archive_selected(True), [])
        self.restore_action = self._action("&Restore", lambda: self.archive_selected(False), [])
        self.convert_action = self._action(
            "&Convert to customer job…", self.convert_current, [QKeySequence("Ctrl+Shift+J")]
        )
        self.menu_action = self._action("Actions menu", self.menu_at_current, MENU_KEYS)
        self.context_menu: QMenu | None = None
        self.add_activity_action = self._action(
            "Add &activity…", self.add_activity_to_current, [QKeySequence("Ctrl+Shift+A")]
        )

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(view)

        signals = context.signals
        signals.jobs_changed.connect(self._jobs_changed)
        signals.jobs_removed.connect(self._jobs_changed)
        signals.catalog_changed.connect(self._catalog_changed)

    def import_file(self, path: str) -> QWidget:
        """A table file dropped on the list: the import wizard, opened on it."""
        from gojee_desktop.ui.dialogs.import_wizard import open_import_wizard

        return open_import_wizard(self._context, path, self.window())

    def _job_at(self, point: QPoint) -> int | None:
        index = self.view.indexAt(point)
        return self.model.job_id(index.row()) if index.isValid() else None

    def attach_files(self, job_id: int, paths: list[Path]) -> list[object]:
        """Files dropped onto a row: attached to its job (copied off the GUI thread, undoable)."""
        from gojee_desktop.ui.widgets.attachment_actions import attach_files  # loaded when first used

        return attach_files(self._context, job_id, paths, self.window())

    def _action(self, text: str, slot: object, keys: list[QKeySequence]) -> QAction:
        action = QAction(text, self.view)
        if keys:
            action.setShortcuts(keys)
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            self.view.addAction(action)
        action.triggered.connect(slot)
        return action

    # -- query --------------------------------------------------------------------------

    def set_query(self, query: JobQuery) -> None:
        """Show the jobs of the page's query (skipped when nothing changed)."""
        if self._loaded and query == self.model.query():
            return
        self._loaded = True
        self.model.set_query(query)
        section = next((i for i, c in enumerate(COLUMNS) if c.sort_key == query.sort), -1)
        order = Qt.SortOrder.DescendingOrder if query.descending else Qt.SortOrder.AscendingOrder
        header = self.view.horizontalHeader()
        if section >= 0 and (header.sortIndicatorSection(), header.sortIndicatorOrder()) != (section, order):
            header.blockSignals(True)
            header.setSortIndicator(section, order)
            header.blockSignals(False)
        if self.model.is_counting():
            self.count_changed.emit(self.model.rowCount())

    def initial_order(self) -> tuple[str, bool]:
        """The sort restored with the columns (key, descending), for the page's first query."""
        query = self.model.query()
        return query.sort, query.descending

    def row_count(self) -> int:
        return self.model.rowCount()

    def _sorted(self, section: int, order: Qt.SortOrder) -> None:
        if COLUMNS[section].sort_key is None:
            # Labels and assignees cannot be ordered in SQL: keep the current indicator.
            query = self.model.query()
            current = next((i for i, c in enumerate(COLUMNS) if c.sort_key == query.sort), 0)
            header = self.view.horizontalHeader()
            header.blockSignals(True)
            header.setSortIndicator(
                current, Qt.SortOrder.DescendingOrder if query.descending else Qt.SortOrder.AscendingOrder
            )
            header.blockSignals(False)
            self._context.signals.status_message.emit(
                f"The {COLUMNS[section].title.lower()} column cannot be sorted."
            )
            return
        self._save_timer.start()
        self.sort_changed.emit(self.model.query())

    def _jobs_changed(self, _ids: list[int]) -> None:
        if self._loaded:
            self.model.refresh()

    def _catalog_changed(self, _kind: str) -> None:
        self._jobs_changed([])

    # -- columns ------------------------------------------------------------------------

    def _restore_columns(self) -> None:
        state = self._context.settings.value(self._settings_key)
        if isinstance(state, QByteArray) and not state.isEmpty():
            self.view.horizontalHeader().restoreState(state)

    def save_columns(self) -> None:
        self._context.settings.setValue(self._settings_key, self.view.horizontalHeader().saveState())

    def visible_column_keys(self) -> list[str]:
        """The keys of the columns shown, in the order they are shown."""
        header = self.view.horizontalHeader()
        logical = [header.logicalIndex(visual) for visual in range(header.count())]
        return [COLUMNS[index].key for index in logical if not header.isSectionHidden(index)]

    def column_state(self) -> QByteArray:
        return self.view.horizontalHeader().saveState()

    def set_column_state(self, state: QByteArray) -> None:
        if not state.isEmpty():
            self.view.horizontalHeader().restoreState(state)
            self.save_columns()

    def set_column_visible(self, key: str, visible: bool) -> None:
        header = self.view.horizontalHeader()
        section = column_index(key)
        if not visible and header.count() - header.hiddenSectionCount() <= 1:
            return  # keep at least one column
        header.setSectionHidden(section, not visible)
        self.save_columns()

    def visible_columns(self) -> list[str]:
        header = self.view.horizontalHeader()
        order = sorted(range(header.count()), key=header.visualIndex)
        return [COLUMNS[i].key for i in order if not header.isSectionHidden(i)]

    def reset_columns(self) -> None:
        self.set_column_state(self._default_state)

    def column_menu(self) -> QMenu:
        """Checkable entries to show or hide each column, and a reset."""
        menu = QMenu(self)
        header = self.view.horizontalHeader()
        for number, column in enumerate(COLUMNS):
            action = menu.addAction(column.title)
            action.setCheckable(True)
            action.setChecked(not header.isSectionHidden(number))
            action.toggled.connect(lambda on, key=column.key: self.set_column_visible(key, on))
        menu.addSeparator()
        menu.addAction("Reset columns", self.reset_columns)
        return menu

    def _header_menu(self, position: QPoint) -> None:
        self.column_menu().exec(self.view.horizontalHeader().mapToGlobal(position))

    # -- selection and actions ----------------------------------------------------------

    def selected_ids(self) -> list[int]:
        """Ids of the selected rows; none (with a message) past `MAX_BULK` rows, so Ctrl+A on
        a million jobs never reads them all."""
        selection = self.view.selectionModel().selection()
        ranges = [selection.at(i) for i in range(selection.count())]
        count = sum(selected.height() for selected in ranges)
        if count > MAX_BULK:
            self._context.signals.status_message.emit(
                f"{count:,} rows are selected: act on at most {MAX_BULK:,} jobs at a time."
            )
            return []
        rows = sorted({row for selected in ranges for row in range(selected.top(), selected.bottom() + 1)})
        ids = [self.model.job_id(row) for row in rows]
        return [job_id for job_id in ids if job_id is not None]

    def current_summary(self) -> JobSummary | None:
        index = self.view.currentIndex()
        return self.model.summary(index.row()) if index.isValid() else None

    def select_job(self, job_id: int) -> bool:
        """Make a job (among the rows read) the current row."""
        row = self.model.row_of(job_id)
        if row is None:
            return False
        self.view.selectRow(row)
        return True

    def _open_index(self, index: QModelIndex) -> None:
        job_id = self.model.job_id(index.row())
        if job_id is not None:
            self._context.signals.open_job_requested.emit(job_id)

    def open_current(self) -> None:
        index = self.view.currentIndex()
        if index.isValid():
            self._open_index(index)

    def convert_current(self) -> None:
        summary = self.current_summary()
        if summary is not None and summary.lifecycle == LIFECYCLE_LEAD:
            self._context.signals.convert_job_requested.emit(summary.id)

    def archive_selected(self, archived: bool) -> bool:
        ids = self.selected_ids()
        summaries = get_summaries(self._context.sessions, ids)
        ids = [s.id for s in summaries if s.archived != archived]
        from gojee_desktop.ui.commands import job as job_commands  # loaded when first used

        return bool(ids) and job_commands.set_archived(self._context, ids, archived, self)

    def confirm_delete(self, count: int, first: str) -> bool:
        """Ask before deleting (tests replace this)."""
        what = first if count == 1 else f"these {count} jobs"
        answer = QMessageBox.question(
            self,
            "Delete",
            f"Delete {what} with its history? You can undo this with Ctrl+Z while the app is open.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def delete_selected(self) -> bool:
        ids = self.selected_ids()
        if not ids:
            return False
        first = self.current_summary()
        if not self.confirm_delete(len(ids), first.number if first else "this job"):
            return False
        from gojee_desktop.ui.commands import job as job_commands  # loaded when first used

        return job_commands.delete_jobs(self._context, ids, self)

    def menu_at_current(self) -> QMenu | None:
        """The context menu of the current row, opened from the keyboard (Menu, Shift+F10)."""
        index = self.view.currentIndex()
        if not index.isValid():
            return None
        if index.row() not in {i.row() for i in self.view.selectionModel().selectedRows()}:
            self.view.selectRow(index.row())
        rect = self.view.visualRect(index)
        menu = self.build_context_menu()
        menu.popup(self.view.viewport().mapToGlobal(rect.bottomLeft()))
        self.context_menu = menu
        return menu

    def _context_menu(self, position: QPoint) -> None:
        index = self.view.indexAt(position)
        if not index.isValid():
            return
        if index.row() not in {i.row() for i in self.view.selectionModel().selectedRows()}:
            self.view.selectRow(index.row())
        self.build_context_menu().exec(self.view.viewport().mapToGlobal(position))

    def set_status(self, status_id: int | None) -> bool:
        """Set the status of the current job (undoable)."""
        summary = self.current_summary()
        if summary is None:
            return False
        detail = get_job(self._context.sessions, summary.id)
        from gojee_desktop.ui.commands import job as job_commands  # loaded when first used

        return job_commands.set_status(self._context, detail, status_id, self)

    def move_to_stage(self, stage_id: int | None) -> bool:
        """Move the current job to another stage of its pipeline (undoable). A stage meaning
        'lost' asks for the reason."""
        summary = self.current_summary()
        if summary is None:
            return False
        stages = {
            s.id: s
            for s in pipelines.list_stages(self._context.sessions, pipeline_key_for(summary.lifecycle))
        }
        reason: str | None = None
        stage = stages.get(stage_id) if stage_id is not None else None
        if stage is not None and stage.outcome == "lost":
            reason = self.ask_lost_reason(summary.number)
            if reason is None:
                return False
        detail = get_job(self._context.sessions, summary.id)
        stale: list[StaleJob] = []

        def refused(error: GojeeError) -> None:
            if isinstance(error, StaleJob):
                stale.append(error)
            else:
                undo_commands.show_error(self, error)

        context = self._context
        from gojee_desktop.ui.commands import job as job_commands  # loaded when first used

        if job_commands.move_to_stage(
            context, detail, stage_id, reason, self, shown_version=summary.version, on_error=refused
        ):
            return True
        if not stale:
            return False
        # The row was stale: their change beside this move; Reload or Move anyway.
        from gojee_desktop.ui.dialogs.conflict_dialog import ask_about_move  # loaded when first used

        fresh = ask_about_move(context.sessions, self, summary, stage_id, stale[0])
        if fresh is None:
            context.signals.jobs_changed.emit([summary.id])
            return False
        return job_commands.move_to_stage(context, fresh, stage_id, reason, self, overwrite=True)

    def ask_lost_reason(self, number: str) -> str | None:
        """The reason a job was lost, or None when cancelled (tests replace this)."""
        text, ok = QInputDialog.getText(self, "Lost", f"Why was {number} lost?")
        return text.strip() if ok and text.strip() else None

    def _status_menu(self, summary: JobSummary, parent: QMenu) -> QMenu:
        menu = parent.addMenu("Set &status")
        for status in catalog.list_statuses(self._context.sessions, summary.lifecycle):
            action = menu.addAction(status.name)
            action.setCheckable(True)
            action.setChecked(status.id == summary.status_id)
            action.triggered.connect(lambda _c=False, i=status.id: self.set_status(i))
        return menu

    def _stage_menu(self, summary: JobSummary, parent: QMenu) -> QMenu:
        menu = parent.addMenu("Move to s&tage")
        for stage in pipelines.list_stages(self._context.sessions, pipeline_key_for(summary.lifecycle)):
            action = menu.addAction(stage.name)
            action.setCheckable(True)
            action.setChecked(stage.id == summary.stage_id)
            action.triggered.connect(lambda _c=False, i=stage.id: self.move_to_stage(i))
        return menu

    def add_activity_to_current(self) -> None:
        summary = self.current_summary()
        if summary is not None:
            self._context.signals.add_activity_requested.emit(summary.id)

    def build_context_menu(self) -> QMenu:
        menu = QMenu(self)
        summary = self.current_summary()
        menu.addAction(self.open_action)
        menu.addAction(self.add_activity_action)
        self.add_activity_action.setEnabled(summary is not None and len(self.selected_ids()) <= 1)
        if summary is not None and summary.lifecycle == LIFECYCLE_LEAD:
            menu.addAction(self.convert_action)
            self.convert_action.setEnabled(not summary.archived)
        if summary is not None and len(self.selected_ids()) <= 1:
            menu.addSeparator()
            self._status_menu(summary, menu)
            self._stage_menu(summary, menu)
        menu.addSeparator()
        menu.addAction(
            self.restore_action if summary is not None and summary.archived else self.archive_action
        )
        menu.addAction(self.delete_action)
        menu.addSeparator()
        columns = self.column_menu()  # the header's menu, here for the keyboard too
        columns.setTitle("C&olumns")
        columns.setParent(menu, columns.windowFlags())
        menu.addMenu(columns)
        return menu
