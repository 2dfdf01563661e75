"""The lazy job table: model checks, results equal to the service, paging, column state
persisting across a restart of the window, keyboard paths (Enter, Delete)."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest
from board_helpers import answer_modal
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from gojee_desktop.models import LIFECYCLE_LEAD
from gojee_desktop.services import jobs
from gojee_desktop.services.contacts import CustomerInput
from gojee_desktop.services.demo.generate import generate_demo
from gojee_desktop.services.job_query import JobQuery, list_job_ids
from gojee_desktop.services.jobs import NewJob
from gojee_desktop.ui.context import AppContext
from gojee_desktop.ui.itemmodels import job_table_model
from gojee_desktop.ui.itemmodels.job_table_model import JOB_ID_ROLE, JobTableModel, column_index
from gojee_desktop.ui.main_window import MainWindow


def _ids(model: JobTableModel) -> list[int]:
    return [model.data(model.index(row, 0), JOB_ID_ROLE) for row in range(model.rowCount())]


def test_model_passes_the_model_tester(qtmodeltester, context, some_leads):
    model = JobTableModel(context.sessions, JobQuery(lifecycle=LIFECYCLE_LEAD))
    model.set_query(JobQuery(lifecycle=LIFECYCLE_LEAD))
    qtmodeltester.check(model)
    assert model.rowCount() == 5
    assert model.data(model.index(0, column_index("value"))) == "$500.00"


@pytest.mark.parametrize(
    "query",
    [
        JobQuery(lifecycle=LIFECYCLE_LEAD, text="kitch"),
        JobQuery(lifecycle=LIFECYCLE_LEAD, sort="title"),
        JobQuery(lifecycle=LIFECYCLE_LEAD, sort="value", descending=True),
        JobQuery(lifecycle=LIFECYCLE_LEAD, value_min=Decimal("150"), value_max=Decimal("400")),
        JobQuery(lifecycle=None, archived=None, sort="title", descending=True),
    ],
)
def test_rows_equal_what_the_service_returns(context, some_leads, query):
    model = JobTableModel(context.sessions, query)
    model.set_query(query)
    assert _ids(model) == list_job_ids(context.sessions, query)
    assert model.rowCount() > 0


def test_sort_on_a_header_is_done_in_sql(context, some_leads):
    query = JobQuery(lifecycle=LIFECYCLE_LEAD)
    model = JobTableModel(context.sessions, query)
    model.set_query(query)
    model.sort(column_index("title"), Qt.SortOrder.DescendingOrder)
    titles = [model.data(model.index(r, column_index("title"))) for r in range(model.rowCount())]
    assert titles == sorted(titles, reverse=True)
    assert model.query().sort == "title" and model.query().descending
    before = model.query()
    model.sort(column_index("labels"))  # not sortable: nothing changes
    assert model.query() == before


def test_customer_column_shows_the_business_when_there_is_no_person_and_sorts_as_shown(context):
    for title, customer in (
        ("A", CustomerInput(person_name="Zoe Young")),
        ("B", CustomerInput(organization_name="Marlow Builders")),
        ("C", CustomerInput(person_name="Adam Ash", organization_name="Zenith Pty")),
        ("D", None),
    ):
        jobs.create_lead(context.sessions, NewJob(title=title, customer=customer))
    query = JobQuery(lifecycle=LIFECYCLE_LEAD)
    model = JobTableModel(context.sessions, query)
    model.set_query(query)
    model.sort(column_index("customer"), Qt.SortOrder.AscendingOrder)
    shown = [model.data(model.index(r, column_index("customer"))) for r in range(model.rowCount())]
    assert shown == ["Adam Ash", "Marlow Builders", "Zoe Young", ""]  # no customer: last


def test_rows_are_read_in_blocks_and_the_last_row_is_reachable(qtbot, qtmodeltester, context, monkeypatch):
    generate_demo(context.database, leads=1300, jobs=0)
    monkeypatch.setattr(job_table_model, "BLOCK", 50)
    monkeypatch.setattr(job_table_model, "DIRECT_ROWS", 100)
    monkeypatch.setattr(job_table_model, "MAX_BLOCKS", 4)
    query = JobQuery(lifecycle=LIFECYCLE_LEAD, sort="title", archived=None)
    model = JobTableModel(context.sessions, query)
    model.set_query(query)
    assert model.is_counting()  # more than a block: the exact count runs on a worker thread
    assert model.rowCount() == 51  # the first block and one more id, until then
    assert model.fetches == 1  # only the first block was read
    qtmodeltester.check(model)  # the tester keeps watching: the rows appended next are checked too
    with qtbot.waitSignal(model.count_known, timeout=5000):
        pass
    assert model.rowCount() == 1300 and not model.is_counting()
    expected = list_job_ids(context.sessions, query)
    fetched = model.fetches
    assert model.job_id(0) == expected[0]
    assert model.fetches == fetched  # the first block is kept
    assert model.job_id(1299) == expected[1299]
    assert model.job_id(651) == expected[651]
    assert len(model._blocks) <= 4  # only recent blocks are kept
    assert model._ids is not None and len(model._ids) == 1300
    active = list_job_ids(context.sessions, JobQuery(lifecycle=LIFECYCLE_LEAD, sort="title", archived=False))
    jobs.archive_job(context.sessions, active[5])  # the sample data archives some lost leads
    jobs.delete_job(context.sessions, expected[6])
    model.refresh()  # one job fewer: the last row goes, the rest is read again
    with qtbot.waitSignal(model.count_known, timeout=5000):
        pass
    assert model.rowCount() == 1299
    assert model.job_id(6) == expected[7]


@pytest.fixture
def window(qtbot, context, some_leads):
    main = MainWindow(context)
    qtbot.addWidget(main)
    main.show_page("leads")
    main.show()
    return main


def test_status_bar_shows_the_row_count(window, qtbot):
    assert window.row_count_label.text() == "5 leads"
    page = window.current_page()
    page.search.setText("kitchen")
    qtbot.waitUntil(lambda: window.row_count_label.text() == "2 leads", timeout=2000)
    window.show_page("jobs")
    assert window.row_count_label.text() == "1 customer job"


def test_search_box_filters_after_a_pause(window, qtbot, context):
    page = window.current_page()
    page.search.setText("roof")
    qtbot.waitUntil(lambda: page.table.model.rowCount() == 1, timeout=2000)
    assert page.table.model.summary(0).title == "Roof leak repair"
    assert page.query().text == "roof"


def test_column_state_persists_across_a_restart(qtbot, context, some_leads):
    first = MainWindow(context)
    qtbot.addWidget(first)
    first.show_page("leads")
    table = first.current_page().table
    header = table.view.horizontalHeader()
    header.resizeSection(column_index("title"), 333)
    header.moveSection(header.visualIndex(column_index("value")), 0)
    table.set_column_visible("organization", False)
    table.view.sortByColumn(column_index("title"), Qt.SortOrder.DescendingOrder)
    first.close()

    second = MainWindow(AppContext.create(context.database))
    qtbot.addWidget(second)
    second.show_page("leads")
    table2 = second.current_page().table
    header2 = table2.view.horizontalHeader()
    assert header2.sectionSize(column_index("title")) == 333
    assert table2.visible_columns()[0] == "value"
    assert "organization" not in table2.visible_columns()
    page2 = second.current_page()
    assert (page2.query().sort, page2.query().descending) == ("title", True)
    assert _ids(table2.model) == list_job_ids(context.sessions, page2.query())
    table2.reset_columns()
    assert "organization" in table2.visible_columns()


def test_column_chooser_lists_every_column(window):
    table = window.current_page().table
    menu = table.column_menu()
    titles = [a.text() for a in menu.actions() if a.isCheckable()]
    assert titles[:3] == ["Number", "Title", "Customer"]
    hidden = next(a for a in menu.actions() if a.text() == "Created")
    assert not hidden.isChecked()
    hidden.setChecked(True)
    assert "created" in table.visible_columns()


def test_enter_and_double_click_ask_to_open_the_job(window, qtbot, context, some_leads):
    table = window.current_page().table
    table.view.setFocus()
    table.view.selectRow(1)
    with qtbot.waitSignal(context.signals.open_job_requested) as blocker:
        QTest.keyClick(table.view, Qt.Key.Key_Return)
    assert blocker.args == [some_leads[1]]
    editor = window.open_job(some_leads[1])
    assert editor.title_edit.text() == "Roof leak repair"
    assert window.open_job(some_leads[1]) is editor  # one editor per job
    editor.close()


def test_delete_key_asks_then_deletes_and_undo_brings_it_back(
    window, qtbot, context, some_leads, monkeypatch
):
    table = window.current_page().table
    asked = []
    monkeypatch.setattr(table, "confirm_delete", lambda count, first: asked.append((count, first)) or False)
    table.view.setFocus()
    table.view.selectRow(0)
    QTest.keyClick(table.view, Qt.Key.Key_Delete)
    assert asked == [(1, "J-000001")]
    assert table.model.rowCount() == 5  # refused: nothing deleted
    monkeypatch.setattr(table, "confirm_delete", lambda count, first: True)
    QTest.keyClick(table.view, Qt.Key.Key_Delete)
    assert table.model.rowCount() == 4
    assert window.row_count_label.text() == "4 leads"
    assert context.undo_stack.undoText() == "Delete J-000001"
    context.undo_stack.undo()
    assert table.model.rowCount() == 5
    restored = jobs.get_job(context.sessions, some_leads[0])
    assert restored.summary.number == "J-000001"
    assert restored.history  # the history came back too
    context.undo_stack.redo()
    assert table.model.rowCount() == 4


def test_context_menu_offers_convert_for_leads_and_archive(window, qtbot, context, some_leads):
    table = window.current_page().table
    table.view.selectRow(2)
    menu = table.build_context_menu()
    texts = [a.text() for a in menu.actions() if a.text()]
    assert texts == [
        "&Open",
        "Add &activity…",
        "&Convert to customer job…",
        "Set &status",
        "Move to s&tage",
        "&Archive",
        "&Delete…",
        "C&olumns",  # the header's column chooser, reachable from the keyboard
    ]
    columns = menu.actions()[-1].menu()
    assert [a.text() for a in columns.actions()][:2] == ["Number", "Title"]
    assert table.archive_selected(True)
    assert table.model.rowCount() == 4
    assert context.undo_stack.undoText() == "Archive J-000003"
    context.undo_stack.undo()
    assert table.model.rowCount() == 5


def test_convert_from_the_table_opens_the_conversion_window(window, qtbot, context, some_leads):
    table = window.current_page().table
    table.view.selectRow(2)
    seen = answer_modal(lambda dialog: dialog.convert_button().click())
    with qtbot.waitSignal(context.signals.convert_job_requested) as blocker:
        table.convert_action.trigger()
    assert blocker.args == [some_leads[2]]
    assert seen == ["ConversionDialog"]
    assert jobs.get_job(context.sessions, some_leads[2]).summary.lifecycle == "customer_job"
    qtbot.waitUntil(lambda: table.model.rowCount() == 4)
    context.undo_stack.undo()
    assert jobs.get_job(context.sessions, some_leads[2]).summary.lifecycle == "lead"


def test_filter_bar_and_saved_views(window, qtbot, context, some_leads):
    page = window.current_page()
    page.filters.value_min.setText("250")
    page.filters.value_min.editingFinished.emit()
    assert page.table.model.rowCount() == 3
    page.table.view.sortByColumn(column_index("title"), Qt.SortOrder.AscendingOrder)
    assert page.query().sort == "title"
    page.save_view("Big ones")
    page.apply_view("All")
    assert page.table.model.rowCount() == 5
    assert page.filters.value_min.text() == ""
    page.apply_view("Big ones")
    assert page.table.model.rowCount() == 3
    assert page.query().value_min == Decimal("250") and page.query().sort == "title"
    expected = list_job_ids(context.sessions, replace(page.query()))
    assert _ids(page.table.model) == expected
    page.filters.archived.setCurrentIndex(1)  # archived only
    assert page.table.model.rowCount() == 0
    page.apply_view("Big ones")

    again = MainWindow(AppContext.create(context.database))  # the next start
    qtbot.addWidget(again)
    again.show_page("leads")
    restored = again.current_page()
    assert restored.view_box.currentText() == "Big ones"
    assert restored.table.model.rowCount() == 3
    assert restored.query().sort == "title"


def test_status_and_stage_from_the_context_menu_undo(window, context, some_leads, monkeypatch):
    from gojee_desktop.services import catalog, pipelines

    table = window.current_page().table
    table.view.selectRow(0)
    job_id = some_leads[0]
    before = jobs.get_job(context.sessions, job_id)
    menu = table.build_context_menu()
    status_menu = next(a.menu() for a in menu.actions() if a.text() == "Set &status")
    other = next(
        s for s in catalog.list_statuses(context.sessions, "lead") if s.id != before.summary.status_id
    )
    next(a for a in status_menu.actions() if a.text() == other.name).trigger()
    assert jobs.get_job(context.sessions, job_id).summary.status_id == other.id
    assert table.model.summary(0).status == other.name  # the row shows it at once
    context.undo_stack.undo()
    assert jobs.get_job(context.sessions, job_id).summary.status_id == before.summary.status_id

    lost = pipelines.add_stage(context.sessions, "leads", "Lost", outcome="lost")
    monkeypatch.setattr(table, "ask_lost_reason", lambda number: None)
    assert not table.move_to_stage(lost.id)  # cancelled: nothing changes
    assert jobs.get_job(context.sessions, job_id).summary.stage_id == before.summary.stage_id
    monkeypatch.setattr(table, "ask_lost_reason", lambda number: "Went with a competitor")
    assert table.move_to_stage(lost.id)
    moved = jobs.get_job(context.sessions, job_id)
    assert moved.summary.stage_id == lost.id and moved.lost_reason == "Went with a competitor"
    context.undo_stack.undo()
    back = jobs.get_job(context.sessions, job_id)
    assert back.summary.stage_id == before.summary.stage_id
    assert back.lost_reason == "" and back.summary.status_id == before.summary.status_id


def test_bulk_actions_are_capped(window, context, some_leads, monkeypatch, qtbot):
    from gojee_desktop.ui.pages import job_table

    table = window.current_page().table
    table.view.selectAll()
    assert sorted(table.selected_ids()) == sorted(some_leads)
    monkeypatch.setattr(job_table, "MAX_BULK", 3)
    with qtbot.waitSignal(context.signals.status_message) as blocker:
        assert table.selected_ids() == []
    assert "5 rows are selected" in blocker.args[0]
    assert not table.archive_selected(True)
    assert table.model.rowCount() == 5


def _viewport_image(view):
    view.viewport().repaint()
    return view.viewport().grab().toImage()


def test_rows_paint_exactly_like_the_stock_delegate(window, qtbot, context, some_leads):
    """The fast delegate draws the same pixels as QStyledItemDelegate: plain, archived
    (muted), selected, current and elided cells, right-aligned money."""
    from PySide6.QtWidgets import QStyledItemDelegate

    jobs.archive_job(context.sessions, some_leads[2])
    page = window.current_page()
    page.set_query(replace(page.query(), archived=None))
    table = page.table
    view = table.view
    view.horizontalHeader().resizeSection(column_index("title"), 70)  # "Roof leak repair" is elided
    view.horizontalHeader().resizeSection(column_index("value"), 50)  # "$500.00" is elided
    view.selectRow(1)
    view.setCurrentIndex(table.model.index(3, column_index("customer")))
    ours = _viewport_image(view)
    assert table.delegate.measured_texts() > 10  # the fast path painted the cells
    view.setItemDelegate(QStyledItemDelegate(view))
    stock = _viewport_image(view)
    assert ours == stock
    view.setItemDelegate(table.delegate)
    assert _viewport_image(view) == stock  # again, from the delegate's caches


def test_painting_a_screen_of_rows_asks_no_roles_of_the_model(window, context, some_leads):
    """Cells are painted from the model's cached row texts, not from data() per role."""
    table = window.current_page().table
    asked: list[int] = []
    model_data = table.model.data

    def counting_data(index, role=Qt.ItemDataRole.DisplayRole):
        asked.append(int(role))
        return model_data(index, role)

    table.model.data = counting_data  # Qt calls the instance's override
    table.view.clearFocus()
    _viewport_image(table.view)
    assert table.model.rowCount() == 5
    assert asked == []


