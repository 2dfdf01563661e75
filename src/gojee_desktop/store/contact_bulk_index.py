"""People and organisations written in bulk (an import) put into their full-text indexes a
batch at a time, not by a trigger call a row.

Each name goes into two FTS5 tables on SQLite (`contact_fulltext` for search, and
`contact_name_order` for the first page in name order, with prefixes of 1 to 8 letters), kept
by AFTER INSERT triggers. Inside one long transaction those triggers made every row's index
work the slowest part of an import: 100,000 people inserted in batches of 2,000 took 7.3 s
with the triggers and 2.7 s with the triggers lifted and each batch's rows indexed by one
INSERT ... SELECT right after it (same rows, same index entries). So `BulkIndexer` lifts the
insert triggers around each batch and restores them, in the import's own transaction: a
failure or a rollback leaves the triggers as they were, as SQLite's DDL is transactional."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Connection

from gojee_desktop.store.contact_fulltext import FTS_TABLES
from gojee_desktop.store.contact_name_order import ORDER_TABLES, key_sql

#: table -> (FTS5 table, the SQL of a row's key in it) for each index of the table's names.
INDEXES: dict[str, tuple[tuple[str, Callable[[str], str]], ...]] = {
    table: ((FTS_TABLES[table], lambda row: f"{row}.id"), (ORDER_TABLES[table], key_sql))
    for table in FTS_TABLES
}


class BulkIndexer:
    """Inserts a batch of people or organisations with the name indexes' insert triggers
    lifted, indexes the batch right after, and puts the triggers back. (Lifting them once
    for the whole import measured slower: 12,800-14,500 rows/s against 16,300-16,500.)"""

    def __init__(self, connection: Connection) -> None:
        self._connection = connection
        self._lifted: dict[str, str] = {}  # FTS table -> its insert trigger's SQL
        self._triggers: dict[str, str | None] = {}  # FTS table -> that SQL, read once

    def _lift(self, table: str) -> None:
        connection = self._connection
        driver = connection.connection.dbapi_connection
        if driver is not None and not getattr(driver, "in_transaction", True):
            # Python's sqlite3 opens a transaction only before a write: without this,
            # dropping a trigger ahead of the first write would be committed at once, and a
            # rollback would then lose the trigger for good.
            connection.exec_driver_sql("BEGIN")
        for fts, _key in INDEXES[table]:
            if fts in self._lifted:
                continue
            if fts not in self._triggers:
                row = connection.exec_driver_sql(
                    "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?", (f"{fts}_insert",)
                ).first()
                self._triggers[fts] = None if row is None else str(row[0])
            sql = self._triggers[fts]
            if sql is not None:
                self._lifted[fts] = sql
                connection.exec_driver_sql(f"DROP TRIGGER {fts}_insert")

    def insert(self, table: str, first_id: int, last_id: int, insert: Callable[[], None]) -> None:
        """Run `insert`, which adds the rows with ids `first_id`..`last_id` to `table` (people
        or organisations), then index those rows in one statement per index."""
        self._lift(table)
        insert()
        for fts, key in INDEXES[table]:
            if fts in self._lifted:
                self._connection.exec_driver_sql(
                    f"INSERT INTO {fts}(rowid, name) SELECT {key(table)}, name FROM {table}"
                    " WHERE id BETWEEN ? AND ?",
                    (first_id, last_id),
                )
        self.restore()

    def restore(self) -> None:
        """The lifted triggers back, as they were (also called at the end of an import, in
        case a batch's insert was left half done by an error the caller caught)."""
        for sql in self._lifted.values():
            self._connection.exec_driver_sql(sql)
        self._lifted.clear()
