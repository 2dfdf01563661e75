"""Engine, sessions, migrations and backups. No Qt."""

from gojee_desktop.store.database import Database, SessionFactory, open_database

__all__ = ["Database", "SessionFactory", "open_database"]
