"""Contacts › Organisations: every organisation, with its people and jobs in the editor."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from gojee_desktop.services.contact_query import ORGANIZATION
from gojee_desktop.ui.context import AppContext
from gojee_desktop.ui.pages.contacts_page import ContactsPage


class OrganizationsPage(ContactsPage):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, ORGANIZATION, parent)
        self.setObjectName("organizationsPage")