@pytest.mark.parametrize("button", ["reload_button", "overwrite_button"])
def test_a_stage_change_on_a_stale_row_shows_their_change(window, context, some_leads, button):
    from gojee_desktop.services import pipelines
    from gojee_desktop.ui.dialogs.conflict_dialog import ConflictDialog

    table = window.current_page().table
    table.view.selectRow(0)
    summary = table.current_summary()
    stages = pipelines.list_stages(context.sessions, "leads")
    jobs.move_to_stage(context.sessions, summary.id, stages[2].id)  # someone else, elsewhere
    rows: list[tuple[str, ...]] = []

    def answer(dialog) -> None:
        assert isinstance(dialog, ConflictDialog)
        rows.extend(
            tuple(dialog.table.item(r, c).text() for c in range(4)) for r in range(dialog.table.rowCount())
        )
        getattr(dialog, button).click()

    seen = answer_modal(answer)
    moved = table.move_to_stage(stages[1].id)
    assert seen == ["ConflictDialog"]
    assert ("Stage", summary.stage, stages[2].name, stages[1].name) in rows
    saved = jobs.get_job(context.sessions, summary.id)
    if button == "reload_button":
        assert not moved and saved.summary.stage_id == stages[2].id
        assert context.undo_stack.count() == 0
    else:
        assert moved and saved.summary.stage_id == stages[1].id
        assert [h.new_value for h in saved.history if h.field == "move over a change"] == ["moved anyway"]
        context.undo_stack.undo()
        assert jobs.get_job(context.sessions, summary.id).summary.stage_id == stages[2].id
