"""An import indexes its people and organisations a batch at a time with the insert triggers
lifted: afterwards the indexes hold what the triggers would have written, the triggers are
back as they were, and a rolled-back import leaves both untouched."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from sqlalchemy import text

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "services" / "capture"))
from capture_files import many_people, write_csv

from gojee_desktop.services.capture.importer import ImportCancelled, ImportOptions, run_import
from gojee_desktop.services.capture.mapping import PEOPLE, auto_map
from gojee_desktop.services.capture.readers import open_table
from gojee_desktop.services.contacts import CustomerInput, create_customer
from gojee_desktop.store.contact_name_order import key_sql

TABLES = ("persons", "organizations")


def _triggers(db) -> dict[str, str]:
    with db.engine.connect() as connection:
        rows = connection.execute(text("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'"))
        return {name: sql for name, sql in rows if "fts" in name}


def _ids(connection, sql: str, *params: object) -> set[int]:
    return {row[0] for row in connection.exec_driver_sql(sql, params)}


def _index_state(db) -> dict[str, object]:
    """What each name index finds, against what it should find: every row's key for the
    words 'person', 'family', 'business' and one name of each kind."""
    found: dict[str, object] = {}
    with db.engine.connect() as connection:
        for table in TABLES:
            fts = "person_fts" if table == "persons" else "organization_fts"
            order = "person_name_fts" if table == "persons" else "organization_name_fts"
            # The search index has the table as its content: FTS5 compares the two.
            connection.exec_driver_sql(f"INSERT INTO {fts}({fts}, rank) VALUES ('integrity-check', 1)")
            for word in ("person*", "family*", "business*", "person12*", "ann*"):
                stem = word[:-1]
                named = f"SELECT id FROM {table} WHERE name LIKE ? OR name LIKE ?"
                expected = _ids(connection, named, f"{stem}%", f"% {stem}%")
                listed = ",".join(map(str, expected)) or "0"
                wanted_keys = _ids(connection, f"SELECT {key_sql(table)} FROM {table} WHERE id IN ({listed})")
                assert _ids(connection, f"SELECT rowid FROM {fts} WHERE {fts} MATCH ?", word) == expected
                keys = _ids(connection, f"SELECT rowid FROM {order} WHERE {order} MATCH ?", word)
                assert keys == wanted_keys
                found[f"{table} {word}"] = len(expected)
    return found


def _import(db, path: Path, progress=None):
    table = open_table(path)
    return run_import(db.sessions, table, ImportOptions(auto_map(table.headers, PEOPLE)), progress)


def test_an_import_leaves_the_indexes_as_the_triggers_would(sqlite_db, tmp_path):
    create_customer(sqlite_db.sessions, CustomerInput(person_name="Ann Before", organization_name="Ann Co"))
    triggers = _triggers(sqlite_db)
    assert {f"{fts}_insert" for fts in ("person_fts", "person_name_fts", "organization_fts")} <= set(triggers)
    summary = _import(sqlite_db, write_csv(tmp_path / "p.csv", many_people(2500)))
    assert summary.created == 2500 and summary.written
    found = _index_state(sqlite_db)
    assert found["persons person*"] == 2500 and found["organizations business*"] == 2500
    assert found["persons ann*"] == 1  # the one written before, through its trigger
    assert _triggers(sqlite_db) == triggers  # every trigger back, word for word
    # Written after the import: through the restored triggers.
    create_customer(sqlite_db.sessions, CustomerInput(person_name="Ann After", organization_name="Ann Two"))
    assert _index_state(sqlite_db)["persons ann*"] == 2


def test_a_cancelled_import_leaves_triggers_and_indexes_untouched(sqlite_db, tmp_path):
    triggers = _triggers(sqlite_db)
    before = _index_state(sqlite_db)
    with pytest.raises(ImportCancelled):
        _import(sqlite_db, write_csv(tmp_path / "p.csv", many_people(2500)), lambda done: done < 2000)
    assert _triggers(sqlite_db) == triggers
    assert _index_state(sqlite_db) == before
