"""Reading jobs into plain `JobSummary` rows: one joined query for a page of ids."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from sqlalchemy import BindParameter, Select, bindparam, false, literal, literal_column, select, union_all
from sqlalchemy.orm import Session, aliased

from gojee_desktop.models import (
    Activity,
    Job,
    Label,
    Organization,
    Person,
    SourceChannel,
    Stage,
    Status,
    User,
    job_assignees,
    job_labels,
)
from gojee_desktop.money import from_minor
from gojee_desktop.services.dto import JobSummary

_PersonAlias = aliased(Person)

SUMMARY_COLUMNS = (
    Job.id,
    Job.number,
    Job.title,
    Job.lifecycle,
    Job.value_minor,
    Job.currency,
    Job.status_id,
    Status.name,
    Job.stage_id,
    Stage.name,
    Job.person_id,
    Person.name,
    Job.organization_id,
    Organization.name,
    Job.source_channel_id,
    SourceChannel.name,
    Job.expected_close,
    Job.archived,
    Job.board_position,
    Job.created_at,
    Job.updated_at,
    Job.version,
    Job.next_activity_due,
)


def summary_select() -> Select[Any]:
    """SELECT of every summary column with the joins it needs (outer: all are optional)."""
    return (
        select(*SUMMARY_COLUMNS)
        .select_from(Job)
        .outerjoin(Status, Status.id == Job.status_id)
        .outerjoin(Stage, Stage.id == Job.stage_id)
        .outerjoin(Person, Person.id == Job.person_id)
        .outerjoin(Organization, Organization.id == Job.organization_id)
        .outerjoin(SourceChannel, SourceChannel.id == Job.source_channel_id)
    )


# Built once, with the ids as an expanding parameter: a table reads a block of summaries on
# every keystroke, and building and coercing the statements each time cost more than the
# queries themselves.
_IDS: BindParameter[list[int]] = bindparam("ids", expanding=True)
_SUMMARIES = summary_select().where(Job.id.in_(_IDS))
_LABEL, _ASSIGNEE = 0, 1
_NAMES = union_all(
    select(literal(_LABEL).label("kind"), job_labels.c.job_id, Label.name.label("name"))
    .join(Label, Label.id == job_labels.c.label_id)
    .where(job_labels.c.job_id.in_(_IDS)),
    select(literal(_ASSIGNEE), job_assignees.c.job_id, User.name)
    .join(User, User.id == job_assignees.c.user_id)
    .where(job_assignees.c.job_id.in_(_IDS)),
).order_by(literal_column("name"))


def _names_by_job(session: Session, ids: Sequence[int]) -> tuple[dict[int, list[str]], dict[int, list[str]]]:
    """Label and team member names of each job (one query), each list in name order."""
    labels: dict[int, list[str]] = defaultdict(list)
    assignees: dict[int, list[str]] = defaultdict(list)
    for kind, job_id, name in session.execute(_NAMES, {"ids": list(ids)}):
        (labels if kind == _LABEL else assignees)[job_id].append(name)
    return labels, assignees


def summaries_for_ids(session: Session, ids: Sequence[int]) -> list[JobSummary]:
    """Summaries of the given jobs in the order of `ids` (missing ids are skipped)."""
    if not ids:
        return []
    found: dict[int, JobSummary] = {}
    chunk = 900  # stay under SQLite's bound-parameter limit
    for start in range(0, len(ids), chunk):
        part = list(ids[start : start + chunk])
        labels, assignees = _names_by_job(session, part)
        rows = session.execute(_SUMMARIES, {"ids": part}).all()
        # Jobs with an open activity: their next one, read for them alone and built in (a
        # second object a row through dataclasses.replace cost a tenth of a search's CPU).
        pending = [row[0] for row in rows if row[22] is not None]
        upcoming = {n[0]: n for n in _next_activities(session, pending)} if pending else {}
        for row in rows:
            following = upcoming.get(row[0])
            found[row[0]] = JobSummary(
                id=row[0],
                number=row[1],
                title=row[2],
                lifecycle=row[3],
                value=from_minor(row[4], row[5]),
                currency=row[5],
                status_id=row[6],
                status=row[7],
                stage_id=row[8],
                stage=row[9],
                person_id=row[10],
                customer=row[11],
                organization_id=row[12],
                organization=row[13],
                source_channel_id=row[14],
                source_channel=row[15],
                expected_close=row[16],
                archived=bool(row[17]),
                labels=tuple(labels.get(row[0], ())),
                assignees=tuple(assignees.get(row[0], ())),
                board_position=row[18],
                created_at=row[19],
                updated_at=row[20],
                version=row[21],
                next_activity=f"{following[1].capitalize()}: {following[2]}" if following else "",
                next_activity_due=following[3] if following else None,
                next_activity_time=following[4] if following else None,
            )
    return [found[job_id] for job_id in ids if job_id in found]


# The open activities on each job's next-activity day (the index on (job_id, done, due_date,
# due_time) finds them), earliest first; the first one of each job is its next activity.
_NEXT = (
    select(Activity.job_id, Activity.kind, Activity.subject, Activity.due_date, Activity.due_time)
    .join(Job, Job.id == Activity.job_id)
    .where(
        Activity.job_id.in_(_IDS),
        Activity.done == false(),
        Activity.due_date == Job.next_activity_due,
    )
    .order_by(Activity.job_id, Activity.due_time.asc().nulls_first(), Activity.id)
)


def _next_activities(session: Session, ids: list[int]) -> list[tuple[int, str, str, Any, Any]]:
    first: dict[int, tuple[int, str, str, Any, Any]] = {}
    for row in session.execute(_NEXT, {"ids": ids}):
        first.setdefault(row[0], tuple(row))
    return list(first.values())
