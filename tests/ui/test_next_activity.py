"""The Next activity column of the jobs table (text, red when overdue, sorted in SQL) and the
next activity on kanban cards (red when overdue)."""

from __future__ import annotations

from datetime import datetime

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter

from gojee_desktop.models import LIFECYCLE_LEAD
from gojee_desktop.services import activities
from gojee_desktop.services.activities import ActivityDraft, clock
from gojee_desktop.services.job_query import JobQuery
from gojee_desktop.services.jobs import NewJob, create_lead, get_summaries
from gojee_desktop.ui import theme
from gojee_desktop.ui.itemmodels.job_table_model import JobTableModel, column_index
from gojee_desktop.ui.widgets.card_delegate import CardDelegate

NOW = datetime(2026, 12, 9, 10, 0)


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch):
    monkeypatch.setattr(clock, "system_now", lambda: NOW)


@pytest.fixture
def jobs(context):
    late = create_lead(context.sessions, NewJob(title="Late")).id
    soon = create_lead(context.sessions, NewJob(title="Soon")).id
    idle = create_lead(context.sessions, NewJob(title="Idle")).id
    activities.add_activity(
        context.sessions, late, ActivityDraft(kind="call", subject="Ring", due_date="2026-12-01")
    )
    activities.add_activity(
        context.sessions,
        soon,
        ActivityDraft(kind="task", subject="Quote", due_date="2026-12-11", due_time="09:00"),
    )
    return late, soon, idle


def test_table_column_text_colour_and_sort(qtmodeltester, context, jobs):
    query = JobQuery(lifecycle=LIFECYCLE_LEAD)
    model = JobTableModel(context.sessions, query)
    model.set_query(query)
    column = column_index("next_activity")
    assert model.headerData(column, Qt.Orientation.Horizontal) == "Next activity"
    model.sort(column, Qt.SortOrder.AscendingOrder)
    texts = [model.index(r, column).data() for r in range(model.rowCount())]
    assert texts == ["Tue 1 Dec · Call: Ring", "Fri 11 Dec 9:00\u202fam · Task: Quote", ""]
    assert model.index(0, column).data(Qt.ItemDataRole.ForegroundRole) == theme.color("overdue")
    assert model.index(1, column).data(Qt.ItemDataRole.ForegroundRole) is None
    assert model.index(0, 1).data(Qt.ItemDataRole.ForegroundRole) is None  # only that cell
    qtmodeltester.check(model)


def test_dates_follow_the_display_locale_and_show_the_year_only_when_not_this_one(context, jobs):
    from gojee_desktop import locales

    late, soon, _idle = jobs
    activities.add_activity(
        context.sessions, _idle, ActivityDraft(kind="email", subject="Mail", due_date="2027-01-05")
    )
    locales.set_current_locale("de_DE")
    texts = {s.id: s.next_activity_text for s in get_summaries(context.sessions, [late, soon, _idle])}
    assert texts == {
        late: "Di. 01.12 · Call: Ring",
        soon: "Fr. 11.12 09:00 · Task: Quote",
        _idle: "Di. 05.01.2027 · Email: Mail",
    }
    locales.set_current_locale("en_US")
    assert (
        get_summaries(context.sessions, [soon])[0].next_activity_text
        == "Fri Dec 11 9:00\u202fAM · Task: Quote"
    )


def _reddish(pixels: set[int]) -> bool:
    colours = [QColor.fromRgb(p) for p in pixels]
    return any(c.red() > 150 and c.green() < 90 and c.blue() < 90 for c in colours)


def _card_pixels(summary) -> set[int]:
    delegate = CardDelegate(lambda: ({}, {}))
    image = QImage(400, 160, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    delegate._paint_card(painter, QFont(), QRect(0, 0, 380, 150), summary)
    painter.end()
    return {image.pixel(x, y) for x in range(image.width()) for y in range(30)}


def test_cards_show_the_next_activity_red_when_overdue(qapp, context, jobs):
    late, soon, idle = get_summaries(context.sessions, list(jobs))
    assert _reddish(_card_pixels(late))
    assert not _reddish(_card_pixels(soon))
    assert len(_card_pixels(soon)) > len(_card_pixels(idle))  # the text is painted
