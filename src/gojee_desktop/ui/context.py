"""What every widget needs: the database's session factory, the app signals, the undo stack
and the per-user settings."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QSettings
from PySide6.QtGui import QUndoStack

from gojee_desktop.config import user_settings_path
from gojee_desktop.store.database import Database, SessionFactory
from gojee_desktop.ui.display_locale import apply_display_locale
from gojee_desktop.ui.signals import AppSignals


def user_settings() -> QSettings:
    """Window state and view preferences, in an INI file beside the local database
    (so tests, which point GOJEE_DATA_DIR at a temporary folder, never touch the real one)."""
    return QSettings(str(user_settings_path()), QSettings.Format.IniFormat)


@dataclass
class AppContext:
    database: Database
    signals: AppSignals
    undo_stack: QUndoStack
    settings: QSettings

    @property
    def sessions(self) -> SessionFactory:
        return self.database.sessions

    @classmethod
    def create(cls, database: Database) -> AppContext:
        settings = user_settings()
        apply_display_locale(settings)
        return cls(database=database, signals=AppSignals(), undo_stack=QUndoStack(), settings=settings)
