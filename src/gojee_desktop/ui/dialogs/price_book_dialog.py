"""The price book: catalogue items and labour rates with cost and default markup.

Opened from settings to maintain it, and from the BOM editor (pick mode) to add lines."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QSize, Qt, QTimer
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from gojee_desktop.models import LINE_KINDS
from gojee_desktop.services import price_book
from gojee_desktop.services.errors import GojeeError, ValidationError
from gojee_desktop.services.price_book import PriceItem
from gojee_desktop.ui import theme
from gojee_desktop.ui.context import AppContext
from gojee_desktop.ui.errors import show_error
from gojee_desktop.ui.itemmodels.bom_model import parse_number, plain
from gojee_desktop.ui.itemmodels.price_book_model import PriceBookModel
from gojee_desktop.ui.widgets.metrics import row_height
from gojee_desktop.ui.widgets.screen_fit import fit_window


class PriceItemDialog(QDialog):
    """Add or change one price book item."""

    def __init__(self, item: PriceItem | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Price book item" if item else "New price book item")
        self._id = item.id if item else None
        self.code = QLineEdit(item.code if item else "")
        self.description = QLineEdit(item.description if item else "")
        self.kind = QComboBox()
        self.kind.addItems([k.capitalize() for k in LINE_KINDS])
        self.kind.setCurrentIndex(LINE_KINDS.index(item.kind) if item else 0)
        self.unit = QLineEdit(item.unit if item else "ea")
        self.cost = QLineEdit(plain(item.unit_cost) if item else "0")
        self.markup = QLineEdit(plain(item.markup) if item else "0")
        self.markup.setToolTip("Markup on cost: sell price = cost × (1 + markup %). Not margin.")
        self.tax = QLineEdit(plain(item.tax_rate) if item else "10")
        form = QFormLayout()
        for label, widget in (
            ("&Code", self.code),
            ("&Description", self.description),
            ("&Kind", self.kind),
            ("&Unit", self.unit),
            ("Unit c&ost", self.cost),
            ("&Markup % (on cost)", self.markup),
            ("&Tax %", self.tax),
        ):
            form.addRow(label, widget)
        self.message = QLabel()
        theme.set_style(self.message, "color: $error;")
        self.message.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.result_item: PriceItem | None = None
        self.code.setFocus(Qt.FocusReason.OtherFocusReason)
        fit_window(self)

    def item(self) -> PriceItem:
        """The item as typed; ValidationError names a bad number."""
        return PriceItem(
            id=self._id,
            code=self.code.text(),
            description=self.description.text(),
            kind=LINE_KINDS[self.kind.currentIndex()],
            unit=self.unit.text(),
            unit_cost=parse_number(self.cost.text(), "Unit cost"),
            markup=parse_number(self.markup.text(), "Markup"),
            tax_rate=parse_number(self.tax.text(), "Tax"),
        )

    def _accept(self) -> None:
        try:
            self.result_item = self.item()
        except ValidationError as error:
            self.message.setText(str(error))
            return
        self.accept()


class PriceBookDialog(QDialog):
    """Maintain the price book; with `pick=True` it also returns the items chosen for a BOM."""

    def __init__(self, context: AppContext, parent: QWidget | None = None, pick: bool = False) -> None:
        super().__init__(parent)
        self.context = context
        self.pick = pick
        self.setWindowTitle("Add from the price book" if pick else "Price book")
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search code or description…")
        self.search.setClearButtonEnabled(True)
        self.model = PriceBookModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(row_height(self.table))
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(self._activated)
        self.add_button = QPushButton("&New item…")
        self.edit_button = QPushButton("&Edit…")
        self.delete_button = QPushButton("&Delete")
        self.add_button.clicked.connect(self.add_item)
        self.edit_button.clicked.connect(self.edit_item)
        self.delete_button.clicked.connect(self.delete_item)
        self.delete_button.setShortcut(QKeySequence.StandardKey.Delete)
        tools = QHBoxLayout()
        tools.addWidget(self.search, 1)
        for button in (self.add_button, self.edit_button, self.delete_button):
            tools.addWidget(button)
        buttons = QDialogButtonBox()
        if pick:
            self.pick_button = buttons.addButton("&Add to BOM", QDialogButtonBox.ButtonRole.AcceptRole)
            buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        else:
            buttons.addButton(QDialogButtonBox.StandardButton.Close)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(tools)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(150)
        self._debounce.timeout.connect(self.reload)
        self.search.textChanged.connect(self._debounce.start)
        self.reload()
        self.search.setFocus(Qt.FocusReason.OtherFocusReason)
        fit_window(self, QSize(820, 480))

    def reload(self) -> None:
        self.model.set_items(price_book.list_items(self.context.sessions, self.search.text()))
        if self.model.rowCount():
            flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
            self.table.selectionModel().setCurrentIndex(self.model.index(0, 0), flags)

    def selected_items(self) -> list[PriceItem]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [item for item in (self.model.item(r) for r in rows) if item is not None]

    def _activated(self, _index: QModelIndex) -> None:
        self.accept() if self.pick else self.edit_item()

    def _save(self, dialog: PriceItemDialog) -> None:
        while dialog.exec() == QDialog.DialogCode.Accepted and dialog.result_item is not None:
            try:
                price_book.save_item(self.context.sessions, dialog.result_item)
            except GojeeError as error:
                dialog.message.setText(str(error))
                continue
            self.context.signals.catalog_changed.emit("price_book")
            self.reload()
            return

    def add_item(self) -> None:
        self._save(PriceItemDialog(None, self))

    def edit_item(self) -> None:
        items = self.selected_items()
        if items:
            self._save(PriceItemDialog(items[0], self))

    def delete_item(self) -> None:
        items = self.selected_items()
        if not items:
            return
        names = ", ".join(i.code for i in items[:5])
        answer = QMessageBox.question(
            self, "Delete from the price book", f"Delete {names}? BOM lines keep their prices."
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            for item in items:
                price_book.delete_item(self.context.sessions, item.id or 0)
        except GojeeError as error:
            show_error(self, error)
        self.context.signals.catalog_changed.emit("price_book")
        self.reload()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter edits the item when maintaining the book (and adds it in pick mode)."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not self.pick:
            self.edit_item()
            return
        super().keyPressEvent(event)
