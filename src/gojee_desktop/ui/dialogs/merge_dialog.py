"""Merge two people or two organisations, field by field: each field whose values differ is
a choice between the two; the first record keeps its id and receives the other's jobs,
emails, phones, addresses, activities and notes. Undoable (Ctrl+Z splits them again)."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from PySide6.QtCore import QSize
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from gojee_desktop.services.capture import merge as merging
from gojee_desktop.services.contact_query import PERSON
from gojee_desktop.services.contact_records import ContactRecord, get_contact
from gojee_desktop.services.errors import GojeeError
from gojee_desktop.ui.commands.contacts import merge_contacts
from gojee_desktop.ui.context import AppContext
from gojee_desktop.ui.errors import show_error
from gojee_desktop.ui.widgets.screen_fit import fit_window


def _shown(value: str | None) -> str:
    return value.strip() if value and value.strip() else "(empty)"


class MergeDialog(QDialog):
    """The choice of the surviving value of each differing field."""

    def __init__(self, keep: ContactRecord, gone: ContactRecord, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mergeDialog")
        self.keep, self.gone = keep, gone
        noun = "people" if keep.kind == PERSON else "organisations"
        self.setWindowTitle(f"Merge two {noun}")
        heading = QLabel(
            f"<b>{escape(gone.name)}</b> is merged into <b>{escape(keep.name)}</b>, which keeps its id.",
            self,
        )
        heading.setWordWrap(True)
        grid = QGridLayout()
        grid.addWidget(QLabel("<b>Field</b>", self), 0, 0)
        grid.addWidget(QLabel(f"<b>{escape(keep.name)}</b> (#{keep.id})", self), 0, 1)
        grid.addWidget(QLabel(f"<b>{escape(gone.name)}</b> (#{gone.id})", self), 0, 2)
        self.groups: dict[str, QButtonGroup] = {}
        fields: list[tuple[str, str, str | None, str | None]] = [("name", "Name", keep.name, gone.name)]
        if keep.kind == PERSON:
            fields.append(("organization", "Organisation", keep.organization, gone.organization))
        row = 1
        for key, title, ours, theirs in fields:
            if (ours or "") == (theirs or ""):
                continue
            group = QButtonGroup(self)
            first, second = QRadioButton(_shown(ours), self), QRadioButton(_shown(theirs), self)
            first.setObjectName(f"{key}Keep")
            second.setObjectName(f"{key}Gone")
            group.addButton(first, 0)
            group.addButton(second, 1)
            first.setChecked(True)
            grid.addWidget(QLabel(title, self), row, 0)
            grid.addWidget(first, row, 1)
            grid.addWidget(second, row, 2)
            self.groups[key] = group
            row += 1
        if row == 1:
            grid.addWidget(QLabel("The two records hold the same name.", self), row, 0, 1, 3)
        moved = (
            f"Moved to {escape(keep.name)}: {len(gone.jobs)} job(s), "
            f"{len(gone.details)} email(s), phone(s) and address(es)"
            + (", the notes (added to the survivor's)" if gone.notes.strip() else "")
            + ", the activities and history. Edit › Undo splits them again."
        )
        note = QLabel(moved, self)
        note.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        merge_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        assert merge_button is not None
        merge_button.setText("Merge")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(grid)
        layout.addWidget(note)
        layout.addStretch(1)
        layout.addWidget(buttons)
        self.setMinimumWidth(480)
        fit_window(self, QSize(560, self.sizeHint().height()))

    def source_of(self, key: str) -> str:
        """'keep' or 'gone': which record's value of the field survives."""
        group = self.groups.get(key)
        return merging.GONE if group is not None and group.checkedId() == 1 else merging.KEEP


def open_merge(context: AppContext, kind: str, ids: Sequence[int], parent: QWidget | None = None) -> bool:
    """Ask which values survive, then merge the second record into the first."""
    if len(ids) != 2:
        return False
    try:
        keep, gone = (get_contact(context.sessions, kind, contact_id) for contact_id in ids)
    except GojeeError as error:
        show_error(parent, error)
        return False
    dialog = MergeDialog(keep, gone, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return False
    return merge_contacts(
        context, kind, keep.id, gone.id, dialog.source_of("name"), dialog.source_of("organization"), parent
    )
