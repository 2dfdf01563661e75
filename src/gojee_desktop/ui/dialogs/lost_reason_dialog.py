"""Asks why a job was lost, before a move to a stage meaning 'lost' is saved."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from gojee_desktop.ui.widgets.screen_fit import fit_window

COMMON_REASONS = (
    "Price too high",
    "Went with a competitor",
    "No response",
    "Postponed / timing",
    "Not a fit for us",
)


class LostReasonDialog(QDialog):
    """The reason is required: OK stays disabled until there is one. Cancel saves nothing."""

    def __init__(self, stage_name: str, count: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lostReasonDialog")
        self.setWindowTitle("Lost reason")
        if count == 1:
            text = f"Moving this job to <b>{escape(stage_name)}</b> marks it lost.<br>Why was it lost?"
        else:
            text = (
                f"Moving {count} jobs to <b>{escape(stage_name)}</b> marks them lost.<br>Why were they lost?"
            )
        intro = QLabel(text, self)
        self.reason = QComboBox(self)
        self.reason.setObjectName("lostReason")
        self.reason.setEditable(True)
        self.reason.addItems(COMMON_REASONS)
        self.reason.setCurrentIndex(-1)
        line = self.reason.lineEdit()
        assert line is not None
        line.setPlaceholderText("Type a reason or pick one")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        ok = self.ok_button()
        ok.setText("Mark lost")
        ok.setEnabled(False)
        self.reason.currentTextChanged.connect(lambda text: ok.setEnabled(bool(text.strip())))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.reason)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(380)
        self.reason.setFocus(Qt.FocusReason.OtherFocusReason)
        fit_window(self)

    def ok_button(self) -> QPushButton:
        button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        assert button is not None
        return button

    def text(self) -> str:
        return self.reason.currentText().strip()


def ask_lost_reason(parent: QWidget | None, stage_name: str, count: int) -> str | None:
    """The reason typed, or None when the user cancels."""
    dialog = LostReasonDialog(stage_name, count, parent)
    try:
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.text():
            return dialog.text()
        return None
    finally:
        dialog.deleteLater()
