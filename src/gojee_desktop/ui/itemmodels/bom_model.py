"""The BOM as a flat table: a header row per section followed by its lines.

`data()` is a lookup in rows computed once per load. Edits go through services as undoable
commands; after each one the rows are reloaded and, when the shape is unchanged, only
`dataChanged` is emitted, so the current cell and an open editor's neighbour survive (Tab and
Enter keep moving through the sheet)."""

from __future__ import annotations

import json
import weakref
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QFont

from gojee_desktop.models import LINE_KINDS
from gojee_desktop.money import MoneyError, format_money, format_number, parse_local_amount
from gojee_desktop.services import bom
from gojee_desktop.services.bom_conflicts import BomIntent
from gojee_desktop.services.bom_lines import LineData
from gojee_desktop.services.errors import GojeeError, NotFound, StaleBom, StaleRecord, ValidationError
from gojee_desktop.ui import theme
from gojee_desktop.ui.commands.bom import BomCommands, lines_text
from gojee_desktop.ui.context import AppContext

ROWS_MIME = "application/x-gojee-bom-rows"
LINES_MIME = "application/x-gojee-bom-lines"

KIND, CODE, DESCRIPTION, QTY, UNIT, COST, MARKUP, PRICE, DISCOUNT, TAX, TOTAL, OPTIONAL, CHOSEN = range(13)
HEADERS = [
    "Kind",
    "Code",
    "Description",
    "Qty",
    "Unit",
    "Unit cost",
    "Markup %",
    "Sell price",
    "Disc. %",
    "Tax %",
    "Line total",
    "Optional",
    "Included",
]
HEADER_TIPS = {
    MARKUP: "Markup on cost: sell price = cost × (1 + markup %). Not margin.",
    PRICE: "Sell unit price: cost plus markup, or a price you type (clear it to go back to cost + markup).",
    OPTIONAL: "Optional lines are out of the totals unless included.",
    CHOSEN: "Whether the customer chose this optional line (it then counts in the totals).",
}
FIELD_OF = {
    KIND: "kind",
    CODE: "item_code",
    DESCRIPTION: "description",
    QTY: "quantity",
    UNIT: "unit",
    COST: "unit_cost",
    MARKUP: "markup",
    PRICE: "unit_price",
    DISCOUNT: "discount",
    TAX: "tax_rate",
}
NUMBER_COLUMNS = {QTY, COST, MARKUP, PRICE, DISCOUNT, TAX, TOTAL}
CHECK_COLUMNS = {OPTIONAL: "optional", CHOSEN: "chosen"}
KindRole = Qt.ItemDataRole.UserRole + 1  # 'section' | 'line'
IdRole = Qt.ItemDataRole.UserRole + 2  # section id or line id


@dataclass(frozen=True)
class Row:
    kind: str  # 'section' | 'line'
    section: bom.BomSectionInfo
    line: bom.BomLineInfo | None = None

    @property
    def id(self) -> int:
        return self.line.id if self.line is not None else self.section.id


def plain(value: Decimal) -> str:
    """A decimal as typed in the display locale: 2.5, 10, 124.75 (2,5 in German; no
    exponent, no grouping, no trailing zeros after the decimal mark)."""
    return format_number(value, grouping=False)


def cost_text(value: Decimal) -> str:
    """Costs show two decimals unless they carry more (a 0.0125 per-unit cost stays exact)."""
    return format_number(value, 2)


def parse_number(text: str, what: str) -> Decimal:
    """What a user typed in a number cell: `2.5`, `1,234.50`, `20%`."""
    try:
        return parse_local_amount(text.replace("%", "").strip())
    except MoneyError as exc:
        raise ValidationError(f"{what}: {exc}") from exc


