"""Every way a database can be unusable at start gets a message in a user's words, and the
file is left exactly as it was: nothing written, nothing migrated, no traceback."""

from __future__ import annotations

import os
import sqlite3
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import psycopg
import pytest

from db_damage import add_leads, damage_file
from gojee_desktop import __version__
from gojee_desktop.services.errors import StorageError
from gojee_desktop.services.startup import open_app_database
from gojee_desktop.store import checks
from gojee_desktop.store.checks import explain
from gojee_desktop.store.database import Database, sqlite_file

NOBODY = 65534


def _refused(url: str) -> StorageError:
    with pytest.raises(StorageError) as caught:
        open_app_database(url).dispose()
    message = str(caught.value)
    assert "sqlalche.me" not in message and "Traceback" not in message
    return caught.value


def _snapshot(folder: Path) -> dict[str, bytes]:
    """The folder's files and their bytes; SQLite's shared-memory index (-shm) and an empty
    -wal, which a read-only look at a WAL database may create, are not writes of ours."""
    return {
        p.name: p.read_bytes()
        for p in sorted(folder.iterdir())
        if p.is_file()
        and not p.name.endswith("-shm")
        and not (p.name.endswith("-wal") and not p.stat().st_size)
    }


@pytest.fixture
def closed_db(sqlite_db: Database) -> Iterator[Path]:
    """A sound database file with 300 leads, all connections closed, checkpointed."""
    add_leads(sqlite_db, 300)
    sqlite_db.dispose()
    path = sqlite_file(sqlite_db.url)
    assert path is not None
    with sqlite3.connect(path) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()
    for companion in (f"{path}-wal", f"{path}-shm"):
        Path(companion).unlink(missing_ok=True)
    yield path


def test_a_file_that_is_not_a_database(tmp_path: Path):
    path = tmp_path / "notes.sqlite3"
    path.write_text("Shopping list: cable, 20 m\n" * 50)
    before = _snapshot(tmp_path)
    error = _refused(f"sqlite:///{path}")
    assert error.kind == "not_a_database" and error.restorable
    assert str(error) == f"{path} is not a Gojee Desktop database (it is not a SQLite file)."
    assert _snapshot(tmp_path) == before


def test_a_damaged_database(closed_db: Path):
    damage_file(closed_db)
    before = _snapshot(closed_db.parent)
    error = _refused(f"sqlite:///{closed_db}")
    assert error.kind == "damaged" and error.restorable
    assert str(error).startswith(f"{closed_db} is damaged (")
    assert "restore it from a backup" in str(error)
    assert _snapshot(closed_db.parent) == before


