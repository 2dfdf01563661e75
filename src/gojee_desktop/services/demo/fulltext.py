"""The demo's full-text index, built aside: by a second process, in a scratch SQLite file,
while the loading process inserts the jobs and builds the other indexes. A database file
has one writer, so the two could not share it; as two processes they use both cores (a
thread would not: the sqlite3 module's allocator lock made both slower). The finished index
is then copied in (`fulltext.adopt_sqlite_fts`). At a million jobs this takes the ~12 s
full-text build off the critical path.

The worker replays the loader's random draws from the same generator state, so it indexes
exactly the search texts the loader writes (a test runs FTS5's integrity check on it)."""

from __future__ import annotations

import pickle
import random
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, create_engine
from sqlalchemy.pool import NullPool

from gojee_desktop.services.demo.jobs import DemoCustomer, DemoJobSpec, insert_demo_search_texts
from gojee_desktop.store import fulltext

#: Past this, waiting for the worker costs more than indexing in place (a million jobs take
#: it about 12 s); the caller then rebuilds the index itself.
WORKER_TIMEOUT_S = 600


@dataclass(frozen=True)
class _Work:
    """What the worker process needs, pickled into the scratch folder."""

    ddl: str
    automerge: int
    rng_state: tuple[Any, ...]
    specs: Sequence[DemoJobSpec]
    customers: Sequence[DemoCustomer]
    output: Path


class FullTextAside:
    """Start indexing the search texts of `specs` (loaded in order from an rng in state
    `rng_state`) in a second process; `adopt_into` waits for it and copies the index in."""

    def __init__(
        self,
        ddl: str,
        automerge: int,
        rng_state: tuple[Any, ...],
        specs: Sequence[DemoJobSpec],
        customers: Sequence[DemoCustomer],
    ) -> None:
        self._folder = Path(tempfile.mkdtemp(prefix="gojee-demo-fts-"))
        work = _Work(ddl, automerge, rng_state, specs, customers, self._folder / "fulltext.sqlite3")
        job = self._folder / "work.pickle"
        job.write_bytes(pickle.dumps(work))
        self._output = work.output
        self.failure = ""  # the worker's last words, when it failed
        self._process = subprocess.Popen(
            [sys.executable, "-m", __name__, str(job)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )

    @staticmethod
    def available() -> bool:
        """A frozen app has no `python -m` to run the worker with."""
        return not getattr(sys, "frozen", False)

    def adopt_into(self, connection: Connection) -> bool:
        """Wait for the worker and copy its index in. False if it failed: the caller then
        indexes in place (the index is derived data; nothing is lost)."""
        try:
            try:
                _, errors = self._process.communicate(timeout=WORKER_TIMEOUT_S)
            except subprocess.TimeoutExpired:
                self.failure = f"the worker took more than {WORKER_TIMEOUT_S} s"
                return False
            if self._process.returncode != 0 or not self._output.exists():
                self.failure = errors.decode(errors="replace")[-2000:]
                return False
            fulltext.adopt_sqlite_fts(connection, self._output)
            return True
        finally:
            self.discard()

    def discard(self) -> None:
        """Stop the worker if it still runs and delete the scratch folder."""
        if self._process.poll() is None:
            self._process.kill()
            self._process.wait()
        shutil.rmtree(self._folder, ignore_errors=True)


def build(work: _Work) -> None:
    """The worker: index every batch's search texts into `work.output`."""
    engine = create_engine(f"sqlite:///{work.output}", poolclass=NullPool)
    try:
        with engine.connect() as connection:
            # A scratch file: no journal, no syncing.
            connection.exec_driver_sql("PRAGMA journal_mode=OFF")
            connection.exec_driver_sql("PRAGMA synchronous=OFF")
            connection.exec_driver_sql("PRAGMA cache_size=-262144")
            connection.exec_driver_sql("PRAGMA temp.cache_size=-262144")
            connection.commit()
            with connection.begin():
                connection.exec_driver_sql(work.ddl)
                _set_automerge(connection, work.automerge)
                rng = random.Random()
                rng.setstate(work.rng_state)
                for spec in work.specs:
                    insert_demo_search_texts(connection, rng, spec, work.customers, fulltext.FTS_TABLE)
                _set_automerge(connection, fulltext.FTS_AUTOMERGE_DEFAULT)
    finally:
        engine.dispose()


def _set_automerge(connection: Connection, value: int) -> None:
    table = fulltext.FTS_TABLE
    connection.exec_driver_sql(f"INSERT INTO {table}({table}, rank) VALUES ('automerge', {int(value)})")


if __name__ == "__main__":
    build(pickle.loads(Path(sys.argv[1]).read_bytes()))
