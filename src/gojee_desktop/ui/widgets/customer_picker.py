"""Picking the customer of a job: a person and/or an organisation, completed from existing
contacts as you type; a name that matches nobody creates the contact on save."""

from __future__ import annotations

from PySide6.QtCore import QStringListModel, Qt, QTimer, Signal
from PySide6.QtWidgets import QCompleter, QFormLayout, QLineEdit, QWidget

from gojee_desktop.services import contacts
from gojee_desktop.services.capture.matching import find_person_matches
from gojee_desktop.services.capture.region import get_region
from gojee_desktop.services.contacts import CustomerInput
from gojee_desktop.services.dto import JobDetail
from gojee_desktop.store.database import SessionFactory
from gojee_desktop.ui.widgets.duplicate_links import matches_html, warning_label

COMPLETION_DELAY_MS = 120


def _completing_edit(parent: QWidget, placeholder: str) -> tuple[QLineEdit, QStringListModel]:
    edit = QLineEdit(parent)
    edit.setPlaceholderText(placeholder)
    edit.setClearButtonEnabled(True)
    names = QStringListModel(parent)
    completer = QCompleter(names, parent)
    completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    edit.setCompleter(completer)
    return edit, names


class CustomerPicker(QWidget):
    open_person_requested = Signal(int)  # the duplicate warning's "Open" link
    """Person, organisation, and an email and phone to add to a new or existing contact."""

    def __init__(self, sessions: SessionFactory, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._sessions = sessions
        self.person, self._people = _completing_edit(self, "Person (type to search or add)")
        self.organization, self._orgs = _completing_edit(self, "Organisation (optional)")
        self.email = QLineEdit(self)
        self.email.setPlaceholderText("name@example.com")
        self.phone = QLineEdit(self)
        self.phone.setPlaceholderText("0412 345 678")
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(COMPLETION_DELAY_MS)
        self._timer.timeout.connect(self.update_completions)
        self.person.textEdited.connect(lambda _t: self._timer.start())
        self.organization.textEdited.connect(lambda _t: self._timer.start())
        self.person.textEdited.connect(lambda _t: self._person_edited())
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow("Person", self.person)
        form.addRow("Organisation", self.organization)
        form.addRow("Email", self.email)
        form.addRow("Phone", self.phone)
        self.duplicate_hint = warning_label(self, self.open_person_requested.emit)
        self.duplicate_hint.setObjectName("duplicateHint")
        self.duplicate_hint.hide()
        form.addRow("", self.duplicate_hint)
        for edit in (self.email, self.phone):
            edit.editingFinished.connect(self.update_duplicate_hint)
        self._original = ("", "")
        self._org_of_person: dict[str, str] = {}

    def update_completions(self) -> None:
        """Names containing what was typed (read from the contacts service)."""
        people = contacts.search_people(self._sessions, self.person.text(), limit=20)
        self._org_of_person = {p.name: p.organization or "" for p in people}
        self._people.setStringList([p.name for p in people])
        orgs = contacts.search_organizations(self._sessions, self.organization.text(), limit=20)
        self._orgs.setStringList([o.name for o in orgs])
        self.update_duplicate_hint()

    def update_duplicate_hint(self) -> None:
        """Warn when a new name would create someone who is probably here already (same email,
        same phone, or a close name at the same organisation). A name typed exactly as it is
        stored picks that person, so it needs no warning."""
        name = self.person.text().strip()
        if not name or (name, self.organization.text().strip()) == self._original:
            self.duplicate_hint.hide()
            return
        matches = [
            match
            for match in find_person_matches(
                self._sessions,
                name,
                self.organization.text(),
                [self.email.text()] if self.email.text().strip() else [],
                [self.phone.text()] if self.phone.text().strip() else [],
            )
            if match.name.casefold() != name.casefold()
        ]
        if not matches:
            self.duplicate_hint.hide()
            return
        described = matches_html(matches)
        self.duplicate_hint.setText(f"Possibly already here: {described}. Type their name to use them.")
        self.duplicate_hint.show()

    def _person_edited(self) -> None:
        organization = self._org_of_person.get(self.person.text())
        if organization and not self.organization.text().strip():
            self.organization.setText(organization)

    def show_job(self, detail: JobDetail | None) -> None:
        person = detail.summary.customer or "" if detail else ""
        organization = detail.summary.organization or "" if detail else ""
        self.person.setText(person)
        self.organization.setText(organization)
        self.email.clear()
        self.phone.clear()
        self._original = (person, organization)
        details = (detail.person.details if detail and detail.person else ()) + (
            detail.organization.details if detail and detail.organization else ()
        )
        for kind, edit in (("email", self.email), ("phone", self.phone)):
            known = [d.value for d in details if d.kind == kind]
            edit.setPlaceholderText(", ".join(known) if known else edit.placeholderText())

    def changed(self) -> bool:
        return (self.person.text().strip(), self.organization.text().strip()) != self._original or bool(
            self.email.text().strip() or self.phone.text().strip()
        )

    def customer_input(self) -> CustomerInput:
        return CustomerInput(
            person_name=self.person.text().strip(),
            organization_name=self.organization.text().strip(),
            email=self.email.text().strip(),
            phone=self.phone.text().strip(),
        )

    def check(self) -> dict[str, str]:
        """Messages by field ('email', 'phone') for what cannot be saved."""
        errors: dict[str, str] = {}
        region = get_region(self._sessions) if self.phone.text().strip() else ""
        for field, edit, checker in (
            ("email", self.email, contacts.check_email),
            ("phone", self.phone, lambda text: contacts.check_phone(text, region)),
        ):
            if edit.text().strip():
                try:
                    checker(edit.text())
                except Exception as error:
                    errors[field] = str(error)
        return errors
