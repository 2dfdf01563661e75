"""Internal notes on a job, as Markdown (bold, italic, lists, links). The window renders them
without raw HTML, so a note can never carry markup that runs. Pinned notes come first; an
edit keeps the previous text in the job's history."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from gojee_desktop.models import Job, Note, utcnow
from gojee_desktop.services import lookups
from gojee_desktop.services.activities.parsing import clean_text
from gojee_desktop.services.activities.records import NoteInfo
from gojee_desktop.services.errors import NotFound, StaleRecord, ValidationError
from gojee_desktop.services.history import HistoryWriter, resolve_actor
from gojee_desktop.services.uow import read_only, unit_of_work
from gojee_desktop.store.database import SessionFactory

HISTORY_FIELD = "note"


def _info(note: Note) -> NoteInfo:
    return NoteInfo(
        id=note.id,
        job_id=note.job_id,
        body=note.body,
        pinned=note.pinned,
        author=note.author,
        created_at=note.created_at,
        updated_at=note.updated_at,
        version=note.version,
    )


def _body(text: str) -> str:
    body = clean_text(text, "Note")
    if not body.strip():
        raise ValidationError("A note needs some text.", field="body")
    return body


def _get(session: Session, note_id: int, expected_version: int | None) -> Note:
    note = session.get(Note, note_id, with_for_update=True)
    if note is None:
        raise NotFound(f"There is no note with id {note_id} (it may have been deleted).")
    if expected_version is not None and note.version != expected_version:
        raise StaleRecord("This note was changed by someone else meanwhile. Reload it and try again.")
    return note


def add_note(
    sessions: SessionFactory, job_id: int, text: str, *, pinned: bool = False, actor_id: int | None = None
) -> NoteInfo:
    with unit_of_work(sessions) as session:
        job = lookups.get_job(session, job_id)
        history = HistoryWriter(session, job, actor_id, job_fields=False)
        return _info(note_on(session, job, text, actor_id, history, pinned=pinned))


def note_on(
    session: Session,
    job: Job,
    text: str,
    actor_id: int | None,
    history: HistoryWriter,
    *,
    pinned: bool = False,
) -> Note:
    """A new note on `job` in the caller's transaction (a new lead's first note is written with
    the lead), recorded in its history."""
    body = _body(text)
    actor = resolve_actor(session, actor_id)
    now = utcnow()
    note = Note(
        job_id=job.id,
        body=body,
        pinned=pinned,
        author_id=actor.id if actor else None,
        author=actor.name if actor else "",
        created_at=now,
        updated_at=now,
    )
    session.add(note)
    session.flush()
    history.record(HISTORY_FIELD, "", body)
    return note


def update_note(
    sessions: SessionFactory,
    note_id: int,
    *,
    text: str | None = None,
    pinned: bool | None = None,
    expected_version: int | None = None,
    actor_id: int | None = None,
) -> NoteInfo:
    """New text (the old one stays in the history) and/or pinned on or off."""
    with unit_of_work(sessions) as session:
        note = _get(session, note_id, expected_version)
        job = lookups.get_job(session, note.job_id)
        history = HistoryWriter(session, job, actor_id, job_fields=False)
        if text is not None:
            body = _body(text)
            history.record(HISTORY_FIELD, note.body, body)
            note.body = body
        if pinned is not None and pinned != note.pinned:
            history.record(f"{HISTORY_FIELD} pinned", note.pinned, pinned)
            note.pinned = pinned
        note.updated_at = utcnow()
        session.flush()
        return _info(note)


def delete_note(
    sessions: SessionFactory,
    note_id: int,
    *,
    expected_version: int | None = None,
    actor_id: int | None = None,
) -> NoteInfo:
    with unit_of_work(sessions) as session:
        note = _get(session, note_id, expected_version)
        info = _info(note)
        job = lookups.get_job(session, note.job_id)
        session.delete(note)
        HistoryWriter(session, job, actor_id, job_fields=False).record(HISTORY_FIELD, info.body, "")
        return info


def restore_note(sessions: SessionFactory, info: NoteInfo, *, actor_id: int | None = None) -> NoteInfo:
    """Put a deleted note back with its id, author and times (undo of a delete)."""
    with unit_of_work(sessions) as session:
        job = lookups.get_job(session, info.job_id)
        if session.get(Note, info.id) is not None:
            raise ValidationError("This note is already there.")
        note = Note(
            id=info.id,
            job_id=job.id,
            body=info.body,
            pinned=info.pinned,
            author=info.author,
            created_at=info.created_at,
            updated_at=utcnow(),
        )
        session.add(note)
        session.flush()
        HistoryWriter(session, job, actor_id, job_fields=False).record(HISTORY_FIELD, "", info.body)
        return _info(note)


def list_notes(sessions: SessionFactory, job_id: int) -> list[NoteInfo]:
    """Pinned notes first, then newest first."""
    with read_only(sessions) as session:
        lookups.get_job(session, job_id)
        rows = session.scalars(
            select(Note)
            .where(Note.job_id == job_id)
            .order_by(Note.pinned.desc(), Note.created_at.desc(), Note.id.desc())
        )
        return [_info(note) for note in rows]
