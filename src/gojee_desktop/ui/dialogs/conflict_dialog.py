"""Saving a job someone else changed meanwhile: their change beside yours, field by field.
Reload takes theirs (your typing is dropped); Overwrite saves the fields you changed over
theirs (fields only they changed keep their value); Cancel goes back to the form as it is."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from gojee_desktop.services.conflicts import Conflict

RELOAD = "reload"
OVERWRITE = "overwrite"
KEEP_EDITING = "keep editing"


class ConflictDialog(QDialog):
    def __init__(self, conflict: Conflict, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("conflictDialog")
        self.setWindowTitle(f"{conflict.number} was changed by someone else")
        self.choice = KEEP_EDITING
        layout = QVBoxLayout(self)
        intro = QLabel(
            f"Someone else saved {conflict.number} after you opened it, so your save was not made. "
            "Here is what each of you changed. Fields in bold were changed by both.",
            self,
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.table = QTableWidget(len(conflict.fields), 4, self)
        self.table.setObjectName("conflictTable")
        self.table.setHorizontalHeaderLabels(["Field", "When you opened it", "Their change", "Yours"])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)  # one line per field; the tooltip shows long text
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        bold = QFont(self.font())
        bold.setBold(True)
        for row, change in enumerate(conflict.fields):
            for column, text in enumerate((change.label, change.was, change.theirs, change.yours)):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                if change.both_changed:
                    item.setFont(bold)
                self.table.setItem(row, column, item)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        for column in (1, 2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table, 1)
        buttons = QDialogButtonBox(self)
        self.reload_button = QPushButton("&Reload theirs", self)
        self.reload_button.setToolTip("Show the job as saved now; what you typed is dropped.")
        self.overwrite_button = QPushButton("&Overwrite with mine", self)
        self.overwrite_button.setToolTip(
            "Save the fields you changed over theirs; fields only they changed keep their value."
        )
        self.cancel_button = QPushButton("Keep &editing", self)
        buttons.addButton(self.reload_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.overwrite_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.cancel_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.reload_button.clicked.connect(lambda: self._choose(RELOAD))
        self.overwrite_button.clicked.connect(lambda: self._choose(OVERWRITE))
        self.cancel_button.clicked.connect(lambda: self._choose(KEEP_EDITING))
        self.cancel_button.setDefault(True)
        layout.addWidget(buttons)
        self.resize(720, 320)

    def _choose(self, choice: str) -> None:
        self.choice = choice
        if choice == KEEP_EDITING:
            self.reject()
        else:
            self.accept()


def ask(conflict: Conflict, parent: QWidget | None = None) -> str:
    dialog = ConflictDialog(conflict, parent)
    dialog.exec()
    choice = dialog.choice
    dialog.deleteLater()
    return choice
