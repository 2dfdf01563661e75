"""Board item models: Qt's model tester, drag-and-drop at model level (mimeData then
dropMimeData), drops that are refused, and removeRows that never deletes a job."""

from __future__ import annotations

from decimal import Decimal

from board_helpers import add_leads, job_count
from PySide6.QtCore import QMimeData, QModelIndex, Qt

from gojee_desktop.services import jobs, pipelines
from gojee_desktop.services.dto import JobSummary
from gojee_desktop.services.job_query import JobQuery
from gojee_desktop.ui.itemmodels.board_model import (
    JOB_ID_ROLE,
    JOB_IDS_MIME,
    SUMMARY_ROLE,
    BoardStore,
    DropRequest,
    encode_ids,
)


def store_with_leads(db, count: int = 5) -> tuple[BoardStore, list[int]]:
    ids = add_leads(db, [f"Lead {i}" for i in range(count)])
    store = BoardStore(db.sessions, "lead")
    store.load(JobQuery(lifecycle="lead"))
    return store, ids


def test_column_models_pass_the_model_tester(qtbot, qtmodeltester, sqlite_db):
    store, ids = store_with_leads(sqlite_db)
    first = store.columns[0]
    assert first.ids == ids
    qtmodeltester.check(first)
    for model in store.columns[1:]:
        qtmodeltester.check(model)  # empty columns too
    summary = first.index(2).data(SUMMARY_ROLE)
    assert isinstance(summary, JobSummary) and summary.title == "Lead 2"
    assert first.index(2).data(JOB_ID_ROLE) == ids[2]
    assert first.index(2).data(Qt.ItemDataRole.DisplayRole).endswith("Lead 2")
    # The testers stay attached: inserts, removes and resets from the store are checked too.
    stages = pipelines.list_stages(sqlite_db.sessions, "leads")
    jobs.move_jobs(sqlite_db.sessions, [ids[1], ids[3]], stages[1].id)
    store.jobs_changed([ids[1], ids[3]])
    jobs.move_to_stage(sqlite_db.sessions, ids[3], stages[0].id, before_job_id=ids[0])
    store.jobs_changed([ids[3]])
    store.load()
    assert first.ids == [ids[3], ids[0], ids[2], ids[4]] and store.columns[1].ids == [ids[1]]


def test_mime_data_carries_ids_and_a_drop_asks_for_a_move(qtbot, sqlite_db):
    store, ids = store_with_leads(sqlite_db)
    source, target = store.columns[0], store.columns[1]
    data = source.mimeData([source.index(1), source.index(3)])
    assert data.formats() == [JOB_IDS_MIME]
    asked: list[DropRequest] = []
    target.drop_requested.connect(asked.append)
    assert target.canDropMimeData(data, Qt.DropAction.MoveAction, -1, 0, QModelIndex())
    assert target.dropMimeData(data, Qt.DropAction.MoveAction, -1, 0, QModelIndex())
    assert asked == [DropRequest((ids[1], ids[3]), target.stage_id, None)]
    # Within a column: before the card at the drop row, skipping the cards that move.
    source.drop_requested.connect(asked.append)
    assert source.dropMimeData(data, Qt.DropAction.MoveAction, 0, 0, QModelIndex())
    assert asked[-1] == DropRequest((ids[1], ids[3]), source.stage_id, ids[0])
    # The drop itself changes nothing: the move is a service call made by the view.
    assert source.ids == ids and target.ids == []


def test_a_drop_where_the_cards_already_are_is_no_move(qtbot, sqlite_db):
    store, ids = store_with_leads(sqlite_db)
    source = store.columns[0]
    asked: list[DropRequest] = []
    source.drop_requested.connect(asked.append)
    data = source.mimeData([source.index(1)])
    assert not source.dropMimeData(data, Qt.DropAction.MoveAction, 1, 0, QModelIndex())
    assert not source.dropMimeData(data, Qt.DropAction.MoveAction, 2, 0, QModelIndex())
    assert source.dropMimeData(data, Qt.DropAction.MoveAction, 3, 0, QModelIndex())
    assert asked == [DropRequest((ids[1],), source.stage_id, ids[3])]


