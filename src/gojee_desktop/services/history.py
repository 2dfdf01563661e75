"""Writing a job's change history: who, when, which field, old and new value as text."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from gojee_desktop.models import Job, JobHistory, User, utcnow
from gojee_desktop.services.dto import HistoryEntry


def as_text(value: object) -> str:
    """History values are text: dates in ISO form, decimals as typed, booleans as yes/no."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, list | tuple):
        return ", ".join(as_text(item) for item in value)
    return str(value)


def resolve_actor(session: Session, actor_id: int | None) -> User | None:
    """The team member making a change; None means the first member (the default "Me")."""
    if actor_id is not None:
        return session.get(User, actor_id)
    return session.scalar(select(User).order_by(User.id).limit(1))


class HistoryWriter:
    """Records changes of one job in the current transaction, with one timestamp."""

    def __init__(self, session: Session, job: Job, actor_id: int | None, *, job_fields: bool = True) -> None:
        """`job_fields=False` for changes beside the job's own fields (its BOM, its quotes):
        they are recorded and update `updated_at`, but keep the version, so a job editor open
        on the same job can still save its fields."""
        self._session = session
        self._job = job
        self._bumps_version = job_fields
        actor = resolve_actor(session, actor_id)
        self._user_id = actor.id if actor else None
        self._actor = actor.name if actor else ""
        self._at = utcnow()
        self._touched = False

    def touch(self) -> None:
        """Mark the job changed once in this action: new `updated_at`, version + 1."""
        if not self._touched:
            self._touched = True
            if self._bumps_version:
                self._job.version = (self._job.version or 0) + 1
        self._job.updated_at = self._at

    def record(self, field: str, old: object, new: object) -> bool:
        """Add one entry if the value really changed; returns whether it did."""
        old_text, new_text = as_text(old), as_text(new)
        if old_text == new_text:
            return False
        self._session.add(
            JobHistory(
                job_id=self._job.id,
                at=self._at,
                user_id=self._user_id,
                actor=self._actor,
                field=field,
                old_value=old_text,
                new_value=new_text,
            )
        )
        self.touch()
        return True


def load_history(session: Session, job_id: int) -> tuple[HistoryEntry, ...]:
    """A job's history, oldest first."""
    rows = session.scalars(select(JobHistory).where(JobHistory.job_id == job_id).order_by(JobHistory.id))
    return tuple(
        HistoryEntry(
            at=row.at, actor=row.actor, field=row.field, old_value=row.old_value, new_value=row.new_value
        )
        for row in rows
    )


# History fields of changes beside the job's own fields (they keep the job's version).
_BESIDE_JOB = ("bom", "quote", "note", "attachment", "activity")


@dataclass(frozen=True)
class LastChange:
    """The newest action on a job's own fields (or on its BOM): who, when, which fields."""

    actor: str
    at: datetime
    fields: tuple[str, ...]

    def text(self) -> str:
        """ "Alex changed stage, status"."""
        return f"{self.actor or 'someone'} changed {', '.join(self.fields)}"


def last_change(session: Session, job_id: int, *, bom: bool = False) -> LastChange | None:
    """Who last changed the job's fields (`bom=True`: its BOM), for a refusal message that
    says who and what. Entries of one action share their timestamp and actor."""
    rows = session.scalars(
        select(JobHistory).where(JobHistory.job_id == job_id).order_by(JobHistory.id.desc()).limit(200)
    )

    def wanted(field: str) -> bool:
        folded = field.casefold()
        if bom:
            return folded.startswith("bom")
        return not folded.startswith(_BESIDE_JOB)

    newest: JobHistory | None = None
    fields: list[str] = []
    for row in rows:
        if not wanted(row.field):
            continue
        if newest is None:
            newest = row
        elif (row.at, row.actor) != (newest.at, newest.actor):
            break
        if row.field not in fields:
            fields.append(row.field)
    if newest is None:
        return None
    return LastChange(newest.actor, newest.at, tuple(reversed(fields)))
