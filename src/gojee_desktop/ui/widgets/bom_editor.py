"""The BOM tab of the job editor: a spreadsheet-like table of sections and lines, a toolbar,
and the totals.

Keyboard: type to edit a cell, Tab/Shift+Tab to the next/previous cell (the editor follows),
Enter commits and moves down, F2 edits, Insert adds a line, Delete removes the selected lines,
Ctrl+C/Ctrl+X/Ctrl+V copy, cut and paste lines, Ctrl+Up/Down move lines, drag rows to reorder
lines and sections. Every change is undoable (Ctrl+Z)."""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QMimeData, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QAction, QGuiApplication, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QSplitter,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from gojee_desktop.models import LINE_KINDS
from gojee_desktop.services.bom_conflicts import BomIntent, compare_bom
from gojee_desktop.services.bom_lines import LineData
from gojee_desktop.services.errors import GojeeError, StaleBom
from gojee_desktop.ui import theme
from gojee_desktop.ui.commands.bom import lines_text
from gojee_desktop.ui.context import AppContext
from gojee_desktop.ui.dialogs import conflict_dialog
from gojee_desktop.ui.dialogs.price_book_dialog import PriceBookDialog
from gojee_desktop.ui.itemmodels.bom_model import (
    DESCRIPTION,
    FIELD_OF,
    HEADERS,
    KIND,
    LINES_MIME,
    NUMBER_COLUMNS,
    TOTAL,
    BomModel,
    KindRole,
    parse_number,
    plain,
)
from gojee_desktop.ui.widgets.bom_totals import TotalsPanel
from gojee_desktop.ui.widgets.metrics import row_height, scaled

SETTINGS_HEADER = "bom_editor/header"
SETTINGS_SPLITTER = "bom_editor/splitter"
COPY_COLUMNS = [KIND, 1, DESCRIPTION, 3, 4, 5, 6, 7, 8, 9]  # kind .. tax %, as on screen
COLUMN_WIDTHS = {
    KIND: 84,
    1: 80,
    DESCRIPTION: 240,
    3: 56,
    4: 44,
    5: 76,
    6: 70,
    7: 84,
    8: 56,
    9: 50,
    TOTAL: 96,
    11: 66,
    12: 66,
}