def test_drops_that_are_not_ours_are_refused(qtbot, sqlite_db):
    store, ids = store_with_leads(sqlite_db)
    target = store.columns[1]
    text = QMimeData()
    text.setText("J-000001")
    jobs_data = encode_ids([ids[0]], "customer_job")  # a customer job card on the leads board
    broken = QMimeData()
    broken.setData(JOB_IDS_MIME, b"{not json")
    for data in (text, jobs_data, broken):
        assert not target.canDropMimeData(data, Qt.DropAction.MoveAction, -1, 0, QModelIndex())
        assert not target.dropMimeData(data, Qt.DropAction.MoveAction, -1, 0, QModelIndex())
    good = encode_ids([ids[0]], "lead")
    assert not target.canDropMimeData(good, Qt.DropAction.CopyAction, -1, 0, QModelIndex())
    source = store.columns[0]  # onto a card (not between cards) is no place for a card
    assert not source.canDropMimeData(good, Qt.DropAction.MoveAction, -1, -1, source.index(0))


def test_remove_rows_never_deletes_a_job(qtbot, sqlite_db):
    store, ids = store_with_leads(sqlite_db)
    before = job_count(sqlite_db)
    source = store.columns[0]
    assert not source.removeRows(0, 3)
    assert not source.removeRow(1)
    assert source.ids == ids
    assert job_count(sqlite_db) == before
    assert [s.id for s in jobs.get_summaries(sqlite_db.sessions, ids)] == ids


def test_store_places_only_changed_cards_and_keeps_totals(qtbot, sqlite_db):
    store, ids = store_with_leads(sqlite_db)
    stages = pipelines.list_stages(sqlite_db.sessions, "leads")
    first, second = store.columns[0], store.columns[1]
    resets = []
    first.modelReset.connect(lambda: resets.append(1))
    jobs.move_jobs(sqlite_db.sessions, [ids[3], ids[1]], stages[1].id)
    store.jobs_changed([ids[3], ids[1]])
    assert first.ids == [ids[0], ids[2], ids[4]]
    assert second.ids == [ids[3], ids[1]]
    assert resets == []  # placed, not reloaded
    jobs.move_to_stage(sqlite_db.sessions, ids[4], stages[0].id, before_job_id=ids[0])
    store.jobs_changed([ids[4]])
    assert first.ids == [ids[4], ids[0], ids[2]]
    assert {k: str(v) for k, v in first.totals().items()} == {"AUD": "300.00"}
    assert second.count() == 2
    # A change of a job the board does not show (filtered out) removes it.
    jobs.update_job(sqlite_db.sessions, ids[0], {"title": "Renamed"})
    store.load(JobQuery(lifecycle="lead", text="Lead"))
    jobs.update_job(sqlite_db.sessions, ids[2], {"title": "Other words"})
    store.jobs_changed([ids[2]])
    assert ids[2] not in first.ids


def lazy_store(db, count: int, page: int = 2) -> tuple[BoardStore, list[int]]:
    """A board whose first column holds more cards than a page: columns load lazily."""
    ids = add_leads(db, [f"Lead {i}" for i in range(count)])
    store = BoardStore(db.sessions, "lead")
    store.first_page = store.more_page = page
    store.load(JobQuery(lifecycle="lead"))
    return store, ids


def test_columns_load_lazily_in_board_order_with_aggregate_figures(qtbot, qtmodeltester, sqlite_db):
    store, ids = lazy_store(sqlite_db, 7)
    first = store.columns[0]
    assert first.ids == ids[:2] and first.canFetchMore(QModelIndex())
    assert not store.figures_ready()  # the aggregate is read in the background
    qtbot.waitUntil(store.figures_ready)
    assert first.count() == 7 and store.total_cards() == 7
    assert {k: str(v) for k, v in first.totals().items()} == {"AUD": "700.00"}
    inserted: list[tuple[int, int]] = []
    first.rowsInserted.connect(lambda _p, a, b: inserted.append((a, b)))
    first.fetchMore(QModelIndex())
    assert first.ids == ids[:4] and inserted == [(2, 3)]
    qtmodeltester.check(first)  # the tester fetches more too
    while first.canFetchMore(QModelIndex()):
        first.fetchMore(QModelIndex())
    assert first.ids == ids and first.rowCount() == 7 and not first.canFetchMore(QModelIndex())
    assert store.loaded_cards() == 7


