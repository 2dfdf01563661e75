"""A change that cannot be stored (the file turned read-only, the disk is full) is reported
in words, the user's input stays in the form, and nothing is half-written."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import event

from gojee_desktop.services import jobs as job_service
from gojee_desktop.store.database import Database
from gojee_desktop.ui.dialogs.job_editor import JobEditor


def _on_every_connection(database: Database, pragma: Callable[[], str]) -> None:
    """Apply a pragma to every new connection, as a changed file or disk would behave."""

    def apply(dbapi_connection, _record) -> None:
        dbapi_connection.execute(pragma())

    event.listen(database.engine, "connect", apply)
    database.engine.dispose()


def _page_count(database: Database) -> int:
    """The file's pages after a VACUUM, so no free page is left to absorb the change."""
    with database.engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        connection.exec_driver_sql("VACUUM")
        return int(connection.exec_driver_sql("PRAGMA page_count").scalar() or 0)


@pytest.mark.parametrize("problem", ["read_only", "disk_full"])
def test_a_failed_save_keeps_the_input_and_says_why(qtbot, context, some_leads, monkeypatch, problem):
    job_id = some_leads[0]
    before = job_service.get_job(context.sessions, job_id)
    editor = JobEditor(context, job_id)
    qtbot.addWidget(editor)
    editor.show()
    if problem == "read_only":
        _on_every_connection(context.database, lambda: "PRAGMA query_only = 1")
        expected = "is read-only, so the change was not saved"
    else:
        pages = _page_count(context.database)
        _on_every_connection(context.database, lambda: f"PRAGMA max_page_count = {pages}")
        expected = "The disk is full, so the change was not saved. Free some space and try again."
    shown: list[str] = []
    monkeypatch.setattr("gojee_desktop.ui.commands.undo.show_error", lambda _p, e: shown.append(str(e)))
    monkeypatch.setattr("gojee_desktop.ui.dialogs.job_editor.show_error", lambda _p, e: shown.append(str(e)))
    # A long site address needs new pages (overflow pages, history rows, index entries).
    typed = "\n".join(f"Unit {n}, {n} Long Street, Springfield" for n in range(600))
    editor.site_address.setPlainText(typed)
    assert not editor.save()
    assert len(shown) == 1 and expected in shown[0]
    assert "sqlalche.me" not in shown[0]
    assert editor.isVisible() and editor.site_address.toPlainText() == typed
    assert job_service.get_job(context.sessions, job_id) == before
    assert context.undo_stack.count() == 0, context.undo_stack.text(0)
