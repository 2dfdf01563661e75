"""Activities on a job: add, edit, mark done or open again, delete and put back, list.
Each call is one transaction and writes the job's history; nothing is written on bad input."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from sqlalchemy import Select, and_, false, func, or_, select, true, update
from sqlalchemy.orm import Session, aliased

from gojee_desktop.models import Activity, Job, Person, User, utcnow
from gojee_desktop.models.jobs import jobs_table
from gojee_desktop.services import lookups
from gojee_desktop.services.activities import clock
from gojee_desktop.services.activities.parsing import (
    clean_subject,
    clean_text,
    parse_due_date,
    parse_due_time,
    parse_duration,
    parse_kind,
)
from gojee_desktop.services.activities.records import ActivityInfo
from gojee_desktop.services.errors import NotFound, StaleRecord, ValidationError
from gojee_desktop.services.history import HistoryWriter
from gojee_desktop.services.uow import read_only, unit_of_work
from gojee_desktop.store.database import SessionFactory

HISTORY_FIELD = "activity"
EDITABLE = ("kind", "subject", "due_date", "due_time", "duration_minutes", "assignee", "person_id", "note")


@dataclass(frozen=True)
class ActivityDraft:
    """What a user typed for a new activity; text values are checked by the service."""

    kind: str
    subject: str
    due_date: date | str
    due_time: time | str | None = None
    duration_minutes: int | str | None = None
    assignee: int | str | None = None  # a team member's id, or a name as typed
    person_id: int | None = None
    note: str = ""


def _assignee_id(session: Session, value: int | str | None) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, int):
        return lookups.get_by_id(session, User, value, "team member").id
    return lookups.user_by_name(session, value).id


def _person_id(session: Session, value: int | None) -> int | None:
    return None if value is None else lookups.get_by_id(session, Person, value, "person").id


def _checked(session: Session, values: Mapping[str, Any]) -> dict[str, Any]:
    """Column values from typed ones; raises before anything is written."""
    checked: dict[str, Any] = {}
    for key, value in values.items():
        if key == "kind":
            checked["kind"] = parse_kind(value)
        elif key == "subject":
            checked["subject"] = clean_subject(value)
        elif key == "due_date":
            checked["due_date"] = parse_due_date(value)
        elif key == "due_time":
            checked["due_time"] = parse_due_time(value)
        elif key == "duration_minutes":
            checked["duration_minutes"] = parse_duration(value)
        elif key == "assignee":
            checked["assignee_id"] = _assignee_id(session, value)
        elif key == "person_id":
            checked["person_id"] = _person_id(session, value)
        elif key == "note":
            checked["note"] = clean_text(value, "Note")
        else:
            raise ValidationError(f"An activity has no field '{key}'.")
    return checked


def refresh_next_activity(session: Session, job_ids: Sequence[int]) -> None:
    """Keep each job's `next_activity_due` (its earliest open activity's day) in step;
    a Core update, so the job's version stays and an open editor can still save."""
    session.flush()
    table = jobs_table()
    for job_id in set(job_ids):
        earliest = session.scalar(
            select(func.min(Activity.due_date)).where(Activity.job_id == job_id, Activity.done == false())
        )
        session.execute(update(table).where(table.c.id == job_id).values(next_activity_due=earliest))


_INFO_COLUMNS = (
    Activity.id,
    Activity.job_id,
    Activity.kind,
    Activity.subject,
    Activity.due_date,
    Activity.due_time,
    Activity.duration_minutes,
    Activity.assignee_id,
    Activity.person_id,
    Activity.note,
    Activity.done,
    Activity.done_at,
    Activity.created_at,
    Activity.version,
)


def _info_select() -> Select[Any]:
    """Plain columns (no ORM objects): a list reads a page of them on every refresh."""
    assignee = aliased(User)
    return (
        select(*_INFO_COLUMNS, Job.number, Job.title, assignee.name, Person.name)
        .join(Job, Job.id == Activity.job_id)
        .outerjoin(assignee, assignee.id == Activity.assignee_id)
        .outerjoin(Person, Person.id == Activity.person_id)
    )


def _info(row: Any) -> ActivityInfo:
    (
        activity_id, job_id, kind, subject, due_date, due_time, duration, assignee_id, person_id,
        note, done, done_at, created_at, version, number, title, assignee, person,
    ) = row  # fmt: skip
    return ActivityInfo(
        id=activity_id,
        job_id=job_id,
        job_number=number,
        job_title=title,
        kind=kind,
        subject=subject,
        due_date=due_date,
        due_time=due_time,
        duration_minutes=duration,
        assignee_id=assignee_id,
        assignee=assignee or "",
        person_id=person_id,
        person=person or "",
        note=note,
        done=bool(done),
        done_at=done_at,
        created_at=created_at,
        version=version,
    )


def _load(session: Session, activity_id: int) -> ActivityInfo:
    row = session.execute(_info_select().where(Activity.id == activity_id)).first()
    if row is None:
        raise NotFound(f"There is no activity with id {activity_id} (it may have been deleted).")
    return _info(row)


