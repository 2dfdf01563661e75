"""The parts of a board column: the card list (drags start here and never remove rows),
the header with the stage colour, count and total, and the "convert" drop target."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from html import escape

from PySide6.QtCore import QModelIndex, QPoint, QRectF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QDrag,
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QKeyEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListView,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from gojee_desktop.money import format_money
from gojee_desktop.ui import theme
from gojee_desktop.ui.itemmodels.board_model import JOB_IDS_MIME, BoardColumnModel, decode_ids
from gojee_desktop.ui.widgets.attach_drop import AttachDropFilter
from gojee_desktop.ui.widgets.card_delegate import MARGIN, CardDelegate, card_width

#: The board's style sheet; `$role`s are the theme's colours (`theme.set_style`).
BOARD_STYLE = """
#boardColumn { background: $column_bg; border-radius: 6px; }
#boardColumn QListView { background: $column_bg; }
#columnCount { color: $count_text; background: $count_bg; border-radius: 8px; padding: 0 6px; }
#columnTotal { color: $column_total; }
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
    files_dropped = Signal(int, list)  # a job id and the local files dropped onto its card

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
        self._attach_drop = AttachDropFilter(
            self.viewport(), self.job_at, self.files_dropped.emit, lambda: bool(model.ids)
        )

    def column_model(self) -> BoardColumnModel:
        model = self.model()
        assert isinstance(model, BoardColumnModel)
        return model

    def selected_ids(self) -> list[int]:
        model = self.column_model()
        rows = sorted(index.row() for index in self.selectedIndexes())
        return [model.ids[row] for row in rows if row < len(model.ids)]

    def job_at(self, point: QPoint) -> int | None:
        """The job of the card under a viewport point (a file dropped there is attached to it)."""
        index = self.indexAt(point)
        ids = self.column_model().ids
        return ids[index.row()] if index.isValid() and index.row() < len(ids) else None

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
            painter.setBrush(theme.color("card_selected_border"))
            painter.setPen(Qt.PenStyle.NoPen)
            painter.drawRoundedRect(badge, 10, 10)
            painter.setPen(theme.text_on(theme.color("card_selected_border")))
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
        self._color = theme.color("stage_fallback")
        self._stage_words = ""
        self.count.setAccessibleName("Cards in the stage")
        self.total.setAccessibleName("Value of the stage")
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
        self._stage_words = name + {"won": " (won)", "lost": " (lost)"}.get(outcome or "", "")
        self._describe()
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
        painter.fillPath(path, theme.color("card_bg"))
        painter.setPen(theme.color("card_border"))
        painter.drawPath(path)
        band = QPainterPath()
        band.addRoundedRect(QRectF(0, 0, self.width(), 8), 4, 4)
        painter.setClipRect(0, 0, self.width(), 4)
        painter.fillPath(band, self._color)
        painter.end()

    def show_totals(self, count: str, total: str) -> None:
        self.count.setText(count)
        self.total.setText(total)
        self._describe()

    def _describe(self) -> None:
        """The header in words (its colour band and count badge are painted)."""
        count, total = self.count.text(), self.total.text()
        figures = f": {count} cards, {total}" if count and count != "…" else ""
        self.setAccessibleName(f"Stage {self._stage_words}{figures}")


class BoardColumn(QFrame):
    """A stage's header above its card list."""

    def __init__(
        self, model: BoardColumnModel, delegate: CardDelegate, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.model = model
        self.setObjectName("boardColumn")
        self.header = ColumnHeader(self)
        stage = model.stage
        self.header.show_stage(
            model.title,
            stage.color if stage else theme.colors().stage_fallback,
            stage.outcome if stage else None,
        )
        self.view = CardListView(model, delegate, self)
        self.view.setObjectName(f"cards-{model.stage_id if model.stage_id is not None else 'none'}")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(4)
        layout.addWidget(self.header)
        layout.addWidget(self.view, 1)
        self.setFixedWidth(column_width(self.view))


def column_width(view: QListView) -> int:
    """Cards, their margins, the column's padding and a vertical scroll bar: readable at
    every scale, and the board scrolls sideways when the columns do not fit."""
    style = view.style()
    bar = style.pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent, None, view) if style else 14
    return card_width(view.font()) + 2 * MARGIN + bar + 8


class ConvertDropTarget(QLabel):
    """Drop lead cards here to open the conversion window."""

    dropped = Signal(list)

    def __init__(self, lifecycle: str, parent: QWidget | None = None) -> None:
        super().__init__("⇢  Drop a lead here to convert it to a customer job", parent)
        self.setObjectName("convertTarget")
        self.setAccessibleName("Drop a lead here to convert it to a customer job")
        self._lifecycle = lifecycle
        self.setAcceptDrops(True)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._style(False)

    def _style(self, active: bool) -> None:
        state = "_active" if active else ""
        theme.set_style(
            self,
            f"#convertTarget {{ border: 2px dashed $drop_border{state}; background: $drop_bg{state};"
            " color: $drop_text; padding: 6px 14px; border-radius: 6px; }",
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
