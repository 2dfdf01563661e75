"""Damaging a SQLite file the way a failing disk or a torn copy does, for tests."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from gojee_desktop.services.jobs import NewJob, create_lead
from gojee_desktop.store.database import Database


def add_leads(database: Database, count: int, prefix: str = "Lead") -> list[int]:
    return [create_lead(database.sessions, NewJob(title=f"{prefix} {i}")).id for i in range(count)]


def damage_file(path: Path) -> None:
    """Overwrite a stretch of pages in the middle of the file (never page 1, so SQLite still
    opens it): the b-tree pages there no longer make sense, as after a bad sector."""
    with sqlite3.connect(path) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        page_size = connection.execute("PRAGMA page_size").fetchone()[0]
        pages = connection.execute("PRAGMA page_count").fetchone()[0]
    connection.close()
    assert pages > 8, "the file needs some pages to damage"
    with path.open("r+b") as handle:
        handle.seek(page_size * (pages // 2))
        handle.write(b"\x0d\xff\x13\x37" * (page_size // 4) * 3)


def integrity(path: Path) -> str:
    connection = sqlite3.connect(path)
    try:
        return str(connection.execute("PRAGMA integrity_check").fetchone()[0])
    except sqlite3.DatabaseError as exc:
        return str(exc)
    finally:
        connection.close()
