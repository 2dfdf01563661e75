"""Full-text search over `jobs.search_text`: SQLite FTS5 or a PostgreSQL GIN index.

Both give word-prefix matching ("smi" finds "Smith") so search-as-you-type works.
A migration that rebuilds the `jobs` table in batch mode on SQLite drops its triggers:
such a migration must call `create_sqlite_fts` again afterwards.
"""

from __future__ import annotations

import re
import sqlite3
import unicodedata
from contextlib import closing
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, literal_column, text
from sqlalchemy.sql import ColumnElement

FTS_TABLE = "job_fts"
PG_INDEX = "ix_jobs_search_tsv"

#: The FTS5 options of revision 0001 (kept as they were: that revision calls this module).
FTS_OPTIONS_0001 = "tokenize='unicode61 remove_diacritics 2', prefix='2'"
#: Since revision 0005: no token positions and no column sizes. Searches are word prefixes,
#: never phrases, so nothing needs them, and the index builds ~40% faster.
FTS_OPTIONS_0005 = f"{FTS_OPTIONS_0001}, detail=none, columnsize=0"
#: Since revision 0007: 3-letter prefixes indexed too (2-letter ones were already). FTS5
#: reads an indexed prefix lazily, in rowid order, so a first page stops early; any other
#: prefix merges the whole doclists of its words first ("cle" at a million jobs: 30 ms
#: before, 0.2 ms with the index, for 1-2% more index).
FTS_OPTIONS_0007 = FTS_OPTIONS_0005.replace("prefix='2'", "prefix='2 3'")


def _table_ddl(options: str) -> str:
    return (
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5("
        f"search_text, content='jobs', content_rowid='id', {options})"
    )


_SQLITE_TRIGGER_DDL = [
    f"""CREATE TRIGGER IF NOT EXISTS jobs_fts_insert AFTER INSERT ON jobs BEGIN
        INSERT INTO {FTS_TABLE}(rowid, search_text) VALUES (new.id, new.search_text); END""",
    f"""CREATE TRIGGER IF NOT EXISTS jobs_fts_delete AFTER DELETE ON jobs BEGIN
        INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, search_text)
        VALUES ('delete', old.id, old.search_text); END""",
    f"""CREATE TRIGGER IF NOT EXISTS jobs_fts_update AFTER UPDATE OF search_text ON jobs BEGIN
        INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, search_text)
        VALUES ('delete', old.id, old.search_text);
        INSERT INTO {FTS_TABLE}(rowid, search_text) VALUES (new.id, new.search_text); END""",
]

_SQLITE_TRIGGERS = ("jobs_fts_insert", "jobs_fts_delete", "jobs_fts_update")


def create_sqlite_fts(connection: Connection, options: str = FTS_OPTIONS_0001) -> None:
    """Create the FTS5 table (if missing) and the triggers that keep it in step with `jobs`."""
    connection.exec_driver_sql(_table_ddl(options))
    create_sqlite_triggers(connection)


def create_sqlite_triggers(connection: Connection) -> None:
    for statement in _SQLITE_TRIGGER_DDL:
        connection.exec_driver_sql(statement)


def recreate_sqlite_fts(connection: Connection, options: str) -> None:
    """Drop the FTS5 table and make it again with other options, indexed from `jobs`."""
    drop_sqlite_triggers(connection)
    connection.exec_driver_sql(f"DROP TABLE IF EXISTS {FTS_TABLE}")
    connection.exec_driver_sql(_table_ddl(options))
    rebuild_sqlite_fts(connection)


def drop_sqlite_triggers(connection: Connection) -> None:
    """Drop the triggers (bulk loads do this, then `rebuild_sqlite_fts`)."""
    for name in _SQLITE_TRIGGERS:
        connection.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name}")


#: FTS5's own default for 'automerge' (segments per level before it merges them).
FTS_AUTOMERGE_DEFAULT = 4


