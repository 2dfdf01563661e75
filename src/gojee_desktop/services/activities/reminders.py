"""Which activities fall due between two moments, for the reminders the window shows while
it runs. A timed activity falls due at its time; a whole-day one at the start of its day.
Plain data in and out; the window keeps what it has shown and what is snoozed."""

from __future__ import annotations

from datetime import datetime, time

from gojee_desktop.services.activities.activities import ActivityQuery, list_activities
from gojee_desktop.services.activities.records import ActivityInfo
from gojee_desktop.store.database import SessionFactory


def due_moment(info: ActivityInfo) -> datetime:
    """When an activity falls due on the local clock."""
    return datetime.combine(info.due_date, info.due_time or time(0, 0))


def falling_due(sessions: SessionFactory, after: datetime, until: datetime) -> list[ActivityInfo]:
    """Open activities that fall due in (`after`, `until`], soonest first. Only the days in
    that span are read (the index on (done, due_date, due_time))."""
    query = ActivityQuery(scope="open", due_from=after.date(), due_to=until.date())
    return [info for info in list_activities(sessions, query, now=until) if after < due_moment(info) <= until]