class BomModel(QAbstractTableModel):
    """One job's BOM. `loaded` tells views the BOM (totals, frozen state) was read again."""

    loaded = Signal()
    #: The BOM was changed by an edit, an undo or a redo made here.
    modified = Signal()
    error = Signal(str)

    def __init__(self, context: AppContext, job_id: int, parent: Any = None) -> None:
        super().__init__(parent)
        self.context = context
        self.job_id = job_id
        self.view: bom.BomView | None = None
        # Set by the window showing this BOM: resolves an edit refused because another client
        # changed the BOM (a stamp to make it anyway, or None); unset, the refusal is an error.
        self.conflict_handler: Callable[[StaleBom, BomIntent], str | None] | None = None
        self._rows: list[Row] = []
        self._bold = QFont()
        self._bold.setBold(True)
        self._italic = QFont()
        self._italic.setItalic(True)
        self.commands = self._make_commands()
        self.reload()

    # -- loading -----------------------------------------------------------------------------
    def reload(self) -> None:
        """Read the BOM again; keep the views' state when only values changed."""
        try:
            view = bom.get_bom(self.context.sessions, self.job_id)
        except GojeeError as error:
            self.error.emit(str(error))
            return
        rows = [
            Row("section", s) if i < 0 else Row("line", s, s.lines[i])
            for s in view.sections
            for i in range(-1, len(s.lines))
        ]
        same_shape = [(r.kind, r.id) for r in rows] == [(r.kind, r.id) for r in self._rows]
        frozen_changed = self.view is not None and self.view.frozen != view.frozen
        if same_shape and not frozen_changed:
            self.view, self._rows = view, rows
            if rows:
                self.dataChanged.emit(self.index(0, 0), self.index(len(rows) - 1, len(HEADERS) - 1))
        else:
            self.beginResetModel()
            self.view, self._rows = view, rows
            self.endResetModel()
        self.loaded.emit()

    @property
    def frozen(self) -> bool:
        return self.view is not None and self.view.frozen

    @property
    def currency(self) -> str:
        return self.view.currency if self.view else "AUD"

    def row_at(self, row: int) -> Row | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, kind: str, item_id: int) -> int:
        for number, row in enumerate(self._rows):
            if row.kind == kind and row.id == item_id:
                return number
        return -1

    # -- Qt model API --------------------------------------------------------------------------
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(HEADERS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        if role == Qt.ItemDataRole.ToolTipRole:
            return HEADER_TIPS.get(section)
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled
        row = self._rows[index.row()]
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self.frozen:
            return flags
        flags |= Qt.ItemFlag.ItemIsDragEnabled | Qt.ItemFlag.ItemIsDropEnabled
        column = index.column()
        if row.kind == "section":
            return flags | Qt.ItemFlag.ItemIsEditable if column == KIND else flags
        if column in FIELD_OF:
            flags |= Qt.ItemFlag.ItemIsEditable
        elif column == OPTIONAL or (column == CHOSEN and row.line is not None and row.line.data.optional):
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role == KindRole:
            return row.kind
        if role == IdRole:
            return row.id
        if row.kind == "section":
            return self._section_data(row.section, column, role)
        assert row.line is not None
        return self._line_data(row.line, column, role)

    def _section_data(self, section: bom.BomSectionInfo, column: int, role: int) -> Any:
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if column == KIND:
                return section.name
            if column == TOTAL and role == Qt.ItemDataRole.DisplayRole:
                return format_money(section.subtotal, self.currency)
            return None
        if role == Qt.ItemDataRole.FontRole:
            return self._bold
        if role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(theme.color("section_bg"))
        if role == Qt.ItemDataRole.TextAlignmentRole and column == TOTAL:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and column == KIND:
            return "Section: type to rename, drag to reorder"
        return None

    def _line_data(self, line: bom.BomLineInfo, column: int, role: int) -> Any:
        d, a = line.data, line.amounts
        if role == Qt.ItemDataRole.CheckStateRole and column in CHECK_COLUMNS:
            if column == CHOSEN and not d.optional:
                return None
            checked = getattr(d, CHECK_COLUMNS[column])
            return Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(line, column)
        if role == Qt.ItemDataRole.EditRole:
            if column == PRICE:
                return plain(d.unit_price) if d.unit_price is not None else ""
            if column in FIELD_OF:
                value = getattr(d, FIELD_OF[column])
                return plain(value) if isinstance(value, Decimal) else value
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole and column in NUMBER_COLUMNS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole:
            if not a.counted or (column == PRICE and d.unit_price is None):
                return QBrush(theme.color("muted"))
            return None
        if role == Qt.ItemDataRole.FontRole and column == PRICE and d.unit_price is not None:
            return self._bold
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == PRICE:
                return (
                    "Typed sell price (clear it to use cost + markup)"
                    if d.unit_price is not None
                    else ("Cost + markup")
                )
            if column == DESCRIPTION and len(d.description) > 60:
                return d.description[:2000]
            if column == TOTAL and not a.counted:
                return "Optional line: not in the totals until included"
        return None

    def _display(self, line: bom.BomLineInfo, column: int) -> str | None:
        d, a = line.data, line.amounts
        money = self.currency
        values: dict[int, Callable[[], str]] = {
            KIND: lambda: d.kind.capitalize(),
            CODE: lambda: d.item_code,
            DESCRIPTION: lambda: d.description.replace("\n", " ⏎ "),
            QTY: lambda: plain(d.quantity),
            UNIT: lambda: d.unit,
            COST: lambda: cost_text(d.unit_cost),
            MARKUP: lambda: plain(d.markup),
            PRICE: lambda: format_money(a.unit_price, money),
            DISCOUNT: lambda: plain(d.discount) if d.discount else "",
            TAX: lambda: plain(d.tax_rate),
            TOTAL: lambda: format_money(a.net, money) if a.counted else f"({format_money(a.net, money)})",
        }
        make = values.get(column)
        return make() if make else None

    def setData(
        self, index: QModelIndex | QPersistentModelIndex, value: Any, role: int = Qt.ItemDataRole.EditRole
    ) -> bool:
        if not index.isValid() or self.frozen:
            return False
        row = self._rows[index.row()]
        column = index.column()
        if row.kind == "section":
            if column != KIND or role != Qt.ItemDataRole.EditRole:
                return False
            return self.rename_section(row.section.id, str(value or ""))
        assert row.line is not None
        if role == Qt.ItemDataRole.CheckStateRole and column in CHECK_COLUMNS:
            checked = Qt.CheckState(value) == Qt.CheckState.Checked if not isinstance(value, bool) else value
            changes: dict[str, Any] = {CHECK_COLUMNS[column]: checked}
            if column == OPTIONAL and not checked:
                changes["chosen"] = False
            return self.update_line(row.line, changes)
        if role != Qt.ItemDataRole.EditRole or column not in FIELD_OF:
            return False
        try:
            changes = {FIELD_OF[column]: self._parse(column, str(value if value is not None else ""))}
        except ValidationError as error:
            self.error.emit(str(error))
            return False
        return self.update_line(row.line, changes)

    def _parse(self, column: int, text: str) -> Any:
        field = FIELD_OF[column]
        if column == KIND:
            kind = text.strip().lower()
            if kind not in LINE_KINDS:
                raise ValidationError(f"The kind must be one of {', '.join(LINE_KINDS)}.")
            return kind
        if column == PRICE and not text.strip():
            return None
        if column in NUMBER_COLUMNS:
            return parse_number(text, HEADERS[column])
        return text if field == "description" else text.strip()

    # -- edits (undoable, see ui/commands/bom.py) ---------------------------------------------
    def _make_commands(self) -> BomCommands:
        """Commands hold only weak references to this model: the undo stack outlives it."""
        this = weakref.ref(self)

        def refresh() -> None:
            model = this()
            if model is not None:
                model.reload()
                model.modified.emit()

        def on_error(error: GojeeError) -> None:
            model = this()
            if model is not None:
                model.error.emit(str(error))
                if isinstance(error, StaleRecord | NotFound):
                    model.reload()  # show what the other user saved

        def view() -> bom.BomView | None:
            model = this()
            return model.view if model is not None else None

        def on_stale(error: StaleBom, intent: BomIntent) -> str | None:
            model = this()
            if model is None or model.conflict_handler is None:
                on_error(error)
                return None
            return model.conflict_handler(error, intent)

        return BomCommands(self.context, self.job_id, refresh, on_error, view, on_stale)

    def update_line(self, line: bom.BomLineInfo, changes: dict[str, Any]) -> bool:
        try:
            line.data.with_changes(**changes)  # check before pushing, to show the message inline
        except ValidationError as error:
            self.error.emit(str(error))
            return False
        return self.commands.edit_line(line, changes)

    def rename_section(self, section_id: int, name: str) -> bool:
        old = next((r.section.name for r in self._rows if r.kind == "section" and r.id == section_id), "")
        if name.strip() == old:
            return False
        return self.commands.rename_section(section_id, old, name)

    def add_lines(
        self,
        lines: Sequence[LineData],
        section_id: int | None,
        position: int | None,
        text: str | None = None,
    ) -> list[int]:
        """Insert lines (undoable, named `text` in the Edit menu); returns their ids (empty
        when refused)."""
        return self.commands.add_lines(lines, section_id, position, text)

    def delete_lines(self, line_ids: Sequence[int], verb: str = "Delete") -> bool:
        return self.commands.delete_lines(line_ids, verb)

    def add_section(self, name: str) -> int | None:
        return self.commands.add_section(name)

    def delete_section(self, section_id: int) -> bool:
        return self.commands.delete_section(section_id)

    def _move(
        self,
        text: str,
        action: Callable[[str | None], bom.Layout],
        lines: Sequence[int] = (),
        section_id: int | None = None,
    ) -> bool:
        return self.commands.move(text, action, lines, section_id)

    # -- drag and drop --------------------------------------------------------------------------
    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [ROWS_MIME]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        rows = sorted({i.row() for i in indexes if i.isValid()})
        picked = [self._rows[r] for r in rows]
        sections = [r.id for r in picked if r.kind == "section"]
        payload = (
            {"job": self.job_id, "section": sections[0]}
            if sections
            else {"job": self.job_id, "lines": [r.id for r in picked if r.kind == "line"]}
        )
        mime = QMimeData()
        mime.setData(ROWS_MIME, json.dumps(payload).encode())
        return mime

    def _payload(self, mime: QMimeData) -> dict[str, Any] | None:
        if not mime.hasFormat(ROWS_MIME):
            return None
        try:
            payload = json.loads(bytes(mime.data(ROWS_MIME).data()).decode())
        except ValueError:
            return None
        return payload if isinstance(payload, dict) and payload.get("job") == self.job_id else None

    def canDropMimeData(
        self,
        data: QMimeData,
        action: Qt.DropAction,
        row: int,
        column: int,
        parent: QModelIndex | QPersistentModelIndex,
    ) -> bool:
        return not self.frozen and action == Qt.DropAction.MoveAction and self._payload(data) is not None

    def drop_target(self, row: int, parent: QModelIndex | QPersistentModelIndex) -> int:
        """The flat row the drop lands before (a drop on a cell lands before that row)."""
        if row >= 0:
            return min(row, len(self._rows))
        return parent.row() if parent.isValid() else len(self._rows)

    def dropMimeData(
        self,
        data: QMimeData,
        action: Qt.DropAction,
        row: int,
        column: int,
        parent: QModelIndex | QPersistentModelIndex,
    ) -> bool:
        """Do the move through the services and reload. Returns False so the view never asks
        `removeRows()` to delete the dragged rows (the move already happened)."""
        payload = self._payload(data)
        if payload is None or self.frozen or action != Qt.DropAction.MoveAction:
            return False
        target = self.drop_target(row, parent)
        if "section" in payload:
            self.move_section_to(int(payload["section"]), target)
        else:
            self.move_lines_to([int(x) for x in payload.get("lines", [])], target)
        return False

    def move_section_to(self, section_id: int, target_row: int) -> bool:
        order = [r.id for r in self._rows[:target_row] if r.kind == "section" and r.id != section_id]
        sessions = self.context.sessions
        return self._move(
            "Move BOM section",
            lambda stamp: bom.move_section(sessions, section_id, len(order), expected_stamp=stamp),
            section_id=section_id,
        )

    def move_section_by(self, section_id: int, position: int) -> bool:
        count = sum(1 for r in self._rows if r.kind == "section")
        if not 0 <= position < count:
            return False
        sessions = self.context.sessions
        return self._move(
            "Move BOM section",
            lambda stamp: bom.move_section(sessions, section_id, position, expected_stamp=stamp),
            section_id=section_id,
        )

    def last_tax_rate(self) -> Decimal:
        """The tax rate of the last line (new lines start with it), or 0 on an empty BOM."""
        lines = [r.line for r in self._rows if r.line is not None]
        return lines[-1].data.tax_rate if lines else Decimal(0)

    def move_lines_to(self, line_ids: Sequence[int], target_row: int) -> bool:
        if not line_ids or not self._rows:
            return False
        section_id, position = self._insertion_point(target_row)
        sessions = self.context.sessions
        return self._move(
            lines_text("Move", len(line_ids)),
            lambda stamp: bom.move_lines(sessions, line_ids, section_id, position, expected_stamp=stamp),
            list(line_ids),
            section_id,
        )

    def _insertion_point(self, target_row: int) -> tuple[int, int]:
        """(section id, position in it) for a flat row something is dropped or pasted before.
        Before a section header means the end of the section above it."""
        if target_row >= len(self._rows):
            last = self._rows[-1].section
            return last.id, len(last.lines)
        row = self._rows[target_row]
        if row.kind == "line":
            assert row.line is not None
            return row.section.id, row.section.lines.index(row.line)
        if target_row == 0:
            return row.section.id, 0
        above = self._rows[target_row - 1].section
        return above.id, len(above.lines)

    def insertion_point(self, target_row: int) -> tuple[int | None, int | None]:
        """Where new or pasted lines go for a current row (after it); (None, None) on an empty BOM."""
        if not self._rows:
            return None, None
        return (
            self._insertion_point(target_row + 1)
            if target_row >= 0
            else self._insertion_point(len(self._rows))
        )

    def lines_at(self, rows: Sequence[int]) -> list[bom.BomLineInfo]:
        return [
            r.line
            for r in (self.row_at(x) for x in sorted(set(rows)))
            if r is not None and r.line is not None
        ]
