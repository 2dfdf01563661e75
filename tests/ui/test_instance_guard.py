"""A second window on the same file is offered read-only mode; every window picks up
changes the `gojee` command makes alongside it."""

from __future__ import annotations

import pytest
from board_helpers import answer_modal
from PySide6.QtWidgets import QMessageBox, QWidget

from gojee_desktop.cli import main as gojee
from gojee_desktop.services.errors import StorageError
from gojee_desktop.services.jobs import NewJob, create_lead
from gojee_desktop.store.instance_lock import acquire
from gojee_desktop.ui.instance_guard import claim_database, watch_outside_changes
from gojee_desktop.ui.main_window import MainWindow


def _click(text: str):
    def action(box: QWidget) -> None:
        assert isinstance(box, QMessageBox)
        assert "is open in Gojee Desktop on this computer" in box.text()
        next(b for b in box.buttons() if b.text() == text).click()

    return action


def test_a_second_window_is_offered_read_only(qtbot, sqlite_db):
    first = claim_database(sqlite_db)
    assert first.lock is not None and not first.read_only
    try:
        seen = answer_modal(_click("Open read-only"))
        second = claim_database(sqlite_db)
        assert seen == ["QMessageBox"] and second.read_only and second.lock is None
        with pytest.raises(StorageError, match="This window is read-only"):
            create_lead(sqlite_db.sessions, NewJob(title="Refused"))
    finally:
        first.release()


def test_quit_instead(qtbot, sqlite_db, tmp_path):
    from gojee_desktop.services.backups import database_file

    path = database_file(sqlite_db)
    assert path is not None
    lock = acquire(path)
    try:
        answer_modal(_click("Quit"))
        assert claim_database(sqlite_db).quit
    finally:
        lock.release()


def test_the_window_shows_what_the_command_line_added(qtbot, context, some_leads, capsys):
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.show_page("leads")
    window.show()
    page = window.current_page()
    qtbot.waitUntil(lambda: page.row_count() == 5)
    watcher = watch_outside_changes(window)
    assert not watcher.check()
    assert gojee(["--database", context.database.url, "lead", "add", "--title", "Phoned in"]) == 0
    assert watcher.check()
    qtbot.waitUntil(lambda: page.row_count() == 6)
    # The window's own edits do not count as outside changes.
    window.context.signals.jobs_changed.emit([])
    create_lead(context.sessions, NewJob(title="Mine"))
    context.signals.jobs_changed.emit([])
    assert not watcher.check()
    watcher.stop()
