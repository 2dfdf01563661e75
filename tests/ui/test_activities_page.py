"""The Activities page with real widgets and a fixed clock: groups, assignee filter, Space
marks done and offers the next one, reschedule with the date picker, Enter opens the job, and
the lazy tree model under Qt's model tester (also when a group loads more pages), dragging an
activity into another day group to reschedule it."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from PySide6.QtCore import QModelIndex, Qt

from gojee_desktop.services import activities
from gojee_desktop.services.activities import ActivityDraft, clock
from gojee_desktop.services.catalog import add_item
from gojee_desktop.services.jobs import NewJob, create_lead
from gojee_desktop.ui import theme
from gojee_desktop.ui.dialogs.activity_dialog import ActivityDialog
from gojee_desktop.ui.itemmodels import activities_model
from gojee_desktop.ui.itemmodels.activities_model import ActivitiesModel
from gojee_desktop.ui.main_window import MainWindow
from gojee_desktop.ui.pages import activities as page_module
from gojee_desktop.ui.pages.activities import ActivitiesPage

NOW = datetime(2026, 12, 9, 10, 0)  # Wednesday


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch):
    monkeypatch.setattr(clock, "system_now", lambda: NOW)


@pytest.fixture
def job_ids(context):
    add_item(context.sessions, "user", "Ana")
    first = create_lead(context.sessions, NewJob(title="Roof")).id
    second = create_lead(context.sessions, NewJob(title="Deck")).id
    for job, subject, due, assignee in (
        (first, "Chase invoice", "2026-12-02", None),
        (first, "Call owner", "2026-12-09", "Ana"),
        (second, "Site visit", "2026-12-11", None),
        (second, "Order timber", "2026-12-20", "Ana"),
    ):
        activities.add_activity(
            context.sessions,
            job,
            ActivityDraft(kind="task", subject=subject, due_date=due, assignee=assignee),
        )
    return first, second


@pytest.fixture
def page(qtbot, context, job_ids, qtmodeltester):
    widget = ActivitiesPage(context)
    qtbot.addWidget(widget)
    widget.resize(1000, 600)
    widget.load()
    widget.show()
    qtbot.waitExposed(widget)
    yield widget
    qtmodeltester.check(widget.model)


def _groups(model) -> dict[str, list[str]]:
    shown = {}
    for row in range(model.rowCount()):
        group = model.index(row, 0)
        shown[model.group_scope(row)] = [
            model.index(r, 0, group).data()
            for r in range(model.rowCount(group))
            if not model.is_hint(model.index(r, 0, group))
        ]
    return shown


def _select(page, subject: str) -> None:
    model = page.model
    for row in range(model.rowCount()):
        group = model.index(row, 0)
        for r in range(model.rowCount(group)):
            if model.index(r, 0, group).data() == subject:
                page.view.setCurrentIndex(model.index(r, 0, group))
                return
    raise AssertionError(subject)


def test_groups_and_overdue_in_red(page):
    assert _groups(page.model) == {
        "overdue": ["Chase invoice"],
        "today": ["Call owner"],
        "this_week": ["Site visit"],
        "later": ["Order timber"],
        "done": [],
    }
    assert page.model.index(0, 0).data() == "Overdue (1)"
    overdue = page.model.index(0, 0, page.model.index(0, 0))
    assert overdue.data(Qt.ItemDataRole.ForegroundRole).color() == theme.color("overdue")
    assert page.view.isExpanded(page.model.index(0, 0))


def test_assignee_filter(page):
    page.assignee.setCurrentIndex(page.assignee.findText("Ana"))
    assert _groups(page.model) == {
        "overdue": [],
        "today": ["Call owner"],
        "this_week": [],
        "later": ["Order timber"],
        "done": [],
    }


def test_space_marks_done_offers_the_next_and_undo(qtbot, page, context, job_ids, monkeypatch):
    offered = []
    monkeypatch.setattr(
        page_module, "ask_follow_up", lambda parent, info: offered.append(info.subject) or True
    )

    def schedule(dialog: ActivityDialog) -> int:
        dialog.subject.setText("Send the final invoice")
        dialog.save()
        return 1

    monkeypatch.setattr(ActivityDialog, "exec", schedule)
    page.view.setFocus()
    qtbot.waitUntil(page.view.hasFocus)
    _select(page, "Chase invoice")
    qtbot.keyClick(page.view, Qt.Key.Key_Space)
    assert offered == ["Chase invoice"]
    shown = _groups(page.model)
    assert shown["done"] == ["Chase invoice"]
    assert shown["today"] == ["Call owner", "Send the final invoice"]  # the follow-up, due today
    assert page.selected().subject == "Chase invoice"  # the selection follows the activity
    context.undo_stack.undo()  # the follow-up
    context.undo_stack.undo()  # the done
    assert _groups(page.model)["overdue"] == ["Chase invoice"]
    assert _groups(page.model)["today"] == ["Call owner"]


def test_reschedule_with_the_date_picker_and_enter_opens_the_job(qtbot, page, context, job_ids, monkeypatch):
    monkeypatch.setattr(page_module, "pick_date", lambda parent, current: date(2026, 12, 30))
    _select(page, "Chase invoice")
    page.reschedule()
    assert _groups(page.model)["later"] == ["Order timber", "Chase invoice"]
    assert context.undo_stack.undoText() == "Edit task 'Chase invoice'"
    page.view.setFocus()
    qtbot.waitUntil(page.view.hasFocus)
    _select(page, "Site visit")
    with qtbot.waitSignal(context.signals.open_job_requested) as opened:
        qtbot.keyClick(page.view, Qt.Key.Key_Return)
    assert opened.args == [job_ids[1]]


def test_groups_load_more_pages_lazily(qtmodeltester, context, monkeypatch):
    monkeypatch.setattr(activities_model, "PAGE_SIZE", 3)
    monkeypatch.setattr(activities_model, "COUNT_CAP", 5)
    job = create_lead(context.sessions, NewJob(title="Many")).id
    for day in range(1, 9):
        activities.add_activity(
            context.sessions, job, ActivityDraft(kind="call", subject=f"c{day}", due_date=date(2026, 11, day))
        )
    model = ActivitiesModel(context.sessions)
    model.reload()
    overdue = model.index(0, 0)
    assert model.rowCount(overdue) == 3 and model.index(0, 0).data() == "Overdue (5+)"
    assert model.canFetchMore(overdue)
    model.fetchMore(overdue)
    model.fetchMore(overdue)
    assert not model.canFetchMore(overdue)
    assert [model.index(r, 0, overdue).data() for r in range(model.rowCount(overdue))] == [
        f"c{d}" for d in range(1, 9)
    ]
    assert model.index(0, 0).data() == "Overdue (8)"
    qtmodeltester.check(model)
    assert model.parent(model.index(0, 0, overdue)) == overdue
    assert model.rowCount(model.index(0, 1)) == 0 and model.parent(overdue) == QModelIndex()


def test_the_window_opens_the_page_by_name_and_from_the_navigation(qtbot, context, job_ids):
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.show_page("activities")
    assert window.current_page_name() == "activities"
    assert window.navigation.currentItem().text(0) == "Activities"
    assert window.activities is not None and window.activities.model.rowCount() == 5
    window.show_page("leads")
    item = next(i for i in window._navigation_items() if i.text(0) == "Activities")
    window.navigation.setCurrentItem(item)
    assert window.current_page_name() == "activities"


def _index_of(page, subject: str):
    _select(page, subject)
    return page.view.currentIndex()


def _drag_to(page, subject: str, scope: str, on_row: str | None = None) -> tuple[bool, bool]:
    """Drag events as a real drag sends them: the activity's mime data from the model, moved
    over the group header (or another activity's row) of `scope`, then dropped there."""
    from PySide6.QtCore import QPointF
    from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
    from PySide6.QtWidgets import QApplication

    model, view = page.model, page.view
    mime = model.mimeData([_index_of(page, subject)])
    row = next(r for r in range(model.rowCount()) if model.group_scope(r) == scope)
    target = model.index(row, 0) if on_row is None else _index_of(page, on_row)
    point = view.visualRect(target).center()
    move, buttons, keys = Qt.DropAction.MoveAction, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    viewport = view.viewport()
    enter = QDragEnterEvent(point, move, mime, buttons, keys)
    QApplication.sendEvent(viewport, enter)
    over = QDragMoveEvent(point, move, mime, buttons, keys)
    over.setDropAction(move)
    QApplication.sendEvent(viewport, over)
    drop = QDropEvent(QPointF(point), move, mime, buttons, keys)
    drop.setDropAction(move)
    QApplication.sendEvent(viewport, drop)
    return over.isAccepted(), drop.isAccepted()


def test_drag_into_another_day_group_reschedules_undoably(qtbot, page, context):
    assert _drag_to(page, "Chase invoice", "today") == (True, True)
    qtbot.waitUntil(lambda: "Chase invoice" in _groups(page.model)["today"], timeout=3000)
    due = {a.subject: a.due_date for a in activities.list_activities(context.sessions)}
    assert due["Chase invoice"] == date(2026, 12, 9)
    assert context.undo_stack.undoText() == "Edit task 'Chase invoice'"

    _drag_to(page, "Call owner", "later", on_row="Order timber")  # onto a row: that row's group
    qtbot.waitUntil(lambda: "Call owner" in _groups(page.model)["later"], timeout=3000)
    due = {a.subject: a.due_date for a in activities.list_activities(context.sessions)}
    assert due["Call owner"] == date(2026, 12, 14)  # the Monday after this week
    _drag_to(page, "Site visit", "this_week")  # already there: nothing to do
    _drag_to(page, "Order timber", "this_week")
    qtbot.waitUntil(lambda: "Order timber" in _groups(page.model)["this_week"], timeout=3000)
    assert {a.subject: a.due_date for a in activities.list_activities(context.sessions)}["Order timber"] == (
        date(2026, 12, 10)  # tomorrow
    )
    assert context.undo_stack.count() == 3
    context.undo_stack.undo()
    context.undo_stack.undo()
    context.undo_stack.undo()
    assert _groups(page.model)["overdue"] == ["Chase invoice"]
    assert _groups(page.model)["later"] == ["Order timber"]


def test_a_drop_onto_done_or_between_groups_is_refused(qtbot, page, context):
    mime = page.model.mimeData([_index_of(page, "Site visit")])
    done_row = next(r for r in range(page.model.rowCount()) if page.model.group_scope(r) == "done")
    move = Qt.DropAction.MoveAction
    assert not page.model.canDropMimeData(mime, move, -1, 0, page.model.index(done_row, 0))
    assert not page.model.canDropMimeData(mime, move, 1, 0, QModelIndex())
    assert not page.model.dropMimeData(mime, move, 1, 0, QModelIndex())
    assert context.undo_stack.count() == 0


def test_this_week_has_no_day_left_on_a_sunday():
    sunday = date(2026, 12, 13)
    assert activities.day_for_group("this_week", sunday) is None
    assert activities.day_for_group("later", sunday) == date(2026, 12, 14)
    assert activities.day_for_group("overdue", sunday) == date(2026, 12, 12)
    assert activities.day_for_group("done", sunday) is None


def test_a_big_group_reads_more_only_as_it_scrolls_into_view(qtbot, context, monkeypatch):
    monkeypatch.setattr(activities_model, "PAGE_SIZE", 10)
    job = create_lead(context.sessions, NewJob(title="Many")).id
    for number in range(100):
        activities.add_activity(
            context.sessions,
            job,
            ActivityDraft(kind="call", subject=f"c{number}", due_date=date(2026, 11, 1)),
        )
    widget = ActivitiesPage(context)
    qtbot.addWidget(widget)
    widget.resize(900, 260)
    widget.load()
    widget.show()
    qtbot.waitExposed(widget)
    overdue = widget.model.index(0, 0)
    # The rows in view and a screen below them are read, not the whole group.
    qtbot.waitUntil(lambda: widget.model.rowCount(overdue) > 10, timeout=3000)
    qtbot.wait(50)
    shown = widget.model.rowCount(overdue)
    assert 10 < shown < 100
    for _ in range(20):
        widget.view.scrollToBottom()
        qtbot.wait(20)
    assert widget.model.rowCount(overdue) == 100
    assert widget.model.index(0, 0).data() == "Overdue (100)"


def test_empty_groups_show_a_hint_and_an_empty_page_says_how_to_start(qtbot, page, context, qtmodeltester):
    from gojee_desktop.ui.itemmodels.activities_model import EMPTY_HINTS, NO_ACTIVITIES_HINT

    model = page.model
    done = next(r for r in range(model.rowCount()) if model.group_scope(r) == "done")
    hint = model.index(0, 0, model.index(done, 0))
    assert model.is_hint(hint) and hint.data() == EMPTY_HINTS["done"]
    assert model.activity(hint) is None
    assert not hint.flags() & Qt.ItemFlag.ItemIsSelectable
    assert page.view.isFirstColumnSpanned(0, model.index(done, 0))
    page.assignee.setCurrentIndex(page.assignee.findText("Ana"))
    overdue = model.index(0, 0)
    assert model.index(0, 0, overdue).data() == EMPTY_HINTS["overdue"]
    for info in activities.list_activities(context.sessions):
        activities.delete_activity(context.sessions, info.id)
    page.reload()
    assert model.index(0, 0, overdue).data() == NO_ACTIVITIES_HINT
    assert page.selected() is None and not page.done_button.isEnabled()
    qtmodeltester.check(model)