def _get(session: Session, activity_id: int, expected_version: int | None) -> Activity:
    activity = session.get(Activity, activity_id, with_for_update=True)
    if activity is None:
        raise NotFound(f"There is no activity with id {activity_id} (it may have been deleted).")
    if expected_version is not None and activity.version != expected_version:
        raise StaleRecord("This activity was changed by someone else meanwhile. Reload it and try again.")
    return activity


def add_activity(
    sessions: SessionFactory, job_id: int, draft: ActivityDraft, *, actor_id: int | None = None
) -> ActivityInfo:
    """A new open activity on the job, recorded in the job's history."""
    with unit_of_work(sessions) as session:
        job = lookups.get_job(session, job_id)
        values = _checked(
            session,
            {
                "kind": draft.kind,
                "subject": draft.subject,
                "due_date": draft.due_date,
                "due_time": draft.due_time,
                "duration_minutes": draft.duration_minutes,
                "assignee": draft.assignee,
                "person_id": draft.person_id,
                "note": draft.note,
            },
        )
        now = utcnow()
        activity = Activity(job_id=job.id, created_at=now, updated_at=now, **values)
        session.add(activity)
        session.flush()
        info = _load(session, activity.id)
        HistoryWriter(session, job, actor_id, job_fields=False).record(HISTORY_FIELD, "", info.description)
        refresh_next_activity(session, [job.id])
        return info


def update_activity(
    sessions: SessionFactory,
    activity_id: int,
    changes: Mapping[str, Any],
    *,
    expected_version: int | None = None,
    actor_id: int | None = None,
) -> ActivityInfo:
    """Change some of `EDITABLE`; the history keeps the description before and after."""
    with unit_of_work(sessions) as session:
        activity = _get(session, activity_id, expected_version)
        before = _load(session, activity_id)
        for key, value in _checked(session, changes).items():
            setattr(activity, key, value)
        activity.updated_at = utcnow()
        session.flush()
        after = _load(session, activity_id)
        job = lookups.get_job(session, activity.job_id)
        history = HistoryWriter(session, job, actor_id, job_fields=False)
        if not history.record(HISTORY_FIELD, before.description, after.description):
            for label, old, new in (
                ("assignee", before.assignee, after.assignee),
                ("note", before.note, after.note),
                ("duration", before.duration_minutes, after.duration_minutes),
                ("person", before.person, after.person),
            ):
                history.record(f"{HISTORY_FIELD} {label}", old, new)
        refresh_next_activity(session, [activity.job_id])
        return after


def set_activity_done(
    sessions: SessionFactory,
    activity_id: int,
    done: bool = True,
    *,
    expected_version: int | None = None,
    actor_id: int | None = None,
) -> ActivityInfo:
    """Mark done (with the time) or open again; either is in the history."""
    with unit_of_work(sessions) as session:
        activity = _get(session, activity_id, expected_version)
        if activity.done == done:
            return _load(session, activity_id)
        activity.done = done
        activity.done_at = utcnow() if done else None
        activity.updated_at = utcnow()
        session.flush()
        info = _load(session, activity_id)
        job = lookups.get_job(session, activity.job_id)
        HistoryWriter(session, job, actor_id, job_fields=False).record(
            f"{HISTORY_FIELD} done",
            f"{info.description}: {'open' if done else 'done'}",
            f"{info.description}: {'done' if done else 'open'}",
        )
        refresh_next_activity(session, [activity.job_id])
        return info


def delete_activity(
    sessions: SessionFactory,
    activity_id: int,
    *,
    expected_version: int | None = None,
    actor_id: int | None = None,
) -> ActivityInfo:
    """Delete for good; returns what it was, so an undo can put it back."""
    with unit_of_work(sessions) as session:
        activity = _get(session, activity_id, expected_version)
        info = _load(session, activity_id)
        job = lookups.get_job(session, activity.job_id)
        session.delete(activity)
        HistoryWriter(session, job, actor_id, job_fields=False).record(HISTORY_FIELD, info.description, "")
        refresh_next_activity(session, [job.id])
        return info


def restore_activity(
    sessions: SessionFactory, info: ActivityInfo, *, actor_id: int | None = None
) -> ActivityInfo:
    """Put a deleted activity back with its id, done state and times (undo of a delete)."""
    with unit_of_work(sessions) as session:
        job = lookups.get_job(session, info.job_id)
        if session.get(Activity, info.id) is not None:
            raise ValidationError("This activity is already there.")
        assignee_id = info.assignee_id if info.assignee_id and session.get(User, info.assignee_id) else None
        person_id = info.person_id if info.person_id and session.get(Person, info.person_id) else None
        session.add(
            Activity(
                id=info.id,
                job_id=job.id,
                kind=info.kind,
                subject=info.subject,
                due_date=info.due_date,
                due_time=info.due_time,
                duration_minutes=info.duration_minutes,
                assignee_id=assignee_id,
                person_id=person_id,
                note=info.note,
                done=info.done,
                done_at=info.done_at,
                created_at=info.created_at,
                updated_at=utcnow(),
            )
        )
        session.flush()
        restored = _load(session, info.id)
        HistoryWriter(session, job, actor_id, job_fields=False).record(
            HISTORY_FIELD, "", restored.description
        )
        refresh_next_activity(session, [job.id])
        return restored


