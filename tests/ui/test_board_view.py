"""The board widget offscreen: columns and headers, synthetic drag events on the viewport,
moves within and between columns, the lost-reason prompt and its cancel, stale moves (their
change beside the move: reload or move anyway), keyboard and menu moves, undo and redo, new
jobs and the convert target."""

from __future__ import annotations

from decimal import Decimal

import pytest
from board_helpers import add_leads, answer_modal, job_count
from PySide6.QtCore import QModelIndex, QPoint, QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialogButtonBox

from gojee_desktop.services import catalog, jobs, pipelines
from gojee_desktop.services.errors import GojeeError
from gojee_desktop.services.job_query import JobQuery
from gojee_desktop.services.jobs import NewJob
from gojee_desktop.ui.commands import undo
from gojee_desktop.ui.context import AppContext
from gojee_desktop.ui.dialogs.conflict_dialog import ConflictDialog
from gojee_desktop.ui.itemmodels.board_model import DropRequest, encode_ids
from gojee_desktop.ui.pages.board import BoardView
from gojee_desktop.ui.widgets.board_column import totals_text


@pytest.fixture
def errors(monkeypatch) -> list[str]:
    """Service errors the user would see in a message box."""
    seen: list[str] = []

    def record(_parent, error: GojeeError) -> None:
        seen.append(str(error))

    monkeypatch.setattr(undo, "show_error", record)
    return seen


@pytest.fixture
def context(sqlite_db):
    return AppContext.create(sqlite_db)


def open_board(qtbot, context, lifecycle: str = "lead", width: int = 1400) -> BoardView:
    view = BoardView(context, lifecycle)
    qtbot.addWidget(view)
    view.resize(width, 700)
    view.set_query(JobQuery(lifecycle=lifecycle))
    view.show()
    qtbot.waitExposed(view)
    return view


def column_ids(view: BoardView) -> list[list[int]]:
    return [list(c.model.ids) for c in view.columns]


def drop_on_viewport(view: BoardView, column: int, ids: list[int], row: int | None) -> None:
    """Send enter/move/drop events to a column's viewport, as a drag from another view would."""
    list_view = view.columns[column].view
    viewport = list_view.viewport()
    if row is None or row >= list_view.model().rowCount():
        point = QPointF(20, viewport.height() - 5)
    else:
        rect = list_view.visualRect(list_view.model().index(row, 0))
        point = QPointF(rect.center().x(), rect.top() + 3)
    data = encode_ids(ids, "lead")
    actions = Qt.DropAction.MoveAction
    buttons, modifiers = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    enter = QDragEnterEvent(point.toPoint(), actions, data, buttons, modifiers)
    QTest.qWait(0)
    from PySide6.QtWidgets import QApplication

    QApplication.sendEvent(viewport, enter)
    assert enter.isAccepted()
    move = QDragMoveEvent(point.toPoint(), actions, data, buttons, modifiers)
    move.setDropAction(Qt.DropAction.MoveAction)
    QApplication.sendEvent(viewport, move)
    assert move.isAccepted()
    drop = QDropEvent(point, actions, data, buttons, modifiers)
    drop.setDropAction(Qt.DropAction.MoveAction)
    QApplication.sendEvent(viewport, drop)


def test_board_shows_stage_columns_with_counts_and_totals(qtbot, context, sqlite_db):
    stages = pipelines.list_stages(sqlite_db.sessions, "leads")
    add_leads(sqlite_db, ["A", "B"], value="1200.50")
    jobs.create_lead(sqlite_db.sessions, NewJob(title="Euro", value=Decimal(99), currency="EUR"))
    view = open_board(qtbot, context)
    assert [c.model.title for c in view.columns] == [s.name for s in stages]
    header = view.columns[0].header
    assert header.count.text() == "3"
    assert "$2,401.00 AUD" in header.total.text() and "EUR\u00a099.00" in header.total.text()
    assert view.columns[1].header.total.text() == "$0.00"
    assert view.summary.text() == "3 cards"
    assert totals_text(view.columns[0].model, "EUR").startswith("EUR\u00a099.00")
    # Totals follow moves card by card.
    euro = next(i for i in view.columns[0].model.ids if view.store.values[i][1] == "EUR")
    assert view.handle_drop(DropRequest((euro,), view.columns[1].model.stage_id, None))
    assert header.total.text() == "$2,401.00" and header.count.text() == "2"
    assert view.columns[1].header.total.text() == "EUR\u00a099.00"
    context.undo_stack.undo()
    assert "EUR\u00a099.00" in header.total.text() and view.columns[1].header.total.text() == "$0.00"