def test_a_database_locked_by_another_program(closed_db: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(checks, "CHECK_TIMEOUT_S", 0.2)
    other = sqlite3.connect(closed_db, isolation_level=None)
    other.execute("PRAGMA locking_mode=EXCLUSIVE")
    other.execute("BEGIN EXCLUSIVE")
    try:
        error = _refused(f"sqlite:///{closed_db}")
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert error.kind == "locked"
    assert str(error) == (
        f"{closed_db} is locked by another program. Close the other program (or wait for it to "
        "finish) and try again."
    )


def test_a_folder_given_as_the_database(tmp_path: Path):
    error = _refused(f"sqlite:///{tmp_path}")
    assert error.kind == "is_folder"
    assert str(error) == f"{tmp_path} is a folder, not a database file. Give the path of a .sqlite3 file."
    assert list(tmp_path.glob("*.sqlite3*")) == []


def test_a_folder_that_cannot_be_created(tmp_path: Path):
    blocker = tmp_path / "report.pdf"
    blocker.write_bytes(b"%PDF-1.4")
    error = _refused(f"sqlite:///{blocker / 'sub' / 'gojee.sqlite3'}")
    assert error.kind == "folder_missing"
    assert str(error).startswith(f"The folder {blocker / 'sub'} does not exist and cannot be created")
    error = _refused(f"sqlite:///{blocker / 'gojee.sqlite3'}")
    assert str(error) == f"Cannot use {blocker / 'gojee.sqlite3'}: {blocker} is a file, not a folder."
    assert blocker.read_bytes() == b"%PDF-1.4"


def _as_nobody(action: Callable[[], str]) -> str:
    """Run `action` as an unprivileged user (root ignores file permissions), return its text."""
    if os.geteuid() != 0:
        return action()
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: drop privileges, answer through the pipe, never return to pytest
        try:
            os.setgid(NOBODY)
            os.setuid(NOBODY)
            text = action()
        except BaseException as exc:
            text = f"child failed: {type(exc).__name__}: {exc}"
        os.write(write_end, text.encode())
        os._exit(0)
    os.close(write_end)
    chunks = []
    while chunk := os.read(read_end, 65536):
        chunks.append(chunk)
    os.close(read_end)
    os.waitpid(pid, 0)
    return b"".join(chunks).decode()


def _open_and_report(url: str) -> Callable[[], str]:
    def action() -> str:
        try:
            open_app_database(url).dispose()
        except StorageError as error:
            return f"{error.kind}|{error}"
        return "opened"

    return action


@pytest.fixture
def shared_folder() -> Iterator[Path]:
    """A folder an unprivileged user can reach (pytest's own is private to root)."""
    folder = Path(tempfile.mkdtemp(prefix="gojee-perm-"))
    folder.chmod(0o755)
    yield folder
    for path in folder.rglob("*"):
        path.chmod(0o755 if path.is_dir() else 0o644)
    import shutil

    shutil.rmtree(folder)


def _sound_file(folder: Path) -> Path:
    path = folder / "gojee.sqlite3"
    database = open_app_database(f"sqlite:///{path}")
    add_leads(database, 3)
    database.dispose()
    with sqlite3.connect(path) as connection:
        connection.execute("PRAGMA journal_mode=DELETE")
    connection.close()
    return path


def test_a_read_only_file(shared_folder: Path):
    path = _sound_file(shared_folder)
    path.chmod(0o444)
    before = _snapshot(shared_folder)
    answer = _as_nobody(_open_and_report(f"sqlite:///{path}"))
    assert answer == (
        f"read_only|{path} is read-only, so changes could not be saved. Make the file writable "
        "(or copy it somewhere writable) and open it again."
    )
    assert _snapshot(shared_folder) == before


def test_a_folder_that_is_not_writable(shared_folder: Path):
    path = _sound_file(shared_folder)
    path.chmod(0o666)
    shared_folder.chmod(0o555)
    before = _snapshot(shared_folder)
    answer = _as_nobody(_open_and_report(f"sqlite:///{path}"))
    assert answer.startswith(f"folder_not_writable|The folder {shared_folder} is not writable")
    new = _as_nobody(_open_and_report(f"sqlite:///{shared_folder / 'new.sqlite3'}"))
    assert (
        new == f"folder_not_writable|Cannot create a database in {shared_folder}: the folder is not writable."
    )
    assert _snapshot(shared_folder) == before


def test_an_unreadable_file(shared_folder: Path):
    path = _sound_file(shared_folder)
    path.chmod(0o000)
    answer = _as_nobody(_open_and_report(f"sqlite:///{path}"))
    assert answer.startswith(f"unreadable|Cannot read {path} (Permission denied)")


def test_a_database_written_by_a_newer_version(closed_db: Path):
    with sqlite3.connect(closed_db) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '0042'")
        connection.execute("PRAGMA user_version = 4000")  # 0.4.0
    connection.close()
    before = _snapshot(closed_db.parent)
    error = _refused(f"sqlite:///{closed_db}")
    assert error.kind == "newer_version" and not error.restorable
    assert str(error) == (
        f"This database was written by Gojee Desktop 0.4.0; this is {__version__}: update the app to open it."
    )
    assert _snapshot(closed_db.parent) == before


def test_a_newer_database_without_a_recorded_version(closed_db: Path):
    with sqlite3.connect(closed_db) as connection:
        connection.execute("UPDATE alembic_version SET version_num = 'f00d'")
        connection.execute("PRAGMA user_version = 0")
    connection.close()
    error = _refused(f"sqlite:///{closed_db}")
    assert str(error).startswith("This database was written by a newer version of Gojee Desktop; this is")


def test_each_start_records_the_app_version(closed_db: Path):
    open_app_database(f"sqlite:///{closed_db}").dispose()
    with sqlite3.connect(closed_db) as connection:
        major, minor, patch = (int(p) for p in __version__.split(".")[:3])
        assert (
            connection.execute("PRAGMA user_version").fetchone()[0]
            == major * 1_000_000 + minor * 1000 + patch
        )
    connection.close()


def test_an_unreachable_server():
    error = _refused("postgresql+psycopg://gojee@127.0.0.1:1/gojee")
    assert error.kind == "unreachable"
    assert str(error) == (
        "Cannot reach the database server at 127.0.0.1. Check that the server is running and that "
        "this computer can reach it (network, VPN, firewall)."
    )


def test_a_wrong_password():
    # The test server trusts local connections, so the server's refusal is given as the
    # server words it (libpq's text); the translation is what is tested.
    refusal = psycopg.OperationalError(
        'connection failed: connection to server at "10.0.0.5", port 5432 failed: FATAL:  '
        'password authentication failed for user "office"'
    )
    error = explain(refusal, host="10.0.0.5")
    assert error.kind == "wrong_password"
    assert str(error) == (
        "The database server at 10.0.0.5 refused the user name or password. Check them under "
        "File › Connect to a team database…."
    )


def test_not_a_database_address():
    error = _refused("spreadsheet:///accounts.xlsx")
    assert "is not a database Gojee Desktop can use" in str(error) or "is not a database address" in str(
        error
    )


def test_the_command_line_says_it_in_one_line_and_offers_the_backup(closed_db: Path, capsys):
    from gojee_desktop.cli import main
    from gojee_desktop.store.backups import backup_now

    backup = backup_now(closed_db)
    damage_file(closed_db)
    code = main(["--database", f"sqlite:///{closed_db}", "lead", "list"])
    out, err = capsys.readouterr()
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and err.startswith(f"gojee: {closed_db} is damaged")
    assert err.rstrip().endswith(f"Restore the newest sound backup with: gojee restore {backup.path}")


def test_the_check_beside_the_window_refuses_every_write_to_a_damaged_file(closed_db: Path):
    """The window's start: quick_check in a thread. Reads may go ahead meanwhile, but a write
    waits for the verdict, and a damaged one refuses it: the file is never changed."""
    from gojee_desktop.services.jobs import NewJob, create_lead

    damage_file(closed_db)
    before = _snapshot(closed_db.parent)
    database = open_app_database(f"sqlite:///{closed_db}", check_in_background=True)
    try:
        check = database.background_check
        assert check is not None
        with pytest.raises(StorageError) as caught:
            create_lead(database.sessions, NewJob(title="Written to a damaged file"))
        assert caught.value.kind == "damaged" and caught.value.restorable
        assert "is damaged" in str(caught.value)
        verdict = check.wait(timeout=30)
        assert verdict is not None and verdict.kind == "damaged"
        assert str(verdict).startswith(f"{closed_db} is damaged (")
    finally:
        database.dispose()
    assert _snapshot(closed_db.parent) == before


def test_the_check_beside_the_window_lets_writes_through_once_the_file_is_sound(closed_db: Path):
    from gojee_desktop.services.jobs import NewJob, create_lead

    database = open_app_database(f"sqlite:///{closed_db}", check_in_background=True)
    try:
        check = database.background_check
        assert check is not None
        create_lead(database.sessions, NewJob(title="After the verdict"))
        assert check.done() and check.wait(0) is None  # the write waited for the verdict
        with database.engine.connect() as connection:
            assert connection.exec_driver_sql("SELECT count(*) FROM jobs").scalar() == 301
    finally:
        database.dispose()


def test_a_migration_waits_for_the_check_beside_the_window(closed_db: Path):
    """A file whose schema is behind is not migrated (nor backed up) before its verdict."""
    with sqlite3.connect(closed_db) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '0010'")
    connection.close()
    damage_file(closed_db)
    before = _snapshot(closed_db.parent)
    with pytest.raises(StorageError) as caught:
        open_app_database(f"sqlite:///{closed_db}", check_in_background=True).dispose()
    assert caught.value.kind == "damaged"
    assert _snapshot(closed_db.parent) == before


def test_the_command_line_and_new_files_have_no_check_beside_them(closed_db: Path, tmp_path: Path):
    database = open_app_database(f"sqlite:///{closed_db}")
    fresh = open_app_database(f"sqlite:///{tmp_path / 'new.sqlite3'}", check_in_background=True)
    try:
        assert database.background_check is None and fresh.background_check is None
    finally:
        database.dispose()
        fresh.dispose()


@pytest.mark.parametrize(
    ("statement", "reads"),
    [
        ("SELECT * FROM jobs", True),
        ("  select 1", True),
        ("WITH x AS (SELECT 1) SELECT * FROM x", True),
        ("WITH x AS (SELECT 1) INSERT INTO t SELECT * FROM x", False),
        ("PRAGMA user_version", True),
        ("PRAGMA user_version = 5", False),
        ("INSERT INTO jobs DEFAULT VALUES", False),
        ("UPDATE jobs SET title = 'x'", False),
        ("DELETE FROM jobs", False),
        ("CREATE TABLE t (x)", False),
        ("SAVEPOINT sa_1", False),
        ("", False),
    ],
)
def test_which_statements_may_run_before_the_verdict(statement: str, reads: bool):
    from gojee_desktop.store.background_check import reads_only

    assert reads_only(statement) is reads
