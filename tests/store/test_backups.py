"""Backups with SQLite's backup API: consistent copies of a live database, verified, rotated
7 daily / 4 weekly / 12 monthly, listed with record counts, and restored safely."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from db_damage import add_leads, damage_file, integrity
from gojee_desktop.config import set_backup_folder
from gojee_desktop.store.backups import (
    BackupError,
    backup_before,
    backup_folder,
    backup_now,
    backups_to_keep,
    daily_backup_if_due,
    list_backups,
    newest_sound_backup,
    restore_backup,
    write_backup,
)
from gojee_desktop.store.database import Database, sqlite_file

NOON = datetime(2026, 12, 6, 12, 0, tzinfo=UTC)


def _file(database: Database) -> Path:
    path = sqlite_file(database.url)
    assert path is not None
    return path


def _jobs_in(path: Path) -> list[str]:
    with sqlite3.connect(path) as connection:
        rows = connection.execute("SELECT title FROM jobs ORDER BY id").fetchall()
    connection.close()
    return [r[0] for r in rows]


def test_a_backup_of_a_live_database_holds_what_is_still_in_the_wal(sqlite_db: Database):
    add_leads(sqlite_db, 3)
    path = _file(sqlite_db)
    assert Path(f"{path}-wal").stat().st_size > 0  # the edits are in the WAL, not yet in the file
    info = backup_now(path)
    assert _jobs_in(info.path) == ["Lead 0", "Lead 1", "Lead 2"]
    assert integrity(info.path) == "ok"
    assert info.counts["jobs"] == 3 and "people" in info.counts
    # One self-contained file: no -wal beside it, not in WAL mode.
    with sqlite3.connect(info.path) as copy:
        assert copy.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    copy.close()
    assert not Path(f"{info.path}-wal").exists()
    assert info.path.parent == path.parent / "backups"


def test_a_backup_never_holds_an_uncommitted_change(sqlite_db: Database):
    add_leads(sqlite_db, 1)
    path = _file(sqlite_db)
    writer = sqlite3.connect(path, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("UPDATE jobs SET title = 'half-done'")
    try:
        info = backup_now(path)
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    assert _jobs_in(info.path) == ["Lead 0"]


def test_a_damaged_database_gives_no_backup_and_leaves_no_partial_file(sqlite_db: Database):
    add_leads(sqlite_db, 300)
    path = _file(sqlite_db)
    sqlite_db.dispose()
    damage_file(path)
    assert integrity(path) != "ok"
    with pytest.raises(BackupError, match=r"did not pass its check|failed"):
        backup_now(path)
    assert list(backup_folder(path).glob("*")) == []


def test_backup_to_a_chosen_file_and_refusals(sqlite_db: Database, tmp_path: Path):
    add_leads(sqlite_db, 2)
    path = _file(sqlite_db)
    info = write_backup(path, tmp_path / "elsewhere" / "copy.sqlite3")
    assert info.counts["jobs"] == 2 and info.reason == "copy"
    with pytest.raises(BackupError, match="cannot replace the database"):
        write_backup(path, path)
    with pytest.raises(BackupError, match="no database file"):
        write_backup(tmp_path / "missing.sqlite3", tmp_path / "x.sqlite3")


def test_the_backup_folder_can_be_another_folder(sqlite_db: Database, tmp_path: Path):
    synced = tmp_path / "synced drive"
    set_backup_folder(synced)
    info = backup_now(_file(sqlite_db))
    assert info.path.parent == synced
    assert [b.path for b in list_backups(_file(sqlite_db))] == [info.path]
    set_backup_folder(None)
    assert backup_folder(_file(sqlite_db)) == _file(sqlite_db).parent / "backups"


def test_listing_is_newest_first_with_reason_size_and_counts(sqlite_db: Database):
    path = _file(sqlite_db)
    backup_now(path, "daily", now=NOON - timedelta(days=1))
    add_leads(sqlite_db, 4)
    backup_now(path, "before import", now=NOON)
    listed = list_backups(path)
    assert [(b.reason, b.counts["jobs"]) for b in listed] == [("before-import", 4), ("daily", 0)]
    assert listed[0].created == NOON
    assert all(b.size == b.path.stat().st_size and b.size > 0 for b in listed)
    assert listed[0].summary().startswith("4 jobs")


def test_daily_backup_once_a_day(sqlite_db: Database):
    path = _file(sqlite_db)
    assert daily_backup_if_due(path, now=NOON) is not None
    assert daily_backup_if_due(path, now=NOON + timedelta(hours=3)) is None
    assert daily_backup_if_due(path, now=NOON + timedelta(days=1)) is not None
    assert len(list_backups(path)) == 2


def test_rotation_keeps_7_daily_4_weekly_12_monthly():
    start = datetime(2025, 1, 1, 9, 0, tzinfo=UTC)
    stamps = [start + timedelta(days=d) for d in range(500)]
    keep = backups_to_keep(stamps)
    newest = stamps[-1]
    days = {s.date() for s in keep}
    assert all((newest - timedelta(days=d)).date() in days for d in range(7))
    weeks = {s.isocalendar()[:2] for s in keep}
    assert all((newest - timedelta(weeks=w)).isocalendar()[:2] in weeks for w in range(4))
    months = {(s.year, s.month) for s in keep}
    assert len(months) == 12 and (newest.year, newest.month) in months
    assert len(keep) <= 7 + 4 + 12
    assert min(keep) >= newest - timedelta(days=366)


def test_rotation_on_real_files(sqlite_db: Database):
    path = _file(sqlite_db)
    for day in range(40):
        backup_now(path, "daily", now=NOON - timedelta(days=39 - day))
    kept = list_backups(path)
    expected = backups_to_keep([NOON - timedelta(days=d) for d in range(40)])
    assert {b.created for b in kept} == expected
    assert len(kept) == len(expected) < 40


def test_backup_before_for_the_import_feature(sqlite_db: Database):
    add_leads(sqlite_db, 1)
    info = backup_before(sqlite_db, "import")
    assert info is not None and info.reason == "before-import" and info.counts["jobs"] == 1


@pytest.mark.postgres
def test_backup_before_on_postgres_is_the_servers_business(db: Database):
    if db.dialect != "postgresql":
        pytest.skip("PostgreSQL only")
    assert backup_before(db, "import") is None


def test_restore_replaces_the_database_and_keeps_the_current_one(sqlite_db: Database):
    path = _file(sqlite_db)
    add_leads(sqlite_db, 2)
    good = backup_now(path, now=NOON - timedelta(days=1))
    add_leads(sqlite_db, 1, prefix="After")
    sqlite_db.dispose()
    saved = restore_backup(path, good.path, now=NOON)
    assert _jobs_in(path) == ["Lead 0", "Lead 1"]
    assert integrity(path) == "ok"
    assert saved is not None and saved.reason == "before-restore"
    assert _jobs_in(saved.path) == ["Lead 0", "Lead 1", "After 0"]
    with sqlite3.connect(path) as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    connection.close()


def test_restore_over_a_damaged_file_keeps_the_damaged_one_aside(sqlite_db: Database):
    path = _file(sqlite_db)
    add_leads(sqlite_db, 300)
    good = backup_now(path, now=NOON - timedelta(days=1))
    sqlite_db.dispose()
    damage_file(path)
    assert newest_sound_backup(path) == good.path
    assert restore_backup(path, good.path, now=NOON) is None
    assert integrity(path) == "ok" and len(_jobs_in(path)) == 300
    assert len(list(backup_folder(path).glob("*-damaged.sqlite3.kept"))) == 1


def test_a_damaged_backup_is_never_restored(sqlite_db: Database, tmp_path: Path):
    path = _file(sqlite_db)
    add_leads(sqlite_db, 300)
    bad = write_backup(path, tmp_path / "bad.sqlite3").path
    damage_file(bad)
    before = path.read_bytes()
    with pytest.raises(BackupError, match="not a sound backup"):
        restore_backup(path, bad)
    assert path.read_bytes() == before
    assert newest_sound_backup(path) is None
