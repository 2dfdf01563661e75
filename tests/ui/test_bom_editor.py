"""The BOM editor with real widgets: model checks, keyboard editing (type, Tab, Enter),
reorder by drop and by keys, copy/paste, undo, delegates, frozen state."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from PySide6.QtCore import QMimeData, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit

from gojee_desktop.services import bom, quotes
from gojee_desktop.services.bom_lines import LineData
from gojee_desktop.services.jobs import NewJob, create_lead
from gojee_desktop.services.price_book import PriceItem, save_item
from gojee_desktop.ui.context import AppContext
from gojee_desktop.ui.itemmodels.bom_model import DESCRIPTION, KIND, PRICE, QTY, ROWS_MIME, TOTAL, BomModel


@pytest.fixture
def context(sqlite_db):
    return AppContext.create(sqlite_db)


@pytest.fixture
def job_id(sqlite_db):
    job = create_lead(sqlite_db.sessions, NewJob(title="Bathroom"))
    bom.add_lines(
        sqlite_db.sessions,
        job.id,
        [LineData(description=f"A{i}", quantity=D(1), unit_cost=D(10), tax_rate=D(10)) for i in range(3)],
        section_name="Wet area",
    )
    bom.add_lines(
        sqlite_db.sessions, job.id, [LineData(description="B0", unit_cost=D(5))], section_name="Lights"
    )
    return job.id


def descriptions(sqlite_db, job_id) -> list[list[str]]:
    return [[x.data.description for x in s.lines] for s in bom.get_bom(sqlite_db.sessions, job_id).sections]


def test_models_pass_the_model_tester(qtmodeltester, context, job_id):
    model = BomModel(context, job_id)
    qtmodeltester.check(model)
    assert model.rowCount() == 6  # two section rows and four lines
    assert model.index(0, KIND).data() == "Wet area"
    assert model.index(0, TOTAL).data() == "$30.00"
    assert model.index(1, DESCRIPTION).data() == "A0"


def test_type_tab_and_enter_edit_like_a_spreadsheet(qtbot, editor, sqlite_db, job_id):
    table = editor.table
    table.setFocus()
    table.setCurrentIndex(editor.model.index(1, QTY))
    qtbot.keyClick(table, Qt.Key.Key_2)  # typing starts editing, replacing the value
    field = QApplication.focusWidget()
    assert isinstance(field, QLineEdit)
    qtbot.keyClicks(field, ".5")
    qtbot.keyClick(field, Qt.Key.Key_Tab)  # commits and opens the next cell (Unit)
    assert table.currentIndex().column() == QTY + 1
    unit = QApplication.focusWidget()
    assert isinstance(unit, QLineEdit)
    unit.setText("h")
    qtbot.keyClick(unit, Qt.Key.Key_Return)  # commits (queued by Qt) and moves down
    qtbot.waitUntil(lambda: table.currentIndex().row() == 2)
    assert table.currentIndex().column() == QTY + 1
    line = bom.get_bom(sqlite_db.sessions, job_id).sections[0].lines[0]
    assert (line.data.quantity, line.data.unit) == (D("2.5"), "h")
    assert editor.totals.values["Subtotal (excl. tax)"] == "$50.00"  # 25 + 10 + 10 + 5
    editor.context.undo_stack.undo()
    editor.context.undo_stack.undo()
    line = bom.get_bom(sqlite_db.sessions, job_id).sections[0].lines[0]
    assert (line.data.quantity, line.data.unit) == (D(1), "ea")


def test_bad_number_is_refused_with_a_message(qtbot, editor, sqlite_db, job_id):
    index = editor.model.index(1, QTY)
    assert not editor.model.setData(index, "abc")
    assert "Qty" in editor.message.text()
    assert not editor.model.setData(editor.model.index(1, 5), "-4")
    assert "cannot be negative" in editor.message.text()
    assert descriptions(sqlite_db, job_id)[0][0] == "A0"
    assert bom.get_bom(sqlite_db.sessions, job_id).sections[0].lines[0].data.unit_cost == D(10)


def test_sell_price_override_and_back_to_markup(editor, sqlite_db, job_id):
    index = editor.model.index(1, PRICE)
    assert editor.model.setData(index, "12.50")
    assert index.data() == "$12.50"
    assert index.data(Qt.ItemDataRole.FontRole).bold()
    assert editor.model.setData(editor.model.index(1, PRICE), "")
    assert bom.get_bom(sqlite_db.sessions, job_id).sections[0].lines[0].data.unit_price is None


def test_kind_delegate_is_a_picker(qtbot, editor):
    table = editor.table
    table.setCurrentIndex(editor.model.index(1, KIND))
    table.edit(editor.model.index(1, KIND))
    combo = table.findChild(QComboBox)
    assert combo is not None and combo.count() == 3
    combo.setCurrentIndex(1)
    table.commitData(combo)
    table.closeEditor(combo, table.itemDelegate().EndEditHint.NoHint)
    assert editor.model.index(1, KIND).data() == "Labour"


def test_drop_moves_lines_and_sections_without_deleting(editor, sqlite_db, job_id):
    model = editor.model
    mime = model.mimeData([model.index(1, 0), model.index(2, 0)])  # A0, A1
    assert model.canDropMimeData(mime, Qt.DropAction.MoveAction, 6, 0, editor.table.rootIndex())
    assert not model.dropMimeData(mime, Qt.DropAction.MoveAction, 6, 0, editor.table.rootIndex())
    assert descriptions(sqlite_db, job_id) == [["A2"], ["B0", "A0", "A1"]]
    assert model.rowCount() == 6  # nothing removed
    section = model.mimeData([model.index(2, KIND)])  # "Lights" header row
    assert b"section" in section.data(ROWS_MIME).data()
    model.dropMimeData(section, Qt.DropAction.MoveAction, 0, 0, editor.table.rootIndex())
    assert [s.name for s in bom.get_bom(sqlite_db.sessions, job_id).sections] == ["Lights", "Wet area"]
    editor.context.undo_stack.undo()
    editor.context.undo_stack.undo()
    assert descriptions(sqlite_db, job_id) == [["A0", "A1", "A2"], ["B0"]]
    foreign = QMimeData()
    foreign.setData(ROWS_MIME, b'{"job": 99999, "lines": [1]}')
    assert not model.canDropMimeData(foreign, Qt.DropAction.MoveAction, 0, 0, editor.table.rootIndex())


def test_drop_event_on_the_viewport_moves_the_line(qtbot, editor, sqlite_db, job_id):
    from PySide6.QtCore import QPointF
    from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent

    model = editor.model
    mime = model.mimeData([model.index(3, 0)])  # A2
    target = editor.table.visualRect(model.index(1, DESCRIPTION)).center()  # onto A0
    buttons, keys = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    for event in (
        QDragEnterEvent(target, Qt.DropAction.MoveAction, mime, buttons, keys),
        QDragMoveEvent(target, Qt.DropAction.MoveAction, mime, buttons, keys),
        QDropEvent(QPointF(target), Qt.DropAction.MoveAction, mime, buttons, keys),
    ):
        event.setDropAction(Qt.DropAction.MoveAction)  # a synthetic drag proposes Copy
        QApplication.sendEvent(editor.table.viewport(), event)
    assert descriptions(sqlite_db, job_id) == [["A2", "A0", "A1"], ["B0"]]
    assert model.rowCount() == 6


def test_keyboard_reorder_and_delete_with_undo(qtbot, editor, sqlite_db, job_id):
    table = editor.table
    table.setFocus()
    table.setCurrentIndex(editor.model.index(1, DESCRIPTION))
    qtbot.keyClick(table, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    assert descriptions(sqlite_db, job_id)[0] == ["A1", "A0", "A2"]
    assert table.currentIndex().data() == "A0"
    table.clearSelection()
    table.setCurrentIndex(
        editor.model.index(editor.model.row_of("line", table.currentIndex().data(257 + 1)), 2)
    )
    qtbot.keyClick(table, Qt.Key.Key_Delete)
    assert descriptions(sqlite_db, job_id)[0] == ["A1", "A2"]
    editor.context.undo_stack.undo()
    assert descriptions(sqlite_db, job_id)[0] == ["A1", "A0", "A2"]


def test_copy_and_paste_lines(qtbot, editor, sqlite_db, job_id):
    table = editor.table
    table.setFocus()
    table.setCurrentIndex(editor.model.index(1, DESCRIPTION))
    table.selectionModel().select(
        editor.model.index(2, DESCRIPTION), table.selectionModel().SelectionFlag.Select
    )
    assert editor.copy_lines()
    assert QGuiApplication.clipboard().text().splitlines()[0].split("\t")[:4] == ["material", "", "A0", "1"]
    table.setCurrentIndex(editor.model.index(5, DESCRIPTION))  # B0
    qtbot.keyClick(table, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert descriptions(sqlite_db, job_id) == [["A0", "A1", "A2"], ["B0", "A0", "A1"]]
    QGuiApplication.clipboard().setText("Cable tray\nmaterial\tCT-1\tTray 100 mm\t3\tm\t12.5\t20\t\t\t10")
    table.setCurrentIndex(editor.model.index(1, DESCRIPTION))
    editor.paste_lines()
    lines = bom.get_bom(sqlite_db.sessions, job_id).sections[0].lines
    assert [x.data.description for x in lines][:3] == ["A0", "Cable tray", "Tray 100 mm"]
    assert (lines[2].data.quantity, lines[2].data.unit_cost, lines[2].data.markup) == (D(3), D("12.5"), D(20))
    QGuiApplication.clipboard().setText("other\tX\tBad\tabc")
    editor.paste_lines()
    assert "Cannot paste" in editor.message.text()


def test_add_line_opens_the_description_editor(qtbot, editor, sqlite_db, job_id):
    editor.table.setCurrentIndex(editor.model.index(3, QTY))  # A2
    editor.actions_by_name["add_line"].trigger()
    assert descriptions(sqlite_db, job_id)[0] == ["A0", "A1", "A2", ""]
    assert editor.table.currentIndex().column() == DESCRIPTION
    assert isinstance(QApplication.focusWidget(), QLineEdit)
    new_line = bom.get_bom(sqlite_db.sessions, job_id).sections[0].lines[3]
    assert new_line.data.tax_rate == D(10)  # taken from the line above


def test_price_book_lines_and_optional_checkbox(qtbot, editor, sqlite_db, job_id, monkeypatch):
    item = save_item(
        sqlite_db.sessions, PriceItem(code="LED-1", description="LED", unit_cost=D(20), markup=D(50))
    )
    from gojee_desktop.ui.dialogs import price_book_dialog

    monkeypatch.setattr(price_book_dialog.PriceBookDialog, "exec", lambda self: self.DialogCode.Accepted)
    editor.table.setCurrentIndex(editor.model.index(5, 0))
    editor.add_from_price_book()
    added = bom.get_bom(sqlite_db.sessions, job_id).sections[1].lines[-1]
    assert (added.data.item_code, added.amounts.unit_price) == (item.code, D("30.00"))
    row = editor.model.row_of("line", added.id)
    assert editor.model.setData(
        editor.model.index(row, 11), Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole
    )
    assert editor.model.index(row, TOTAL).data() == "($30.00)"
    assert "Grand total" in editor.totals.values


def test_frozen_bom_is_read_only(qtbot, editor, sqlite_db, job_id):
    quote = quotes.create_quote(sqlite_db.sessions, job_id)
    quotes.set_quote_status(sqlite_db.sessions, quote.number, "accepted")
    with qtbot.waitSignal(editor.model.loaded):
        editor.context.signals.jobs_changed.emit([job_id])
    assert editor.model.frozen
    assert not editor.banner.isHidden() and quote.number in editor.banner.text()
    assert not editor.actions_by_name["add_line"].isEnabled()
    assert not editor.model.flags(editor.model.index(1, QTY)) & Qt.ItemFlag.ItemIsEditable
    assert not editor.model.setData(editor.model.index(1, QTY), "5")
