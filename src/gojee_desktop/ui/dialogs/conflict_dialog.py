"""A change refused because someone else changed the same thing meanwhile: their change
beside yours, row by row (job fields, a card's stage and status, BOM lines). Reload takes
theirs; Overwrite makes yours knowingly; Cancel (where offered) goes back as it was. The
`Wording` names the thing, the columns and the buttons: saving a job, moving a card, editing
a BOM."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

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

from gojee_desktop.services.conflicts import FieldChange, compare_move
from gojee_desktop.services.dto import JobDetail, JobSummary
from gojee_desktop.services.errors import GojeeError, StaleJob
from gojee_desktop.store.database import SessionFactory
from gojee_desktop.ui.errors import show_error

RELOAD = "reload"
OVERWRITE = "overwrite"
KEEP_EDITING = "keep editing"


class Shown(Protocol):
    """What the dialog lists: whose record (`number`) and the rows that differ."""

    @property
    def number(self) -> str: ...

    @property
    def fields(self) -> Sequence[FieldChange]: ...


@dataclass(frozen=True)
class Wording:
    """The dialog's words for one kind of change; `{number}` is replaced. Without
    `cancel_text` there are two buttons and closing the dialog means Reload."""

    intro: str
    headings: tuple[str, str, str, str]
    reload_text: str
    reload_tip: str
    overwrite_text: str
    overwrite_tip: str
    cancel_text: str | None = None
    title: str = "{number} was changed by someone else"
    width: int = 720  # wide enough for the rows' usual text; a 1366-pixel screen holds 1000


JOB_SAVE = Wording(
    intro="Someone else saved {number} after you opened it, so your save was not made. "
    "Here is what each of you changed. Fields in bold were changed by both.",
    headings=("Field", "When you opened it", "Their change", "Yours"),
    reload_text="&Reload theirs",
    reload_tip="Show the job as saved now; what you typed is dropped.",
    overwrite_text="&Overwrite with mine",
    overwrite_tip="Save the fields you changed over theirs; fields only they changed keep their value.",
    cancel_text="Keep &editing",
)

CARD_MOVE = Wording(
    intro="Someone else changed {number} after your board showed it, so your move was not made. "
    "Here is the card as you saw it, as they left it, and as your move would leave it.",
    headings=("Field", "As you saw it", "Their change", "Your move"),
    reload_text="&Reload",
    reload_tip="Show the board as saved now; the card goes where the database says.",
    overwrite_text="&Move anyway",
    overwrite_tip="Make your move over their change; the job's history records that you did.",
)

BOM_EDIT = Wording(
    intro="Someone else changed the BOM of {number} after you loaded it, so your change was not "
    "made. Here are the lines that differ: as you loaded them, as they left them, and as your "
    "change would leave them.",
    headings=("Line", "When you loaded it", "Their change", "Yours"),
    reload_text="&Reload",
    reload_tip="Show the BOM as saved now; your change is dropped.",
    overwrite_text="&Overwrite",
    overwrite_tip="Make your change on the BOM as saved now, knowingly.",
    width=1000,  # a line's text: description, quantity, amount, section
)


class ConflictDialog(QDialog):
    def __init__(self, conflict: Shown, parent: QWidget | None = None, wording: Wording = JOB_SAVE) -> None:
        super().__init__(parent)
        self.setObjectName("conflictDialog")
        self.setWindowTitle(wording.title.format(number=conflict.number))
        self.choice = KEEP_EDITING if wording.cancel_text else RELOAD
        layout = QVBoxLayout(self)
        intro = QLabel(wording.intro.format(number=conflict.number), self)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.table = QTableWidget(len(conflict.fields), 4, self)
        self.table.setObjectName("conflictTable")
        self.table.setHorizontalHeaderLabels(list(wording.headings))
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
        self.reload_button = QPushButton(wording.reload_text, self)
        self.reload_button.setToolTip(wording.reload_tip)
        self.overwrite_button = QPushButton(wording.overwrite_text, self)
        self.overwrite_button.setToolTip(wording.overwrite_tip)
        buttons.addButton(self.reload_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.overwrite_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.reload_button.clicked.connect(lambda: self._choose(RELOAD))
        self.overwrite_button.clicked.connect(lambda: self._choose(OVERWRITE))
        self.cancel_button: QPushButton | None = None
        if wording.cancel_text:
            self.cancel_button = QPushButton(wording.cancel_text, self)
            buttons.addButton(self.cancel_button, QDialogButtonBox.ButtonRole.RejectRole)
            self.cancel_button.clicked.connect(lambda: self._choose(KEEP_EDITING))
            self.cancel_button.setDefault(True)
        else:
            self.reload_button.setDefault(True)  # the safe answer: nothing is written
        layout.addWidget(buttons)
        screen = self.screen().availableGeometry() if self.screen() is not None else None
        width = min(wording.width, screen.width() - 40) if screen is not None else wording.width
        self.resize(width, 320)

    def _choose(self, choice: str) -> None:
        self.choice = choice
        if choice == OVERWRITE or (choice == RELOAD and self.cancel_button is not None):
            self.accept()
        else:
            self.reject()  # Keep editing; or, in a dialog without it, Reload (as closing is)


def ask(conflict: Shown, parent: QWidget | None = None, wording: Wording = JOB_SAVE) -> str:
    """Show the dialog; the answer is RELOAD, OVERWRITE or KEEP_EDITING (closed, where a
    Cancel button is offered; otherwise closing answers RELOAD)."""
    dialog = ConflictDialog(conflict, parent, wording)
    dialog.exec()
    choice = dialog.choice
    dialog.deleteLater()
    return choice


def ask_about_move(
    sessions: SessionFactory,
    parent: QWidget | None,
    seen: JobSummary,
    stage_id: int | None,
    error: StaleJob,
) -> JobDetail | None:
    """A move refused because the job changed since `seen` was shown: show their change
    beside the move. Returns the job as saved now when the user moves anyway (the move is
    then made against that version), None for Reload."""
    try:
        conflict = compare_move(sessions, seen, stage_id, error.fields)
    except GojeeError as failure:
        show_error(parent, failure)
        return None
    if ask(conflict, parent, CARD_MOVE) == OVERWRITE:
        return conflict.fresh
    return None