def test_synthetic_drag_events_move_a_card_between_columns(qtbot, context, sqlite_db, errors):
    ids = add_leads(sqlite_db, ["A", "B", "C"])
    view = open_board(qtbot, context)
    count = job_count(sqlite_db)
    drop_on_viewport(view, 2, [ids[1]], None)
    qtbot.waitUntil(lambda: ids[1] in view.columns[2].model.ids)
    assert column_ids(view)[0] == [ids[0], ids[2]]
    third = pipelines.list_stages(sqlite_db.sessions, "leads")[2]
    assert jobs.get_job(sqlite_db.sessions, ids[1]).summary.stage_id == third.id
    assert view.columns[2].header.count.text() == "1"
    assert job_count(sqlite_db) == count
    assert errors == []
    history = jobs.get_job(sqlite_db.sessions, ids[1]).history
    assert history[-1].field == "stage" and history[-1].new_value == third.name


def test_synthetic_drop_within_a_column_keeps_the_manual_order(qtbot, context, sqlite_db, errors):
    ids = add_leads(sqlite_db, ["A", "B", "C", "D"])
    view = open_board(qtbot, context)
    drop_on_viewport(view, 0, [ids[3]], 1)
    qtbot.waitUntil(lambda: column_ids(view)[0][1] == ids[3])
    assert column_ids(view)[0] == [ids[0], ids[3], ids[1], ids[2]]
    view.reload()  # what is saved is the same order
    assert column_ids(view)[0] == [ids[0], ids[3], ids[1], ids[2]]
    assert job_count(sqlite_db) == 4 + 0 and errors == []


def test_several_cards_move_together_and_undo_redo(qtbot, context, sqlite_db, errors):
    ids = add_leads(sqlite_db, ["A", "B", "C", "D"])
    view = open_board(qtbot, context)
    original = column_ids(view)
    assert view.handle_drop(DropRequest((ids[2], ids[0]), view.columns[1].model.stage_id, None))
    assert column_ids(view)[0] == [ids[1], ids[3]]
    assert column_ids(view)[1] == [ids[0], ids[2]]  # in board order
    assert [view.columns[1].model.ids[i.row()] for i in view.columns[1].view.selectedIndexes()]
    context.undo_stack.undo()
    assert column_ids(view) == original
    context.undo_stack.redo()
    assert column_ids(view)[1] == [ids[0], ids[2]]
    assert context.undo_stack.undoText() == "Move 2 cards to 'Site visit'"
    assert job_count(sqlite_db) == 4 and errors == []


def test_lost_stage_asks_for_a_reason_and_cancel_leaves_the_card(qtbot, context, sqlite_db, errors):
    lost = pipelines.add_stage(sqlite_db.sessions, "leads", "Lost", outcome="lost")
    ids = add_leads(sqlite_db, ["A", "B"])
    view = open_board(qtbot, context)
    before = column_ids(view)

    def cancel(dialog) -> None:
        dialog.reject()

    seen = answer_modal(cancel)
    assert not view.handle_drop(DropRequest((ids[0],), lost.id, None))
    assert seen == ["LostReasonDialog"]
    assert column_ids(view) == before
    assert jobs.get_job(sqlite_db.sessions, ids[0]).summary.stage != "Lost"
    assert context.undo_stack.count() == 0

    def give_reason(dialog) -> None:
        assert not dialog.ok_button().isEnabled()  # a reason is required
        dialog.reason.setEditText("Went with a competitor")
        assert dialog.ok_button().isEnabled()
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()

    answer_modal(give_reason)
    assert view.handle_drop(DropRequest((ids[0],), lost.id, None))
    moved = jobs.get_job(sqlite_db.sessions, ids[0])
    assert moved.summary.stage == "Lost" and moved.summary.status == "Lost"
    assert moved.lost_reason == "Went with a competitor"
    assert view.column_for(lost.id).model.ids == [ids[0]]
    context.undo_stack.undo()
    restored = jobs.get_job(sqlite_db.sessions, ids[0])
    assert restored.summary.status == "New" and restored.lost_reason == ""
    assert column_ids(view) == before
    assert errors == []


