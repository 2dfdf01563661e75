"""Undo and redo of every GUI edit in the BOM editor and the quotes panel, through the app's
undo stack with real widgets; the database state is read back through the services. Also:
Edit-menu names, and a cell save refused when another session changed the line."""

from __future__ import annotations

from decimal import Decimal as D
from typing import Any

import pytest
from board_helpers import answer_modal
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QInputDialog, QMessageBox

from gojee_desktop.services import bom, quotes
from gojee_desktop.services.bom_lines import LineData
from gojee_desktop.services.errors import GojeeError
from gojee_desktop.services.jobs import NewJob, create_lead, get_job
from gojee_desktop.services.price_book import PriceItem, save_item
from gojee_desktop.ui.commands import undo as undo_module
from gojee_desktop.ui.context import AppContext
from gojee_desktop.ui.dialogs import price_book_dialog
from gojee_desktop.ui.itemmodels.bom_model import DESCRIPTION, KIND, QTY, ROWS_MIME
from gojee_desktop.ui.widgets.quotes_panel import QuotesPanel


@pytest.fixture
def context(sqlite_db):
    return AppContext.create(sqlite_db)


@pytest.fixture(autouse=True)
def errors(monkeypatch) -> list[GojeeError]:
    """A failing undo or redo would open a message box; record it instead (and fail below)."""
    seen: list[GojeeError] = []
    monkeypatch.setattr(undo_module, "show_error", lambda _parent, error: seen.append(error))
    return seen


@pytest.fixture
def job_id(sqlite_db):
    job = create_lead(sqlite_db.sessions, NewJob(title="Laundry"))
    bom.add_lines(
        sqlite_db.sessions,
        job.id,
        [LineData(description=f"A{i}", unit_cost=D(10), tax_rate=D(10)) for i in range(3)],
        section_name="Wet area",
    )
    bom.add_line(
        sqlite_db.sessions, job.id, LineData(description="B0", unit_cost=D(5)), section_name="Lights"
    )
    return job.id


def state(sqlite_db, job_id) -> list[Any]:
    """Sections and lines with their ids, in order, and the line contents."""
    view = bom.get_bom(sqlite_db.sessions, job_id)
    return [
        (s.id, s.name, [(x.id, x.data.description, x.data.quantity, x.data.item_code) for x in s.lines])
        for s in view.sections
    ]


def round_trip(context, read, before, after, name: str, errors) -> None:
    """The top command is named `name`; undo gives `before`, redo `after` (twice over)."""
    stack = context.undo_stack
    assert stack.undoText() == name
    for _ in range(2):
        stack.undo()
        assert read() == before
        assert stack.redoText() == name
        stack.redo()
        assert read() == after
    assert errors == []


def test_add_line_and_section_round_trip(qtbot, editor, sqlite_db, job_id, errors, monkeypatch):
    read = lambda: state(sqlite_db, job_id)  # noqa: E731
    before = read()
    editor.table.setCurrentIndex(editor.model.index(1, QTY))
    editor.actions_by_name["add_line"].trigger()
    editor.table.closePersistentEditor(editor.table.currentIndex())
    after = read()
    assert [x[1] for x in after[0][2]] == ["A0", "", "A1", "A2"]
    round_trip(editor.context, read, before, after, "Add BOM line", errors)
    menu_item = editor.context.undo_stack.createUndoAction(editor, "&Undo")
    assert menu_item.text() == "&Undo Add BOM line"  # as the Edit menu shows it
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Outside", True))
    editor.actions_by_name["add_section"].trigger()
    with_section = read()
    assert [s[1] for s in with_section] == ["Wet area", "Lights", "Outside"]
    round_trip(editor.context, read, after, with_section, "Add BOM section", errors)
    assert editor.model.setData(editor.model.index(0, KIND), "Laundry room")
    renamed = read()
    assert renamed[0][1] == "Laundry room"
    round_trip(editor.context, read, with_section, renamed, "Rename BOM section", errors)


