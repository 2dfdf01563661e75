"""File › Back up now and File › Restore from backup… in the window, and the offer to restore
the newest sound backup when the database is found damaged at start."""

from __future__ import annotations

from pathlib import Path

from board_helpers import answer_modal
from PySide6.QtCore import QThreadPool
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from db_damage import add_leads, damage_file, integrity
from gojee_desktop.app import open_or_recover
from gojee_desktop.services.backups import database_backups, database_file
from gojee_desktop.store.backups import backup_now
from gojee_desktop.ui import backup_actions
from gojee_desktop.ui.context import AppContext
from gojee_desktop.ui.dialogs.restore_dialog import RestoreDialog
from gojee_desktop.ui.main_window import MainWindow
from gojee_desktop.ui.startup_recovery import watch_start_check


def _titles(context) -> list[str]:
    with context.database.engine.connect() as connection:
        return [r[0] for r in connection.exec_driver_sql("SELECT title FROM jobs ORDER BY id")]


def test_back_up_now_then_restore_from_the_dialog(qtbot, context):
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.show()
    add_leads(context.database, 1, prefix="Before")
    messages: list[str] = []
    context.signals.status_message.connect(messages.append)
    window.back_up_action.trigger()
    backups = database_backups(context.database)
    assert len(backups) == 1 and backups[0].counts["jobs"] == 1
    assert messages and messages[-1].startswith("Backed up and verified")
    add_leads(context.database, 1, prefix="After")

    def in_dialog(dialog: QWidget) -> None:
        assert isinstance(dialog, RestoreDialog)
        assert dialog.table.topLevelItemCount() == 1
        assert "1 jobs" in dialog.table.topLevelItem(0).text(3)

        def confirm(box: QWidget) -> None:
            assert isinstance(box, QMessageBox) and "1 jobs" in box.text()
            box.button(QMessageBox.StandardButton.Yes).click()

        answer_modal(confirm)
        dialog.restore_button.click()

    seen = answer_modal(in_dialog)
    backup_actions.restore_interactively(window)
    assert seen == ["RestoreDialog"]
    reopened = backup_actions._REOPENED[-1]
    try:
        assert isinstance(reopened, MainWindow) and reopened is not window
        assert reopened.isVisible() and not window.isVisible()
        assert _titles(reopened.context) == ["Before 0"]
        # The database as it was before the restore was kept as a backup.
        reasons = sorted(b.reason for b in database_backups(context.database))
        assert reasons == ["before-restore", "manual"]
    finally:
        reopened.close()
        backup_actions._REOPENED.clear()


def test_cancelling_the_confirmation_changes_nothing(qtbot, context):
    window = MainWindow(context)
    qtbot.addWidget(window)
    add_leads(context.database, 1, prefix="Before")
    window.back_up_action.trigger()
    add_leads(context.database, 1, prefix="After")

    def in_dialog(dialog: QWidget) -> None:
        answer_modal(lambda box: box.button(QMessageBox.StandardButton.Cancel).click())
        dialog.restore_button.click()
        QApplication.processEvents()
        dialog.reject()

    answer_modal(in_dialog)
    backup_actions.restore_interactively(window)
    assert backup_actions._REOPENED == []
    assert _titles(context) == ["Before 0", "After 0"]


def test_a_damaged_database_at_start_is_restored_from_the_newest_sound_backup(qtbot, sqlite_db, capsys):
    add_leads(sqlite_db, 300)
    path = database_file(sqlite_db)
    assert path is not None
    backup_now(path)
    sqlite_db.dispose()
    damage_file(path)

    # Headless (--self-test): one clear line, nothing opened, nothing changed.
    before = path.read_bytes()
    assert open_or_recover(sqlite_db.url, interactive=False) is None
    err = capsys.readouterr().err
    assert err.startswith("gojee-desktop: ") and "is damaged" in err and "Traceback" not in err
    assert path.read_bytes() == before

    def restore(box: QWidget) -> None:
        assert isinstance(box, QMessageBox) and "is damaged" in box.text()
        assert "300 jobs" in box.informativeText()
        next(b for b in box.buttons() if b.text() == "Restore the backup").click()

    seen = answer_modal(restore)
    database = open_or_recover(sqlite_db.url, interactive=True)
    assert seen == ["QMessageBox"]
    assert database is not None
    try:
        with database.engine.connect() as connection:
            assert connection.exec_driver_sql("SELECT count(*) FROM jobs").scalar() == 300
            assert connection.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
    finally:
        database.dispose()
    assert len(list(Path(path.parent / "backups").glob("*-damaged.sqlite3.kept"))) == 1


