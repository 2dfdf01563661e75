"""Stage settings per pipeline: add, rename, recolour, probability, meaning, reorder by drag
and by buttons, delete with the jobs moved to a stage picked first; bad input is refused."""

from __future__ import annotations

import pytest
from board_helpers import add_leads, answer_modal, job_count
from PySide6.QtCore import QModelIndex
from PySide6.QtWidgets import QTabWidget

from gojee_desktop.services import jobs, pipelines
from gojee_desktop.ui.context import AppContext
from gojee_desktop.ui.dialogs.stage_settings import StageSettingsWidget, stage_settings_page


@pytest.fixture
def context(sqlite_db):
    return AppContext.create(sqlite_db)


@pytest.fixture
def widget(qtbot, context):
    settings = StageSettingsWidget(context, "leads")
    qtbot.addWidget(settings)
    settings.show()
    return settings


def names(sqlite_db, key: str = "leads") -> list[str]:
    return [s.name for s in pipelines.list_stages(sqlite_db.sessions, key)]


def test_edit_a_stage_in_place(qtbot, widget, context, sqlite_db):
    announced: list[str] = []
    context.signals.catalog_changed.connect(announced.append)
    widget.list.setCurrentRow(1)
    widget.name.setText("Site inspection")
    widget.name.editingFinished.emit()
    assert widget.save(color="#123ABC")
    widget.probability.setValue(35)
    widget.probability.editingFinished.emit()
    widget.meaning.setCurrentIndex(2)
    widget.meaning.activated.emit(2)
    stage = pipelines.list_stages(sqlite_db.sessions, "leads")[1]
    assert (stage.name, stage.color, stage.win_probability, stage.outcome) == (
        "Site inspection",
        "#123abc",
        35,
        "lost",
    )
    assert widget.list.item(1).text() == "Site inspection  (lost)"
    assert announced and set(announced) == {"stages"}


def test_bad_input_is_refused_and_the_form_shows_the_saved_value(qtbot, widget, sqlite_db):
    widget.list.setCurrentRow(1)
    widget.name.setText(names(sqlite_db)[0].upper())  # a clash, case-insensitive
    widget.name.editingFinished.emit()
    assert "already has a stage named" in widget.error.text()
    assert widget.name.text() == names(sqlite_db)[1]
    assert not widget.save(color="blue")
    assert "is not a colour" in widget.error.text()


def test_add_and_reorder_by_buttons_and_by_drag(qtbot, widget, sqlite_db):
    original = names(sqlite_db)
    added = widget.add_stage()
    assert added is not None and names(sqlite_db) == [*original, "New stage"]
    assert widget.add_stage().name == "New stage 2"
    assert widget.current_stage().name == "New stage 2"
    assert widget.move_current(-1)
    assert names(sqlite_db)[-2:] == ["New stage 2", "New stage"]
    # A drag in the list moves rows; the new order is saved.
    model = widget.list.model()
    assert model.moveRow(QModelIndex(), 0, QModelIndex(), 3)
    assert names(sqlite_db)[:3] == [original[1], original[2], original[0]]


def test_delete_moves_jobs_to_the_stage_picked_first(qtbot, widget, sqlite_db):
    stages = pipelines.list_stages(sqlite_db.sessions, "leads")
    ids = add_leads(sqlite_db, ["A", "B"], stage_id=stages[1].id)
    widget.refresh(stages[1].id)
    assert widget.jobs_label.text() == "2 jobs in this stage"

    def pick_target(dialog) -> None:
        dialog.setTextValue(stages[3].name)
        dialog.accept()

    answer_modal(pick_target)
    assert widget.delete_interactively()
    assert stages[1].name not in names(sqlite_db)
    assert {jobs.get_job(sqlite_db.sessions, i).summary.stage for i in ids} == {stages[3].name}
    assert job_count(sqlite_db) == 2
    # Cancel deletes nothing.
    widget.refresh(stages[3].id)
    answer_modal(lambda dialog: dialog.reject())
    assert not widget.delete_interactively()
    assert stages[3].name in names(sqlite_db)


def test_settings_page_has_both_pipelines(qtbot, context, sqlite_db):
    page = stage_settings_page(context)
    qtbot.addWidget(page)
    assert isinstance(page, QTabWidget)
    assert [page.tabText(i) for i in range(page.count())] == ["Leads", "Customer Jobs"]
    jobs_tab = page.widget(1)
    assert [jobs_tab.list.item(i).text().split("  ")[0] for i in range(jobs_tab.list.count())] == names(
        sqlite_db, "jobs"
    )
