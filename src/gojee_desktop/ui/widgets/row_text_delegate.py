"""Plain-text cells painted straight from a model's cached row texts.

`QStyledItemDelegate` asks the model for about eight roles of every visible cell (each a
call from C++ into Python) and lays every text out with a `QTextLayout` on every paint;
a screenful of a wide table then costs ~15 ms. This delegate reads a row's texts with one
Python call, measures each distinct text once, and draws a text seen before as a
`QStaticText` (laid out once, then only blitted): statuses, stages, dates and the rows
already on screen. The cell under keyboard focus or under the mouse and right-to-left
layouts go through the stock delegate, so they look exactly as before.

The cached measures follow the view's font: they are dropped when the view's font, palette
or style changes (the model gives no font or colour of its own, except `muted`)."""

from __future__ import annotations

from collections.abc import Callable, Collection

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPersistentModelIndex, QPointF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QPalette, QStaticText
from PySide6.QtWidgets import QAbstractItemView, QStyle, QStyledItemDelegate, QStyleOptionViewItem

#: Distinct texts measured (and kept laid out) before the caches start again.
MAX_CACHED_TEXTS = 5_000

_SELECTED = QStyle.StateFlag.State_Selected.value
_SLOW_STATES = (QStyle.StateFlag.State_HasFocus | QStyle.StateFlag.State_MouseOver).value
_ENABLED = QStyle.StateFlag.State_Enabled.value
_ACTIVE = QStyle.StateFlag.State_Active.value
_ELIDE_RIGHT = Qt.TextElideMode.ElideRight
_LEFT_TO_RIGHT = Qt.LayoutDirection.LeftToRight
_RESETS = frozenset(
    {
        QEvent.Type.FontChange,
        QEvent.Type.PaletteChange,
        QEvent.Type.StyleChange,
        QEvent.Type.LayoutDirectionChange,
    }
)

RowTexts = Callable[[int], tuple[tuple[str, ...], bool] | None]


class _Text:
    """One distinct text: its width, and its laid-out form once it is drawn a second time."""

    __slots__ = ("static", "width")

    def __init__(self, width: float) -> None:
        self.width = width
        self.static: QStaticText | None = None


class RowTextDelegate(QStyledItemDelegate):
    """Paints `row(r)[0][column]` (`row(r)` is (texts, muted), or None past the end),
    right-aligned in `right_columns`, in `muted_colour()` when muted (archived jobs; asked at
    each paint, so it follows the theme), elided on the right like the stock delegate."""

    def __init__(
        self,
        row: RowTexts,
        muted_colour: Callable[[], QColor],
        right_columns: Collection[int],
        view: QAbstractItemView,
    ) -> None:
        super().__init__(view)
        self._row = row
        self._muted_colour = muted_colour
        self._right = frozenset(right_columns)
        self._texts: dict[str, _Text] = {}
        self._elided: dict[tuple[str, int], str] = {}
        self._colours: dict[int, tuple[QColor, QColor]] = {}
        self._line: tuple[int, int] | None = None  # the font's line height and ascent
        self._font_metrics: QFontMetricsF | None = None
        self._view = view
        self._margin = 3
        self._left_to_right = True
        self._read_view()
        view.installEventFilter(self)

    def _read_view(self) -> None:
        view = self._view
        self._margin = view.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, view) + 1
        self._left_to_right = view.layoutDirection() is _LEFT_TO_RIGHT

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _RESETS:
            self.clear_caches()
            self._read_view()
        return False

    def _measure(self, text: str, option: QStyleOptionViewItem) -> _Text:
        """Measure a text not seen before (in the view's font) and keep the measure."""
        if self._font_metrics is None:
            self._font_metrics = QFontMetricsF(option.font)
        measured = self._texts[text] = _Text(self._font_metrics.horizontalAdvance(text))
        return measured

    def measured_texts(self) -> int:
        """How many distinct texts are measured and kept (tests)."""
        return len(self._texts)

    def clear_caches(self) -> None:
        self._texts.clear()
        self._elided.clear()
        self._colours.clear()
        self._line = None
        self._font_metrics = None

    def paint(
        self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        state = option.state.value
        if state & _SLOW_STATES or not self._left_to_right:
            super().paint(painter, option, index)
            return
        selected = state & _SELECTED
        if selected:
            widget = option.widget
            if widget is not None:
                widget.style().drawPrimitive(
                    QStyle.PrimitiveElement.PE_PanelItemViewItem, option, painter, widget
                )
        shown = self._row(index.row())
        column = index.column()
        if shown is None or column >= len(shown[0]):
            return
        text = shown[0][column]
        if not text:
            return
        rect = option.rect
        left, top, width, height = rect.x(), rect.y(), rect.width(), rect.height()
        room = width - 2 * self._margin
        if len(self._texts) > MAX_CACHED_TEXTS:
            self.clear_caches()
        measured = self._texts.get(text)
        if measured is None:
            measured = self._measure(text, option)
        elif measured.static is None and measured.width <= room:
            measured.static = QStaticText(text)
            measured.static.setTextFormat(Qt.TextFormat.PlainText)
        if measured.width > room:
            elided = self._elided.get((text, room))
            if elided is None:
                elided = option.fontMetrics.elidedText(text, _ELIDE_RIGHT, room)
                self._elided[(text, room)] = elided
            if not elided:
                return
            text = elided
            measured = self._texts.get(text) or self._measure(text, option)
        colours = self._colours.get(key := state & (_ENABLED | _ACTIVE))
        if colours is None:
            group = _group(state)
            palette = option.palette
            colours = self._colours[key] = (
                palette.color(group, QPalette.ColorRole.Text),
                palette.color(group, QPalette.ColorRole.HighlightedText),
            )
        if selected:
            painter.setPen(colours[1])
        elif shown[1]:
            painter.setPen(self._muted_colour())
        else:
            painter.setPen(colours[0])
        painter.setFont(option.font)
        x = left + (width - self._margin - measured.width if column in self._right else self._margin)
        line = self._line
        if line is None:
            metrics = option.fontMetrics
            line = self._line = (metrics.height(), metrics.ascent())
        top += (height - line[0]) // 2
        if measured.static is not None:
            painter.drawStaticText(QPointF(x, top), measured.static)
        else:
            painter.drawText(QPointF(x, top + line[1]), text)


def _group(state: int) -> QPalette.ColorGroup:
    if not state & _ENABLED:
        return QPalette.ColorGroup.Disabled
    return QPalette.ColorGroup.Normal if state & _ACTIVE else QPalette.ColorGroup.Inactive
