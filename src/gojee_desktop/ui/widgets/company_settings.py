"""Settings page for the quote letterhead (name, address, tax number, phone, email, logo) and
the quoting defaults (tax rounding, days a quote stays valid, default terms)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from gojee_desktop.pricing import TAX_ON_TOTAL, TAX_PER_LINE
from gojee_desktop.services.company import CompanyInfo, get_company, save_company
from gojee_desktop.services.errors import GojeeError
from gojee_desktop.ui import theme
from gojee_desktop.ui.context import AppContext
from gojee_desktop.ui.widgets.locale_combo import LocaleCombo

ROUNDING_CHOICES = [
    (TAX_PER_LINE, "Per line (round each line's tax, then add)"),
    (TAX_ON_TOTAL, "On the total (add the lines of each rate, then round once)"),
]


class CompanySettings(QWidget):
    """Edits the business's letterhead. `saved` is emitted after a successful save; `save()`
    can be called by a surrounding settings dialog (returns whether it saved)."""

    saved = Signal()

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self._logo: bytes | None = None
        self.name = QLineEdit()
        self.address = QPlainTextEdit()
        self.address.setTabChangesFocus(True)
        self.address.setFixedHeight(64)
        self.tax_number = QLineEdit()
        self.tax_number.setPlaceholderText("e.g. ABN 12 345 678 901")
        self.phone = QLineEdit()
        self.email = QLineEdit()
        self.logo_preview = QLabel("No logo")
        self.logo_preview.setObjectName("logoPreview")
        self.logo_preview.setFixedSize(180, 64)
        self.logo_preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        theme.set_style(self.logo_preview, "border: 1px solid $card_border; color: $hint;")
        choose = QPushButton("&Choose…")
        choose.clicked.connect(self.choose_logo)
        clear = QPushButton("Remo&ve")
        clear.clicked.connect(lambda: self.set_logo(None))
        logo_row = QHBoxLayout()
        logo_row.addWidget(self.logo_preview)
        logo_row.addWidget(choose)
        logo_row.addWidget(clear)
        logo_row.addStretch(1)
        self.rounding = QComboBox()
        for _key, text in ROUNDING_CHOICES:
            self.rounding.addItem(text)
        self.valid_days = QSpinBox()
        self.valid_days.setRange(1, 3650)
        self.valid_days.setSuffix(" days")
        self.terms = QPlainTextEdit()
        self.terms.setTabChangesFocus(True)
        self.locale_choice = LocaleCombo("Same as the display locale")
        form = QFormLayout()
        form.addRow("Business &name", self.name)
        form.addRow("&Address", self.address)
        form.addRow("&Tax number", self.tax_number)
        form.addRow("&Phone", self.phone)
        form.addRow("&Email", self.email)
        form.addRow("Logo", logo_row)
        form.addRow("Tax &rounding", self.rounding)
        form.addRow("Quotes &valid for", self.valid_days)
        form.addRow("Default &terms", self.terms)
        form.addRow("Quotes' &language and formats", self.locale_choice)
        self.message = QLabel()
        self.message.setObjectName("companyMessage")
        self.message.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Reset
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Save).clicked.connect(self.save)
        self.buttons.button(QDialogButtonBox.StandardButton.Reset).clicked.connect(self.load)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.load()

    def load(self) -> None:
        """Show the stored settings (Reset)."""
        info = get_company(self.context.sessions)
        self.name.setText(info.name)
        self.address.setPlainText(info.address)
        self.tax_number.setText(info.tax_number)
        self.phone.setText(info.phone)
        self.email.setText(info.email)
        self.set_logo(info.logo)
        keys = [key for key, _ in ROUNDING_CHOICES]
        self.rounding.setCurrentIndex(keys.index(info.tax_rounding))
        self.valid_days.setValue(info.valid_days)
        self.terms.setPlainText(info.terms)
        self.locale_choice.choose(info.locale)
        self.message.clear()

    def set_logo(self, data: bytes | None) -> bool:
        """Show a logo (PNG/JPEG bytes); False when Qt cannot read it as an image."""
        if not data:
            self._logo = None
            self.logo_preview.setPixmap(QPixmap())
            self.logo_preview.setText("No logo")
            return True
        pixmap = QPixmap()
        if not pixmap.loadFromData(data):
            self._show("That file is not an image that can be read (use PNG or JPEG).", error=True)
            return False
        self._logo = data
        self.logo_preview.setPixmap(
            pixmap.scaled(
                170, 56, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
            )
        )
        return True

    def choose_logo(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, "Choose a logo", str(Path.home()), "Images (*.png *.jpg *.jpeg)"
        )
        if path:
            try:
                self.set_logo(Path(path).read_bytes())
            except OSError as error:
                self._show(f"Cannot read {path}: {error.strerror}.", error=True)

    def info(self) -> CompanyInfo:
        return CompanyInfo(
            name=self.name.text(),
            address=self.address.toPlainText(),
            tax_number=self.tax_number.text(),
            phone=self.phone.text(),
            email=self.email.text(),
            logo=self._logo,
            tax_rounding=ROUNDING_CHOICES[self.rounding.currentIndex()][0],
            valid_days=self.valid_days.value(),
            terms=self.terms.toPlainText(),
            locale=self.locale_choice.chosen(),
        )

    def save(self) -> bool:
        try:
            save_company(self.context.sessions, self.info())
        except GojeeError as error:
            self._show(str(error), error=True)
            return False
        self._show("Saved. New quotes use these details; existing quotes keep their tax rounding.")
        self.context.signals.catalog_changed.emit("settings")
        self.saved.emit()
        return True

    def _show(self, text: str, error: bool = False) -> None:
        theme.set_style(self.message, "color: $error;" if error else "color: $success;")
        self.message.setText(text)
