"""The BOM editor against a BOM another client changed since it was loaded: the edit is
refused and the conflict dialog shows their lines beside the edit, only the lines that
differ; Reload shows theirs and drops the edit, Overwrite makes it over theirs (undoable)."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from board_helpers import answer_modal

from gojee_desktop.services import bom
from gojee_desktop.services.bom_lines import LineData
from gojee_desktop.services.errors import GojeeError
from gojee_desktop.services.jobs import NewJob, create_lead
from gojee_desktop.ui.commands import undo as undo_module
from gojee_desktop.ui.context import AppContext
from gojee_desktop.ui.dialogs.conflict_dialog import ConflictDialog
from gojee_desktop.ui.itemmodels.bom_model import QTY


@pytest.fixture
def context(sqlite_db):
    return AppContext.create(sqlite_db)


@pytest.fixture(autouse=True)
def errors(monkeypatch) -> list[GojeeError]:
    seen: list[GojeeError] = []
    monkeypatch.setattr(undo_module, "show_error", lambda _parent, error: seen.append(error))
    return seen


@pytest.fixture
def job_id(sqlite_db):
    job = create_lead(sqlite_db.sessions, NewJob(title="Laundry"))
    bom.add_lines(
        sqlite_db.sessions,
        job.id,
        [LineData(description=name, unit_cost=D(10)) for name in ("Tap", "Trap", "Hose")],
        section_name="Wet area",
    )
    return job.id


def _descriptions(sqlite_db, job_id) -> list[str]:
    return [x.data.description for s in bom.get_bom(sqlite_db.sessions, job_id).sections for x in s.lines]


def _answer(button: str, rows: list[tuple[str, ...]]):
    def action(dialog) -> None:
        assert isinstance(dialog, ConflictDialog)
        assert dialog.cancel_button is None  # Reload or Overwrite; closing means Reload
        table = dialog.table
        rows.extend(tuple(table.item(r, c).text() for c in range(4)) for r in range(table.rowCount()))
        getattr(dialog, button).click()

    return action


def test_adding_a_line_to_a_bom_changed_elsewhere_then_overwrite(editor, sqlite_db, job_id, errors):
    bom.add_line(sqlite_db.sessions, job_id, LineData(description="Their valve", unit_cost=D(5)))
    rows: list[tuple[str, ...]] = []
    seen = answer_modal(_answer("overwrite_button", rows))
    editor.table.setCurrentIndex(editor.model.index(3, QTY))  # on "Hose"
    editor.actions_by_name["add_line"].trigger()
    editor.table.closePersistentEditor(editor.table.currentIndex())
    assert seen == ["ConflictDialog"]
    assert ("Their valve (1 ea)", "—", "Their valve (1 ea) · 5.00 · Wet area", "—") in rows
    assert ("New line", "—", "—", "material (1 ea) · 0.00 · Wet area") in rows
    assert len(rows) == 2  # the lines neither side touched are not listed
    assert _descriptions(sqlite_db, job_id) == ["Tap", "Trap", "Hose", "", "Their valve"]
    assert [x.data.description for x in editor.model.view.sections[0].lines] == [
        "Tap",
        "Trap",
        "Hose",
        "",
        "Their valve",
    ]
    editor.context.undo_stack.undo()  # undo drops mine only
    assert _descriptions(sqlite_db, job_id) == ["Tap", "Trap", "Hose", "Their valve"]
    assert errors == []


def test_editing_a_line_then_reload_shows_theirs_and_writes_nothing(editor, sqlite_db, job_id, errors):
    trap = editor.model.view.sections[0].lines[1]
    bom.edit_line(sqlite_db.sessions, trap.id, {"quantity": D(3)})  # theirs, on the same line
    rows: list[tuple[str, ...]] = []
    answer_modal(_answer("reload_button", rows))
    assert not editor.model.setData(editor.model.index(2, QTY), "5")
    assert rows == [
        (
            "Trap (1 ea)",
            "Trap (1 ea) · 10.00 · Wet area",
            "Trap (3 ea) · 30.00 · Wet area",
            "Trap (5 ea) · 50.00 · Wet area",
        )
    ]
    assert bom.get_bom(sqlite_db.sessions, job_id).sections[0].lines[1].data.quantity == D(3)
    assert editor.model.index(2, QTY).data() == "3"  # reloaded
    assert editor.context.undo_stack.count() == 0
    assert "Reloaded" in editor.message.text() and errors == []


def test_deleting_a_line_someone_else_changed_overwrite_knowingly(editor, sqlite_db, job_id, errors):
    tap = editor.model.view.sections[0].lines[0]
    bom.edit_line(sqlite_db.sessions, tap.id, {"description": "Mixer tap"})  # theirs
    rows: list[tuple[str, ...]] = []
    answer_modal(_answer("overwrite_button", rows))
    editor.table.setCurrentIndex(editor.model.index(1, QTY))  # "Tap", as this window shows it
    editor.delete_selected()
    assert (
        "Tap (1 ea)",
        "Tap (1 ea) · 10.00 · Wet area",
        "Mixer tap (1 ea) · 10.00 · Wet area",
        "removed",
    ) in rows
    assert _descriptions(sqlite_db, job_id) == ["Trap", "Hose"]
    editor.context.undo_stack.undo()  # puts back the line as it was deleted: theirs
    assert _descriptions(sqlite_db, job_id) == ["Mixer tap", "Trap", "Hose"]
    assert errors == []


def test_moving_lines_on_a_reordered_bom_is_refused_then_reload(editor, sqlite_db, job_id, errors):
    view = editor.model.view
    hose = view.sections[0].lines[2]
    bom.move_lines(sqlite_db.sessions, [hose.id], view.sections[0].id, 0)  # theirs: Hose first
    rows: list[tuple[str, ...]] = []
    answer_modal(_answer("reload_button", rows))
    editor.table.setCurrentIndex(editor.model.index(1, QTY))  # "Tap"
    editor.move_selected(1)
    assert ("Order in Wet area", "as loaded", "lines reordered", "as loaded") in rows
    assert (
        "Tap (1 ea)",
        "Tap (1 ea) · 10.00 · Wet area",
        "Tap (1 ea) · 10.00 · Wet area",
        "Tap (1 ea) · 10.00 · Wet area, moved",
    ) in rows
    assert _descriptions(sqlite_db, job_id) == ["Hose", "Tap", "Trap"]
    assert [x.data.description for x in editor.model.view.sections[0].lines] == ["Hose", "Tap", "Trap"]
    assert editor.context.undo_stack.count() == 0 and errors == []
