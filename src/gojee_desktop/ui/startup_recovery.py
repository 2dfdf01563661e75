"""A database found damaged at start: say so in plain words and offer to restore the newest
sound backup (or another one), instead of a traceback or silently working in a bad file."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from gojee_desktop.services.backups import (
    database_file,
    describe_backup,
    newest_sound_backup,
    restore_database,
)
from gojee_desktop.services.errors import GojeeError, StorageError


def offer_restore(parent: QWidget | None, error: StorageError, url: str) -> bool:
    """True when a backup was restored (open the database again); False to quit."""
    path = database_file(url)
    newest = newest_sound_backup(path) if path is not None else None
    if newest is None:
        QMessageBox.critical(
            parent,
            "Gojee Desktop",
            f"{error}\n\nNo sound backup was found, so it cannot be restored here. The file was "
            "left as it is.",
        )
        return False
    info = describe_backup(newest)
    when = info.created.astimezone().strftime("%Y-%m-%d %H:%M")
    box = QMessageBox(QMessageBox.Icon.Critical, "Gojee Desktop", str(error), parent=parent)
    box.setObjectName("damagedDatabaseBox")
    box.setInformativeText(
        f"The newest sound backup is from {when} and holds {info.summary()}. Restore it? "
        "The damaged file is kept aside, not deleted."
    )
    restore = box.addButton("Restore the backup", QMessageBox.ButtonRole.AcceptRole)
    box.addButton("Quit", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(restore)
    box.exec()
    if box.clickedButton() is not restore:
        return False
    try:
        restore_database(url, newest)
    except GojeeError as restore_error:
        QMessageBox.critical(parent, "Gojee Desktop", f"The restore failed: {restore_error}")
        return False
    return True
