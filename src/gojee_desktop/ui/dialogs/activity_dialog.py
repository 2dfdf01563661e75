"""The activity form: kind, subject, due day with an optional time and duration, assignee,
linked person and a note. Save hands the values to a callback (an undoable command); a
refusal is shown under the form and the dialog stays open."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, time

from PySide6.QtCore import QDate, QTime
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from gojee_desktop.models import ACTIVITY_KINDS
from gojee_desktop.services import activities
from gojee_desktop.services.activities import ActivityDraft, ActivityInfo
from gojee_desktop.services.catalog import list_items
from gojee_desktop.services.errors import GojeeError
from gojee_desktop.ui import theme
from gojee_desktop.ui.context import AppContext

#: Called with the typed draft; returns the refusal to show, or None when saved.
SaveHandler = Callable[[ActivityDraft], GojeeError | None]


class ActivityDialog(QDialog):
    def __init__(
        self,
        context: AppContext,
        on_save: SaveHandler,
        *,
        info: ActivityInfo | None = None,
        person: tuple[int, str] | None = None,
        default_day: date | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("activityDialog")
        self.setWindowTitle("Edit activity" if info else "New activity")
        self._on_save = on_save
        self.kind = QComboBox(self)
        for kind in ACTIVITY_KINDS:
            self.kind.addItem(kind.capitalize(), kind)
        self.subject = QLineEdit(self)
        self.subject.setPlaceholderText("e.g. Call back about the quote")
        self.due = QDateEdit(self)
        self.due.setCalendarPopup(True)
        self.due.setDisplayFormat("ddd d MMM yyyy")
        self.timed = QCheckBox("at", self)
        self.time = QTimeEdit(self)
        self.time.setDisplayFormat("HH:mm")
        self.time.setTime(QTime(9, 0))
        self.duration = QSpinBox(self)
        self.duration.setRange(0, 7 * 24 * 60)
        self.duration.setSingleStep(15)
        self.duration.setSuffix(" min")
        self.duration.setSpecialValueText("no duration")
        self.assignee = QComboBox(self)
        self.assignee.addItem("Nobody", None)
        for user in list_items(context.sessions, "user"):
            self.assignee.addItem(user.name, user.id)
        self.person = QComboBox(self)
        self.person.addItem("Nobody", None)
        if person is not None:
            self.person.addItem(person[1], person[0])
        self.note = QPlainTextEdit(self)
        self.note.setTabChangesFocus(True)
        self.note.setMaximumHeight(90)
        self.error = QLabel(self)
        self.error.setObjectName("activityError")
        self.error.setWordWrap(True)
        theme.set_style(self.error, "color: $error;")
        self.error.hide()

        when = QHBoxLayout()
        when.addWidget(self.due, 1)
        when.addWidget(self.timed)
        when.addWidget(self.time)
        when.addWidget(self.duration)
        self.timed.toggled.connect(self._timed_toggled)
        form = QFormLayout()
        form.addRow("&Kind", self.kind)
        form.addRow("&Subject", self.subject)
        form.addRow("&Due", when)
        form.addRow("&Assignee", self.assignee)
        form.addRow("&Person", self.person)
        form.addRow("&Note", self.note)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self._fill(info, default_day or activities.today())
        self.subject.setFocus()

    def _fill(self, info: ActivityInfo | None, day: date) -> None:
        if info is None:
            self.due.setDate(QDate(day.year, day.month, day.day))
            self._timed_toggled(False)
            return
        self.kind.setCurrentIndex(max(0, self.kind.findData(info.kind)))
        self.subject.setText(info.subject)
        self.due.setDate(QDate(info.due_date.year, info.due_date.month, info.due_date.day))
        self.timed.setChecked(info.due_time is not None)
        if info.due_time is not None:
            self.time.setTime(QTime(info.due_time.hour, info.due_time.minute))
        self._timed_toggled(info.due_time is not None)
        self.duration.setValue(info.duration_minutes or 0)
        self.assignee.setCurrentIndex(max(0, self.assignee.findData(info.assignee_id)))
        if info.person_id is not None and self.person.findData(info.person_id) < 0:
            self.person.addItem(info.person, info.person_id)
        self.person.setCurrentIndex(max(0, self.person.findData(info.person_id)))
        self.note.setPlainText(info.note)

    def _timed_toggled(self, on: bool) -> None:
        self.time.setEnabled(on)
        self.duration.setEnabled(on)

    def draft(self) -> ActivityDraft:
        day = self.due.date()
        moment = self.time.time()
        return ActivityDraft(
            kind=str(self.kind.currentData()),
            subject=self.subject.text(),
            due_date=date(day.year(), day.month(), day.day()),
            due_time=time(moment.hour(), moment.minute()) if self.timed.isChecked() else None,
            duration_minutes=(self.duration.value() or None) if self.timed.isChecked() else None,
            assignee=self.assignee.currentData(),
            person_id=self.person.currentData(),
            note=self.note.toPlainText(),
        )

    def save(self) -> None:
        error = self._on_save(self.draft())
        if error is None:
            self.accept()
            return
        self.error.setText(str(error))
        self.error.show()


def draft_changes(info: ActivityInfo, draft: ActivityDraft) -> dict[str, object]:
    """The fields of `draft` that differ from `info`, as `update_activity` takes them."""
    current = {
        "kind": info.kind,
        "subject": info.subject,
        "due_date": info.due_date,
        "due_time": info.due_time,
        "duration_minutes": info.duration_minutes,
        "assignee": info.assignee_id,
        "person_id": info.person_id,
        "note": info.note,
    }
    typed = {
        "kind": draft.kind,
        "subject": draft.subject,
        "due_date": draft.due_date,
        "due_time": draft.due_time,
        "duration_minutes": draft.duration_minutes,
        "assignee": draft.assignee,
        "person_id": draft.person_id,
        "note": draft.note,
    }
    return {key: value for key, value in typed.items() if value != current[key]}
