"""A second full-text index over the names of people and organisations (SQLite only), whose
row keys put the matches of a search roughly in name order, so the first page of a broad
search sorted by name reads a few thousand matches instead of sorting every one.

The `person_fts` index of `store.contact_fulltext` returns matches in id order: a common
name ("s", "chen": 30,000-58,000 of half a million people) must have every match looked up
and sorted before its first row. This index holds the same words with the same tokenizer,
keyed by `first character's code point << 42 | id`. The code point order of the first
character is the order of SQLite's BINARY collation on it, so reading the matches in key
order gives them bucket by bucket (all names starting with "A", then "B", ...) in name
order between buckets; only one bucket's matches need sorting, and a large bucket is read
by walking the name index through its range (`services.contact_name_page`). Prefixes of up
to 8 letters are indexed, so such a search reads its matches lazily in key order.

The table is contentless (it stores no names; it only finds keys) and kept in step by
triggers. A migration that rebuilds `persons` or `organizations` in batch mode on SQLite
drops the triggers: it must call `create_sqlite` again afterwards. Ids stay below 2**42.
"""

from __future__ import annotations

from sqlalchemy import Connection

from gojee_desktop.store.fulltext import FTS_OPTIONS_0007

#: table -> its name-ordered FTS5 table.
ORDER_TABLES = {"persons": "person_name_fts", "organizations": "organization_name_fts"}
#: Every prefix of up to 8 letters indexed: FTS5 reads such a prefix lazily in key order,
#: any longer one by merging the lists of all its words first ("smith" at half a million
#: people: 19 ms to merge, under 1 ms indexed; 7.5 MB of index there, 5.2 MB with 1-3 letters).
OPTIONS = FTS_OPTIONS_0007.replace("prefix='2 3'", "prefix='1 2 3 4 5 6 7 8'")
#: Bits of the key below the first character: the id.
SHIFT = 42
ID_MASK = (1 << SHIFT) - 1


def key_sql(row: str) -> str:
    """The SQL of a row's key (`row` is new, old or the table's name)."""
    return f"((coalesce(unicode({row}.name), 0) << {SHIFT}) | {row}.id)"


def bucket_of(key: int) -> int:
    """The code point of the first character of the name behind `key` (0: empty name)."""
    return key >> SHIFT


def bucket_range(bucket: int) -> tuple[int, int]:
    """The lowest and highest key of a bucket."""
    return bucket << SHIFT, ((bucket + 1) << SHIFT) - 1


def _triggers(table: str) -> dict[str, str]:
    fts = ORDER_TABLES[table]
    new, old = key_sql("new"), key_sql("old")
    return {
        f"{fts}_insert": f"""CREATE TRIGGER IF NOT EXISTS {fts}_insert AFTER INSERT ON {table} BEGIN
            INSERT INTO {fts}(rowid, name) VALUES ({new}, new.name); END""",
        f"{fts}_delete": f"""CREATE TRIGGER IF NOT EXISTS {fts}_delete AFTER DELETE ON {table} BEGIN
            INSERT INTO {fts}({fts}, rowid, name) VALUES ('delete', {old}, old.name); END""",
        f"{fts}_update": f"""CREATE TRIGGER IF NOT EXISTS {fts}_update AFTER UPDATE OF name, id ON {table}
            BEGIN
            INSERT INTO {fts}({fts}, rowid, name) VALUES ('delete', {old}, old.name);
            INSERT INTO {fts}(rowid, name) VALUES ({new}, new.name); END""",
    }


def create_sqlite(connection: Connection) -> None:
    """Create both tables (if missing), index every existing name, add the triggers."""
    for table, fts in ORDER_TABLES.items():
        exists = connection.exec_driver_sql(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (fts,)
        ).first()
        if exists is None:
            connection.exec_driver_sql(f"CREATE VIRTUAL TABLE {fts} USING fts5(name, content='', {OPTIONS})")
            connection.exec_driver_sql(
                f"INSERT INTO {fts}(rowid, name) SELECT {key_sql(table)}, name FROM {table}"
            )
        for statement in _triggers(table).values():
            connection.exec_driver_sql(statement)


def drop_sqlite(connection: Connection) -> None:
    for table, fts in ORDER_TABLES.items():
        for name in _triggers(table):
            connection.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name}")
        connection.exec_driver_sql(f"DROP TABLE IF EXISTS {fts}")


def include_name(name: str | None, type_: str) -> bool:
    """For schema comparisons: the FTS5 tables and their shadow tables are not ORM tables."""
    return not (type_ == "table" and name and name.startswith(tuple(ORDER_TABLES.values())))