def test_delete_lines_and_section_round_trip(qtbot, editor, sqlite_db, job_id, errors, monkeypatch):
    read = lambda: state(sqlite_db, job_id)  # noqa: E731
    before = read()
    table = editor.table
    table.setFocus()
    table.setCurrentIndex(editor.model.index(1, DESCRIPTION))
    table.selectionModel().select(
        editor.model.index(3, DESCRIPTION), table.selectionModel().SelectionFlag.Select
    )
    qtbot.keyClick(table, Qt.Key.Key_Delete)
    after = read()
    assert [x[1] for x in after[0][2]] == ["A1"]
    round_trip(editor.context, read, before, after, "Delete 2 BOM lines", errors)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    table.clearSelection()
    table.setCurrentIndex(editor.model.index(0, KIND))  # the "Wet area" header
    editor.delete_selected()
    gone = read()
    assert [s[1] for s in gone] == ["Lights"]
    round_trip(editor.context, read, after, gone, "Delete BOM section", errors)


def test_drag_reorder_round_trip(editor, sqlite_db, job_id, errors):
    read = lambda: state(sqlite_db, job_id)  # noqa: E731
    model, root = editor.model, editor.table.rootIndex()
    before = read()
    model.dropMimeData(
        model.mimeData([model.index(1, 0), model.index(2, 0)]), Qt.DropAction.MoveAction, 6, 0, root
    )
    moved = read()
    assert [[x[1] for x in s[2]] for s in moved] == [["A2"], ["B0", "A0", "A1"]]
    round_trip(editor.context, read, before, moved, "Move 2 BOM lines", errors)
    header = model.mimeData([model.index(model.row_of("section", moved[1][0]), KIND)])
    assert b"section" in header.data(ROWS_MIME).data()
    model.dropMimeData(header, Qt.DropAction.MoveAction, 0, 0, root)
    sections = read()
    assert [s[1] for s in sections] == ["Lights", "Wet area"]
    round_trip(editor.context, read, moved, sections, "Move BOM section", errors)


def test_paste_and_price_book_round_trip(qtbot, editor, sqlite_db, job_id, errors, monkeypatch):
    read = lambda: state(sqlite_db, job_id)  # noqa: E731
    before = read()
    QGuiApplication.clipboard().setText("Cable tray\nConduit")
    editor.table.setCurrentIndex(editor.model.index(5, DESCRIPTION))  # B0
    editor.paste_lines()
    pasted = read()
    assert [x[1] for x in pasted[1][2]] == ["B0", "Cable tray", "Conduit"]
    round_trip(editor.context, read, before, pasted, "Paste 2 BOM lines", errors)
    save_item(sqlite_db.sessions, PriceItem(code="LED-1", description="LED", unit_cost=D(20), markup=D(50)))
    monkeypatch.setattr(price_book_dialog.PriceBookDialog, "exec", lambda self: self.DialogCode.Accepted)
    editor.table.setCurrentIndex(editor.model.index(1, DESCRIPTION))
    editor.add_from_price_book()
    picked = read()
    assert picked[0][2][1][3] == "LED-1"
    round_trip(editor.context, read, pasted, picked, "Add BOM line from price book", errors)


def test_cell_edits_on_restored_lines_still_undo(qtbot, editor, sqlite_db, job_id, errors):
    """Edit a line, delete it, then undo both: the edit's undo finds the same line again."""
    read = lambda: state(sqlite_db, job_id)  # noqa: E731
    before = read()
    model, stack = editor.model, editor.context.undo_stack
    assert model.setData(model.index(1, QTY), "4")
    assert model.setData(model.index(1, QTY), "5")
    assert stack.undoText() == "Change BOM line quantity"
    editor.table.setCurrentIndex(model.index(1, DESCRIPTION))
    editor.delete_selected()
    for _ in range(3):
        stack.undo()
    assert read() == before
    for _ in range(3):
        stack.redo()
    assert [x[1] for x in read()[0][2]] == ["A1", "A2"]
    assert errors == []


