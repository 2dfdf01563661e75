"""Showing a service error to the user in plain words."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from gojee_desktop.services.errors import GojeeError, NotFound, StaleRecord, ValidationError


def error_title(error: GojeeError) -> str:
    if isinstance(error, StaleRecord):
        return "Changed by someone else"
    if isinstance(error, NotFound):
        return "Not found"
    if isinstance(error, ValidationError):
        return "Please check the input"
    return "Cannot do that"


def show_error(parent: QWidget | None, error: GojeeError) -> None:
    """A warning box with the service's message (it is written for users)."""
    QMessageBox.warning(parent, error_title(error), str(error))
