"""Small dialogs of the quotes tab: a draft's details, and the comparison of two revisions."""

from __future__ import annotations

from PySide6.QtCore import QDate, QSize, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from gojee_desktop.services.quote_compare import LineChange
from gojee_desktop.services.quotes import QuoteDetail
from gojee_desktop.ui import theme
from gojee_desktop.ui.widgets.screen_fit import fit_window


class QuoteDetailsDialog(QDialog):
    """Customer, site, dates, intro, terms and the hide-unit-prices option of a draft."""

    def __init__(self, quote: QuoteDetail, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Quote {quote.number}")
        s = quote.summary
        self.customer = QPlainTextEdit(quote.customer)
        self.site = QPlainTextEdit(quote.site)
        for box in (self.customer, self.site):
            box.setTabChangesFocus(True)
            box.setFixedHeight(3 * box.fontMetrics().lineSpacing() + 2 * box.frameWidth() + 8)
        self.issue = QDateEdit(QDate(s.issue_date.year, s.issue_date.month, s.issue_date.day))
        self.valid = QDateEdit(QDate(s.valid_until.year, s.valid_until.month, s.valid_until.day))
        for edit in (self.issue, self.valid):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("dd MMM yyyy")
        self.intro = QPlainTextEdit(quote.intro)
        self.terms = QPlainTextEdit(quote.terms)
        for box in (self.intro, self.terms):
            box.setTabChangesFocus(True)
        self.hide_prices = QCheckBox("Hide unit prices and line amounts (show section subtotals only)")
        self.hide_prices.setChecked(quote.hide_unit_prices)
        form = QFormLayout()
        form.addRow("&Customer", self.customer)
        form.addRow("&Site", self.site)
        form.addRow("&Issued", self.issue)
        form.addRow("&Valid until", self.valid)
        form.addRow("&Introduction", self.intro)
        form.addRow("&Terms", self.terms)
        form.addRow("", self.hide_prices)
        self.message = QLabel()
        theme.set_style(self.message, "color: $error;")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.customer.setFocus(Qt.FocusReason.OtherFocusReason)
        fit_window(self, QSize(560, 560))

    def changes(self) -> dict[str, object]:
        return {
            "customer": self.customer.toPlainText(),
            "site": self.site.toPlainText(),
            "issue_date": self.issue.date().toPython(),
            "valid_until": self.valid.date().toPython(),
            "intro": self.intro.toPlainText(),
            "terms": self.terms.toPlainText(),
            "hide_unit_prices": self.hide_prices.isChecked(),
        }


class CompareDialog(QDialog):
    """Lines added, removed and changed between two revisions."""

    ROLES = {"added": "success", "removed": "error", "changed": "warning"}

    def __init__(self, old: str, new: str, changes: list[LineChange], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Compare {old} with {new}")
        counts = {kind: sum(c.change == kind for c in changes) for kind in ("added", "removed", "changed")}
        summary = QLabel(
            ", ".join(f"{n} {kind}" for kind, n in counts.items())
            if changes
            else "The two revisions have the same lines."
        )
        self.table = QTableWidget(len(changes), 4)
        self.table.setHorizontalHeaderLabels(["Change", "Section", "Line", "What changed"])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for row, change in enumerate(changes):
            detail = "; ".join(f"{f}: {o or '—'} → {n or '—'}" for f, o, n in change.fields)
            for column, text in enumerate(
                [change.change.capitalize(), change.section, change.description, detail]
            ):
                item = QTableWidgetItem(text)
                if column == 0:
                    item.setForeground(theme.color(self.ROLES[change.change]))
                self.table.setItem(row, column, item)
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.resizeColumnsToContents()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)
        fit_window(self, QSize(820, 420))