def _damaged_with_backup(sqlite_db) -> Path:
    add_leads(sqlite_db, 300)
    path = database_file(sqlite_db)
    assert path is not None
    backup_now(path)
    sqlite_db.dispose()
    damage_file(path)
    return path


def _window_checked_in_background(url: str) -> MainWindow:
    """The interactive start: the window opens while the file is still being checked (not
    handed to qtbot: a restore deletes it)."""
    database = open_or_recover(url, interactive=True, check_in_background=True)
    assert database is not None and database.background_check is not None
    window = MainWindow(AppContext.create(database))
    window.show()
    return window


def test_damage_found_beside_the_window_offers_the_restore_and_reopens_on_it(qtbot, sqlite_db, capsys):
    path = _damaged_with_backup(sqlite_db)
    window = _window_checked_in_background(sqlite_db.url)
    damaged = window.context.database

    def restore(box: QWidget) -> None:
        assert isinstance(box, QMessageBox) and "is damaged" in box.text()
        assert "300 jobs" in box.informativeText()
        next(b for b in box.buttons() if b.text() == "Restore the backup").click()

    seen = answer_modal(restore, timeout_ms=30_000)
    watch_start_check(window, cache_mb=4)
    qtbot.waitUntil(lambda: bool(backup_actions._REOPENED), timeout=30_000)
    reopened = backup_actions._REOPENED.pop()
    try:
        assert seen == ["QMessageBox"]
        assert "is damaged" in capsys.readouterr().err
        assert not window.isVisible() and reopened.isVisible()
        fresh = reopened.context.database
        assert fresh is not damaged and fresh.background_check is None
        with fresh.engine.connect() as connection:
            assert connection.exec_driver_sql("SELECT count(*) FROM jobs").scalar() == 300
            assert connection.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
    finally:
        reopened.close()
        QThreadPool.globalInstance().waitForDone()
        reopened.context.database.dispose()
    assert len(list(Path(path.parent / "backups").glob("*-damaged.sqlite3.kept"))) == 1


def test_damage_found_beside_the_window_closes_it_when_not_restored(qtbot, sqlite_db):
    path = _damaged_with_backup(sqlite_db)
    window = _window_checked_in_background(sqlite_db.url)

    def quit_(box: QWidget) -> None:
        assert isinstance(box, QMessageBox) and "is damaged" in box.text()
        next(b for b in box.buttons() if b.text() == "Quit").click()

    seen = answer_modal(quit_, timeout_ms=30_000)
    watch_start_check(window, cache_mb=4)
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=30_000)
    assert seen == ["QMessageBox"] and backup_actions._REOPENED == []
    window.context.database.dispose()
    assert integrity(path) != "ok"  # left as it was: nothing restored, nothing written
    assert not list(Path(path.parent / "backups").glob("*-damaged.sqlite3.kept"))


def test_back_up_now_has_a_shortcut_of_its_own(qtbot, context):
    """Two actions on one key sequence: Qt runs neither (an ambiguous shortcut)."""
    from PySide6.QtGui import QAction

    window = MainWindow(context)
    qtbot.addWidget(window)
    backup = window.findChild(QAction, "backUpNow")
    assert backup is not None and backup.shortcut().toString() == "Ctrl+Shift+B"
    same = [a.text() for a in window.findChildren(QAction) if a.shortcut() == backup.shortcut()]
    assert same == [backup.text()]
