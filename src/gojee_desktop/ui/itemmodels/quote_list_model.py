"""A job's quotes, newest revision first."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush

from gojee_desktop.money import format_money
from gojee_desktop.services.quotes import QuoteSummary
from gojee_desktop.ui import theme
from gojee_desktop.ui.itemmodels.row_list_model import RowListModel

HEADERS = ["Quote", "Status", "Issued", "Valid until", "Total"]
#: The theme role of each quote status's text.
STATUS_ROLES = {
    "draft": "quote_draft",
    "sent": "quote_sent",
    "accepted": "quote_accepted",
    "declined": "quote_declined",
}
NumberRole = Qt.ItemDataRole.UserRole + 1


class QuoteListModel(RowListModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(HEADERS, parent)

    def set_quotes(self, quotes: list[QuoteSummary]) -> None:
        self._set_rows(quotes)

    def quote(self, row: int) -> QuoteSummary | None:
        quote: QuoteSummary | None = self._row(row)
        return quote

    def row_of(self, number: str) -> int:
        return next((i for i, q in enumerate(self._rows) if q.number == number), -1)

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        quote = self.quote(index.row()) if index.isValid() else None
        if quote is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            status = quote.status.capitalize() + ("" if quote.latest else " (old revision)")
            values = [
                quote.number,
                status,
                quote.issue_date.strftime("%d %b %Y"),
                quote.valid_until.strftime("%d %b %Y"),
                format_money(quote.grand_total, quote.currency),
            ]
            return values[column] if 0 <= column < len(values) else None
        if role == Qt.ItemDataRole.ForegroundRole and column == 1:
            return QBrush(theme.color(STATUS_ROLES.get(quote.status, "text")))
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 4:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            return "Read-only: revise to change it" if quote.read_only else "Draft: details can still change"
        if role == NumberRole:
            return quote.number
        return None
