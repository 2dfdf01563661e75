"""Full-text search over the names of people and organisations, as `store.fulltext` does for
jobs: SQLite FTS5 tables kept in step by triggers, or PostgreSQL GIN indexes over the
'simple' text-search vector of the name. Both match every typed word as a word prefix
("smi jo" finds "John Smith"), so the People page searches as you type without a scan.

A migration that rebuilds `persons` or `organizations` in batch mode on SQLite drops the
triggers: it must call `create_sqlite` again afterwards.
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import Connection, literal_column, text
from sqlalchemy.sql import ColumnElement

from gojee_desktop.store.fulltext import FTS_OPTIONS_0007, sqlite_match_expression

#: table -> its FTS5 table on SQLite, its GIN index on PostgreSQL.
FTS_TABLES = {"persons": "person_fts", "organizations": "organization_fts"}
PG_INDEXES = {"persons": "ix_persons_name_tsv", "organizations": "ix_organizations_name_tsv"}
OPTIONS = FTS_OPTIONS_0007  # prefixes of 2 and 3 letters indexed, no positions


def _triggers(table: str) -> dict[str, str]:
    fts = FTS_TABLES[table]
    return {
        f"{fts}_insert": f"""CREATE TRIGGER IF NOT EXISTS {fts}_insert AFTER INSERT ON {table} BEGIN
            INSERT INTO {fts}(rowid, name) VALUES (new.id, new.name); END""",
        f"{fts}_delete": f"""CREATE TRIGGER IF NOT EXISTS {fts}_delete AFTER DELETE ON {table} BEGIN
            INSERT INTO {fts}({fts}, rowid, name) VALUES ('delete', old.id, old.name); END""",
        f"{fts}_update": f"""CREATE TRIGGER IF NOT EXISTS {fts}_update AFTER UPDATE OF name ON {table}
            BEGIN
            INSERT INTO {fts}({fts}, rowid, name) VALUES ('delete', old.id, old.name);
            INSERT INTO {fts}(rowid, name) VALUES (new.id, new.name); END""",
    }


def create_sqlite(connection: Connection) -> None:
    """Create both FTS5 tables (if missing), index every existing name, add the triggers."""
    for table, fts in FTS_TABLES.items():
        connection.exec_driver_sql(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {fts} USING fts5("
            f"name, content='{table}', content_rowid='id', {OPTIONS})"
        )
        connection.exec_driver_sql(f"INSERT INTO {fts}({fts}) VALUES ('rebuild')")
        for statement in _triggers(table).values():
            connection.exec_driver_sql(statement)


def drop_sqlite(connection: Connection) -> None:
    for table, fts in FTS_TABLES.items():
        for name in _triggers(table):
            connection.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name}")
        connection.exec_driver_sql(f"DROP TABLE IF EXISTS {fts}")


def create_postgres(connection: Connection) -> None:
    for table, index in PG_INDEXES.items():
        connection.exec_driver_sql(
            f"CREATE INDEX IF NOT EXISTS {index} ON {table} USING gin (to_tsvector('simple', name))"
        )


def drop_postgres(connection: Connection) -> None:
    for index in PG_INDEXES.values():
        connection.exec_driver_sql(f"DROP INDEX IF EXISTS {index}")


_WORD = re.compile(r"\w+", re.UNICODE)


def name_match(dialect: str, table: str, query: str, id_column: Any) -> ColumnElement[bool] | None:
    """A WHERE clause keeping the rows of `table` whose name has every typed word as a word
    prefix, or None when the query has no words. On PostgreSQL the name is matched as its
    'simple' vector holds it: lower case, accents kept (SQLite's index drops them)."""
    if dialect == "sqlite":
        expression = sqlite_match_expression(query)
        if expression is None:
            return None
        fts = FTS_TABLES[table]
        return id_column.in_(
            text(f"SELECT rowid FROM {fts} WHERE {fts} MATCH :name_query").bindparams(name_query=expression)
        )
    terms = _WORD.findall(query.replace("_", " ").lower())
    if not terms:
        return None
    return literal_column(f"to_tsvector('simple', {table}.name)").op("@@")(
        text("to_tsquery('simple', :name_query)").bindparams(name_query=" & ".join(f"{t}:*" for t in terms))
    )


def include_name(name: str | None, type_: str) -> bool:
    """For schema comparisons: the FTS5 shadow tables and GIN indexes are not ORM tables."""
    if type_ == "table" and name and name.startswith(tuple(FTS_TABLES.values())):
        return False
    return not (type_ == "index" and name in PG_INDEXES.values())
