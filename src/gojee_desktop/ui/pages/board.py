"""The kanban board of a pipeline: one `QListView` per stage, side by side, scrolling
horizontally. Cards are painted by `CardDelegate`; drags carry job ids and end in an
undoable service move, after which only the changed cards are placed again."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QItemSelectionModel, QPoint, Qt, QTimer
from PySide6.QtGui import QHideEvent, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from gojee_desktop.models import LIFECYCLE_LEAD
from gojee_desktop.services.board import next_in_column
from gojee_desktop.services.dto import StageInfo
from gojee_desktop.services.errors import StaleJob
from gojee_desktop.services.job_query import JobQuery
from gojee_desktop.ui import theme
from gojee_desktop.ui.commands.board import push_move
from gojee_desktop.ui.context import AppContext
from gojee_desktop.ui.dialogs.conflict_dialog import ask_about_move
from gojee_desktop.ui.dialogs.lost_reason_dialog import ask_lost_reason
from gojee_desktop.ui.itemmodels.board_model import BoardColumnModel, BoardStore, DropRequest
from gojee_desktop.ui.widgets.attachment_actions import attach_files
from gojee_desktop.ui.widgets.board_column import (
    BOARD_STYLE,
    BoardColumn,
    ConvertDropTarget,
    totals_text,
)
from gojee_desktop.ui.widgets.card_delegate import CardDelegate


class BoardView(QWidget):
    """One column per stage of the pipeline; the page's query filters the cards."""

    def __init__(self, context: AppContext, lifecycle: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self._lifecycle = lifecycle
        self._query = JobQuery(lifecycle=lifecycle)
        self._dirty = True  # the board must be read again before it is next shown
        self._scroll_key = f"board/{lifecycle}/scroll"
        self._pending_scroll: int | None = None
        self._loaded_once = False
        self.store = BoardStore(context.sessions, lifecycle, self)
        self.delegate = CardDelegate(lambda: (self.store.status_colors, self.store.label_colors), self)
        self.columns: list[BoardColumn] = []
        self.card_menu: QMenu | None = None

        self.new_button = QPushButton("New lead" if lifecycle == LIFECYCLE_LEAD else "New customer job", self)
        self.new_button.setObjectName("boardNewJob")
        self.new_button.setToolTip("Create one in the first stage (Ctrl+Shift+N)")
        self.new_button.clicked.connect(lambda: self.new_job())
        self.stages_button = QPushButton("Stages…", self)
        self.stages_button.setObjectName("boardStages")
        self.stages_button.setToolTip("Add, rename, recolour, reorder or delete this pipeline's stages")
        self.stages_button.clicked.connect(lambda: self.edit_stages())
        self.summary = QLabel(self)
        self.summary.setObjectName("boardSummary")
        self.convert_target: ConvertDropTarget | None = None
        toolbar = QHBoxLayout()
        toolbar.setContentsMargins(0, 0, 0, 0)
        toolbar.addWidget(self.new_button)
        toolbar.addWidget(self.stages_button)
        toolbar.addSpacing(12)
        toolbar.addWidget(self.summary)
        toolbar.addStretch(1)
        if lifecycle == LIFECYCLE_LEAD:
            self.convert_target = ConvertDropTarget(lifecycle, self)
            self.convert_target.dropped.connect(self._convert_dropped)
            toolbar.addWidget(self.convert_target)

        self._strip = QWidget(self)
        self._strip.setObjectName("boardStrip")
        self._strip_layout = QHBoxLayout(self._strip)
        self._strip_layout.setContentsMargins(0, 0, 0, 0)
        self._strip_layout.setSpacing(10)
        self._strip_layout.addStretch(1)
        self.board_scroll = QScrollArea(self)
        self.board_scroll.setObjectName("boardScroll")
        self.board_scroll.setWidget(self._strip)
        self.board_scroll.setWidgetResizable(True)
        self.board_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.board_scroll.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.board_scroll.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        bar = self.board_scroll.horizontalScrollBar()
        if bar is not None:
            bar.rangeChanged.connect(lambda _low, _high: self._restore_scroll())

        theme.set_style(self, BOARD_STYLE)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addLayout(toolbar)
        layout.addWidget(self.board_scroll, 1)

        self.store.columns_reset.connect(self._rebuild_columns)
        self.store.totals_changed.connect(self._update_totals)
        signals = context.signals
        signals.jobs_changed.connect(self._jobs_changed)
        signals.jobs_removed.connect(self._jobs_removed)
        signals.catalog_changed.connect(self._catalog_changed)
        self._shortcuts()

    # -- query and loading --------------------------------------------------------------

    def set_query(self, query: JobQuery) -> None:
        """Filter the cards (the board keeps its manual order, whatever the query's sort).
        A hidden board reads the cards when it is next shown; the same query twice reads once."""
        if query != self._query:
            self._query = query
            self._dirty = True
        if self._dirty and self.isVisible():
            self.reload()

    def reload(self) -> None:
        self._dirty = False
        self._loaded_once = True
        self.store.load(self._query)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._dirty:
            self.reload()
        saved = self._context.settings.value(self._scroll_key)
        self._pending_scroll = int(saved) if saved is not None else None
        QTimer.singleShot(0, self._restore_scroll)

    def _restore_scroll(self) -> None:
        """Scroll back to where the board was, as soon as the columns are wide enough."""
        bar = self.board_scroll.horizontalScrollBar()
        if bar is not None and self._pending_scroll is not None and bar.maximum() >= self._pending_scroll:
            bar.setValue(self._pending_scroll)
            self._pending_scroll = None

    def hideEvent(self, event: QHideEvent) -> None:
        """Remember how far the board was scrolled sideways, per pipeline."""
        bar = self.board_scroll.horizontalScrollBar()
        if bar is not None:
            value = self._pending_scroll if self._pending_scroll is not None else bar.value()
            self._context.settings.setValue(self._scroll_key, value)
        super().hideEvent(event)

    def _jobs_changed(self, job_ids: list[int]) -> None:
        if not self._loaded_once or not self.isVisible():
            self._dirty = True
            return
        self.store.jobs_changed(job_ids)

    def _jobs_removed(self, job_ids: list[int]) -> None:
        if self._loaded_once:
            self.store.jobs_removed(job_ids)

    def _catalog_changed(self, what: str) -> None:
        if what in ("stages", "statuses", "labels", "settings"):
            self._dirty = True
            if self.isVisible():
                self.reload()

    # -- columns ----------------------------------------------------------------------------

    def _rebuild_columns(self) -> None:
        for column in self.columns:
            self._strip_layout.removeWidget(column)
            column.deleteLater()
        self.columns = []
        for position, model in enumerate(self.store.columns):
            column = BoardColumn(model, self.delegate, self._strip)
            model.drop_requested.connect(self.handle_drop, Qt.ConnectionType.QueuedConnection)
            view = column.view
            view.open_requested.connect(self._context.signals.open_job_requested.emit)
            view.files_dropped.connect(self.attach_files)
            view.customContextMenuRequested.connect(lambda pos, c=column: self._card_menu(c, pos))
            view.focus_neighbour.connect(lambda step, p=position: self._focus_column(p + step))
            column.header.customContextMenuRequested.connect(
                lambda pos, c=column: self._header_menu(c, c.header.mapToGlobal(pos))
            )
            self._strip_layout.insertWidget(position, column)
            self.columns.append(column)
        self._update_totals(list(self.store.columns))

    def attach_files(self, job_id: int, paths: list[Path]) -> list[object]:
        """Files dropped onto a card: attached to its job (copied off the GUI thread, undoable)."""
        return attach_files(self._context, job_id, paths, self.window())

    def _update_totals(self, models: list[BoardColumnModel]) -> None:
        """Header figures; while a big board's aggregate is read they show as pending."""
        for column in self.columns:
            if column.model not in models:
                continue
            if column.model.figures_ready:
                column.header.show_totals(
                    f"{column.model.count():,}", totals_text(column.model, self.store.default_currency)
                )
            else:
                column.header.show_totals("…", "Counting…")
        if self.store.figures_ready():
            total = self.store.total_cards()
            self.summary.setText(f"{total:,} card{'s' if total != 1 else ''}")
        else:
            self.summary.setText("Counting cards…")

    def column_for(self, stage_id: int | None) -> BoardColumn | None:
        return next((c for c in self.columns if c.model.stage_id == stage_id), None)

    def _focus_column(self, position: int) -> None:
        if 0 <= position < len(self.columns):
            view = self.columns[position].view
            view.setFocus(Qt.FocusReason.OtherFocusReason)
            if not view.currentIndex().isValid() and view.model().rowCount() > 0:
                view.setCurrentIndex(view.model().index(0, 0))
            self.board_scroll.ensureWidgetVisible(self.columns[position])

    def stages(self) -> list[StageInfo]:
        return [c.model.stage for c in self.columns if c.model.stage is not None]

    # -- moves ------------------------------------------------------------------------------

    def handle_drop(self, request: DropRequest) -> bool:
        """Carry out a drop (or a keyboard move): ask for a lost reason where the stage
        needs one, then move through an undoable command. Cancel or a refusal leaves every
        card where it was."""
        target = self.column_for(request.stage_id)
        if target is None:
            self._context.signals.status_message.emit("That stage no longer exists.")
            self.reload()
            return False
        stage = target.model.stage
        reason: str | None = None
        if stage is not None and stage.outcome == "lost":
            reason = ask_lost_reason(self, stage.name, len(request.job_ids))
            if reason is None:
                return False
        versions = {}
        seen = {}  # each card as the board showed it, for a conflict dialog
        next_ids: dict[int, int | None] = {}
        for job_id in request.job_ids:
            cached = self.store.cached(job_id)
            if cached is not None:
                versions[job_id] = cached.version
                seen[job_id] = cached
            source = self.store.column_of(job_id)
            if source is not None:
                next_ids[job_id] = source.next_after(source.row_of(job_id))
        ordered = self._in_board_order(request.job_ids)
        overwrites: set[int] = set()
        while True:
            stale: list[StaleJob] = []
            moved = push_move(
                self._context,
                self,
                ordered,
                request.stage_id,
                target.model.title,
                before_id=request.before_id,
                lost_reason=reason,
                expected_versions=versions,
                next_ids=next_ids,
                overwrites=overwrites,
                on_stale=stale.append,
            )
            if not stale:
                break
            # Someone else changed a card since the board showed it: their change beside
            # this move; Reload shows the board as saved, Move anyway moves over it.
            job_id = stale[0].job_id
            fresh = None
            if job_id in seen:
                fresh = ask_about_move(self._context.sessions, self, seen[job_id], request.stage_id, stale[0])
            if fresh is None:
                self.reload()
                self._context.signals.status_message.emit("Reloaded the board as saved by someone else.")
                return False
            versions[job_id], seen[job_id] = fresh.version, fresh.summary
            next_ids[job_id] = next_in_column(self._context.sessions, job_id)
            overwrites.add(job_id)
        if moved:
            column = self.column_for(request.stage_id)
            if column is not None:
                column.view.select_ids(ordered)
                column.view.setFocus(Qt.FocusReason.OtherFocusReason)
        return moved

    def _in_board_order(self, job_ids: Sequence[int]) -> list[int]:
        """Several cards keep their board order (column by column, top to bottom)."""
        rank = {}
        for position, column in enumerate(self.columns):
            for job_id in job_ids:
                row = column.model.row_of(job_id)
                if row >= 0:
                    rank[job_id] = (position, row)
        return sorted(job_ids, key=lambda i: rank.get(i, (len(self.columns), 0)))

    def focused_column(self) -> BoardColumn | None:
        widget = self.focusWidget()
        return next((c for c in self.columns if c.view is widget), None)

    def move_selection_to(self, stage_id: int | None) -> bool:
        """Keyboard path: the focused column's selected cards to the end of another stage."""
        column = self.focused_column()
        if column is None or not column.view.selected_ids():
            return False
        return self.handle_drop(DropRequest(tuple(column.view.selected_ids()), stage_id, None))

    def move_selection_by(self, step: int) -> bool:
        """Keyboard path: selected cards one column left (-1) or right (+1)."""
        column = self.focused_column()
        if column is None:
            return False
        position = self.columns.index(column) + step
        if not 0 <= position < len(self.columns):
            return False
        return self.move_selection_to(self.columns[position].model.stage_id)

    def reorder_selection(self, step: int) -> bool:
        """Keyboard path: selected cards one place up (-1) or down (+1) in their column."""
        column = self.focused_column()
        ids = column.view.selected_ids() if column else []
        if column is None or not ids:
            return False
        model = column.model
        rows = [model.row_of(i) for i in ids]
        if step < 0:
            if min(rows) == 0:
                return False
            before: int | None = model.ids[min(rows) - 1]
        else:
            after = model.next_after(max(rows))  # loads the card below a partly loaded column
            if after is None:
                return False
            before = model.next_after(model.row_of(after))
        return self.handle_drop(DropRequest(tuple(ids), model.stage_id, before))

    def _shortcuts(self) -> None:
        context = Qt.ShortcutContext.WidgetWithChildrenShortcut
        for keys, slot in (
            ("Ctrl+Shift+Right", lambda: self.move_selection_by(1)),
            ("Ctrl+Shift+Left", lambda: self.move_selection_by(-1)),
            ("Ctrl+Shift+Up", lambda: self.reorder_selection(-1)),
            ("Ctrl+Shift+Down", lambda: self.reorder_selection(1)),
            ("Ctrl+M", self._move_menu_at_selection),
            ("Ctrl+Shift+N", lambda: self.new_job()),
            ("Ctrl+Shift+A", self._add_activity_to_selection),
            ("Shift+F10", self.menu_at_selection),
            ("Menu", self.menu_at_selection),
        ):
            shortcut = QShortcut(QKeySequence(keys), self, slot)
            shortcut.setContext(context)
        if self._lifecycle == LIFECYCLE_LEAD:
            convert = QShortcut(QKeySequence("Ctrl+Shift+J"), self, self._convert_selection)
            convert.setContext(context)

    # -- menus --------------------------------------------------------------------------------

    def move_menu(self, column: BoardColumn, parent: QWidget | None = None) -> QMenu:
        """ "Move to stage": every other column of the board."""
        menu = QMenu("Move to stage", parent or self)
        menu.setObjectName("moveToStageMenu")
        for other in self.columns:
            action = menu.addAction(other.model.title)
            action.setEnabled(other is not column)
            action.triggered.connect(lambda _c=False, s=other.model.stage_id: self.move_selection_to(s))
        return menu

    def menu_at_selection(self) -> QMenu | None:
        """From the keyboard: the card menu of the focused column's selection, with the
        column header's menu as a submenu (alone in an empty column)."""
        column = self.focused_column()
        if column is None:
            return None
        view = column.view
        if not view.selected_ids() and view.currentIndex().isValid():
            view.selectionModel().select(view.currentIndex(), QItemSelectionModel.SelectionFlag.Select)
        index = view.currentIndex()
        point = view.visualRect(index).bottomLeft() if index.isValid() else QPoint(10, 10)
        stage_menu = self.header_actions(column)
        if view.selected_ids():
            menu = self.card_actions(column)
            menu.addSeparator()
            stage_menu.setTitle("S&tage")
            stage_menu.setParent(menu, stage_menu.windowFlags())
            menu.addMenu(stage_menu)
        else:
            menu = stage_menu
        menu.popup(view.viewport().mapToGlobal(point))
        self.card_menu = menu
        return menu

    def _move_menu_at_selection(self) -> None:
        column = self.focused_column()
        if column is None or not column.view.selected_ids():
            return
        index = column.view.currentIndex()
        point = column.view.visualRect(index).center() if index.isValid() else QPoint(10, 10)
        self.move_menu(column).exec(column.view.viewport().mapToGlobal(point))

    def card_actions(self, column: BoardColumn) -> QMenu:
        """The card context menu (built separately so tests can trigger its actions)."""
        menu = QMenu(self)
        ids = column.view.selected_ids()
        open_action = menu.addAction("Open")
        open_action.setShortcut(QKeySequence("Return"))
        open_action.setEnabled(len(ids) == 1)
        open_action.triggered.connect(lambda: self._context.signals.open_job_requested.emit(ids[0]))
        move = self.move_menu(column, menu)
        move.menuAction().setShortcut(QKeySequence("Ctrl+M"))
        menu.addMenu(move)
        up = menu.addAction("Move up")
        up.setShortcut(QKeySequence("Ctrl+Shift+Up"))
        up.triggered.connect(lambda: self.reorder_selection(-1))
        down = menu.addAction("Move down")
        down.setShortcut(QKeySequence("Ctrl+Shift+Down"))
        down.triggered.connect(lambda: self.reorder_selection(1))
        add_activity = menu.addAction("Add activity…")
        add_activity.setShortcut(QKeySequence("Ctrl+Shift+A"))
        add_activity.setEnabled(len(ids) == 1)
        add_activity.triggered.connect(lambda: self._context.signals.add_activity_requested.emit(ids[0]))
        if self._lifecycle == LIFECYCLE_LEAD:
            menu.addSeparator()
            convert = menu.addAction("Convert to customer job…")
            convert.setShortcut(QKeySequence("Ctrl+Shift+J"))
            convert.setEnabled(len(ids) == 1)
            convert.triggered.connect(lambda: self._context.signals.convert_job_requested.emit(ids[0]))
        return menu

    def _add_activity_to_selection(self) -> None:
        column = self.focused_column()
        ids = column.view.selected_ids() if column else []
        if len(ids) == 1:
            self._context.signals.add_activity_requested.emit(ids[0])

    def _card_menu(self, column: BoardColumn, pos: QPoint) -> None:
        index = column.view.indexAt(pos)
        if index.isValid() and not column.view.selectionModel().isSelected(index):
            column.view.setCurrentIndex(index)
        if not column.view.selected_ids():
            return
        self.card_actions(column).exec(column.view.viewport().mapToGlobal(pos))

    def header_actions(self, column: BoardColumn) -> QMenu:
        menu = QMenu(self)
        stage = column.model.stage
        if stage is not None:
            edit = menu.addAction(f"Edit stage '{stage.name}'…")
            edit.triggered.connect(lambda: self.edit_stages(stage.id))
        settings = menu.addAction("Stage settings…")
        settings.triggered.connect(lambda: self.edit_stages())
        if stage is not None:
            new = menu.addAction(
                "New " + ("lead" if self._lifecycle == LIFECYCLE_LEAD else "customer job") + " here…"
            )
            new.triggered.connect(lambda: self.new_job(stage.id))
        return menu

    def _header_menu(self, column: BoardColumn, global_pos: QPoint) -> None:
        self.header_actions(column).exec(global_pos)

    # -- other actions -------------------------------------------------------------------------

    def _convert_selection(self) -> None:
        column = self.focused_column()
        ids = column.view.selected_ids() if column else []
        if len(ids) == 1:
            self._context.signals.convert_job_requested.emit(ids[0])

    def _convert_dropped(self, job_ids: list[int]) -> None:
        if len(job_ids) != 1:
            self._context.signals.status_message.emit("Convert one lead at a time.")
            return
        self._context.signals.convert_job_requested.emit(job_ids[0])

    def edit_stages(self, stage_id: int | None = None) -> None:
        from gojee_desktop.ui.dialogs.stage_settings import open_stage_settings

        open_stage_settings(self, self._context, self.store_pipeline(), stage_id)

    def store_pipeline(self) -> str:
        return "leads" if self._lifecycle == LIFECYCLE_LEAD else "jobs"

    def new_job(self, stage_id: int | None = None) -> int | None:
        from gojee_desktop.ui.dialogs.new_job_dialog import NewJobDialog

        stages = self.stages()
        dialog = NewJobDialog(
            self._context, self._lifecycle, stages, stage_id, self, self.store.default_currency
        )
        try:
            dialog.exec()
            created = dialog.created_id
        finally:
            dialog.deleteLater()
        if created is not None:
            self._select_job(created)
        return created

    def _select_job(self, job_id: int) -> None:
        column = self.store.column_of(job_id)
        view = next((c.view for c in self.columns if c.model is column), None)
        if view is not None:
            view.select_ids([job_id])
            view.setFocus(Qt.FocusReason.OtherFocusReason)
