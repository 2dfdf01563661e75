"""A job's timeline: its activities, notes, history entries and attachments in one list.
Open activities (what is planned) come first, soonest due first; then everything else,
newest first. History entries that only repeat an activity or note shown beside them are
left out of the mixed view and kept in the history-only view."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, time

from sqlalchemy import select

from gojee_desktop.models import Attachment, JobHistory
from gojee_desktop.services import lookups
from gojee_desktop.services.activities.activities import ActivityQuery, list_activities
from gojee_desktop.services.activities.notes import list_notes
from gojee_desktop.services.activities.records import ActivityInfo, NoteInfo
from gojee_desktop.services.uow import read_only
from gojee_desktop.store.database import SessionFactory

TIMELINE_KINDS = ("activity", "note", "history", "attachment")
#: History fields that the activity, note and attachment entries already show.
_REPEATED = ("activity", "note", "attachment")


@dataclass(frozen=True)
class TimelineEntry:
    kind: str  # one of TIMELINE_KINDS
    at: datetime  # UTC: created, done, written or added
    title: str
    detail: str
    actor: str
    activity: ActivityInfo | None = None
    note: NoteInfo | None = None
    attachment_id: int | None = None
    history_field: str = ""

    @property
    def planned(self) -> bool:
        """An open activity: shown above the rest."""
        return self.activity is not None and not self.activity.done


_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_MARKS = re.compile(r"(\*\*|\*|`|~~)")


def plain_first_line(markdown: str) -> str:
    """A note's first non-empty line without Markdown marks, for a one-line list."""
    line = next((text for text in markdown.splitlines() if text.strip()), "")
    line = _LINK.sub(r"\1", line.strip().lstrip("#>-+ ").strip())
    return _MARKS.sub("", line)


def _history_title(field: str, old: str, new: str) -> str:
    if not old:
        return f"{field}: {new}"
    if not new:
        return f"{field}: {old} removed"
    return f"{field}: {old} → {new}"


def _due_order(entry: TimelineEntry) -> tuple[object, ...]:
    info = entry.activity
    assert info is not None
    return (info.due_date, info.due_time is not None, info.due_time or time(0), info.id)


def job_timeline(sessions: SessionFactory, job_id: int, kind: str | None = None) -> list[TimelineEntry]:
    """The timeline of one job; `kind` keeps one of TIMELINE_KINDS only."""
    entries: list[TimelineEntry] = []
    if kind in (None, "activity"):
        for info in list_activities(sessions, ActivityQuery(scope="all", job_id=job_id)):
            entries.append(
                TimelineEntry(
                    kind="activity",
                    at=info.done_at or info.created_at,
                    title=info.subject,
                    detail=info.note,
                    actor=info.assignee,
                    activity=info,
                )
            )
    if kind in (None, "note"):
        for note in list_notes(sessions, job_id):
            first_line = plain_first_line(note.body)
            entries.append(
                TimelineEntry(
                    kind="note",
                    at=note.created_at,
                    title=("★ " if note.pinned else "") + first_line,
                    detail=note.body,
                    actor=note.author,
                    note=note,
                )
            )
    with read_only(sessions) as session:
        lookups.get_job(session, job_id)
        if kind in (None, "history"):
            rows = session.scalars(
                select(JobHistory).where(JobHistory.job_id == job_id).order_by(JobHistory.id.desc())
            )
            for row in rows:
                if kind is None and row.field.split(" ")[0] in _REPEATED:
                    continue
                entries.append(
                    TimelineEntry(
                        kind="history",
                        at=row.at,
                        title=_history_title(row.field, row.old_value, row.new_value),
                        detail=f"Before: {row.old_value}\nAfter: {row.new_value}",
                        actor=row.actor,
                        history_field=row.field,
                    )
                )
        if kind in (None, "attachment"):
            for attachment in session.scalars(select(Attachment).where(Attachment.job_id == job_id)):
                entries.append(
                    TimelineEntry(
                        kind="attachment",
                        at=attachment.added_at,
                        title=attachment.name,
                        detail=f"{attachment.size:,} bytes, {attachment.media_type}",
                        actor=attachment.added_by,
                        attachment_id=attachment.id,
                    )
                )
    planned = sorted((e for e in entries if e.planned), key=_due_order)
    rest = sorted((e for e in entries if not e.planned), key=lambda e: e.at, reverse=True)
    # Pinned notes stay on top of the rest, as in the notes list.
    rest = [e for e in rest if e.note and e.note.pinned] + [e for e in rest if not (e.note and e.note.pinned)]
    return planned + rest
