"""The names an import matches rows by, kept in a scratch SQLite file instead of in memory.

A person is a duplicate of an earlier one with the same name at a close organisation
(`DuplicateIndex.add_name`), so an import has to look up every earlier record by its folded
name: the existing people at an organisation and each row it has created. A dictionary of
them grew the import by ~110 bytes a row (10 MB at 100,000 rows, and as much again per
100,000 existing people). Here they wait in a throw-away file with a small page cache, and
each slice of rows reads back only the records of its own names (a handful): memory stays
flat however big the file or the database. The file is deleted when the import ends,
however it ends."""

from __future__ import annotations

import json
import os
import sqlite3
import tempfile
from collections.abc import Collection, Iterable, Iterator
from pathlib import Path
from types import TracebackType

CACHE_KB = 1024  # the scratch file's page cache: the rest of it stays on disk

# One row a record, in the order they were entered (`seq`): read back in that order, they
# match as they would have in one index in memory.
_SCHEMA = (
    "CREATE TABLE names"
    " (seq INTEGER PRIMARY KEY, name TEXT NOT NULL, org TEXT NOT NULL, ref INTEGER NOT NULL)"
)
_INDEX = "CREATE INDEX names_by_name ON names (name, org, ref)"  # covering: no table lookups
# The names come as a JSON array: one parameter whatever their number (no limit on a
# statement's variables to chunk around).
_NAMED = "SELECT ref, name, org FROM names WHERE name IN (SELECT value FROM json_each(?)) ORDER BY seq"


class SpilledNames:
    """Records by folded name (`name_key`) and organisation (`organization_key`); records
    with either empty are never matched by name, so never entered."""

    def __init__(self) -> None:
        handle, name = tempfile.mkstemp(prefix="gojee-import-names-", suffix=".sqlite3")
        os.close(handle)
        self.path = Path(name)
        self._db = sqlite3.connect(name, isolation_level=None)
        # A scratch file: nothing in it outlives the import, so no journal and no syncing.
        for pragma in ("journal_mode=OFF", "synchronous=OFF", f"cache_size=-{CACHE_KB}", "temp_store=FILE"):
            self._db.execute(f"PRAGMA {pragma}")
        self._db.execute(_SCHEMA)
        self._db.execute("BEGIN")  # never committed: the file is thrown away
        self._indexed = False  # the index is built on the first read, after the bulk load

    def __enter__(self) -> SpilledNames:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        """Delete the file (closed first: Windows does not delete an open file)."""
        self._db.close()
        self.path.unlink(missing_ok=True)

    def add(self, records: Iterable[tuple[str, str, int]]) -> None:
        """(name key, organisation key, ref) of records entered after every earlier one."""
        self._db.executemany(
            "INSERT INTO names (name, org, ref) VALUES (?, ?, ?)",
            ((name, org, ref) for name, org, ref in records if name and org),
        )

    def named(self, names: Collection[str]) -> Iterator[tuple[int, str, str]]:
        """(ref, name key, organisation key) of every record with one of these name keys, in
        the order entered."""
        if not self._indexed:
            self._db.execute(_INDEX)
            self._indexed = True
        if names:
            yield from self._db.execute(_NAMED, (json.dumps(sorted(names)),))
