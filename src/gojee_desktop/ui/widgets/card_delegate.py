"""Kanban cards painted by a delegate: no widget per card, one fixed size for every card so
a column of thousands lays out at once (`QListView.setUniformItemSizes`)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from gojee_desktop.locales import format_long_date
from gojee_desktop.money import format_money
from gojee_desktop.services.activities import local_now
from gojee_desktop.services.dto import JobSummary
from gojee_desktop.ui import theme
from gojee_desktop.ui.itemmodels.board_model import SUMMARY_ROLE

#: A card's width in lines of its font: 256 px for a 9 pt font at 96 dpi, wider with a
#: larger font, so the title and the close date keep their room.
CARD_WIDTH_IN_LINES = 256 / 14
MARGIN = 4  # around each card, inside its item rect
PAD = 9  # inside the card


def initials(name: str) -> str:
    """'Jane van Dyke' -> 'JD'; one word -> its first two letters."""
    words = [w for w in name.replace("-", " ").split() if w[:1].isalpha()]
    if not words:
        return "?"
    if len(words) == 1:
        return words[0][:2].upper()
    return (words[0][0] + words[-1][0]).upper()


def small_font(base: QFont) -> QFont:
    small = QFont(base)
    small.setPointSizeF(max(7.0, base.pointSizeF() - 1.5))
    return small


def card_width(base: QFont) -> int:
    """One width for every card, from the font."""
    return round(QFontMetrics(base).height() * CARD_WIDTH_IN_LINES)


def card_height(base: QFont) -> int:
    """One height for every card: five lines of text and the padding, from the font."""
    line = QFontMetrics(base).height()
    small_line = QFontMetrics(small_font(base)).height()
    return 2 * PAD + (small_line + 4) + 3 * line + 5 + (small_line + 2)


def is_overdue(summary: JobSummary, today: date | None = None) -> bool:
    return summary.expected_close is not None and summary.expected_close < (today or date.today())


class CardDelegate(QStyledItemDelegate):
    """Paints title, number, the next activity, customer, value, status chip, labels,
    assignee initials and the expected close date (each red when overdue)."""

    def __init__(
        self, colors: Callable[[], tuple[dict[str, str], dict[str, str]]], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._colors = colors  # () -> (status colours, label colours) by name
        self.today = date.today()

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        return QSize(card_width(option.font) + 2 * MARGIN, card_height(option.font) + 2 * MARGIN)

    def paint(
        self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        rect: QRect = option.rect.adjusted(MARGIN, MARGIN, -MARGIN, -MARGIN)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        focused = bool(option.state & QStyle.StateFlag.State_HasFocus)
        c = theme.colors()
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        path = QPainterPath()
        path.addRoundedRect(QRectF(rect).adjusted(0.5, 0.5, -0.5, -0.5), 6, 6)
        painter.fillPath(path, QColor(c.card_selected_bg if selected else c.card_bg))
        border = c.card_selected_border if selected or focused else c.card_border
        painter.setPen(QPen(QColor(border), 2 if selected else 1))
        painter.drawPath(path)
        summary = index.data(SUMMARY_ROLE)
        if isinstance(summary, JobSummary):
            stage = getattr(index.model(), "stage", None)  # a won/lost column is past its close date
            settled = stage is not None and stage.outcome is not None
            self._paint_card(painter, option.font, rect.adjusted(PAD, PAD, -PAD, -PAD), summary, settled)
        painter.restore()

    def _paint_next_activity(self, painter: QPainter, small: QFont, room: QRect, summary: JobSummary) -> None:
        """The job's next activity, right of the number (red when overdue)."""
        if summary.next_activity_due is None:
            return
        metrics = QFontMetrics(small)
        room = room.adjusted(metrics.horizontalAdvance(summary.number) + 10, 0, 0, 0)
        overdue = summary.next_activity_overdue(local_now())
        painter.setPen(theme.color("overdue") if overdue else theme.color("muted"))
        text = metrics.elidedText(summary.next_activity_text, Qt.TextElideMode.ElideRight, room.width())
        painter.drawText(room, int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter), text)
        painter.setPen(theme.color("muted"))

    def _paint_card(
        self, painter: QPainter, base: QFont, rect: QRect, summary: JobSummary, settled: bool = False
    ) -> None:
        status_colors, label_colors = self._colors()
        c = theme.colors()
        muted, text_colour, card = QColor(c.muted), QColor(c.text), QColor(c.card_bg)
        small = small_font(base)
        bold = QFont(base)
        bold.setBold(True)
        line = QFontMetrics(base).height()
        small_line = QFontMetrics(small).height()
        y = rect.top()

        # Number (left) and assignee initials (right).
        painter.setFont(small)
        painter.setPen(muted)
        right = rect.right()
        shown = [initials(name) for name in summary.assignees[:3]]
        widest = max((QFontMetrics(small).horizontalAdvance(text) for text in shown), default=0)
        size = max(small_line + 4, widest + 6)  # the initials inside their circle
        for name in reversed(summary.assignees[:3]):
            circle = QRect(right - size + 1, y - 2, size, size)
            painter.setBrush(QColor(c.avatar_bg))
            painter.setPen(Qt.PenStyle.NoPen)
            painter.drawEllipse(circle)
            painter.setPen(QColor(c.avatar_text))
            painter.drawText(circle, Qt.AlignmentFlag.AlignCenter, initials(name))
            right -= size + 3
        painter.setPen(muted)
        painter.drawText(QRect(rect.left(), y, right - rect.left(), small_line), 0, summary.number)
        self._paint_next_activity(
            painter, small, QRect(rect.left(), y, right - rect.left() - 4, small_line), summary
        )
        y += small_line + 4

        # Title and customer.
        painter.setFont(bold)
        painter.setPen(text_colour)
        title = QFontMetrics(bold).elidedText(summary.title, Qt.TextElideMode.ElideRight, rect.width())
        painter.drawText(QRect(rect.left(), y, rect.width(), line), 0, title)
        y += line
        painter.setFont(base)
        painter.setPen(muted)
        customer = summary.customer or summary.organization or "No customer"
        if summary.customer and summary.organization:
            customer = f"{summary.customer} · {summary.organization}"
        customer = QFontMetrics(base).elidedText(customer, Qt.TextElideMode.ElideRight, rect.width())
        painter.drawText(QRect(rect.left(), y, rect.width(), line), 0, customer)
        y += line + 2

        # Value (left) and expected close (right, red when overdue).
        painter.setFont(bold)
        painter.setPen(text_colour)
        painter.drawText(
            QRect(rect.left(), y, rect.width(), line), 0, format_money(summary.value, summary.currency)
        )
        if summary.expected_close is not None:
            overdue = not settled and is_overdue(summary, self.today)
            painter.setFont(small)
            painter.setPen(QColor(c.overdue) if overdue else muted)
            text = format_long_date(summary.expected_close)
            painter.drawText(
                QRect(rect.left(), y, rect.width(), line),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                f"Overdue {text}" if overdue else f"Close {text}",
            )
        y += line + 3

        # Status chip, then label chips while they fit.
        painter.setFont(small)
        metrics = QFontMetrics(small)
        x = rect.left()
        chips: list[tuple[str, QColor, bool]] = []
        if summary.status:
            chips.append((summary.status, QColor(status_colors.get(summary.status) or c.chip_fallback), True))
        chips.extend(
            (name, QColor(label_colors.get(name) or c.chip_fallback), False) for name in summary.labels
        )
        for text, color, filled in chips:
            width = metrics.horizontalAdvance(text) + 12
            if x + width > rect.right() + 1:
                if x < rect.right() - 16:
                    painter.setPen(muted)
                    painter.drawText(QRect(x, y, rect.right() - x, small_line + 2), 0, "…")
                break
            chip = QRectF(x, y, width, small_line + 2)
            painter.setPen(Qt.PenStyle.NoPen if filled else QPen(color, 1))
            painter.setBrush(color if filled else QColor(color.red(), color.green(), color.blue(), 28))
            painter.drawRoundedRect(chip.adjusted(0.5, 0.5, -0.5, -0.5), 5, 5)
            painter.setPen(theme.text_on(color) if filled else theme.readable(color, card))
            painter.drawText(chip, Qt.AlignmentFlag.AlignCenter, text)
            x += width + 4
