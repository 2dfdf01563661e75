"""`gojee backup` and `gojee restore`: verified backups from the command line, a restore that
refuses to run unconfirmed without a terminal, and PostgreSQL pointed at pg_dump."""

from __future__ import annotations

import io
import json
import sqlite3
from pathlib import Path

import pytest

from db_damage import add_leads
from gojee_desktop.cli import main
from gojee_desktop.store.backups import list_backups
from gojee_desktop.store.database import Database, sqlite_file


def _run(capsys: pytest.CaptureFixture[str], url: str, *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(["--database", url, *args])
    out, err = capsys.readouterr()
    return code, out, err


def _titles(path: Path) -> list[str]:
    with sqlite3.connect(path) as connection:
        titles = [r[0] for r in connection.execute("SELECT title FROM jobs ORDER BY id")]
    connection.close()
    return titles


def test_backup_into_the_folder_and_to_a_file(sqlite_db: Database, capsys, tmp_path: Path):
    add_leads(sqlite_db, 2)
    code, out, err = _run(capsys, sqlite_db.url, "backup")
    assert code == 0, err
    assert out.startswith("Backed up and verified: ") and "2 jobs" in out
    path = sqlite_file(sqlite_db.url)
    assert path is not None and len(list_backups(path)) == 1
    code, out, _ = _run(capsys, sqlite_db.url, "backup", str(tmp_path / "out.sqlite3"))
    assert code == 0 and _titles(tmp_path / "out.sqlite3") == ["Lead 0", "Lead 1"]
    code, out, _ = _run(capsys, sqlite_db.url, "backup", "--list", "--json")
    listed = json.loads(out)
    assert code == 0 and len(listed) == 1 and listed[0]["counts"]["jobs"] == 2 and listed[0]["sound"]


def test_restore_without_yes_and_without_a_terminal_refuses(
    sqlite_db: Database, capsys, tmp_path: Path, monkeypatch
):
    add_leads(sqlite_db, 1)
    _run(capsys, sqlite_db.url, "backup", str(tmp_path / "b.sqlite3"))
    add_leads(sqlite_db, 1, prefix="New")
    monkeypatch.setattr("sys.stdin", io.StringIO("y\n"))
    code, _out, err = _run(capsys, sqlite_db.url, "restore", str(tmp_path / "b.sqlite3"))
    assert code == 1
    assert "no terminal" in err and "--yes" in err
    path = sqlite_file(sqlite_db.url)
    assert path is not None and _titles(path) == ["Lead 0", "New 0"]


def test_restore_with_yes(sqlite_db: Database, capsys, tmp_path: Path):
    add_leads(sqlite_db, 1)
    _run(capsys, sqlite_db.url, "backup", str(tmp_path / "b.sqlite3"))
    add_leads(sqlite_db, 1, prefix="New")
    sqlite_db.dispose()
    code, out, err = _run(capsys, sqlite_db.url, "restore", str(tmp_path / "b.sqlite3"), "--yes")
    assert code == 0, err
    path = sqlite_file(sqlite_db.url)
    assert path is not None and _titles(path) == ["Lead 0"]
    assert "as it was is kept in" in out
    kept = list_backups(path)
    assert [b.reason for b in kept] == ["before-restore"] and kept[0].counts["jobs"] == 2


def test_restore_of_a_missing_file(sqlite_db: Database, capsys, tmp_path: Path):
    code, _, err = _run(capsys, sqlite_db.url, "restore", str(tmp_path / "nope.sqlite3"), "--yes")
    assert code == 1 and "no backup file" in err


def test_backup_on_postgres_prints_the_pg_dump_command(capsys):
    url = "postgresql+psycopg://team:secret@db.example.com:5433/gojee"
    code, out, err = _run(capsys, url, "backup")
    assert code == 1
    assert out.startswith("pg_dump --format=custom") and "postgresql://team@db.example.com:5433/gojee" in out
    assert "secret" not in out + err
    assert "pg_dump" in err and "server's own tools" in err
