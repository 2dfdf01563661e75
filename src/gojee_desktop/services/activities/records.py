"""Plain data the activities services return, and the one-line descriptions history keeps."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time


@dataclass(frozen=True)
class ActivityInfo:
    id: int
    job_id: int
    job_number: str
    job_title: str
    kind: str
    subject: str
    due_date: date
    due_time: time | None
    duration_minutes: int | None
    assignee_id: int | None
    assignee: str
    person_id: int | None
    person: str
    note: str
    done: bool
    done_at: datetime | None
    created_at: datetime
    version: int

    def is_overdue(self, now: datetime) -> bool:
        """Open and past its day, or past its time today."""
        if self.done:
            return False
        if self.due_date != now.date():
            return self.due_date < now.date()
        return self.due_time is not None and self.due_time < now.time().replace(second=0, microsecond=0)

    @property
    def due_text(self) -> str:
        """`2026-12-08 09:30` or `2026-12-08`."""
        return self.due_date.isoformat() + (f" {self.due_time:%H:%M}" if self.due_time else "")

    @property
    def description(self) -> str:
        """How history and lists name it: `Call: Ring back, due 2026-12-08 09:30`."""
        return describe(self.kind, self.subject, self.due_date, self.due_time)


def describe(kind: str, subject: str, due_date: date, due_time: time | None) -> str:
    due = due_date.isoformat() + (f" {due_time:%H:%M}" if due_time else "")
    return f"{kind.capitalize()}: {subject}, due {due}"


@dataclass(frozen=True)
class NoteInfo:
    id: int
    job_id: int
    body: str
    pinned: bool
    author: str
    created_at: datetime
    updated_at: datetime
    version: int
