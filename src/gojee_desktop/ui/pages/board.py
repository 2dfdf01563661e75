"""The kanban board of a pipeline: one `QListView` per stage, side by side, scrolling
horizontally. Cards are painted by `CardDelegate`; drags carry job ids and end in an
undoable service move, after which only the changed cards are placed again."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from html import escape

from PySide6.QtCore import QModelIndex, QPoint, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QDrag,
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QHideEvent,
    QKeyEvent,
    QKeySequence,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QShortcut,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListView,
    QMenu,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from gojee_desktop.models import LIFECYCLE_LEAD
from gojee_desktop.money import format_money
from gojee_desktop.services.dto import StageInfo
from gojee_desktop.services.job_query import JobQuery
from gojee_desktop.ui.board_commands import push_move
from gojee_desktop.ui.context import AppContext
from gojee_desktop.ui.dialogs.lost_reason_dialog import ask_lost_reason
from gojee_desktop.ui.itemmodels.board_model import (
    JOB_IDS_MIME,
    BoardColumnModel,
    BoardStore,
    DropRequest,
    decode_ids,
)
from gojee_desktop.ui.widgets.card_delegate import CARD_WIDTH, MARGIN, CardDelegate

COLUMN_WIDTH = CARD_WIDTH + 2 * MARGIN + 22  # cards, list frame and a vertical scroll bar
BOARD_STYLE = """
#boardColumn { background: #eef1f4; border-radius: 6px; }
#boardColumn QListView { background: #eef1f4; }
#columnCount { color: #ffffff; background: #607d8b; border-radius: 8px; padding: 0 6px; }
#columnTotal { color: #37474f; }
"""


def totals_text(model: BoardColumnModel, default_currency: str) -> str:
    """The column total in the default currency, or one total per currency when mixed."""
    totals = model.totals()
    if not totals:
        return format_money(Decimal(0), default_currency)
    ordered = sorted(totals.items(), key=lambda item: (item[0] != default_currency, item[0]))
    if len(ordered) == 1 and ordered[0][0] == default_currency:
        return format_money(ordered[0][1], default_currency)
    return " · ".join(format_money(amount, code, with_code=True) for code, amount in ordered)


class CardListView(QListView):
    """One column's cards. Drags start here and never remove rows from the model."""

    open_requested = Signal(int)
    focus_neighbour = Signal(int)  # -1: column to the left, +1: to the right

    def __init__(
        self, model: BoardColumnModel, delegate: CardDelegate, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setUniformItemSizes(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setDragEnabled(True)
        self.setAcceptDrops(True)
        self.setDropIndicatorShown(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setItemDelegate(delegate)
        self.setModel(model)  # last: each setting above would lay out every row again
        self.activated.connect(self._activated)

    def column_model(self) -> BoardColumnModel:
        model = self.model()
        assert isinstance(model, BoardColumnModel)
        return model

    def selected_ids(self) -> list[int]:
        model = self.column_model()
        rows = sorted(index.row() for index in self.selectedIndexes())
        return [model.ids[row] for row in rows if row < len(model.ids)]

    def select_ids(self, job_ids: Sequence[int]) -> None:
        model = self.column_model()
        selection = self.selectionModel()
        selection.clearSelection()
        rows = [r for r in (model.row_of(i) for i in job_ids) if r >= 0]
        for row in rows:
            selection.select(model.index(row), selection.SelectionFlag.Select)
        if rows:
            selection.setCurrentIndex(model.index(rows[0]), selection.SelectionFlag.NoUpdate)
            self.scrollTo(model.index(rows[0]))

    def _activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_requested.emit(self.column_model().ids[index.row()])

    def startDrag(self, supportedActions: Qt.DropAction) -> None:
        """Like Qt's, but whatever the drop answers, nothing is removed here: the service
        move and the store's placement are the only way a card leaves a column."""
        indexes = [i for i in self.selectedIndexes() if i.isValid()]
        if not indexes:
            return
        drag = QDrag(self)
        drag.setMimeData(self.column_model().mimeData(indexes))
        current = self.currentIndex() if self.currentIndex().isValid() else indexes[0]
        rect = self.visualRect(current)
        pixmap = self.viewport().grab(rect)
        if len(indexes) > 1:  # "3" on the card under the mouse: several cards travel together
            painter = QPainter(pixmap)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            badge = QRectF(pixmap.width() / pixmap.devicePixelRatio() - 34, 2, 28, 20)
            painter.setBrush(QColor("#1e88e5"))
            painter.setPen(Qt.PenStyle.NoPen)
            painter.drawRoundedRect(badge, 10, 10)
            painter.setPen(QColor("#ffffff"))
            painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, str(len(indexes)))
            painter.end()
        drag.setPixmap(pixmap)
        drag.setHotSpot(self.viewport().mapFromGlobal(self.cursor().pos()) - rect.topLeft())
        drag.exec(Qt.DropAction.MoveAction, Qt.DropAction.MoveAction)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        super().dragEnterEvent(event)
        if event.mimeData().hasFormat(JOB_IDS_MIME) and event.source() is not None:
            event.setDropAction(Qt.DropAction.MoveAction)
            event.accept()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        super().dragMoveEvent(event)
        if event.isAccepted():
            event.setDropAction(Qt.DropAction.MoveAction)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        plain = event.modifiers() in (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.KeypadModifier)
        if plain and event.key() in (Qt.Key.Key_Left, Qt.Key.Key_Right):
            self.focus_neighbour.emit(-1 if event.key() == Qt.Key.Key_Left else 1)
            return
        if plain and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self._activated(self.currentIndex())
            return
        super().keyPressEvent(event)


class ColumnHeader(QFrame):
    """Stage name on its colour, card count and total value."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("columnHeader")
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.name = QLabel(self)
        self.name.setObjectName("columnName")
        self.count = QLabel(self)
        self.count.setObjectName("columnCount")
        self.total = QLabel(self)
        self.total.setObjectName("columnTotal")
        self.total.setWordWrap(True)
        self._color = QColor("#9e9e9e")
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.name, 1)
        top.addWidget(self.count)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 10, 10, 8)
        layout.setSpacing(2)
        layout.addLayout(top)
        layout.addWidget(self.total)

    def show_stage(self, name: str, color: str, outcome: str | None) -> None:
        meaning = {"won": " ✓", "lost": " ✕"}.get(outcome or "", "")
        self.name.setText(f"<b>{escape(name)}</b>{meaning}")
        self._color = QColor(color)
        self.setToolTip(
            {"won": "Jobs here count as won.", "lost": "Jobs here count as lost (a reason is asked)."}.get(
                outcome or "", ""
            )
        )
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        """White card with the stage colour as a 4 px band on top (painted, not styled: one
        style sheet per column costs more than the whole board's cards)."""
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5)
        path = QPainterPath()
        path.addRoundedRect(rect, 4, 4)
        painter.fillPath(path, QColor("#ffffff"))
        painter.setPen(QColor("#d5dae1"))
        painter.drawPath(path)
        band = QPainterPath()
        band.addRoundedRect(QRectF(0, 0, self.width(), 8), 4, 4)
        painter.setClipRect(0, 0, self.width(), 4)
        painter.fillPath(band, self._color)
        painter.end()

    def show_totals(self, count: int, total: str) -> None:
        self.count.setText(f"{count:,}")
        self.total.setText(total)


class BoardColumn(QFrame):
    """A stage's header above its card list."""

    def __init__(
        self, model: BoardColumnModel, delegate: CardDelegate, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.model = model
        self.setObjectName("boardColumn")
        self.setFixedWidth(COLUMN_WIDTH)
        self.header = ColumnHeader(self)
        stage = model.stage
        self.header.show_stage(
            model.title, stage.color if stage else "#9e9e9e", stage.outcome if stage else None
        )
        self.view = CardListView(model, delegate, self)
        self.view.setObjectName(f"cards-{model.stage_id if model.stage_id is not None else 'none'}")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(4)
        layout.addWidget(self.header)
        layout.addWidget(self.view, 1)


class ConvertDropTarget(QLabel):
    """Drop lead cards here to open the conversion window."""

    dropped = Signal(list)

    def __init__(self, lifecycle: str, parent: QWidget | None = None) -> None:
        super().__init__("⇢  Drop a lead here to convert it to a customer job", parent)
        self.setObjectName("convertTarget")
        self._lifecycle = lifecycle
        self.setAcceptDrops(True)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._style(False)

    def _style(self, active: bool) -> None:
        border = "#2e7d32" if active else "#9ccc9f"
        background = "#e8f5e9" if active else "#f4fbf4"
        self.setStyleSheet(
            f"#convertTarget {{ border: 2px dashed {border}; background: {background};"
            " color: #2e7d32; padding: 6px 14px; border-radius: 6px; }"
        )

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if decode_ids(event.mimeData(), self._lifecycle):
            event.setDropAction(Qt.DropAction.MoveAction)
            event.accept()
            self._style(True)
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        event.setDropAction(Qt.DropAction.MoveAction)
        event.accept()

    def dragLeaveEvent(self, event: object) -> None:
        self._style(False)

    def dropEvent(self, event: QDropEvent) -> None:
        self._style(False)
        ids = decode_ids(event.mimeData(), self._lifecycle)
        if not ids:
            event.ignore()
            return
        event.setDropAction(Qt.DropAction.MoveAction)
        event.accept()
        self.dropped.emit(ids)


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

        self.setStyleSheet(BOARD_STYLE)
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
            view.customContextMenuRequested.connect(lambda pos, c=column: self._card_menu(c, pos))
            view.focus_neighbour.connect(lambda step, p=position: self._focus_column(p + step))
            column.header.customContextMenuRequested.connect(
                lambda pos, c=column: self._header_menu(c, c.header.mapToGlobal(pos))
            )
            self._strip_layout.insertWidget(position, column)
            self.columns.append(column)
        self._update_totals(list(self.store.columns))

    def _update_totals(self, models: list[BoardColumnModel]) -> None:
        for column in self.columns:
            if column.model in models:
                column.header.show_totals(
                    column.model.count(), totals_text(column.model, self.store.default_currency)
                )
        total = self.store.total_cards()
        self.summary.setText(f"{total:,} card{'s' if total != 1 else ''}")

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
        next_ids: dict[int, int | None] = {}
        for job_id in request.job_ids:
            cached = self.store.cached(job_id)
            if cached is not None:
                versions[job_id] = cached.version
            source = self.store.column_of(job_id)
            if source is not None:
                row = source.row_of(job_id)
                next_ids[job_id] = source.ids[row + 1] if row + 1 < len(source.ids) else None
        ordered = self._in_board_order(request.job_ids)
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
        )
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
            after = max(rows) + 1
            if after >= len(model.ids):
                return False
            before = model.ids[after + 1] if after + 1 < len(model.ids) else None
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
        if self._lifecycle == LIFECYCLE_LEAD:
            menu.addSeparator()
            convert = menu.addAction("Convert to customer job…")
            convert.setShortcut(QKeySequence("Ctrl+Shift+J"))
            convert.setEnabled(len(ids) == 1)
            convert.triggered.connect(lambda: self._context.signals.convert_job_requested.emit(ids[0]))
        return menu

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
