"""The conversion window: the lead and the Customer Jobs stages with the first preselected;
keep it, pick another, pick none, or cancel. Undoable; boards follow; the main window opens
it on `convert_job_requested`."""

from __future__ import annotations

import pytest
from board_helpers import add_leads, answer_modal, job_count
from PySide6.QtWidgets import QLabel

from gojee_desktop.services import jobs, pipelines
from gojee_desktop.services.conversion import StageChoice
from gojee_desktop.services.job_query import JobQuery
from gojee_desktop.ui import conversion
from gojee_desktop.ui.context import AppContext
from gojee_desktop.ui.conversion import convert_job_interactively
from gojee_desktop.ui.dialogs.conversion_dialog import ConversionDialog
from gojee_desktop.ui.main_window import MainWindow
from gojee_desktop.ui.pages.board import BoardView


@pytest.fixture
def context(sqlite_db):
    return AppContext.create(sqlite_db)


def test_window_shows_the_job_and_preselects_the_first_job_stage(qtbot, sqlite_db):
    lead_id = add_leads(sqlite_db, ["Solar install"])[0]
    detail = jobs.get_job(sqlite_db.sessions, lead_id)
    stages = pipelines.list_stages(sqlite_db.sessions, "jobs")
    dialog = ConversionDialog(detail, stages)
    qtbot.addWidget(dialog)
    texts = [dialog.stages.item(i).text() for i in range(dialog.stages.count())]
    assert texts == [s.name for s in stages] + ["No stage (decide later)"]
    assert dialog.stages.currentRow() == 0
    assert detail.summary.number in dialog.findChild(QLabel, "conversionJob").text()
    assert dialog.choice() == StageChoice.first()
    dialog.select_stage(stages[2].id)
    assert dialog.choice() == StageChoice.of(stages[2].id)
    dialog.select_stage(None)
    assert dialog.choice() == StageChoice.none()


@pytest.mark.parametrize("pick", ["keep", "other", "none"])
def test_the_three_choices_convert_the_same_record(qtbot, context, sqlite_db, pick):
    lead_id = add_leads(sqlite_db, ["Solar install"])[0]
    number = jobs.get_job(sqlite_db.sessions, lead_id).summary.number
    stages = pipelines.list_stages(sqlite_db.sessions, "jobs")
    expected = {"keep": stages[0].name, "other": stages[3].name, "none": None}[pick]

    def choose(dialog) -> None:
        if pick == "other":
            dialog.select_stage(stages[3].id)
        elif pick == "none":
            dialog.select_stage(None)
        dialog.convert_button().click()

    seen = answer_modal(choose)
    assert convert_job_interactively(None, context, lead_id)
    assert seen == ["ConversionDialog"]
    summary = jobs.get_job(sqlite_db.sessions, lead_id).summary
    assert (summary.id, summary.number, summary.lifecycle) == (lead_id, number, "customer_job")
    assert summary.stage == expected
    assert job_count(sqlite_db) == 1
    context.undo_stack.undo()
    back = jobs.get_job(sqlite_db.sessions, lead_id).summary
    assert back.lifecycle == "lead" and back.status == "New"
    assert back.stage_id == pipelines.list_stages(sqlite_db.sessions, "leads")[0].id
    context.undo_stack.redo()
    assert jobs.get_job(sqlite_db.sessions, lead_id).summary.lifecycle == "customer_job"


def test_cancel_converts_nothing(qtbot, context, sqlite_db):
    lead_id = add_leads(sqlite_db, ["Solar install"])[0]
    answer_modal(lambda dialog: dialog.reject())
    assert not convert_job_interactively(None, context, lead_id)
    assert jobs.get_job(sqlite_db.sessions, lead_id).summary.lifecycle == "lead"
    assert context.undo_stack.count() == 0


def test_a_customer_job_is_refused_with_a_message(qtbot, context, sqlite_db, monkeypatch):
    lead_id = add_leads(sqlite_db, ["Solar install"])[0]
    from gojee_desktop.services.conversion import convert_lead

    convert_lead(sqlite_db.sessions, lead_id)
    shown: list[str] = []
    monkeypatch.setattr(conversion, "show_error", lambda _p, error: shown.append(str(error)))
    assert not convert_job_interactively(None, context, lead_id)
    assert shown == [f"{jobs.get_job(sqlite_db.sessions, lead_id).summary.number} is already a customer job."]


def test_boards_follow_a_conversion_and_its_undo(qtbot, context, sqlite_db):
    ids = add_leads(sqlite_db, ["A", "B", "C"])
    leads = BoardView(context, "lead")
    customer_jobs = BoardView(context, "customer_job")
    for board in (leads, customer_jobs):
        qtbot.addWidget(board)
        board.resize(1300, 600)
        board.set_query(JobQuery(lifecycle=board._lifecycle))
        board.show()
    window = MainWindow(context)  # connects convert_job_requested to the window
    qtbot.addWidget(window)
    answer_modal(lambda dialog: dialog.convert_button().click())
    context.signals.convert_job_requested.emit(ids[1])
    qtbot.waitUntil(lambda: ids[1] in customer_jobs.columns[0].model.ids)
    assert leads.columns[0].model.ids == [ids[0], ids[2]]
    assert customer_jobs.columns[0].header.count.text() == "1"
    context.undo_stack.undo()
    assert leads.columns[0].model.ids == ids  # back where it was, not at the end
    assert customer_jobs.columns[0].model.ids == []
