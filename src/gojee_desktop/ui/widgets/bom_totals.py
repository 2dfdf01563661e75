"""The totals beside the BOM: subtotal, discount, tax per rate, grand total, cost and profit."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QFrame, QLabel, QWidget

from gojee_desktop.money import format_money
from gojee_desktop.pricing import TAX_ON_TOTAL, Totals, margin_percent
from gojee_desktop.ui import theme
from gojee_desktop.ui.itemmodels.bom_model import plain


class TotalsPanel(QFrame):
    """Read-only figures; `show_totals` replaces them all."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("bomTotals")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setMinimumWidth(260)
        self.form = QFormLayout(self)
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.values: dict[str, str] = {}

    def _add(self, label: str, value: str, strong: bool = False, muted: bool = False) -> None:
        name, figure = QLabel(label), QLabel(value)
        figure.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        figure.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        if strong:
            for widget in (name, figure):
                theme.set_style(widget, "font-weight: 600; font-size: 15px; color: $emphasis;")
        elif muted:
            for widget in (name, figure):
                theme.set_style(widget, "color: $hint;")
        self.form.addRow(name, figure)
        self.values[label] = value

    def show_totals(self, totals: Totals) -> None:
        while self.form.rowCount():
            self.form.removeRow(0)
        self.values = {}
        money = lambda amount: format_money(amount, totals.currency)  # noqa: E731
        if totals.discount:
            self._add("Total before discount", money(totals.gross))
            self._add("Discount", f"−{money(totals.discount)}")
        self._add("Subtotal (excl. tax)", money(totals.subtotal))
        for tax in totals.taxes:
            if tax.rate:
                self._add(f"Tax {plain(tax.rate)} % on {money(tax.base)}", money(tax.tax))
        self._add("Total tax", money(totals.tax_total))
        self._add("Grand total", money(totals.grand_total), strong=True)
        rounding = "on the total of each rate" if totals.tax_rounding == TAX_ON_TOTAL else "per line"
        self._add("Tax rounded", rounding, muted=True)
        self._add("Cost", money(totals.cost), muted=True)
        self._add("Profit", money(totals.profit), muted=True)
        margin = margin_percent(totals.cost, totals.subtotal)
        if margin is not None:
            self._add("Margin (profit ÷ price)", f"{margin:.1f} %", muted=True)