def rebuild_sqlite_fts(connection: Connection, *, automerge: int | None = None) -> None:
    """Re-index every job and recreate the triggers. A larger `automerge` for the rebuild
    merges segments less often (16: ~30% faster at a million jobs, queries as fast); the
    default is put back afterwards for everyday writes."""
    if automerge is not None:
        _set_fts_config(connection, "automerge", automerge)
    connection.exec_driver_sql(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')")
    if automerge is not None:
        _set_fts_config(connection, "automerge", FTS_AUTOMERGE_DEFAULT)
    create_sqlite_triggers(connection)


def sqlite_fts_ddl(connection: Connection) -> str | None:
    """The statement that created the jobs' FTS5 table (its options differ by revision)."""
    ddl = connection.exec_driver_sql(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", (FTS_TABLE,)
    ).scalar()
    return str(ddl) if ddl else None


def adopt_sqlite_fts(connection: Connection, source: Path) -> None:
    """Make the jobs' full-text index a copy of one built in the SQLite file `source` by the
    same CREATE statement (`sqlite_fts_ddl`), then recreate the triggers.

    An FTS5 index is nothing but its shadow tables, so copying them row for row gives the
    index that indexing the same rows here would; a bulk load uses this to build the index
    in another process, on the other core. `connection` must not have used the index before
    (FTS5 keeps the index structure cached per connection)."""
    with closing(sqlite3.connect(source)) as built:
        for (name,) in connection.exec_driver_sql(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name GLOB ?", (f"{FTS_TABLE}_*",)
        ).all():
            rows = built.execute(f"SELECT * FROM {name}").fetchall()
            connection.exec_driver_sql(f"DELETE FROM {name}")
            if rows:
                marks = ", ".join("?" * len(rows[0]))
                connection.exec_driver_sql(f"INSERT INTO {name} VALUES ({marks})", rows)
    create_sqlite_triggers(connection)


def _set_fts_config(connection: Connection, key: str, value: int) -> None:
    connection.exec_driver_sql(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rank) VALUES ('{key}', {int(value)})")


def create_postgres_index(connection: Connection) -> None:
    """A GIN index over the 'simple' text-search vector of `search_text`."""
    connection.exec_driver_sql(
        f"CREATE INDEX IF NOT EXISTS {PG_INDEX} ON jobs USING gin (to_tsvector('simple', search_text))"
    )


_WORD = re.compile(r"\w+", re.UNICODE)


def fold(text: str) -> str:
    """Lower-case, accents removed, punctuation turned into spaces: 'Zoë Müller-Smith,
    zoe@x.com' -> 'zoe muller smith zoe x com'. Stored search text and typed queries are
    both folded, so SQLite and PostgreSQL find the same jobs without extensions."""
    if not text:
        return ""
    if not text.isascii():  # the per-character pass only where there can be accents
        decomposed = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(_WORD.findall(text.replace("_", " ").lower()))


def search_terms(query: str) -> list[str]:
    """The words of a search box, folded like the stored text."""
    return fold(query).split()


def sqlite_match_expression(query: str) -> str | None:
    """The FTS5 MATCH expression of a search box (every word as a prefix), or None."""
    terms = search_terms(query)
    return " ".join(f'"{term}"*' for term in terms) if terms else None


def match_clause(dialect: str, query: str, id_column: Any) -> ColumnElement[bool] | None:
    """A WHERE clause keeping jobs whose search text has every word as a prefix, or None
    when the query has no words."""
    terms = search_terms(query)
    if not terms:
        return None
    if dialect == "sqlite":
        expression = sqlite_match_expression(query)
        return id_column.in_(
            text(f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH :fts_query").bindparams(
                fts_query=expression
            )
        )
    expression = " & ".join(f"{term}:*" for term in terms)
    return literal_column("to_tsvector('simple', jobs.search_text)").op("@@")(
        text("to_tsquery('simple', :ts_query)").bindparams(ts_query=expression)
    )


def include_name(name: str | None, type_: str, _parent: Any) -> bool:
    """For schema comparisons: leave the full-text machinery (FTS5 shadow tables, the GIN
    index) out, since the ORM tables do not describe it; the contacts' too."""
    from gojee_desktop.store import contact_fulltext, contact_name_order  # they build on this module

    if type_ == "table" and name and name.startswith(FTS_TABLE):
        return False
    if not contact_name_order.include_name(name, type_):
        return False
    return not (type_ == "index" and name == PG_INDEX) and contact_fulltext.include_name(name, type_)
