"""A dropped connection to the team's PostgreSQL (the server restarted, or the session cut by
an administrator) during an edit: Save reconnects by itself; while the server is down it says
the server cannot be reached and keeps what was typed; once it is back, Save stores the edit.
Runs against a real server of the test's own, stopped and started by the test."""

from __future__ import annotations

from decimal import Decimal

import pytest
from board_helpers import answer_modal
from PySide6.QtCore import QThreadPool
from PySide6.QtWidgets import QMessageBox, QWidget

from gojee_desktop.services import jobs as job_service
from gojee_desktop.services.jobs import NewJob
from gojee_desktop.services.startup import open_app_database
from gojee_desktop.ui.context import AppContext
from gojee_desktop.ui.dialogs.job_editor import JobEditor
from pg_server import PrivateServer, private_pg

__all__ = ["private_pg"]

pytestmark = pytest.mark.postgres


@pytest.fixture
def team(private_pg: PrivateServer):
    database = open_app_database(private_pg.url)
    context = AppContext.create(database)
    job = job_service.create_lead(
        database.sessions, NewJob(title="Switchboard upgrade", value=Decimal("900"))
    )
    yield context, job.id
    context.undo_stack.clear()
    QThreadPool.globalInstance().waitForDone(10_000)
    database.dispose()


@pytest.fixture
def editing(qtbot, team):
    """The editor open on the job, with an edit typed and not saved yet."""
    context, job_id = team
    editor = JobEditor(context, job_id)
    qtbot.addWidget(editor)
    editor.show()
    editor.title_edit.setText("Switchboard upgrade, three phase")
    editor.site_address.setPlainText("7 Harbour Rd")
    assert editor.is_dirty()
    return editor, context, job_id


def _saved_title(context: AppContext, job_id: int) -> str:
    return job_service.get_job(context.sessions, job_id).summary.title


def test_save_after_the_sessions_were_cut_reconnects_by_itself(editing, private_pg):
    editor, context, job_id = editing
    assert private_pg.terminate_backends() >= 1  # the window's pooled connection among them
    seen = answer_modal(lambda dialog: dialog.close(), timeout_ms=300)
    assert editor.save()
    assert seen == []  # no error box: the reconnect is silent
    assert _saved_title(context, job_id) == "Switchboard upgrade, three phase"
    assert job_service.get_job(context.sessions, job_id).site_address == "7 Harbour Rd"


def test_save_after_a_server_restart_reconnects_by_itself(editing, private_pg):
    editor, context, job_id = editing
    private_pg.stop()
    private_pg.start()  # every pooled connection now points at a dead session
    seen = answer_modal(lambda dialog: dialog.close(), timeout_ms=300)
    assert editor.save()
    assert seen == []
    assert _saved_title(context, job_id) == "Switchboard upgrade, three phase"


def test_save_while_the_server_is_down_keeps_the_typing_then_saves_when_back(editing, private_pg):
    editor, context, job_id = editing
    private_pg.stop()
    messages: list[str] = []

    def read_and_close(dialog: QWidget) -> None:
        assert isinstance(dialog, QMessageBox)
        messages.append(dialog.text())
        dialog.accept()

    seen = answer_modal(read_and_close)
    assert not editor.save()
    assert seen == ["QMessageBox"]
    assert messages[0].startswith("Cannot reach the database server at 127.0.0.1.")
    assert "sqlalche.me" not in messages[0] and "psycopg" not in messages[0]
    assert editor.title_edit.text() == "Switchboard upgrade, three phase"  # the typing survives
    assert editor.site_address.toPlainText() == "7 Harbour Rd"
    assert editor.is_dirty()
    assert context.undo_stack.count() == 0

    private_pg.start()
    assert editor.save()
    assert _saved_title(context, job_id) == "Switchboard upgrade, three phase"
    assert job_service.get_job(context.sessions, job_id).site_address == "7 Harbour Rd"
    assert not editor.is_dirty()
    assert context.undo_stack.count() == 1
