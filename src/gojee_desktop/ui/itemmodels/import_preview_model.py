"""The import wizard's preview: the file's first rows as read, with each row's problems."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush

from gojee_desktop.ui import theme
from gojee_desktop.ui.itemmodels.row_list_model import RowListModel

ProblemRole = Qt.ItemDataRole.UserRole + 1


class ImportPreviewModel(RowListModel):
    """Columns: the row number, every column of the file, then "Problems"."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(["Row", "Problems"], parent)
        self._errors: Mapping[int, Sequence[str]] = {}
        self._duplicates: Mapping[int, str] = {}
        self._bad_cells: Mapping[int, set[str]] = {}

    def set_preview(
        self,
        headers: Sequence[str],
        rows: Sequence[tuple[int, Sequence[str]]],
        errors: Mapping[int, Sequence[str]],
        duplicates: Mapping[int, str],
        bad_cells: Mapping[int, set[str]] | None = None,
    ) -> None:
        """`errors` and `duplicates` by row number; `bad_cells` the headers of the cells in error."""
        self.beginResetModel()
        self._headers = ["Row", *headers, "Problems"]
        self._rows = list(rows)
        self._errors = errors
        self._duplicates = duplicates
        self._bad_cells = bad_cells or {}
        self.endResetModel()

    def problems(self, row: int) -> str:
        """What is wrong with the row (errors first), or that it duplicates a record."""
        item = self._row(row)
        if item is None:
            return ""
        number = item[0]
        texts = list(self._errors.get(number, ()))
        if number in self._duplicates:
            texts.append(f"Duplicate of {self._duplicates[number]}")
        return "; ".join(texts)

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        item = self._row(index.row()) if index.isValid() else None
        if item is None:
            return None
        number, cells = item
        column = index.column()
        last = len(self._headers) - 1
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if column == 0:
                return str(number)
            if column == last:
                return self.problems(index.row())
            text = cells[column - 1] if column - 1 < len(cells) else ""
            return text.replace("\n", " ⏎ ") if role == Qt.ItemDataRole.DisplayRole else text
        if role == Qt.ItemDataRole.BackgroundRole:
            if number in self._errors:
                header = self._headers[column] if 0 < column < last else ""
                bad = header in self._bad_cells.get(number, set())
                return QBrush(theme.color("import_bad_bg" if bad else "import_error_bg"))
            if number in self._duplicates:
                return QBrush(theme.color("import_duplicate_bg"))
            return None
        if role == ProblemRole:
            return "error" if number in self._errors else ("duplicate" if number in self._duplicates else "")
        return None
