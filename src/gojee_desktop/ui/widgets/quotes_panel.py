"""The Quotes tab of the job editor: the job's quotes with their status, and what can be
done with them: create or revise, edit a draft's details, mark sent / accepted / declined,
compare two revisions, save as PDF (then open it) and print. Creating, revising, editing
and status changes are undoable through the app's undo stack (see ui/commands/quote.py)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, QUrl, Signal
from PySide6.QtGui import QAction, QDesktopServices, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QMessageBox,
    QPushButton,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from gojee_desktop.documents.quote_pdf import quote_pdf_bytes
from gojee_desktop.services import quotes
from gojee_desktop.services.company import get_company
from gojee_desktop.services.errors import GojeeError
from gojee_desktop.services.quote_compare import compare_quotes
from gojee_desktop.ui import theme
from gojee_desktop.ui.commands.quote import QuoteCommands
from gojee_desktop.ui.context import AppContext
from gojee_desktop.ui.dialogs.quote_dialogs import CompareDialog, QuoteDetailsDialog
from gojee_desktop.ui.errors import show_error
from gojee_desktop.ui.itemmodels.quote_list_model import QuoteListModel
from gojee_desktop.ui.widgets.metrics import row_height

SETTINGS_FOLDER = "quotes/pdf_folder"
CONFIRM = {
    "sent": None,
    "accepted": "Accepting {number} sets the job to Approved and freezes its BOM "
    "(a new revision unfreezes it).",
    "declined": "Mark {number} as declined? It then cannot be sent or accepted; revise it to quote again.",
}


def printing_available() -> bool:
    """Whether this Qt build ships QtPrintSupport (PySide6-Essentials does)."""
    try:
        from PySide6 import QtPrintSupport  # noqa: F401
    except ImportError:
        return False
    return True


class QuotesPanel(QWidget):
    """One job's quotes. `changed` is emitted after the list was read again because the job
    changed (a quote created, revised, edited or its status changed, undo and redo included);
    `reload()` reads the list again."""

    changed = Signal()

    def __init__(self, context: AppContext, job_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.job_id = job_id
        self.open_file = QDesktopServices.openUrl  # tests replace it
        self.model = QuoteListModel(self)
        self.commands = QuoteCommands(context, job_id, self)
        self.table = QTableView(self)
        self.table.setObjectName("quotesTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(row_height(self.table))
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for column, width in ((2, 120), (3, 120), (4, 140)):
            self.table.horizontalHeader().resizeSection(column, width)
        self.table.doubleClicked.connect(self._double_clicked)

        self.new_button = QPushButton("&New quote", self)
        self.new_button.setToolTip("Make a quote from the BOM (or the next revision of the newest quote)")
        self.details_button = QPushButton("&Details…", self)
        self.status_button = QToolButton(self)
        self.status_button.setText("Set &status")
        self.status_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.status_button)
        self.status_actions: dict[str, QAction] = {}
        for status, text in (
            ("sent", "Mark sent"),
            ("accepted", "Mark accepted"),
            ("declined", "Mark declined"),
        ):
            action = menu.addAction(text)
            action.triggered.connect(self._status_slot(status))
            self.status_actions[status] = action
        self.status_button.setMenu(menu)
        self.compare_button = QPushButton("&Compare…", self)
        self.compare_button.setToolTip(
            "Compare the selected revision with the one before (or two selected ones)"
        )
        self.pdf_button = QPushButton("Save as &PDF…", self)
        self.pdf_button.setShortcut(QKeySequence("Ctrl+Shift+S"))
        self.print_button = QPushButton("P&rint…", self)
        self.print_button.setShortcut(QKeySequence.StandardKey.Print)
        if not printing_available():
            self.print_button.hide()
        self.new_button.clicked.connect(self.new_quote)
        self.details_button.clicked.connect(self.edit_details)
        self.compare_button.clicked.connect(self.compare)
        self.pdf_button.clicked.connect(lambda: self.save_pdf())
        self.print_button.clicked.connect(self.print_quote)
        self.hint = QLabel(self)
        self.hint.setObjectName("quotesHint")
        theme.set_style(self.hint, "color: $hint;")
        self.hint.setWordWrap(True)

        buttons = QHBoxLayout()
        for widget in (self.new_button, self.details_button, self.status_button, self.compare_button):
            buttons.addWidget(widget)
        buttons.addStretch(1)
        buttons.addWidget(self.pdf_button)
        buttons.addWidget(self.print_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.hint)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        context.signals.jobs_changed.connect(self._jobs_changed)
        self.reload()

    # -- state -----------------------------------------------------------------------------------
    def reload(self) -> None:
        """Read the job's quotes again, keeping the selected one selected."""
        current = self.current()
        try:
            summaries = quotes.list_quotes(self.context.sessions, self.job_id)
        except GojeeError as error:
            self.hint.setText(str(error))
            return
        self.model.set_quotes(summaries)
        row = self.model.row_of(current.number) if current else -1
        if self.model.rowCount():
            self.select_row(max(row, 0))
        self._update_buttons()

    def select_row(self, row: int) -> None:
        """Select one quote (not `selectRow`, which honours a held Ctrl and may toggle)."""
        index = self.model.index(row, 0)
        flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        self.table.selectionModel().setCurrentIndex(index, flags)

    def selected(self) -> list[quotes.QuoteSummary]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [q for q in (self.model.quote(r) for r in rows) if q is not None]

    def current(self) -> quotes.QuoteSummary | None:
        picked = self.selected()
        return picked[0] if picked else None

    def _update_buttons(self) -> None:
        quote = self.current()
        latest = self.model.quote(0)
        self.new_button.setText("&Revise" if latest else "&New quote")
        self.details_button.setEnabled(quote is not None)
        self.details_button.setText("&Details…" if quote and not quote.read_only else "&View details…")
        can = quotes.TRANSITIONS.get(quote.status, ()) if quote and quote.latest else ()
        for status, action in self.status_actions.items():
            action.setEnabled(status in can)
        self.status_button.setEnabled(bool(can))
        self.compare_button.setEnabled(self.model.rowCount() > 1 and quote is not None)
        for button in (self.pdf_button, self.print_button):
            button.setEnabled(quote is not None)
        if latest is None:
            self.hint.setText("No quotes yet. Add lines to the BOM, then make a quote from it.")
        elif latest.status == "accepted":
            self.hint.setText(f"{latest.number} was accepted; the BOM is frozen until you revise the quote.")
        else:
            self.hint.setText("Older revisions are kept read-only. Double-click a quote to see its details.")

    def _jobs_changed(self, ids: list[int]) -> None:
        if self.job_id in ids:
            self.reload()
            self.changed.emit()

    def _done(self, message: str) -> None:
        self.context.signals.status_message.emit(message)

    # -- actions ---------------------------------------------------------------------------------
    def new_quote(self) -> quotes.QuoteDetail | None:
        """The first quote, or the next revision of the newest one."""
        latest = self.model.quote(0)
        detail = self.commands.create(latest.number if latest else None)
        if detail is None:
            return None
        self._done(f"Created {detail.number}.")
        self.select_row(self.model.row_of(detail.number))
        return detail

    def _status_slot(self, status: str) -> Callable[[], None]:
        def slot() -> None:
            self.set_status(status)

        return slot

    def set_status(self, status: str, confirm: bool = True) -> bool:
        quote = self.current()
        if quote is None:
            return False
        question = CONFIRM.get(status)
        if confirm and question:
            answer = QMessageBox.question(self, f"Mark {status}", question.format(number=quote.number))
            if answer != QMessageBox.StandardButton.Yes:
                return False
        if not self.commands.set_status(quote.number, status):
            return False
        self._done(f"{quote.number} is now {status}.")
        return True

    def _double_clicked(self, _index: QModelIndex) -> None:
        self.edit_details()

    def edit_details(self) -> None:
        quote = self.current()
        if quote is None:
            return
        try:
            detail = quotes.get_quote(self.context.sessions, quote.number)
        except GojeeError as error:
            show_error(self, error)
            return
        dialog = QuoteDetailsDialog(detail, self)
        if quote.read_only:
            dialog.setWindowTitle(f"Quote {quote.number} (read-only)")
            for child in dialog.findChildren(QWidget):
                if child.objectName() != "qt_msgbox_buttonbox" and hasattr(child, "setReadOnly"):
                    child.setReadOnly(True)
            dialog.hide_prices.setEnabled(False)
            dialog.exec()
            return
        while dialog.exec() == QuoteDetailsDialog.DialogCode.Accepted:
            refusal = self.commands.update(detail, dialog.changes())
            if refusal is not None:
                dialog.message.setText(str(refusal))
                continue
            self._done(f"Saved {quote.number}.")
            return

    def compare(self) -> None:
        picked = self.selected()
        if len(picked) >= 2:
            new, old = picked[0], picked[-1]
        elif picked:
            new = picked[0]
            older = self.model.quote(self.model.row_of(new.number) + 1)
            if older is None:
                self.context.signals.status_message.emit(f"{new.number} is the first revision.")
                return
            old = older
        else:
            return
        try:
            changes = compare_quotes(self.context.sessions, old.number, new.number)
        except GojeeError as error:
            show_error(self, error)
            return
        CompareDialog(old.number, new.number, changes, self).exec()

    def save_pdf(self, path: str | None = None) -> Path | None:
        """Ask where (unless given), write the PDF, then open it."""
        quote = self.current()
        if quote is None:
            return None
        if path is None:
            folder = str(self.context.settings.value(SETTINGS_FOLDER, str(Path.home())))
            path, _ = QFileDialog.getSaveFileName(
                self, "Save quote as PDF", str(Path(folder) / f"{quote.number}.pdf"), "PDF files (*.pdf)"
            )
            if not path:
                return None
        target = Path(path)
        try:
            detail = quotes.get_quote(self.context.sessions, quote.number)
            data = quote_pdf_bytes(detail, get_company(self.context.sessions))
            target.write_bytes(data)
        except GojeeError as error:
            show_error(self, error)
            return None
        except OSError as error:
            QMessageBox.warning(
                self, "Cannot save the PDF", f"{target} could not be written: {error.strerror}."
            )
            return None
        self.context.settings.setValue(SETTINGS_FOLDER, str(target.parent))
        self.context.signals.status_message.emit(f"Saved {target.name}.")
        self.open_file(QUrl.fromLocalFile(str(target)))
        return target

    def print_quote(self) -> None:
        quote = self.current()
        if quote is None:
            return
        from gojee_desktop.ui.widgets.quote_print import print_quote

        try:
            detail = quotes.get_quote(self.context.sessions, quote.number)
            print_quote(detail, get_company(self.context.sessions), self)
        except GojeeError as error:
            show_error(self, error)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter opens the selected quote's details."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.edit_details()
            return
        super().keyPressEvent(event)
