"""Working a job day to day: activities (calls, emails, meetings, tasks, deadlines), notes,
reminders and the calendar export. Callers use the names below."""

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