def test_a_card_moved_below_the_loaded_cards_is_counted_and_appears_when_scrolled_to(qtbot, sqlite_db):
    store, ids = lazy_store(sqlite_db, 6)
    qtbot.waitUntil(store.figures_ready)
    stages = pipelines.list_stages(sqlite_db.sessions, "leads")
    first, second = store.columns[0], store.columns[1]
    jobs.move_jobs(sqlite_db.sessions, ids[2:5], stages[1].id)  # a second column of 3 cards
    store.load()
    qtbot.waitUntil(store.figures_ready)
    assert second.ids == ids[2:4] and second.count() == 3 and first.count() == 3
    resets: list[int] = []
    for model in (first, second):
        model.modelReset.connect(lambda: resets.append(1))
    # To the end of the partly loaded column: counted there, not shown yet.
    jobs.move_jobs(sqlite_db.sessions, [ids[0]], stages[1].id)
    store.jobs_changed([ids[0]])
    assert first.ids == [ids[1]] and ids[0] not in second.ids
    assert (first.count(), second.count()) == (2, 4) and store.figures_ready()
    assert {k: str(v) for k, v in second.totals().items()} == {"AUD": "400.00"}
    # Before a loaded card: placed at once.
    jobs.move_to_stage(sqlite_db.sessions, ids[1], stages[1].id, before_job_id=ids[3])
    store.jobs_changed([ids[1]])
    assert second.ids == [ids[2], ids[1], ids[3]] and (first.count(), second.count()) == (1, 5)
    while second.canFetchMore(QModelIndex()):
        second.fetchMore(QModelIndex())
    assert second.ids == [ids[2], ids[1], ids[3], ids[4], ids[0]]  # scrolled to: in its place
    # Moved back out of the part not loaded yet, it is still taken off the right column.
    jobs.move_jobs(sqlite_db.sessions, [ids[0]], stages[0].id)
    store.jobs_changed([ids[0]])
    assert (first.count(), second.count()) == (2, 4) and first.ids == []
    first.fetchMore(QModelIndex())
    assert first.ids == [ids[5], ids[0]] and not first.canFetchMore(QModelIndex())
    assert resets == []  # placed, never reloaded
    assert store.total_cards() == 6 and job_count(sqlite_db) == 6


def test_a_change_the_board_cannot_place_reads_the_figures_again(qtbot, sqlite_db):
    store, ids = lazy_store(sqlite_db, 5)
    qtbot.waitUntil(store.figures_ready)
    first = store.columns[0]
    totals: list[int] = []
    store.totals_changed.connect(lambda models: totals.append(len(models)))
    # A job not loaded (below the first page) changes value elsewhere: only SQL knows
    # which column's total it was in, so the aggregate is read again in the background.
    jobs.update_job(sqlite_db.sessions, ids[4], {"value": Decimal("250")})
    store.jobs_changed([ids[4]])
    qtbot.waitUntil(lambda: {k: str(v) for k, v in first.totals().items()} == {"AUD": "650.00"})
    assert first.count() == 5 and first.ids == ids[:2]
    # A new job at the end of the partly loaded column is counted too.
    new = add_leads(sqlite_db, ["Lead new"])[0]
    store.jobs_changed([new])
    qtbot.waitUntil(lambda: first.count() == 6)
    assert new not in first.ids and totals
    # A page after a card that has left the column meanwhile: the board reloads.
    stages = pipelines.list_stages(sqlite_db.sessions, "leads")
    jobs.move_jobs(sqlite_db.sessions, [ids[1]], stages[1].id)  # not told: another user
    first.fetchMore(QModelIndex())
    qtbot.waitUntil(lambda: ids[1] in store.columns[1].ids)
    assert store.columns[0].ids == [ids[0], ids[2]]
