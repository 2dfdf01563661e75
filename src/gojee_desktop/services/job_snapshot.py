"""A deleted job kept in memory so Undo can put it back exactly: same id, number, history,
labels, assignees, custom values, activities, notes and attachments. Delete itself stays a
real delete in the database; the attachments' stored bytes are kept for the Undo (the window
collects them once its undo stack cannot need them)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Table, insert, select

from gojee_desktop.models import (
    Activity,
    Attachment,
    CustomFieldDefinition,
    Job,
    Label,
    Note,
    Person,
    User,
    job_assignees,
    job_labels,
)
from gojee_desktop.models.jobs import CustomFieldValue, JobHistory, jobs_table
from gojee_desktop.services.activities.attachments import stored
from gojee_desktop.services.dto import JobSummary
from gojee_desktop.services.errors import RuleViolation
from gojee_desktop.services.jobs import delete_job
from gojee_desktop.services.lookups import get_job
from gojee_desktop.services.uow import read_only, unit_of_work
from gojee_desktop.store.database import SessionFactory


def _table(model: Any) -> Table:
    table = model.__table__
    assert isinstance(table, Table)
    return table


@dataclass(frozen=True)
class JobSnapshot:
    """Every stored row of one job, as plain column mappings."""

    job: dict[str, Any]
    labels: tuple[dict[str, Any], ...]
    assignees: tuple[dict[str, Any], ...]
    custom_values: tuple[dict[str, Any], ...]
    history: tuple[dict[str, Any], ...]
    activities: tuple[dict[str, Any], ...] = ()
    notes: tuple[dict[str, Any], ...] = ()
    attachments: tuple[dict[str, Any], ...] = ()

    @property
    def job_id(self) -> int:
        return int(self.job["id"])

    @property
    def attachment_hashes(self) -> set[str]:
        """The stored contents the job's attachments need (kept while Undo may restore it)."""
        return {str(row["content_hash"]) for row in self.attachments}


def _rows(session: Any, table: Table, job_id: int) -> tuple[dict[str, Any], ...]:
    return tuple(dict(row._mapping) for row in session.execute(select(table).where(table.c.job_id == job_id)))


def _exists(session: Any, model: Any, row_id: int | None) -> bool:
    return row_id is not None and session.get(model, row_id) is not None


def take_snapshot(sessions: SessionFactory, job_id: int) -> JobSnapshot:
    """Read everything `restore_snapshot` needs to recreate the job."""
    with read_only(sessions) as session:
        get_job(session, job_id)  # NotFound in user words
        table = jobs_table()
        row = session.execute(select(table).where(table.c.id == job_id)).one()
        return JobSnapshot(
            job=dict(row._mapping),
            labels=_rows(session, job_labels, job_id),
            assignees=_rows(session, job_assignees, job_id),
            custom_values=_rows(session, _table(CustomFieldValue), job_id),
            history=_rows(session, _table(JobHistory), job_id),
            activities=_rows(session, _table(Activity), job_id),
            notes=_rows(session, _table(Note), job_id),
            attachments=_rows(session, _table(Attachment), job_id),
        )


def delete_with_snapshot(
    sessions: SessionFactory, job_id: int, *, expected_version: int | None = None
) -> tuple[JobSnapshot, JobSummary]:
    """Snapshot, then delete the job for good. Labels, team members or custom fields removed
    later are simply left out when the job is restored."""
    snapshot = take_snapshot(sessions, job_id)
    summary = delete_job(sessions, job_id, expected_version=expected_version, keep_attachment_bytes=True)
    return snapshot, summary


def restore_snapshot(sessions: SessionFactory, snapshot: JobSnapshot) -> int:
    """Insert the job back with its id; refused if the id or number was taken meanwhile."""
    with unit_of_work(sessions) as session:
        if session.get(Job, snapshot.job_id) is not None:
            raise RuleViolation(f"{snapshot.job['number']} exists already; it cannot be restored again.")
        session.execute(insert(jobs_table()).values(**snapshot.job))
        label_ids = set(session.scalars(select(Label.id)))
        user_ids = set(session.scalars(select(User.id)))
        field_ids = set(session.scalars(select(CustomFieldDefinition.id)))
        parts: list[tuple[Table, list[dict[str, Any]]]] = [
            (job_labels, [r for r in snapshot.labels if r["label_id"] in label_ids]),
            (job_assignees, [r for r in snapshot.assignees if r["user_id"] in user_ids]),
            (
                _table(CustomFieldValue),
                [r for r in snapshot.custom_values if r["definition_id"] in field_ids],
            ),
            (
                _table(JobHistory),
                [
                    r | {"user_id": r["user_id"] if r["user_id"] in user_ids else None}
                    for r in snapshot.history
                ],
            ),
            (
                _table(Activity),
                [
                    r
                    | {
                        "assignee_id": r["assignee_id"] if r["assignee_id"] in user_ids else None,
                        "person_id": r["person_id"] if _exists(session, Person, r["person_id"]) else None,
                    }
                    for r in snapshot.activities
                ],
            ),
            (
                _table(Note),
                [
                    r | {"author_id": r["author_id"] if r["author_id"] in user_ids else None}
                    for r in snapshot.notes
                ],
            ),
            # An attachment whose stored bytes went meanwhile is left out rather than shown broken.
            (_table(Attachment), [r for r in snapshot.attachments if stored(session, r["content_hash"])]),
        ]
        for table, rows in parts:
            if rows:
                session.execute(insert(table), rows)
        return snapshot.job_id
