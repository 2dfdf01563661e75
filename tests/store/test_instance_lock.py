"""One writer per file: a lock file naming host and process, stale locks taken over, a
read-only mode for a second window, and outside commits noticed through data_version."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from db_damage import add_leads
from gojee_desktop.services.errors import StorageError
from gojee_desktop.services.jobs import NewJob, create_lead
from gojee_desktop.store.database import Database, sqlite_file
from gojee_desktop.store.instance_lock import (
    ChangeWatcher,
    DatabaseInUse,
    acquire,
    holder_of,
    lock_path,
    refuse_writes,
)

HOLD = """
import sys, time
from pathlib import Path
from gojee_desktop.store.instance_lock import acquire
lock = acquire(Path(sys.argv[1]))
print("held", flush=True)
time.sleep(60)
"""


def _file(database: Database) -> Path:
    path = sqlite_file(database.url)
    assert path is not None
    return path


def _holding_process(path: Path) -> subprocess.Popen[str]:
    process = subprocess.Popen([sys.executable, "-c", HOLD, str(path)], stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None and process.stdout.readline().strip() == "held"
    return process


def test_the_lock_names_host_and_process_and_a_second_claim_is_refused(sqlite_db: Database):
    path = _file(sqlite_db)
    lock = acquire(path)
    try:
        assert lock.replaced_stale is None
        with pytest.raises(DatabaseInUse) as refused:
            acquire(path)
        assert refused.value.holder.pid == os.getpid()
        assert refused.value.holder.host == socket.gethostname()
        assert str(refused.value).startswith(
            f"{path.name} is open in Gojee Desktop on this computer (process "
        )
    finally:
        lock.release()
    assert not lock_path(path).exists()
    acquire(path).release()


def test_a_lock_held_by_another_live_process(sqlite_db: Database):
    path = _file(sqlite_db)
    process = _holding_process(path)
    try:
        with pytest.raises(DatabaseInUse) as refused:
            acquire(path)
        assert refused.value.holder.pid == process.pid
        holder = holder_of(path)
        assert holder is not None and holder.pid == process.pid
    finally:
        process.kill()
        process.wait()


def test_a_lock_left_by_a_killed_process_is_stale_and_taken_over(sqlite_db: Database):
    path = _file(sqlite_db)
    process = _holding_process(path)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    assert lock_path(path).exists()  # the crash left the file behind
    assert holder_of(path) is None
    lock = acquire(path)
    try:
        assert lock.replaced_stale is not None and lock.replaced_stale.pid == process.pid
    finally:
        lock.release()


def test_read_only_mode_refuses_writes_in_plain_words(sqlite_db: Database):
    add_leads(sqlite_db, 1)
    refuse_writes(sqlite_db.engine)
    with pytest.raises(StorageError) as refused:
        create_lead(sqlite_db.sessions, NewJob(title="Not saved"))
    assert str(refused.value).startswith("This window is read-only: the database is open for changes in")
    with sqlite_db.engine.connect() as connection:
        assert connection.exec_driver_sql("SELECT count(*) FROM jobs").scalar() == 1


def test_outside_commits_are_noticed_once(sqlite_db: Database):
    path = _file(sqlite_db)
    watcher = ChangeWatcher(path)
    try:
        assert not watcher.changed()
        create_lead(sqlite_db.sessions, NewJob(title="Added by another connection"))
        assert watcher.changed()
        assert not watcher.changed()
    finally:
        watcher.close()


def test_the_command_line_will_not_restore_under_an_open_window(sqlite_db: Database, capsys, tmp_path: Path):
    from gojee_desktop.cli import main

    path = _file(sqlite_db)
    assert main(["--database", sqlite_db.url, "backup", str(tmp_path / "b.sqlite3")]) == 0
    lock = acquire(path)
    try:
        code = main(["--database", sqlite_db.url, "restore", str(tmp_path / "b.sqlite3"), "--yes"])
    finally:
        lock.release()
    err = capsys.readouterr().err
    assert code == 1 and "close that window first" in err