def _conflict_answer(button: str, rows: list[tuple[str, ...]]):
    """Read the conflict dialog's rows, then press `button`."""

    def action(dialog) -> None:
        assert isinstance(dialog, ConflictDialog)
        table = dialog.table
        for row in range(table.rowCount()):
            rows.append(tuple(table.item(row, c).text() for c in range(4)))
        getattr(dialog, button).click()

    return action


def _moved_elsewhere(qtbot, context, sqlite_db):
    """A board showing A and B in the first column; then someone else moves A to the third
    stage and sets its status: the board still shows A where it was."""
    ids = add_leads(sqlite_db, ["A", "B"])
    view = open_board(qtbot, context)
    qtbot.waitUntil(lambda: view.store.cached(ids[0]) is not None)  # painted, version known
    stages = [c.model.stage for c in view.columns]
    statuses = {s.key: s for s in catalog.list_statuses(sqlite_db.sessions, "lead")}
    other = next(s for k, s in statuses.items() if k not in ("new", "lost"))
    jobs.move_to_stage(sqlite_db.sessions, ids[0], stages[2].id)  # someone else, elsewhere
    jobs.set_status(sqlite_db.sessions, ids[0], other.id)
    return view, ids, stages, other


def test_a_stale_move_shows_their_change_and_reload_puts_the_card_where_it_is(
    qtbot, context, sqlite_db, errors
):
    view, ids, stages, other = _moved_elsewhere(qtbot, context, sqlite_db)
    version = jobs.get_job(sqlite_db.sessions, ids[0]).version
    rows: list[tuple[str, ...]] = []
    seen = answer_modal(_conflict_answer("reload_button", rows))
    assert not view.handle_drop(DropRequest((ids[0],), stages[1].id, None))
    assert seen == ["ConflictDialog"] and errors == []
    assert ("Stage", stages[0].name, stages[2].name, stages[1].name) in rows
    assert ("Status", "New", other.name, "New") in rows
    saved = jobs.get_job(sqlite_db.sessions, ids[0])
    assert saved.summary.stage_id == stages[2].id and saved.version == version  # nothing written
    assert column_ids(view)[0] == [ids[1]] and column_ids(view)[2] == [ids[0]]  # as saved
    assert context.undo_stack.count() == 0


def test_move_anyway_moves_over_their_change_records_it_and_undoes(qtbot, context, sqlite_db, errors):
    view, ids, stages, other = _moved_elsewhere(qtbot, context, sqlite_db)
    answer_modal(_conflict_answer("overwrite_button", []))
    assert view.handle_drop(DropRequest((ids[0],), stages[1].id, None))
    assert errors == []
    saved = jobs.get_job(sqlite_db.sessions, ids[0])
    assert saved.summary.stage_id == stages[1].id
    assert saved.summary.status == other.name  # the move changes the stage only
    entry = next(h for h in saved.history if h.field == "move over a change")
    assert "status" in entry.old_value and entry.new_value == "moved anyway"
    assert column_ids(view)[1] == [ids[0]] and column_ids(view)[2] == []
    assert context.undo_stack.count() == 1
    context.undo_stack.undo()  # back where the database had it before the move: theirs
    assert jobs.get_job(sqlite_db.sessions, ids[0]).summary.stage_id == stages[2].id
    assert column_ids(view)[2] == [ids[0]]
    context.undo_stack.redo()
    assert jobs.get_job(sqlite_db.sessions, ids[0]).summary.stage_id == stages[1].id
    assert errors == []


def test_a_title_changed_elsewhere_is_named_when_the_move_is_refused(qtbot, context, sqlite_db, errors):
    ids = add_leads(sqlite_db, ["A", "B"])
    view = open_board(qtbot, context)
    qtbot.waitUntil(lambda: view.store.cached(ids[0]) is not None)
    jobs.update_job(sqlite_db.sessions, ids[0], {"title": "Changed elsewhere"})  # someone else
    rows: list[tuple[str, ...]] = []
    answer_modal(_conflict_answer("reload_button", rows))
    assert not view.handle_drop(DropRequest((ids[0],), view.columns[1].model.stage_id, None))
    assert ("Title", "A", "Changed elsewhere", "A") in rows
    assert jobs.get_job(sqlite_db.sessions, ids[0]).summary.stage_id == view.columns[0].model.stage_id
    assert column_ids(view)[0] == ids and context.undo_stack.count() == 0 and errors == []


