"""Open activities as an iCalendar file (RFC 5545, through `icalendar`): a timed activity is a
VEVENT, a whole-day one a VTODO due that day. UIDs depend only on the activity, so importing
a newer export into a calendar updates its entries instead of adding copies; SEQUENCE grows
with every change of the activity."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from gojee_desktop.models import utcnow
from gojee_desktop.services.activities.activities import ActivityQuery, list_activities
from gojee_desktop.services.activities.records import ActivityInfo
from gojee_desktop.store.database import SessionFactory

if TYPE_CHECKING:  # imported when a calendar is made: icalendar costs ~0.1 s at start-up
    from icalendar import Event, Todo

PRODUCT_ID = "-//Gojee//Gojee Desktop//EN"
UID_DOMAIN = "activities.gojee.app"


def activity_uid(info: ActivityInfo) -> str:
    """Stable for the life of the activity, and different between two databases (the
    creation time is part of it)."""
    return f"activity-{info.id}-{info.created_at:%Y%m%dT%H%M%S}@{UID_DOMAIN}"


def _component(info: ActivityInfo, stamp: datetime) -> Event | Todo:
    from icalendar import Event, Todo

    summary = f"{info.kind.capitalize()}: {info.subject} ({info.job_number})"
    description = "\n".join(part for part in (f"{info.job_number} {info.job_title}", info.note) if part)
    if info.due_time is not None:
        component: Event | Todo = Event()
        start = datetime.combine(info.due_date, info.due_time)  # floating: the user's local time
        component.add("dtstart", start)
        component.add("dtend", start + timedelta(minutes=info.duration_minutes or 30))
    else:
        component = Todo()
        component.add("due", info.due_date)
        component.add("status", "NEEDS-ACTION")
    component.add("uid", activity_uid(info))
    component.add("dtstamp", stamp)
    component.add("sequence", max(info.version - 1, 0))
    component.add("summary", summary)
    if description:
        component.add("description", description)
    if info.assignee:
        component.add("x-gojee-assignee", info.assignee)
    component.add("categories", [info.kind.upper()])
    return component


def activities_calendar(infos: list[ActivityInfo]) -> bytes:
    from icalendar import Calendar

    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "Gojee activities")
    stamp = utcnow().replace(microsecond=0)
    for info in infos:
        calendar.add_component(_component(info, stamp))
    return bytes(calendar.to_ical())


def export_calendar(sessions: SessionFactory, *, assignee: int | str | None = None) -> tuple[bytes, int]:
    """Every open activity (of one team member, if given): the .ics bytes and their count."""
    infos = list_activities(sessions, ActivityQuery(scope="open", assignee=assignee))
    return activities_calendar(infos), len(infos)
