"""Switching database in the window (File › Open a database file…, File › Connect to a team
database…) hands the lock over: the old file's lock is released and the new file's taken,
with the same offer as at start when another window has the new file open (read-only, or
stay where you are). Real files, real lock files, real windows."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from board_helpers import answer_modal
from PySide6.QtCore import QThreadPool
from PySide6.QtWidgets import QMessageBox, QWidget

from gojee_desktop.services.errors import StorageError
from gojee_desktop.services.job_query import JobQuery, list_jobs
from gojee_desktop.services.jobs import NewJob, create_lead
from gojee_desktop.services.startup import open_app_database
from gojee_desktop.store.database import Database, open_database
from gojee_desktop.store.instance_lock import acquire, holder_of, lock_path
from gojee_desktop.ui import instance_guard
from gojee_desktop.ui.backup_actions import _REOPENED
from gojee_desktop.ui.context import AppContext
from gojee_desktop.ui.instance_guard import READ_ONLY_TITLE, WINDOW_TITLE, claim_database, hand_over, hold
from gojee_desktop.ui.main_window import MainWindow
from gojee_desktop.ui.team_actions import open_database_file


@pytest.fixture
def first_file(tmp_path: Path) -> Iterator[Database]:
    database = open_app_database(f"sqlite:///{tmp_path / 'first.sqlite3'}")
    create_lead(database.sessions, NewJob(title="In the first file"))
    yield database
    database.dispose()


@pytest.fixture
def second_path(tmp_path: Path) -> Path:
    path = tmp_path / "second.sqlite3"
    database = open_app_database(f"sqlite:///{path}")
    create_lead(database.sessions, NewJob(title="In the second file"))
    database.dispose()
    return path


@pytest.fixture
def window(qtbot, first_file: Database) -> Iterator[MainWindow]:
    """A window on the first file holding its lock, as after start-up."""
    claim = claim_database(first_file)
    assert claim.lock is not None
    hold(claim)
    shown = MainWindow(AppContext.create(first_file))
    shown.show()
    yield shown
    instance_guard.release_held()
    for reopened in list(_REOPENED):
        reopened.context.undo_stack.clear()
        reopened.close()
        reopened.deleteLater()
        reopened.context.database.dispose()
        _REOPENED.remove(reopened)
    QThreadPool.globalInstance().waitForDone(10_000)


def _path(database: Database) -> Path:
    assert database.url.startswith("sqlite:///")
    return Path(database.url.removeprefix("sqlite:///"))


def _titles(database: Database) -> set[str]:
    return {row.title for row in list_jobs(database.sessions, JobQuery()).rows}


def test_opening_another_file_hands_the_lock_over(window, first_file, second_path):
    first = _path(first_file)
    assert holder_of(first) is not None and holder_of(first).pid == os.getpid()  # type: ignore[union-attr]
    new_window = open_database_file(window, second_path)
    assert new_window is not None and new_window is not window
    assert not lock_path(first).exists() and holder_of(first) is None
    holder = holder_of(second_path)
    assert holder is not None and holder.pid == os.getpid()
    assert new_window.windowTitle() == WINDOW_TITLE
    database = new_window.context.database
    assert _titles(database) == {"In the second file"}
    create_lead(database.sessions, NewJob(title="Written after the switch"))
    # The first file is free: another window may now take it for writing.
    acquire(first).release()
    instance_guard.release_held()
    assert holder_of(second_path) is None and not lock_path(second_path).exists()


def _answer(button: str, texts: list[str]):
    def action(box: QWidget) -> None:
        assert isinstance(box, QMessageBox)
        texts.append(box.text() + "\n" + box.informativeText())
        next(b for b in box.buttons() if b.text() == button).click()

    return action


def test_a_file_open_in_another_window_is_offered_read_only(window, first_file, second_path):
    other = acquire(second_path)  # another window has the second file open
    try:
        texts: list[str] = []
        seen = answer_modal(_answer("Open read-only", texts))
        new_window = open_database_file(window, second_path)
        assert seen == ["QMessageBox"]
        assert "second.sqlite3 is open in Gojee Desktop on this computer" in texts[0]
        assert "or stay in the database open now" in texts[0]
        assert new_window is not None and new_window.windowTitle() == READ_ONLY_TITLE
        database = new_window.context.database
        assert _titles(database) == {"In the second file"}
        with pytest.raises(StorageError, match="This window is read-only"):
            create_lead(database.sessions, NewJob(title="Refused"))
        assert holder_of(_path(first_file)) is None  # the first file's lock is released
    finally:
        other.release()
    reread = open_database(f"sqlite:///{second_path}", migrate=False)
    assert _titles(reread) == {"In the second file"}  # nothing was written to it
    reread.dispose()


def test_staying_keeps_the_window_and_its_lock(window, first_file, second_path):
    other = acquire(second_path)
    try:
        seen = answer_modal(_answer("Stay here", []))
        assert open_database_file(window, second_path) is None
        assert seen == ["QMessageBox"]
        assert window.isVisible() and window.context.database is first_file
        holder = holder_of(_path(first_file))
        assert holder is not None and holder.pid == os.getpid()
        create_lead(first_file.sessions, NewJob(title="Still writable"))
    finally:
        other.release()


def test_a_file_that_is_not_a_database_is_refused_and_nothing_changes(window, first_file, tmp_path):
    notes = tmp_path / "notes.sqlite3"
    notes.write_text("shopping list\n", encoding="utf-8")
    texts: list[str] = []

    def read(box: QWidget) -> None:
        assert isinstance(box, QMessageBox)
        texts.append(box.text())
        box.accept()

    answer_modal(read)
    assert open_database_file(window, notes) is None
    assert texts == [f"{notes} is not a Gojee Desktop database (it is not a SQLite file)."]
    assert notes.read_text(encoding="utf-8") == "shopping list\n" and not lock_path(notes).exists()
    assert holder_of(_path(first_file)) is not None and window.isVisible()


def test_the_same_file_again_keeps_its_lock(window, first_file):
    new_window = open_database_file(window, _path(first_file))
    assert new_window is not None
    holder = holder_of(_path(first_file))
    assert holder is not None and holder.pid == os.getpid()
    assert instance_guard.held() is not None and instance_guard.held().lock is not None  # type: ignore[union-attr]


@pytest.mark.postgres
def test_switching_to_the_team_database_releases_the_file(window, first_file, _postgres_ready):
    team = open_app_database(_postgres_ready)
    new_window = hand_over(window, team)
    assert new_window is not None and new_window.context.database is team
    assert holder_of(_path(first_file)) is None and not lock_path(_path(first_file)).exists()
    assert new_window.windowTitle() == WINDOW_TITLE
    # And back to the file: its lock is taken again.
    back = hand_over(new_window, open_app_database(first_file.url))
    assert back is not None
    holder = holder_of(_path(first_file))
    assert holder is not None and holder.pid == os.getpid()
