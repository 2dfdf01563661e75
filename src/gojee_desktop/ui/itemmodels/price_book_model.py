"""The price book as a read-only table (edits go through the item form)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt

from gojee_desktop.services.price_book import PriceItem
from gojee_desktop.ui.itemmodels.bom_model import IdRole, cost_text, plain
from gojee_desktop.ui.itemmodels.row_list_model import RowListModel

HEADERS = ["Code", "Description", "Kind", "Unit", "Unit cost", "Markup %", "Tax %"]
NUMBERS = {4, 5, 6}


class PriceBookModel(RowListModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(HEADERS, parent)

    def set_items(self, items: list[PriceItem]) -> None:
        self._set_rows(items)

    def item(self, row: int) -> PriceItem | None:
        item: PriceItem | None = self._row(row)
        return item

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        item = self.item(index.row()) if index.isValid() else None
        if item is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            values = [
                item.code,
                item.description,
                item.kind.capitalize(),
                item.unit,
                cost_text(item.unit_cost),
                plain(item.markup),
                plain(item.tax_rate),
            ]
            return values[column] if 0 <= column < len(values) else None
        if role == Qt.ItemDataRole.TextAlignmentRole and column in NUMBERS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == IdRole:
            return item.id
        return None
