"""Undoing quote actions, each in one transaction: withdrawing the revision just made
(undo of create or revise) and putting back a status change with the job status and value
it set. Both refuse when someone changed the quote or job since, rather than overwrite."""

from __future__ import annotations

from gojee_desktop.models import Status
from gojee_desktop.money import from_minor
from gojee_desktop.services import lookups
from gojee_desktop.services.errors import RuleViolation
from gojee_desktop.services.history import HistoryWriter
from gojee_desktop.services.jobs import name_of
from gojee_desktop.services.quotes import StatusChange, find_quote, latest_revision
from gojee_desktop.services.uow import unit_of_work
from gojee_desktop.store.database import SessionFactory


def withdraw_quote(sessions: SessionFactory, number: str, *, actor_id: int | None = None) -> int:
    """Delete the newest revision while it is a draft (undo of create or revise); the revision
    before it is the newest again (frozen again if it was accepted). Returns the job id."""
    with unit_of_work(sessions) as session:
        quote = find_quote(session, number, for_update=True)
        job = lookups.get_job(session, quote.job_id, for_update=True)
        if quote.revision != latest_revision(session, job.id):
            raise RuleViolation(f"{quote.number} is no longer the newest revision; it cannot be withdrawn.")
        if quote.status != "draft":
            raise RuleViolation(f"{quote.number} is {quote.status}; only a draft can be withdrawn.")
        HistoryWriter(session, job, actor_id, job_fields=False).record(
            "quote", f"{quote.number} drafted", f"{quote.number} withdrawn"
        )
        session.delete(quote)
        session.flush()
        return job.id


def undo_status_change(sessions: SessionFactory, change: StatusChange, *, actor_id: int | None = None) -> int:
    """Put back the quote status, and the job status and value the change set (each only if
    still as the change left it). Returns the job id."""
    with unit_of_work(sessions) as session:
        quote = find_quote(session, change.number, for_update=True)
        job = lookups.get_job(session, quote.job_id, for_update=True)
        if quote.revision != latest_revision(session, job.id) or quote.status != change.new_status:
            raise RuleViolation(
                f"{quote.number} was changed meanwhile (it is now {quote.status}); reload it."
            )
        history = HistoryWriter(session, job, actor_id)
        history.record("quote", f"{quote.number} {quote.status}", f"{quote.number} {change.old_status}")
        quote.status = change.old_status
        quote.status_changed_at = change.old_status_changed_at
        if job.status_id == change.new_job_status_id != change.old_job_status_id:
            old_id = change.old_job_status_id
            old = session.get(Status, old_id) if old_id is not None else None
            if old is not None:
                lookups.check_status_for_lifecycle(old, job.lifecycle)
            history.record("status", name_of(session, Status, job.status_id), old.name if old else "")
            job.status_id = old.id if old is not None else None
        if job.value_minor == change.new_value_minor != change.old_value_minor:
            history.record(
                "value",
                from_minor(job.value_minor, job.currency),
                from_minor(change.old_value_minor, job.currency),
            )
            job.value_minor = change.old_value_minor
        session.flush()
        return job.id