def test_a_drop_on_a_stage_deleted_meanwhile_snaps_back(qtbot, context, sqlite_db, errors):
    ids = add_leads(sqlite_db, ["A"])
    extra = pipelines.add_stage(sqlite_db.sessions, "leads", "Extra")
    view = open_board(qtbot, context)
    pipelines.delete_stage(sqlite_db.sessions, extra.id)  # another user, another window
    assert not view.handle_drop(DropRequest((ids[0],), extra.id, None))
    assert errors and "stage" in errors[0]
    assert view.column_for(extra.id) is None  # the board reloaded without it
    assert column_ids(view)[0] == ids
    assert job_count(sqlite_db) == 1


def test_keyboard_moves_between_and_within_columns(qtbot, context, sqlite_db, errors):
    ids = add_leads(sqlite_db, ["A", "B", "C"])
    view = open_board(qtbot, context)
    first = view.columns[0].view
    first.setFocus()
    first.select_ids([ids[2]])
    qtbot.waitUntil(first.hasFocus)
    QTest.keyClick(
        first, Qt.Key.Key_Up, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    assert column_ids(view)[0] == [ids[0], ids[2], ids[1]]
    QTest.keyClick(
        first, Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    assert column_ids(view)[1] == [ids[2]]
    assert view.columns[1].view.hasFocus()  # the moved card stays selected where it went
    QTest.keyClick(
        view.columns[1].view,
        Qt.Key.Key_Left,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert column_ids(view)[0][-1] == ids[2]
    assert errors == [] and context.undo_stack.count() == 3


def test_context_menu_move_to_stage_and_open(qtbot, context, sqlite_db, errors):
    ids = add_leads(sqlite_db, ["A", "B"])
    view = open_board(qtbot, context)
    column = view.columns[0]
    column.view.setFocus()
    column.view.select_ids([ids[1]])
    menu = view.card_actions(column)
    texts = [a.text() for a in menu.actions()]
    assert texts[:4] == ["Open", "Move to stage", "Move up", "Move down"]
    assert "Convert to customer job…" in texts
    opened: list[int] = []
    context.signals.open_job_requested.connect(opened.append)
    menu.actions()[0].trigger()
    assert opened == [ids[1]]
    move_menu = menu.actions()[1].menu()
    targets = {a.text(): a for a in move_menu.actions()}
    assert not targets[column.model.title].isEnabled()
    targets[view.columns[3].model.title].trigger()
    assert column_ids(view)[3] == [ids[1]]
    assert errors == []


def test_enter_opens_and_convert_requests_are_emitted(qtbot, context, sqlite_db):
    ids = add_leads(sqlite_db, ["A"])
    view = open_board(qtbot, context)
    first = view.columns[0].view
    first.setFocus()
    first.select_ids([ids[0]])
    qtbot.waitUntil(first.hasFocus)
    opened: list[int] = []
    converted: list[int] = []
    context.signals.open_job_requested.connect(opened.append)
    context.signals.convert_job_requested.connect(converted.append)
    QTest.keyClick(first, Qt.Key.Key_Return)
    assert opened == [ids[0]]
    QTest.keyClick(
        first, Qt.Key.Key_J, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    assert converted == [ids[0]]
    # Dropping a card on the "convert" target asks for the conversion window too.
    target = view.convert_target
    data = encode_ids([ids[0]], "lead")
    point = QPoint(5, 5)
    enter = QDragEnterEvent(
        point, Qt.DropAction.MoveAction, data, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    )
    from PySide6.QtWidgets import QApplication

    QApplication.sendEvent(target, enter)
    assert enter.isAccepted()
    drop = QDropEvent(
        QPointF(point),
        Qt.DropAction.MoveAction,
        data,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(target, drop)
    assert converted == [ids[0], ids[0]]


def test_changes_elsewhere_reach_the_board(qtbot, context, sqlite_db):
    ids = add_leads(sqlite_db, ["A", "B"])
    view = open_board(qtbot, context)
    stages = pipelines.list_stages(sqlite_db.sessions, "leads")
    jobs.move_to_stage(sqlite_db.sessions, ids[0], stages[4].id)
    context.signals.jobs_changed.emit([ids[0]])
    assert column_ids(view)[4] == [ids[0]]
    jobs.delete_job(sqlite_db.sessions, ids[1])
    context.signals.jobs_removed.emit([ids[1]])
    assert column_ids(view)[0] == []
    assert view.summary.text() == "1 card"
    pipelines.add_stage(sqlite_db.sessions, "leads", "Extra")
    context.signals.catalog_changed.emit("stages")
    assert view.columns[-1].model.title == "Extra"


def test_filters_apply_to_the_board(qtbot, context, sqlite_db):
    ids = add_leads(sqlite_db, ["Kitchen rewire", "Deck build"])
    view = open_board(qtbot, context)
    view.set_query(JobQuery(lifecycle="lead", text="deck"))
    assert column_ids(view)[0] == [ids[1]]
    assert view.columns[0].header.count.text() == "1"


def test_new_customer_job_on_the_jobs_board_and_undo(qtbot, context, sqlite_db, errors):
    view = open_board(qtbot, context, "customer_job")
    second = view.columns[1].model

    def fill(dialog) -> None:
        dialog.title.setText("Switchboard upgrade")
        dialog.customer.setText("Ann Smith")
        dialog.value.setText("2,500.50")
        dialog.create_button().click()

    seen = answer_modal(fill)
    created = view.new_job(second.stage_id)
    assert seen == ["NewJobDialog"]
    assert created is not None and second.ids == [created]
    detail = jobs.get_job(sqlite_db.sessions, created)
    assert detail.summary.lifecycle == "customer_job" and detail.summary.customer == "Ann Smith"
    assert detail.summary.value == Decimal("2500.50")
    context.undo_stack.undo()
    assert second.ids == [] and job_count(sqlite_db) == 0
    assert errors == []


def test_new_job_dialog_refuses_bad_input_and_writes_nothing(qtbot, context, sqlite_db):
    view = open_board(qtbot, context, "customer_job")
    messages: list[str] = []

    def bad_then_cancel(dialog) -> None:
        dialog.create_button().click()  # no title
        messages.append(dialog.error.text())
        dialog.title.setText("Fence")
        dialog.value.setText("12.345")
        dialog.create_button().click()
        messages.append(dialog.error.text())
        dialog.reject()

    answer_modal(bad_then_cancel)
    assert view.new_job() is None
    assert messages[0] == "Give the job a title."
    assert "decimals" in messages[1]
    assert job_count(sqlite_db) == 0


def test_header_menu_offers_stage_settings(qtbot, context, sqlite_db):
    view = open_board(qtbot, context)
    menu = view.header_actions(view.columns[1])
    texts = [a.text() for a in menu.actions()]
    assert texts[0] == f"Edit stage '{view.columns[1].model.title}'…"
    assert "Stage settings…" in texts

    def rename(dialog) -> None:
        settings = dialog.settings
        assert settings.current_stage().id == view.columns[1].model.stage_id
        settings.name.setText("Visit booked")
        settings.name.editingFinished.emit()
        dialog.reject()

    answer_modal(rename)
    menu.actions()[0].trigger()
    assert view.columns[1].model.title == "Visit booked"
    assert view.columns[1].header.name.text().startswith("<b>Visit booked")


def test_no_stage_column_appears_for_jobs_without_a_stage(qtbot, context, sqlite_db):
    job = jobs.create_customer_job(sqlite_db.sessions, NewJob(title="Loose", no_stage=True))
    view = open_board(qtbot, context, "customer_job")
    assert view.columns[0].model.title == "No stage"
    assert view.columns[0].model.ids == [job.id]


def test_sideways_scroll_is_remembered_per_pipeline(qtbot, context, sqlite_db):
    view = open_board(qtbot, context, width=600)
    bar = view.board_scroll.horizontalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 100)
    bar.setValue(150)
    view.hide()
    again = open_board(qtbot, context, width=600)
    again_bar = again.board_scroll.horizontalScrollBar()
    qtbot.waitUntil(lambda: again_bar.value() == 150)
    jobs_board = open_board(qtbot, context, "customer_job", width=600)
    qtbot.wait(20)
    assert jobs_board.board_scroll.horizontalScrollBar().value() == 0


def test_the_same_query_twice_reads_the_board_once(qtbot, context, sqlite_db):
    view = open_board(qtbot, context)
    loads: list[int] = []
    view.store.totals_changed.connect(lambda _models: loads.append(1))
    view.set_query(JobQuery(lifecycle="lead"))
    assert loads == []
    view.set_query(JobQuery(lifecycle="lead", text="x"))
    assert loads == [1]


def test_starting_a_drag_removes_nothing(qtbot, context, sqlite_db):
    ids = add_leads(sqlite_db, ["A", "B", "C"])
    view = open_board(qtbot, context)
    first = view.columns[0].view
    first.select_ids(ids[:2])
    first.startDrag(Qt.DropAction.MoveAction)  # offscreen the drag ends at once
    assert column_ids(view)[0] == ids
    assert job_count(sqlite_db) == 3


def test_moves_undo_and_conversion_on_both_databases(qtbot, db, errors):
    """The same board actions on SQLite and on PostgreSQL (row locks, the version check)."""
    from gojee_desktop.ui.conversion import convert_job_interactively

    context = AppContext.create(db)
    ids = add_leads(db, ["A", "B", "C"])
    view = open_board(qtbot, context)
    qtbot.waitUntil(lambda: view.store.cached(ids[0]) is not None)
    assert view.handle_drop(DropRequest((ids[2],), view.columns[0].model.stage_id, ids[0]))
    assert view.handle_drop(DropRequest((ids[0], ids[1]), view.columns[2].model.stage_id, None))
    assert column_ids(view)[0] == [ids[2]] and column_ids(view)[2] == [ids[0], ids[1]]
    context.undo_stack.undo()
    context.undo_stack.undo()
    assert column_ids(view)[0] == ids
    view.reload()
    assert column_ids(view)[0] == ids
    answer_modal(lambda dialog: dialog.convert_button().click())
    assert convert_job_interactively(view, context, ids[1])
    assert column_ids(view)[0] == [ids[0], ids[2]]
    context.undo_stack.undo()
    assert column_ids(view)[0] == ids
    assert job_count(db) == 3 and errors == []


def test_a_big_board_counts_in_the_background_and_moves_at_the_loaded_edge(qtbot, context, sqlite_db, errors):
    ids = add_leads(sqlite_db, [f"Lead {i}" for i in range(6)])
    view = BoardView(context, "lead")
    qtbot.addWidget(view)
    view.store.first_page = view.store.more_page = 3
    view.resize(1400, 300)  # a few cards on screen: the view does not fetch the rest
    view.set_query(JobQuery(lifecycle="lead"))
    view.show()
    header = view.columns[0].header
    assert view.store.figures_ready() or header.count.text() == "…"
    qtbot.waitUntil(lambda: header.count.text() == "6")
    assert header.total.text() == "$600.00" and view.summary.text() == "6 cards"
    first, second = view.columns[0], view.columns[1]
    loaded = list(first.model.ids)
    assert len(loaded) < 6
    # The last loaded card to the next stage, then back with Undo: to its old place, whose
    # next card had not been loaded yet.
    edge = loaded[-1]
    assert view.handle_drop(DropRequest((edge,), second.model.stage_id, None))
    assert second.model.ids == [edge] and header.count.text() == "5"
    context.undo_stack.undo()
    while first.model.canFetchMore(QModelIndex()):
        first.model.fetchMore(QModelIndex())
    assert first.model.ids == ids and header.count.text() == "6" and errors == []
    assert second.model.count() == 0 and job_count(sqlite_db) == 6


def test_keyboard_move_down_at_the_loaded_edge_passes_the_next_card(qtbot, context, sqlite_db, errors):
    ids = add_leads(sqlite_db, [f"Lead {i}" for i in range(5)])
    view = BoardView(context, "lead")
    qtbot.addWidget(view)
    view.store.first_page = view.store.more_page = 2
    view.resize(1400, 260)
    view.set_query(JobQuery(lifecycle="lead"))
    view.show()
    qtbot.waitUntil(view.store.figures_ready)
    first = view.columns[0]
    edge = first.model.ids[-1]
    assert first.model.canFetchMore(QModelIndex())  # the card below the edge is not loaded
    first.view.select_ids([edge])
    first.view.setFocus()
    assert view.reorder_selection(1)  # loads the card below and moves past it
    while first.model.canFetchMore(QModelIndex()):
        first.model.fetchMore(QModelIndex())
    expected = list(ids)
    at = expected.index(edge)
    expected[at], expected[at + 1] = expected[at + 1], expected[at]
    assert first.model.ids == expected and errors == []
