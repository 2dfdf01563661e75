"""Working a job day to day: activities (calls, emails, meetings, tasks, deadlines), notes,
reminders and the calendar export. Callers use the names below."""

# The names below load from their modules on first use (PEP 562): the first window reads
# only the clock (the table's overdue activities), not the dataclasses and queries of the
# activities, attachments, notes, the calendar export and the timeline.

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from gojee_desktop.services.activities.activities import (
        EDITABLE,
        SCOPES,
        ActivityDraft,
        ActivityQuery,
        add_activity,
        count_activities,
        delete_activity,
        get_activity,
        list_activities,
        next_activities,
        restore_activity,
        set_activity_done,
        update_activity,
    )
    from gojee_desktop.services.activities.attachments import (
        AttachmentInfo,
        add_attachment,
        collect_unreferenced,
        list_attachments,
        read_attachment,
        remove_attachment,
        restore_attachment,
        safe_name,
    )
    from gojee_desktop.services.activities.calendar import activities_calendar, activity_uid, export_calendar
    from gojee_desktop.services.activities.clock import day_for_group, end_of_week, local_now, today
    from gojee_desktop.services.activities.notes import (
        add_note,
        delete_note,
        list_notes,
        restore_note,
        update_note,
    )
    from gojee_desktop.services.activities.parsing import (
        parse_due_date,
        parse_due_time,
        parse_duration,
        parse_kind,
    )
    from gojee_desktop.services.activities.records import ActivityInfo, NoteInfo
    from gojee_desktop.services.activities.reminders import due_moment, falling_due
    from gojee_desktop.services.activities.timeline import TIMELINE_KINDS, TimelineEntry, job_timeline

#: Public name -> the module of this package that defines it.
_ORIGIN = {
    "EDITABLE": "activities",
    "SCOPES": "activities",
    "ActivityDraft": "activities",
    "ActivityQuery": "activities",
    "add_activity": "activities",
    "count_activities": "activities",
    "delete_activity": "activities",
    "get_activity": "activities",
    "list_activities": "activities",
    "next_activities": "activities",
    "restore_activity": "activities",
    "set_activity_done": "activities",
    "update_activity": "activities",
    "AttachmentInfo": "attachments",
    "add_attachment": "attachments",
    "collect_unreferenced": "attachments",
    "list_attachments": "attachments",
    "read_attachment": "attachments",
    "remove_attachment": "attachments",
    "restore_attachment": "attachments",
    "safe_name": "attachments",
    "activities_calendar": "calendar",
    "activity_uid": "calendar",
    "export_calendar": "calendar",
    "day_for_group": "clock",
    "end_of_week": "clock",
    "local_now": "clock",
    "today": "clock",
    "add_note": "notes",
    "delete_note": "notes",
    "list_notes": "notes",
    "restore_note": "notes",
    "update_note": "notes",
    "parse_due_date": "parsing",
    "parse_due_time": "parsing",
    "parse_duration": "parsing",
    "parse_kind": "parsing",
    "ActivityInfo": "records",
    "NoteInfo": "records",
    "due_moment": "reminders",
    "falling_due": "reminders",
    "TIMELINE_KINDS": "timeline",
    "TimelineEntry": "timeline",
    "job_timeline": "timeline",
}


def __getattr__(name: str) -> Any:
    module = _ORIGIN.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value  # looked up once
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_ORIGIN})


__all__ = [
    "EDITABLE",
    "SCOPES",
    "TIMELINE_KINDS",
    "ActivityDraft",
    "ActivityInfo",
    "ActivityQuery",
    "AttachmentInfo",
    "NoteInfo",
    "TimelineEntry",
    "activities_calendar",
    "activity_uid",
    "add_activity",
    "add_attachment",
    "add_note",
    "collect_unreferenced",
    "count_activities",
    "day_for_group",
    "delete_activity",
    "delete_note",
    "due_moment",
    "end_of_week",
    "export_calendar",
    "falling_due",
    "get_activity",
    "job_timeline",
    "list_activities",
    "list_attachments",
    "list_notes",
    "local_now",
    "next_activities",
    "parse_due_date",
    "parse_due_time",
    "parse_duration",
    "parse_kind",
    "read_attachment",
    "remove_attachment",
    "restore_activity",
    "restore_attachment",
    "restore_note",
    "safe_name",
    "set_activity_done",
    "today",
    "update_activity",
    "update_note",
]
