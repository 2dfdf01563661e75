"""File › Back up now and File › Restore from backup… in the window, and the offer to restore
the newest sound backup when the database is found damaged at start."""

from __future__ import annotations

from pathlib import Path

from board_helpers import answer_modal
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from db_damage import add_leads, damage_file
from gojee_desktop.app import open_or_recover
from gojee_desktop.services.backups import database_backups, database_file
from gojee_desktop.store.backups import backup_now
from gojee_desktop.ui import backup_actions
from gojee_desktop.ui.dialogs.restore_dialog import RestoreDialog
from gojee_desktop.ui.main_window import MainWindow


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


def test_back_up_now_has_a_shortcut_of_its_own(qtbot, context):
    """Two actions on one key sequence: Qt runs neither (an ambiguous shortcut)."""
    from PySide6.QtGui import QAction

    window = MainWindow(context)
    qtbot.addWidget(window)
    backup = window.findChild(QAction, "backUpNow")
    assert backup is not None and backup.shortcut().toString() == "Ctrl+Alt+B"
    same = [a.text() for a in window.findChildren(QAction) if a.shortcut() == backup.shortcut()]
    assert same == [backup.text()]