def test_a_line_changed_by_another_session_is_not_overwritten(editor, sqlite_db, job_id, errors):
    model = editor.model
    line_id = model.row_at(1).id
    bom.update_line(sqlite_db.sessions, line_id, {"quantity": D(7)})  # someone else, after our read
    rows: list[tuple[str, ...]] = []

    def reload(dialog) -> None:
        rows.extend(
            tuple(dialog.table.item(r, c).text() for c in range(4)) for r in range(dialog.table.rowCount())
        )
        dialog.reload_button.click()

    assert answer_modal(reload) is not None
    assert not model.setData(model.index(1, QTY), "3")
    assert rows == [
        (
            "A0 (1 ea)",
            "A0 (1 ea) · 10.00 · Wet area",
            "A0 (7 ea) · 70.00 · Wet area",
            "A0 (3 ea) · 30.00 · Wet area",
        )
    ]
    assert "Reloaded" in editor.message.text()
    assert bom.get_bom(sqlite_db.sessions, job_id).sections[0].lines[0].data.quantity == D(7)
    assert model.index(1, QTY).data() == "7"  # reloaded: their value is shown
    assert model.setData(model.index(1, QTY), "3")  # now based on their save: allowed
    assert bom.get_bom(sqlite_db.sessions, job_id).sections[0].lines[0].data.quantity == D(3)


@pytest.fixture
def panel(qtbot, context, job_id, monkeypatch):
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    widget = QuotesPanel(context, job_id)
    qtbot.addWidget(widget)
    widget.show()
    return widget


def quote_state(sqlite_db, job_id) -> tuple[Any, ...]:
    job = get_job(sqlite_db.sessions, job_id).summary
    listed = [(q.number, q.status) for q in quotes.list_quotes(sqlite_db.sessions, job_id)]
    return (listed, job.status, job.value, bom.get_bom(sqlite_db.sessions, job_id).frozen_by)


def test_quote_actions_round_trip(qtbot, panel, sqlite_db, job_id, errors):
    read = lambda: quote_state(sqlite_db, job_id)  # noqa: E731
    context, number = panel.context, f"Q-{job_id:06d}-1"
    empty = read()
    assert panel.new_quote() is not None
    created = read()
    assert created[0] == [(number, "draft")]
    round_trip(context, read, empty, created, "Create quote", errors)
    assert panel.model.rowCount() == 1  # the panel followed the undo and redo
    assert panel.set_status("sent")
    sent = read()
    assert (sent[0], sent[1]) == ([(number, "sent")], "Quoted")
    round_trip(context, read, created, sent, f"Mark quote {number} sent", errors)
    assert panel.set_status("accepted")
    accepted = read()
    assert accepted[1:] == ("Approved", D("38.00"), number)  # 3 × 11 + 5; the BOM frozen
    round_trip(context, read, sent, accepted, f"Mark quote {number} accepted", errors)
    panel.select_row(0)
    assert panel.new_quote() is not None
    revised = read()
    assert revised[0] == [(f"Q-{job_id:06d}-2", "draft"), (number, "accepted")] and revised[3] is None
    round_trip(context, read, accepted, revised, f"Revise quote {number}", errors)
    panel.select_row(0)  # the redo left the selection on the revision the undo fell back to
    assert panel.set_status("declined")
    declined = read()
    round_trip(context, read, revised, declined, f"Mark quote Q-{job_id:06d}-2 declined", errors)
    for _ in range(5):
        context.undo_stack.undo()
    assert read() == empty
    fields = [h.field for h in get_job(sqlite_db.sessions, job_id).history]
    assert "quote" in fields and "value" in fields and "BOM line added" in fields


def test_quote_details_edit_round_trip(qtbot, panel, sqlite_db, job_id, errors):
    detail = panel.new_quote()
    assert detail is not None
    assert panel.commands.update(detail, {"intro": "Hello", "hide_unit_prices": True}) is None
    read = lambda: (  # noqa: E731
        quotes.get_quote(sqlite_db.sessions, detail.number).intro,
        quotes.get_quote(sqlite_db.sessions, detail.number).hide_unit_prices,
    )
    round_trip(
        panel.context,
        read,
        (detail.intro, False),
        ("Hello", True),
        f"Edit quote {detail.number} details",
        errors,
    )
    refused = panel.commands.update(detail, {"intro": "x" * 20_001})
    assert refused is not None and "too long" in str(refused)
    assert read() == ("Hello", True)