def get_activity(sessions: SessionFactory, activity_id: int) -> ActivityInfo:
    with read_only(sessions) as session:
        return _load(session, activity_id)


# Which activities a list shows.
SCOPES = ("open", "overdue", "today", "this_week", "later", "done", "all")


@dataclass(frozen=True)
class ActivityQuery:
    scope: str = "open"
    job_id: int | None = None
    assignee: int | str | None = None  # a team member's id or name
    due_from: date | None = None
    due_to: date | None = None


def _overdue(now: datetime) -> Any:
    return or_(
        Activity.due_date < now.date(),
        and_(
            Activity.due_date == now.date(),
            Activity.due_time.is_not(None),
            Activity.due_time < now.time().replace(second=0, microsecond=0),
        ),
    )


def _scope_condition(scope: str, now: datetime) -> Any:
    today = now.date()
    open_ = Activity.done == false()
    if scope == "open":
        return open_
    if scope == "overdue":
        return and_(open_, _overdue(now))
    if scope == "today":
        return and_(open_, Activity.due_date == today, ~_overdue(now))
    if scope == "this_week":
        return and_(open_, Activity.due_date > today, Activity.due_date <= clock.end_of_week(today))
    if scope == "later":
        return and_(open_, Activity.due_date > clock.end_of_week(today))
    if scope == "done":
        return Activity.done == true()
    if scope == "all":
        return true()
    raise ValidationError(f"Unknown list '{scope}': use one of {', '.join(SCOPES)}.")


def _filtered(session: Session, statement: Select[Any], query: ActivityQuery, now: datetime) -> Select[Any]:
    statement = statement.where(_scope_condition(query.scope, now))
    if query.job_id is not None:
        statement = statement.where(Activity.job_id == query.job_id)
    if query.assignee is not None and query.assignee != "":
        statement = statement.where(Activity.assignee_id == _assignee_id(session, query.assignee))
    if query.due_from is not None:
        statement = statement.where(Activity.due_date >= query.due_from)
    if query.due_to is not None:
        statement = statement.where(Activity.due_date <= query.due_to)
    return statement


def _ordered(statement: Select[Any], scope: str) -> Select[Any]:
    if scope == "done":
        # Latest due first: walks the (done, due_date, due_time) index backwards.
        return statement.order_by(
            Activity.due_date.desc(), Activity.due_time.desc().nulls_last(), Activity.id.desc()
        )
    # Whole-day ones first on their day, then by time: NULL first on both databases (SQLite's
    # own order, so its index on (done, due_date, due_time) gives the rows already sorted).
    return statement.order_by(Activity.due_date, Activity.due_time.asc().nulls_first(), Activity.id)


def list_activities(
    sessions: SessionFactory,
    query: ActivityQuery = ActivityQuery(),
    *,
    offset: int = 0,
    limit: int | None = None,
    now: datetime | None = None,
) -> list[ActivityInfo]:
    """Activities in due order (done ones: latest done first), a page at a time."""
    moment = now or clock.local_now()
    with read_only(sessions) as session:
        statement = _ordered(_filtered(session, _info_select(), query, moment), query.scope)
        statement = statement.offset(offset).limit(limit)
        return [_info(row) for row in session.execute(statement)]


def count_activities(
    sessions: SessionFactory, query: ActivityQuery, *, now: datetime | None = None, cap: int | None = None
) -> int:
    """How many match; with `cap`, counting stops there (a list says "1,000+" instead of
    walking a million index entries)."""
    moment = now or clock.local_now()
    with read_only(sessions) as session:
        if cap is None:
            statement = _filtered(session, select(func.count()).select_from(Activity), query, moment)
            return int(session.scalar(statement) or 0)
        capped = _filtered(session, select(Activity.id), query, moment).limit(cap).subquery()
        return int(session.scalar(select(func.count()).select_from(capped)) or 0)


def next_activities(session: Session, job_ids: Sequence[int]) -> dict[int, ActivityInfo]:
    """Each job's earliest open activity, for a page of table rows or cards (one query;
    each job's is found through the index on (job_id, done, due_date, due_time))."""
    if not job_ids:
        return {}
    first = (
        select(Activity.id)
        .where(Activity.job_id == Job.id, Activity.done == false())
        .order_by(Activity.due_date, Activity.due_time.asc().nulls_first(), Activity.id)
        .limit(1)
        .correlate(Job)
        .scalar_subquery()
    )
    ids = [
        activity_id
        for activity_id in session.scalars(select(first).select_from(Job).where(Job.id.in_(list(job_ids))))
        if activity_id is not None
    ]
    if not ids:
        return {}
    rows = session.execute(_info_select().where(Activity.id.in_(ids)))
    return {info.job_id: info for info in map(_info, rows)}
