"""File › Scan business card…: the card's image beside a new-lead form filled from it, to
correct before saving; the duplicate check runs as the fields change. The OCR runs off the
GUI thread; without Tesseract the window says how to install it."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QThread, QTimer, Signal
from PySide6.QtGui import QKeySequence, QPixmap, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from gojee_desktop.services import jobs
from gojee_desktop.services.capture.card_fields import CardFields, card_notes
from gojee_desktop.services.capture.card_scan import IMAGE_SUFFIXES, ScanError, scan_card, tesseract_missing
from gojee_desktop.services.capture.matching import find_person_matches
from gojee_desktop.services.capture.region import get_region
from gojee_desktop.services.contact_query import PERSON
from gojee_desktop.services.contacts import CustomerInput, several
from gojee_desktop.services.errors import GojeeError
from gojee_desktop.ui import theme
from gojee_desktop.ui.context import AppContext
from gojee_desktop.ui.dialogs.contact_editor import open_contact_editor
from gojee_desktop.ui.widgets.duplicate_links import matches_html, warning_label
from gojee_desktop.ui.widgets.file_drop import FileDropFilter

IMAGE_FILTER = "Images (*.png *.jpg *.jpeg *.tif *.tiff *.bmp *.webp)"


class ScanThread(QThread):
    scanned = Signal(object)  # CardFields
    failed = Signal(str)

    def __init__(self, path: Path, region: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._path = path
        self._region = region

    def run(self) -> None:
        try:
            self.scanned.emit(scan_card(self._path, self._region).fields)
        except ScanError as exc:
            self.failed.emit(str(exc))


class ScanWindow(QDialog):
    lead_created = Signal(int)

    def __init__(
        self, context: AppContext, path: str | Path | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Scan business card")
        self.setObjectName("scanWindow")
        self.resize(980, 520)
        self.context = context
        self._thread: ScanThread | None = None
        self.image = QLabel("Open or drop a photo of a business card (PNG, JPG).", self)
        self.image.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.image.setMinimumSize(420, 260)
        theme.set_style(
            self.image, "background: $placeholder_bg; border: 1px dashed $placeholder_border; color: $hint"
        )
        self.image.setWordWrap(True)
        self.file_drop = FileDropFilter(self.image, self.load, IMAGE_SUFFIXES)
        open_button = QPushButton("&Open image…", self)
        open_button.clicked.connect(self._choose)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.lead_title = QLineEdit(self)
        self.name = QLineEdit(self)
        self.job_title = QLineEdit(self)
        self.company = QLineEdit(self)
        self.email = QLineEdit(self)
        self.phone = QLineEdit(self)
        self.website = QLineEdit(self)
        self.address = QLineEdit(self)
        self.duplicate = warning_label(
            self, lambda person_id: open_contact_editor(self.context, PERSON, person_id, self)
        )
        self.error = QLabel(self)
        self.error.setWordWrap(True)
        theme.set_style(self.error, "color: $error;")
        form = QFormLayout()
        for label, widget in (
            ("Lead &title", self.lead_title),
            ("&Name", self.name),
            ("&Job title", self.job_title),
            ("&Company", self.company),
            ("&Email", self.email),
            ("&Phone", self.phone),
            ("&Website", self.website),
            ("&Address", self.address),
        ):
            form.addRow(label, widget)
        self._check_timer = QTimer(self)
        self._check_timer.setSingleShot(True)
        self._check_timer.setInterval(300)
        self._check_timer.timeout.connect(self.check_duplicates)
        for edit in (self.name, self.company, self.email, self.phone):
            edit.textChanged.connect(lambda _t: self._check_timer.start())
        self.buttons = QDialogButtonBox(self)
        self.save_button = self.buttons.addButton("&Create lead", QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.buttons.accepted.connect(self.create_lead)
        self.buttons.rejected.connect(self.reject)
        QShortcut(QKeySequence.StandardKey.Save, self, self.create_lead)
        left = QVBoxLayout()
        left.addWidget(self.image, 1)
        left.addWidget(open_button)
        right = QVBoxLayout()
        right.addWidget(self.status)
        right.addLayout(form)
        right.addWidget(self.duplicate)
        right.addWidget(self.error)
        right.addStretch(1)
        right.addWidget(self.buttons)
        row = QHBoxLayout(self)
        row.addLayout(left, 1)
        row.addLayout(right, 1)
        hint = tesseract_missing()
        if hint:
            self.status.setText(hint)
        if path is not None:
            self.load(str(path))

    def _choose(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(self, "Open a business card", "", IMAGE_FILTER)
        if path:
            self.load(path)

    def load(self, path: str) -> None:
        """Show the image and read it in the background."""
        pixmap = QPixmap(path)
        if pixmap.isNull():
            self.status.setText(f"{Path(path).name} is not an image Gojee can show (PNG or JPG).")
            return
        self.image.setPixmap(
            pixmap.scaled(
                self.image.size(),
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
        )
        hint = tesseract_missing()
        if hint:
            self.status.setText(hint)
            return
        self.status.setText("Reading the card…")
        self.wait()
        self._thread = ScanThread(Path(path), get_region(self.context.sessions), self)
        self._thread.scanned.connect(self.fill)
        self._thread.failed.connect(self.status.setText)
        self._thread.start()

    def fill(self, fields: CardFields) -> None:
        self.status.setText(
            "Check what was read, correct it, then create the lead. Several emails or phones are"
            " separated by ';'; the job title and website go to the person's notes."
        )
        self.name.setText(fields.name)
        self.job_title.setText(fields.title)
        self.company.setText(fields.company)
        self.email.setText("; ".join(fields.emails))
        self.phone.setText("; ".join(fields.phones))
        self.website.setText(fields.website)
        self.address.setText(fields.address)
        self.lead_title.setText(f"Business card: {fields.company or fields.name}".strip())
        self.check_duplicates()

    def check_duplicates(self) -> None:
        matches = find_person_matches(
            self.context.sessions,
            self.name.text(),
            self.company.text(),
            several(self.email.text()),
            several(self.phone.text()),
        )
        self.duplicate.setText(
            f"Possibly already here: {matches_html(matches)}."
            " To give the lead to them, type their name as it is above."
            if matches
            else ""
        )

    def create_lead(self) -> int | None:
        customer = CustomerInput(
            person_name=self.name.text(),
            organization_name=self.company.text(),
            email=self.email.text(),
            phone=self.phone.text(),
            address=self.address.text(),
            notes=card_notes(self.job_title.text(), self.website.text()),
        )
        try:
            detail = jobs.create_lead(
                self.context.sessions, jobs.NewJob(title=self.lead_title.text(), customer=customer)
            )
        except GojeeError as exc:
            self.error.setText(str(exc))
            return None
        self.error.clear()
        self.context.signals.jobs_changed.emit([detail.id])
        self.context.signals.status_message.emit(
            f"Lead {detail.summary.number} created from the business card."
        )
        self.lead_created.emit(detail.id)
        self.accept()
        return detail.id

    def wait(self) -> None:
        if self._thread is not None:
            self._thread.wait()

    def done(self, result: int) -> None:
        self.wait()
        super().done(result)


def open_scan_window(
    context: AppContext, path: str | Path | None = None, parent: QWidget | None = None
) -> ScanWindow:
    window = ScanWindow(context, path, parent)
    window.show()
    return window