class BomDelegate(QStyledItemDelegate):
    """A kind picker for the kind column, right-aligned text editors for numbers."""

    def createEditor(
        self, parent: QWidget, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QWidget:
        is_line = index.data(KindRole) == "line"
        if is_line and index.column() == KIND:
            combo = QComboBox(parent)
            combo.addItems([k.capitalize() for k in LINE_KINDS])
            return combo
        editor = QLineEdit(parent)
        editor.setFrame(False)
        if index.column() in NUMBER_COLUMNS:
            editor.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return editor

    def setEditorData(self, editor: QWidget, index: QModelIndex | QPersistentModelIndex) -> None:
        value = index.data(Qt.ItemDataRole.EditRole)
        if isinstance(editor, QComboBox):
            kind = str(value or "material")
            editor.setCurrentIndex(LINE_KINDS.index(kind) if kind in LINE_KINDS else 0)
        elif isinstance(editor, QLineEdit):
            editor.setText("" if value is None else str(value))
            editor.selectAll()

    def setModelData(
        self, editor: QWidget, model: QAbstractItemModel, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        if isinstance(editor, QComboBox):
            value = LINE_KINDS[editor.currentIndex()]
        elif isinstance(editor, QLineEdit):
            value = editor.text()
        else:  # pragma: no cover - only the two editors above exist
            return
        if value != index.data(Qt.ItemDataRole.EditRole):
            model.setData(index, value, Qt.ItemDataRole.EditRole)


class BomTableView(QTableView):
    """QTableView with spreadsheet habits: Enter moves down, section rows span the table."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("bomTable")
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setDragEnabled(True)
        self.setAcceptDrops(True)
        self.setDropIndicatorShown(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)  # the model checks the payload
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setDragDropOverwriteMode(False)
        self.setTabKeyNavigation(True)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.verticalHeader().setDefaultSectionSize(row_height(self))
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.verticalHeader().setToolTip("Drag a row number to move the line or section")
        self.setItemDelegate(BomDelegate(self))

    def setModel(self, model: QAbstractItemModel | None) -> None:
        super().setModel(model)
        if model is not None:
            model.modelReset.connect(self.apply_spans)
            self.apply_spans()

    def apply_spans(self) -> None:
        """A section's name spans the columns up to its subtotal."""
        model = self.model()
        self.clearSpans()
        for row in range(model.rowCount()):
            if model.index(row, 0).data(KindRole) == "section":
                self.setSpan(row, KIND, 1, TOTAL)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.state() != self.State.EditingState:
            self.move_down()
            return
        super().keyPressEvent(event)

    def move_down(self) -> None:
        current = self.currentIndex()
        if current.isValid() and current.row() + 1 < self.model().rowCount():
            below = self.model().index(current.row() + 1, current.column())
            if self.model().index(below.row(), 0).data(KindRole) == "section":
                below = self.model().index(below.row(), KIND)
            self.setCurrentIndex(below)

    def closeEditor(self, editor: QWidget, hint: QAbstractItemDelegate.EndEditHint) -> None:
        super().closeEditor(editor, hint)
        if hint == QAbstractItemDelegate.EndEditHint.SubmitModelCache:
            self.move_down()


class BomEditor(QWidget):
    """One job's bill of materials. `changed` is emitted after every edit, undo or redo made
    here; `reload()` reads the BOM again (after a quote froze or unfroze it, say)."""

    changed = Signal()

    def __init__(self, context: AppContext, job_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.job_id = job_id
        self.model = BomModel(context, job_id, self)
        self.table = BomTableView(self)
        self.table.setModel(self.model)
        self.totals = TotalsPanel(self)
        self.banner = QLabel(self)
        self.banner.setObjectName("bomFrozenBanner")
        self.banner.setWordWrap(True)
        theme.set_style(
            self.banner, "background: $banner_bg; color: $banner_text; padding: 6px; border-radius: 3px;"
        )
        self.message = QLabel(self)
        self.message.setObjectName("bomMessage")
        theme.set_style(self.message, "color: $error;")
        self.message.setWordWrap(True)
        self.toolbar = QToolBar(self)
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.actions_by_name: dict[str, QAction] = {}
        self._build_actions()

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(self.totals)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setCollapsible(0, False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.toolbar)
        layout.addWidget(self.banner)
        layout.addWidget(self.splitter, 1)
        footer = QHBoxLayout()
        footer.addWidget(self.message, 1)
        layout.addLayout(footer)

        self.model.loaded.connect(self._loaded)
        self.model.modified.connect(self.changed)
        self.model.modified.connect(lambda: self.message.clear())
        self.model.error.connect(self.show_message)
        self.model.conflict_handler = self._resolve_conflict
        context.signals.jobs_changed.connect(self._jobs_changed)
        self._restore_layout()
        self._loaded()

    # -- set-up ------------------------------------------------------------------------------
    def _action(self, name: str, text: str, slot: Any, shortcut: Any = None, tip: str = "") -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        action.setToolTip(f"{tip or text} ({keys})" if keys else tip or text)
        action.triggered.connect(slot)
        self.addAction(action)
        self.actions_by_name[name] = action
        return action

    def _build_actions(self) -> None:
        toolbar = self.toolbar
        toolbar.addAction(self._action("add_line", "Add line", self.add_line, Qt.Key.Key_Insert))
        toolbar.addAction(self._action("add_section", "Add section", self.add_section, "Ctrl+Shift+N"))
        toolbar.addAction(
            self._action(
                "price_book",
                "From price book…",
                self.add_from_price_book,
                "Ctrl+B",
                "Add lines priced from the price book",
            )
        )
        toolbar.addSeparator()
        toolbar.addAction(
            self._action("delete", "Delete", self.delete_selected, QKeySequence.StandardKey.Delete)
        )
        self._action("copy", "Copy lines", self.copy_lines, QKeySequence.StandardKey.Copy)
        self._action("cut", "Cut lines", self.cut_lines, QKeySequence.StandardKey.Cut)
        self._action("paste", "Paste lines", self.paste_lines, QKeySequence.StandardKey.Paste)
        toolbar.addAction(self._action("move_up", "Move up", lambda: self.move_selected(-1), "Ctrl+Up"))
        toolbar.addAction(self._action("move_down", "Move down", lambda: self.move_selected(1), "Ctrl+Down"))

    def _restore_layout(self) -> None:
        header = self.table.horizontalHeader()
        for column, width in COLUMN_WIDTHS.items():
            header.resizeSection(column, scaled(self, width))
        state = self.context.settings.value(SETTINGS_HEADER)
        if state is not None:
            header.restoreState(state)
        splitter = self.context.settings.value(SETTINGS_SPLITTER)
        if splitter is not None:
            self.splitter.restoreState(splitter)
        else:
            self.splitter.setSizes([900, 280])
        header.sectionResized.connect(
            lambda *_: self.context.settings.setValue(SETTINGS_HEADER, header.saveState())
        )
        self.splitter.splitterMoved.connect(
            lambda *_: self.context.settings.setValue(SETTINGS_SPLITTER, self.splitter.saveState())
        )

    # -- state ---------------------------------------------------------------------------------
    def reload(self) -> None:
        """Read the BOM again from the database."""
        self.model.reload()

    def _jobs_changed(self, ids: list[int]) -> None:
        if self.job_id in ids:
            self.model.reload()

    def _loaded(self) -> None:
        view = self.model.view
        if view is None:
            return
        self.totals.show_totals(view.totals)
        frozen = view.frozen
        self.banner.setVisible(frozen)
        if frozen:
            self.banner.setText(
                f"This BOM is frozen: quote {view.frozen_by} was accepted. Revise the quote to change it."
            )
        for name in (
            "add_line",
            "add_section",
            "price_book",
            "delete",
            "cut",
            "paste",
            "move_up",
            "move_down",
        ):
            self.actions_by_name[name].setEnabled(not frozen)
        self.table.setDragEnabled(not frozen)
        self.table.apply_spans()

    def _resolve_conflict(self, error: StaleBom, intent: BomIntent) -> str | None:
        """Another client changed the BOM since it was loaded: their lines beside this edit.
        Overwrite makes the edit on the BOM as saved now (returns its stamp); Reload drops it."""
        view = self.model.view
        try:
            if view is None:
                raise error
            conflict = compare_bom(self.context.sessions, view, intent)
        except GojeeError as failure:
            self.model.reload()
            self.show_message(str(failure))
            return None
        if conflict_dialog.ask(conflict, self, conflict_dialog.BOM_EDIT) == conflict_dialog.OVERWRITE:
            return conflict.fresh.stamp
        self.model.reload()
        self.show_message(f"Reloaded the BOM of {conflict.number} as saved by someone else.")
        return None

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.context.signals.status_message.emit(text)

    # -- selection helpers ----------------------------------------------------------------------
    def selected_rows(self) -> list[int]:
        rows = {index.row() for index in self.table.selectionModel().selectedIndexes()}
        current = self.table.currentIndex()
        if not rows and current.isValid():
            rows.add(current.row())
        return sorted(rows)

    def selected_line_ids(self) -> list[int]:
        return [line.id for line in self.model.lines_at(self.selected_rows())]

    def _focus_line(self, line_id: int, column: int = DESCRIPTION, edit: bool = False) -> None:
        row = self.model.row_of("line", line_id)
        if row >= 0:
            index = self.model.index(row, column)
            self.table.setCurrentIndex(index)
            self.table.scrollTo(index)
            if edit:
                self.table.edit(index)

    # -- actions --------------------------------------------------------------------------------
    def add_line(self) -> None:
        current = self.table.currentIndex().row()
        section_id, position = self.model.insertion_point(current)
        near = self.model.lines_at([current]) or self.model.lines_at([current - 1])
        tax = near[0].data.tax_rate if near else self.model.last_tax_rate()
        ids = self.model.add_lines([LineData(tax_rate=tax)], section_id, position)
        if ids:
            self._focus_line(ids[0], DESCRIPTION, edit=True)

    def add_section(self) -> None:
        name, ok = QInputDialog.getText(self, "Add section", "Section name:")
        if ok and name.strip():
            self.model.add_section(name)

    def add_from_price_book(self) -> None:
        dialog = PriceBookDialog(self.context, self, pick=True)
        if dialog.exec() != PriceBookDialog.DialogCode.Accepted:
            return
        items = dialog.selected_items()
        if not items:
            return
        section_id, position = self.model.insertion_point(self.table.currentIndex().row())
        text = lines_text("Add", len(items)) + " from price book"
        ids = self.model.add_lines([item.as_line() for item in items], section_id, position, text)
        if ids:
            self._focus_line(ids[0], 3)

    def delete_selected(self) -> None:
        line_ids = self.selected_line_ids()
        if line_ids:
            self.model.delete_lines(line_ids)
            return
        rows = [self.model.row_at(r) for r in self.selected_rows()]
        sections = [r for r in rows if r is not None and r.kind == "section"]
        if not sections:
            return
        section = sections[0].section
        if section.lines:
            answer = QMessageBox.question(
                self,
                "Delete section",
                f"Delete the section '{section.name}' and its {len(section.lines)} lines?",
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        self.model.delete_section(section.id)

    def move_selected(self, step: int) -> None:
        """Ctrl+Up/Down: move the selected lines one row (across section borders too), or the
        selected section one place."""
        rows = self.selected_rows()
        line_ids = self.selected_line_ids()
        if not line_ids:
            picked = self.model.row_at(rows[0]) if rows else None
            if picked is not None and picked.kind == "section":
                self.model.move_section_by(picked.section.id, picked.section.position + step)
            return
        first, last = min(rows), max(rows)
        column = max(self.table.currentIndex().column(), 0)
        target = first - 1 if step < 0 else last + 2
        if target <= 0 or target > self.model.rowCount():
            return
        if self.model.move_lines_to(line_ids, target):
            self._focus_line(line_ids[0], column)
            selection = self.table.selectionModel()
            for line_id in line_ids:
                number = self.model.row_of("line", line_id)
                flags = selection.SelectionFlag.Select | selection.SelectionFlag.Rows
                selection.select(self.model.index(number, 0), flags)

    def copy_lines(self) -> bool:
        lines = self.model.lines_at(self.selected_rows())
        if not lines:
            return False
        mime = QMimeData()
        mime.setData(LINES_MIME, json.dumps([line.data.as_dict() for line in lines]).encode())
        rows = []
        for line in lines:
            row = self.model.row_of("line", line.id)
            rows.append(
                "\t".join(
                    str(self.model.index(row, c).data(Qt.ItemDataRole.EditRole) or "")
                    .replace("\t", " ")
                    .replace("\n", " ")
                    for c in COPY_COLUMNS
                )
            )
        mime.setText("\n".join(rows))
        QGuiApplication.clipboard().setMimeData(mime)
        self.context.signals.status_message.emit(f"Copied {len(lines)} line(s).")
        return True

    def cut_lines(self) -> None:
        if self.copy_lines():
            self.model.delete_lines(self.selected_line_ids(), "Cut")

    def paste_lines(self) -> None:
        mime = QGuiApplication.clipboard().mimeData()
        try:
            if mime is not None and mime.hasFormat(LINES_MIME):
                raw = json.loads(bytes(mime.data(LINES_MIME).data()).decode())
                lines = [LineData.from_dict(item) for item in raw]
            elif mime is not None and mime.hasText():
                lines = [self._line_from_text(row) for row in mime.text().splitlines() if row.strip()]
            else:
                return
        except (GojeeError, ValueError, TypeError) as error:
            self.show_message(f"Cannot paste: {error}")
            return
        if not lines:
            return
        section_id, position = self.model.insertion_point(self.table.currentIndex().row())
        ids = self.model.add_lines(lines, section_id, position, lines_text("Paste", len(lines)))
        if ids:
            self._focus_line(
                ids[0], self.table.currentIndex().column() if self.table.currentIndex().isValid() else 2
            )
            self.context.signals.status_message.emit(f"Pasted {len(ids)} line(s).")

    @staticmethod
    def _line_from_text(row: str) -> LineData:
        """A tab-separated row in the columns Copy writes (kind, code, description, qty, unit,
        unit cost, markup, sell price, discount, tax); a single cell is a description."""
        cells = row.split("\t")
        if len(cells) == 1:
            return LineData(description=cells[0].strip())
        names = [FIELD_OF[c] for c in COPY_COLUMNS]
        values: dict[str, Any] = {}
        for name, cell in zip(names, cells, strict=False):
            text = cell.strip()
            if name == "kind":
                values[name] = text.lower() or "material"
            elif name in ("item_code", "description", "unit"):
                values[name] = text
            elif text:
                values[name] = plain(parse_number(text, HEADERS[COPY_COLUMNS[names.index(name)]]))
        return LineData.from_dict(values)
