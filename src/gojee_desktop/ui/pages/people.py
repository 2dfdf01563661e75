"""Contacts › People: every person, searchable and sortable, opened in the contact editor."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from gojee_desktop.services.contact_query import PERSON
from gojee_desktop.ui.context import AppContext
from gojee_desktop.ui.pages.contacts_page import ContactsPage


class PeoplePage(ContactsPage):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, PERSON, parent)
        self.setObjectName("peoplePage")
