"""New enquiry (Ctrl+Shift+E from anywhere in the app): the small form for the phone call that
comes in while the user is elsewhere. Enter saves and closes; a likely duplicate caller is
named under the form as it is typed."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QWidget

from gojee_desktop.services import catalog
from gojee_desktop.services.capture.enquiry import Enquiry, capture_enquiry, enquiry_title
from gojee_desktop.services.capture.matching import find_person_matches
from gojee_desktop.services.contact_query import PERSON
from gojee_desktop.services.errors import GojeeError
from gojee_desktop.ui import theme
from gojee_desktop.ui.context import AppContext
from gojee_desktop.ui.dialogs.contact_editor import open_contact_editor
from gojee_desktop.ui.widgets.duplicate_links import matches_html, warning_label


class QuickCaptureDialog(QDialog):
    lead_created = Signal(int)

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("New enquiry")
        self.setObjectName("quickCapture")
        self.context = context
        self.title = QLineEdit(self)
        self.name = QLineEdit(self)
        self.name.setPlaceholderText("Caller's name")
        self.phone = QLineEdit(self)
        self.phone.setPlaceholderText("0412 345 678")
        self.email = QLineEdit(self)
        self.email.setPlaceholderText("name@example.com")
        self.note = QLineEdit(self)
        self.note.setPlaceholderText("What they need")
        self.source = QComboBox(self)
        self.source.addItem("—", None)
        for item in catalog.list_items(context.sessions, "source_channel"):
            self.source.addItem(item.name, item.id)
        phone_source = self.source.findText("phone", Qt.MatchFlag.MatchContains)  # a call, most likely
        if phone_source >= 0:
            self.source.setCurrentIndex(phone_source)
        self.duplicate = warning_label(self, self.open_person)
        self.error = QLabel(self)
        self.error.setWordWrap(True)
        theme.set_style(self.error, "color: $error;")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        save = buttons.button(QDialogButtonBox.StandardButton.Save)
        save.setDefault(True)  # Enter in any field saves and closes
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow("&Title", self.title)
        form.addRow("&Name", self.name)
        form.addRow("&Phone", self.phone)
        form.addRow("&Email", self.email)
        form.addRow("N&ote", self.note)
        form.addRow("&Source", self.source)
        form.addRow(self.duplicate)
        form.addRow(self.error)
        form.addRow(buttons)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(300)
        self._timer.timeout.connect(self.check_duplicates)
        for edit in (self.name, self.phone, self.email):
            edit.textChanged.connect(lambda _t: self._timer.start())
            edit.textChanged.connect(lambda _t: self._update_placeholder())
        self.resize(460, self.sizeHint().height())
        self.name.setFocus()

    def enquiry(self) -> Enquiry:
        return Enquiry(
            title=self.title.text(),
            name=self.name.text(),
            phone=self.phone.text(),
            email=self.email.text(),
            note=self.note.text(),
            source_channel_id=self.source.currentData(),
        )

    def _update_placeholder(self) -> None:
        self.title.setPlaceholderText(enquiry_title(Enquiry(name=self.name.text(), phone=self.phone.text())))

    def check_duplicates(self) -> None:
        matches = find_person_matches(
            self.context.sessions,
            self.name.text(),
            "",
            [self.email.text()] if self.email.text().strip() else [],
            [self.phone.text()] if self.phone.text().strip() else [],
        )
        self.duplicate.setText(
            f"Already here? {matches_html(matches)}. Type their name to use them." if matches else ""
        )
        layout = self.layout()
        if layout is not None:
            layout.activate()
        needed = self.heightForWidth(self.width()) if self.hasHeightForWidth() else self.sizeHint().height()
        if needed > self.height():  # the warning wraps onto more lines: show all of it
            self.resize(self.width(), needed)

    def open_person(self, person_id: int) -> None:
        """The "Open" link of the duplicate warning: the existing person's editor."""
        open_contact_editor(self.context, PERSON, person_id, self)

    def save(self) -> int | None:
        try:
            detail = capture_enquiry(self.context.sessions, self.enquiry())
        except GojeeError as exc:
            self.error.setText(str(exc))
            return None
        self.context.signals.jobs_changed.emit([detail.id])
        self.context.signals.status_message.emit(
            f"Lead {detail.summary.number} saved: {detail.summary.title}"
        )
        self.lead_created.emit(detail.id)
        self.accept()
        return detail.id


def open_quick_capture(context: AppContext, parent: QWidget | None = None) -> QuickCaptureDialog:
    dialog = QuickCaptureDialog(context, parent)
    dialog.show()
    dialog.activateWindow()
    return dialog
