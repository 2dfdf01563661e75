"""Creating, editing, archiving and deleting jobs (leads and customer jobs).

Every function is one transaction: it validates everything, writes the change and its
history, and returns plain data. On any error nothing is written.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any
from uuid import uuid4

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session, object_session

from gojee_desktop.models import (
    LIFECYCLE_CUSTOMER_JOB,
    LIFECYCLE_LEAD,
    AppSetting,
    CustomFieldDefinition,
    CustomFieldValue,
    Job,
    Label,
    Organization,
    Person,
    SourceChannel,
    Stage,
    Status,
    User,
    utcnow,
)
from gojee_desktop.models.jobs import jobs_table
from gojee_desktop.money import MoneyError, from_minor, normalise_currency, quantize, to_minor
from gojee_desktop.services import lookups
from gojee_desktop.services.custom_fields import canonical_value
from gojee_desktop.services.dto import JobDetail, JobSummary
from gojee_desktop.services.errors import NotFound, RuleViolation, StaleJob, ValidationError
from gojee_desktop.services.history import HistoryWriter, last_change, load_history
from gojee_desktop.services.job_rows import summaries_for_ids
from gojee_desktop.services.search_text import refresh_search_text
from gojee_desktop.services.uow import read_only, unit_of_work
from gojee_desktop.store.database import SessionFactory

if TYPE_CHECKING:
    from gojee_desktop.services.contacts import CustomerInput

MAX_VALUE = Decimal("999999999999")
NUMBER_PREFIX = "J-"


def format_number(job_id: int) -> str:
    """The job's permanent number, derived from its id: 42 -> J-000042."""
    return f"{NUMBER_PREFIX}{job_id:06d}"


@dataclass
class NewJob:
    """What a user gives to create a lead or a customer job. Ids refer to configured items."""

    title: str
    value: Decimal = Decimal(0)
    currency: str | None = None  # None: the default currency setting
    expected_close: date | None = None
    source_channel_id: int | None = None
    status_id: int | None = None  # None: the first status for the lifecycle
    stage_id: int | None = None  # None: the pipeline's first stage, unless no_stage
    no_stage: bool = False
    person_id: int | None = None
    organization_id: int | None = None
    customer: CustomerInput | None = None  # found by name or created
    site_address: str = ""
    label_ids: Sequence[int] = ()
    label_names: Sequence[str] = ()  # found by name or created (labels are free-form tags)
    assignee_ids: Sequence[int] = ()
    custom_fields: Mapping[int, str] = field(default_factory=dict)
    note: str = ""  # a first internal note, written with the job (a phone enquiry's)


# Fields `update_job` accepts, with the history name of each.
EDITABLE_FIELDS = {
    "title": "title",
    "value": "value",
    "currency": "currency",
    "expected_close": "expected close",
    "source_channel_id": "source channel",
    "status_id": "status",
    "person_id": "customer",
    "organization_id": "organisation",
    "site_address": "site address",
    "lost_reason": "lost reason",
    "label_ids": "labels",
    "assignee_ids": "assignees",
    "custom_fields": "custom fields",
}


def check_title(title: str) -> str:
    cleaned = (title or "").strip()
    if not cleaned:
        raise ValidationError("A job needs a title.", field="title")
    if len(cleaned) > 300:
        raise ValidationError("A title can be at most 300 characters.", field="title")
    return cleaned


def check_value(value: Decimal | str, currency: str) -> Decimal:
    """A non-negative amount with no more decimals than the currency allows."""
    if not isinstance(value, Decimal):
        raise ValidationError(
            f"The value must be a decimal amount, not {type(value).__name__}.", field="value"
        )
    if not value.is_finite():
        raise ValidationError("The value must be a number.", field="value")
    if value < 0:
        raise ValidationError("The value cannot be negative.", field="value")
    if value > MAX_VALUE:
        raise ValidationError("The value is too large.", field="value")
    if quantize(value, currency) != value:
        raise ValidationError(f"The value {value} has more decimals than {currency} allows.", field="value")
    return value


def check_currency(code: str) -> str:
    try:
        return normalise_currency(code)
    except MoneyError as exc:
        raise ValidationError(str(exc), field="currency") from exc


def default_currency(session: Session) -> str:
    setting = session.get(AppSetting, "default_currency")
    return setting.value if setting and setting.value else "AUD"


def _load_many(session: Session, model: Any, ids: Sequence[int], what: str) -> list[Any]:
    unique = list(dict.fromkeys(ids))
    items = list(session.scalars(select(model).where(model.id.in_(unique)))) if unique else []
    if len(items) != len(unique):
        missing = sorted(set(unique) - {item.id for item in items})
        raise NotFound(f"Unknown {what} id(s): {', '.join(map(str, missing))}.")
    return items


def _set_custom_fields(
    session: Session, job: Job, values: Mapping[int, str], history: HistoryWriter | None
) -> None:
    if not values:
        return
    definitions = {
        d.id: d
        for d in session.scalars(
            select(CustomFieldDefinition).where(
                CustomFieldDefinition.id.in_(list(values)), CustomFieldDefinition.applies_to == "job"
            )
        )
    }
    current = {v.definition_id: v for v in job.custom_values}
    for definition_id, raw in values.items():
        definition = definitions.get(definition_id)
        if definition is None:
            raise NotFound(f"There is no custom field of jobs with id {definition_id}.")
        choices = tuple(c.strip() for c in definition.choices.splitlines() if c.strip())
        value = canonical_value(definition.field_type, definition.name, raw, choices)
        existing = current.get(definition_id)
        old = existing.value if existing else ""
        if existing is None:
            if value:
                job.custom_values.append(CustomFieldValue(definition_id=definition_id, value=value))
        elif value:
            existing.value = value
        else:
            job.custom_values.remove(existing)
        if history is not None:
            history.record(definition.name, old, value)


def place_at_end(session: Session, stage_id: int | None) -> float:
    if stage_id is None:
        return 0.0
    last = session.scalar(select(func.max(Job.board_position)).where(Job.stage_id == stage_id))
    return (last or 0.0) + 1.0


def _create(sessions: SessionFactory, data: NewJob, lifecycle: str, actor_id: int | None) -> JobDetail:
    title = check_title(data.title)
    with unit_of_work(sessions) as session:
        currency = check_currency(data.currency or default_currency(session))
        value = check_value(data.value, currency)
        pipeline_key = lookups.pipeline_key_for(lifecycle)
        stage: Stage | None = None
        if data.stage_id is not None:
            stage = lookups.get_by_id(session, Stage, data.stage_id, "stage")
            lookups.check_stage_for_lifecycle(session, stage, lifecycle)
        elif not data.no_stage:
            stage = lookups.first_stage_of(session, pipeline_key)
        if stage is not None and stage.outcome == "lost":
            raise RuleViolation(f"A new job cannot start in the lost stage '{stage.name}'.")
        if data.status_id is not None:
            status: Status | None = lookups.get_by_id(session, Status, data.status_id, "status")
            assert status is not None
            lookups.check_status_for_lifecycle(status, lifecycle)
        else:
            status = lookups.first_status_for(session, lifecycle)
        if data.source_channel_id is not None:
            lookups.get_by_id(session, SourceChannel, data.source_channel_id, "source channel")
        labels = _load_many(session, Label, data.label_ids, "label")
        for name in data.label_names:
            label = lookups.label_by_name(session, name, create=True)
            if label not in labels:
                labels.append(label)
        assignees = _load_many(session, User, data.assignee_ids, "team member")
        person = lookups_person(session, data.person_id)
        organization = lookups_organization(session, data.organization_id)
        if data.customer is not None:
            from gojee_desktop.services.contacts import resolve_customer  # loaded when first used

            found_person, found_org = resolve_customer(session, data.customer)
            person = found_person or person
            organization = found_org or organization
        if person is not None and organization is None and person.organization_id is not None:
            organization = session.get(Organization, person.organization_id)
        now = utcnow()
        job = Job(
            number=f"~{uuid4().hex[:18]}",  # replaced by J-<id> after the insert
            lifecycle=lifecycle,
            title=title,
            value_minor=to_minor(value, currency),
            currency=currency,
            expected_close=data.expected_close,
            source_channel_id=data.source_channel_id,
            status_id=status.id if status else None,
            stage_id=stage.id if stage else None,
            board_position=place_at_end(session, stage.id if stage else None),
            person_id=person.id if person else None,
            organization_id=organization.id if organization else None,
            site_address=(data.site_address or "").strip(),
            converted_at=now if lifecycle == LIFECYCLE_CUSTOMER_JOB else None,
            created_at=now,
            updated_at=now,
            version=0,  # the "created" history entry makes it 1
        )
        job.labels = labels
        job.assignees = assignees
        session.add(job)
        session.flush()
        job.number = format_number(job.id)
        _set_custom_fields(session, job, data.custom_fields, None)
        history = HistoryWriter(session, job, actor_id)
        history.record("created", "", "lead" if lifecycle == LIFECYCLE_LEAD else "customer job")
        if data.note.strip():
            from gojee_desktop.services.activities.notes import note_on  # loaded when first used

            note_on(session, job, data.note, actor_id, history)
        refresh_search_text(session, job)
        session.flush()
        return job_detail(session, job.id)


def lookups_person(session: Session, person_id: int | None) -> Person | None:
    if person_id is None:
        return None
    person = session.get(Person, person_id)
    if person is None:
        raise NotFound(f"There is no person with id {person_id}.")
    return person


def lookups_organization(session: Session, organization_id: int | None) -> Organization | None:
    if organization_id is None:
        return None
    organization = session.get(Organization, organization_id)
    if organization is None:
        raise NotFound(f"There is no organisation with id {organization_id}.")
    return organization


def create_lead(sessions: SessionFactory, data: NewJob, actor_id: int | None = None) -> JobDetail:
    """Capture a new lead in the Leads pipeline."""
    return _create(sessions, data, LIFECYCLE_LEAD, actor_id)


def create_customer_job(sessions: SessionFactory, data: NewJob, actor_id: int | None = None) -> JobDetail:
    """Create a customer job directly, for work already won outside the sales pipeline."""
    return _create(sessions, data, LIFECYCLE_CUSTOMER_JOB, actor_id)


def check_version(
    job: Job, expected_version: int | None, *, since: str = "since you opened it", then: str = ""
) -> None:
    """Refuse a write based on an old read: someone else saved the job meanwhile. The
    message says who last changed which fields."""
    if expected_version is None or job.version == expected_version:
        return
    session = object_session(job)
    change = last_change(session, job.id) if session is not None else None
    who = f" ({change.text()})" if change is not None else ""
    raise StaleJob(
        f"{job.number} was changed by someone else {since}{who}. "
        + (then or "Reload it to see their change, then make yours again."),
        job.id,
        change.actor if change else "",
        change.fields if change else (),
    )


def job_detail(session: Session, job_id: int) -> JobDetail:
    # Contacts and attachments load with the first job opened or deleted, not with the window.
    from gojee_desktop.services.contacts import organization_info, person_info

    job = lookups.get_job(session, job_id)
    summary = summaries_for_ids(session, [job_id])[0]
    return JobDetail(
        summary=summary,
        site_address=job.site_address,
        lost_reason=job.lost_reason,
        archived_at=job.archived_at,
        converted_at=job.converted_at,
        label_ids=tuple(label.id for label in job.labels),
        assignee_ids=tuple(user.id for user in job.assignees),
        custom_fields={value.definition_id: value.value for value in job.custom_values},
        person=person_info(job.person) if job.person else None,
        organization=organization_info(job.organization) if job.organization else None,
        history=load_history(session, job_id),
    )


def get_job(sessions: SessionFactory, job_id: int) -> JobDetail:
    """Every field of one job with its history."""
    with read_only(sessions) as session:
        return job_detail(session, job_id)


def get_summaries(sessions: SessionFactory, job_ids: Sequence[int]) -> list[JobSummary]:
    """Rows for the given ids, in that order (deleted ids are left out)."""
    with read_only(sessions) as session:
        return summaries_for_ids(session, job_ids)


def name_of(session: Session, model: Any, item_id: int | None) -> str:
    if item_id is None:
        return ""
    item = session.get(model, item_id)
    return item.name if item is not None else str(item_id)


def _apply_money(job: Job, changes: Mapping[str, Any], history: HistoryWriter) -> None:
    """Value and currency together: the amount must fit the (new) currency's minor unit."""
    old_amount = from_minor(job.value_minor, job.currency)
    code = check_currency(changes.get("currency", job.currency))
    amount = check_value(changes.get("value", old_amount), code)
    history.record("currency", job.currency, code)
    history.record("value", old_amount, quantize(amount, code))
    job.currency = code
    job.value_minor = to_minor(amount, code)


def _apply_change(session: Session, job: Job, key: str, value: Any, history: HistoryWriter) -> None:
    label = EDITABLE_FIELDS[key]
    if key == "title":
        new_title = check_title(value)
        history.record(label, job.title, new_title)
        job.title = new_title
    elif key == "expected_close":
        if value is not None and not isinstance(value, date):
            raise ValidationError("The expected close date must be a date.", field="expected_close")
        history.record(label, job.expected_close, value)
        job.expected_close = value
    elif key == "source_channel_id":
        if value is not None:
            lookups.get_by_id(session, SourceChannel, value, "source channel")
        history.record(
            label,
            name_of(session, SourceChannel, job.source_channel_id),
            name_of(session, SourceChannel, value),
        )
        job.source_channel_id = value
    elif key == "status_id":
        if value is not None:
            status = lookups.get_by_id(session, Status, value, "status")
            lookups.check_status_for_lifecycle(status, job.lifecycle)
        history.record(label, name_of(session, Status, job.status_id), name_of(session, Status, value))
        job.status_id = value
    elif key == "person_id":
        person = lookups_person(session, value)
        history.record(label, name_of(session, Person, job.person_id), person.name if person else "")
        job.person_id = value
    elif key == "organization_id":
        organization = lookups_organization(session, value)
        history.record(
            label,
            name_of(session, Organization, job.organization_id),
            organization.name if organization else "",
        )
        job.organization_id = value
    elif key in ("site_address", "lost_reason"):
        text = (value or "").strip()
        history.record(label, getattr(job, key), text)
        setattr(job, key, text)
    elif key == "label_ids":
        labels = _load_many(session, Label, value, "label")
        history.record(label, sorted(x.name for x in job.labels), sorted(x.name for x in labels))
        job.labels = labels
    elif key == "assignee_ids":
        users = _load_many(session, User, value, "team member")
        history.record(label, sorted(x.name for x in job.assignees), sorted(x.name for x in users))
        job.assignees = users
    elif key == "custom_fields":
        _set_custom_fields(session, job, value, history)


def update_job(
    sessions: SessionFactory,
    job_id: int,
    changes: Mapping[str, Any],
    *,
    expected_version: int | None = None,
    actor_id: int | None = None,
) -> JobDetail:
    """Change any of `EDITABLE_FIELDS`; each real change goes into the history.
    Stages change through `move_jobs`, lifecycle through conversion."""
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationError(f"These fields cannot be edited here: {', '.join(sorted(unknown))}.")
    with unit_of_work(sessions) as session:
        job = lookups.get_job(session, job_id, for_update=True)
        check_version(job, expected_version)
        history = HistoryWriter(session, job, actor_id)
        if "value" in changes or "currency" in changes:
            _apply_money(job, changes, history)
        for key, value in changes.items():
            if key not in ("value", "currency"):
                _apply_change(session, job, key, value, history)
        refresh_search_text(session, job)
        session.flush()
        return job_detail(session, job.id)


def set_status(
    sessions: SessionFactory,
    job_id: int,
    status_id: int | None,
    *,
    expected_version: int | None = None,
    actor_id: int | None = None,
) -> JobDetail:
    """Set the commercial status (it must fit the job's lifecycle)."""
    return update_job(
        sessions, job_id, {"status_id": status_id}, expected_version=expected_version, actor_id=actor_id
    )


def _set_archived(
    sessions: SessionFactory, job_id: int, archived: bool, expected_version: int | None, actor_id: int | None
) -> JobDetail:
    with unit_of_work(sessions) as session:
        job = lookups.get_job(session, job_id, for_update=True)
        check_version(job, expected_version)
        if job.archived == archived:
            state = "already archived" if archived else "not archived"
            raise RuleViolation(f"{job.number} is {state}.")
        HistoryWriter(session, job, actor_id).record("archived", job.archived, archived)
        job.archived = archived
        job.archived_at = utcnow() if archived else None
        session.flush()
        return job_detail(session, job.id)


def archive_job(
    sessions: SessionFactory, job_id: int, *, expected_version: int | None = None, actor_id: int | None = None
) -> JobDetail:
    """Hide a job that is not a fit; it can be restored."""
    return _set_archived(sessions, job_id, True, expected_version, actor_id)


def restore_job(
    sessions: SessionFactory, job_id: int, *, expected_version: int | None = None, actor_id: int | None = None
) -> JobDetail:
    """Bring an archived job back to its list and board."""
    return _set_archived(sessions, job_id, False, expected_version, actor_id)


def delete_job(
    sessions: SessionFactory,
    job_id: int,
    *,
    expected_version: int | None = None,
    keep_attachment_bytes: bool = False,
) -> JobSummary:
    """Delete a job for good, with its history, activities, notes and attachments; the stored
    bytes no other attachment refers to go too, unless `keep_attachment_bytes` (the window's
    Undo may put the job back). Returns what it was."""
    from gojee_desktop.services.activities.attachments import collect_unreferenced, job_hashes

    with unit_of_work(sessions) as session:
        job = lookups.get_job(session, job_id, for_update=True)
        check_version(job, expected_version)
        summary = summaries_for_ids(session, [job_id])[0]
        hashes = job_hashes(session, [job_id])
        session.delete(job)
    if hashes and not keep_attachment_bytes:
        collect_unreferenced(sessions, hashes)
    return summary


def _renumbered_positions(
    session: Session, stage_id: int, moving: list[int], before_job_id: int | None
) -> list[float]:
    """Renumber the column 1, 2, 3... with the moving cards in their slot (rare: only when
    repeated drops between the same two cards have used up the gap between them)."""
    ordered = [
        job_id
        for job_id in session.scalars(
            select(Job.id).where(Job.stage_id == stage_id).order_by(Job.board_position, Job.id)
        )
        if job_id not in moving
    ]
    index = ordered.index(before_job_id) if before_job_id is not None else len(ordered)
    table = jobs_table()
    for position, job_id in enumerate(ordered[:index] + [0] * len(moving) + ordered[index:], start=1):
        if job_id:
            session.execute(update(table).where(table.c.id == job_id).values(board_position=float(position)))
    return [float(index + 1 + i) for i in range(len(moving))]


def new_positions(
    session: Session, stage_id: int, moving: list[int], before_job_id: int | None
) -> list[float]:
    """Board positions for `moving` jobs placed before `before_job_id` (or at the end).

    Reads only the neighbours through the (stage_id, board_position) index, so a drop costs
    the same in a column of ten cards or of ten thousand."""
    in_column = (Job.stage_id == stage_id) & Job.id.not_in(moving)
    if before_job_id is None:
        last = session.scalar(select(func.max(Job.board_position)).where(in_column))
        low = last if last is not None else 0.0
        return [low + i + 1.0 for i in range(len(moving))]
    before = session.execute(
        select(Job.board_position, Job.id).where(in_column, Job.id == before_job_id)
    ).first()
    if before is None:
        raise RuleViolation("The card to drop before is no longer in that column.")
    high, high_id = before
    previous = session.scalar(
        select(Job.board_position)
        .where(
            in_column,
            Job.board_position <= high,  # a range on the index; an OR alone scans the column
            (Job.board_position < high) | (Job.id < high_id),
        )
        .order_by(Job.board_position.desc(), Job.id.desc())
        .limit(1)
    )
    low = previous if previous is not None else high - len(moving) - 1.0
    step = (high - low) / (len(moving) + 1)
    if step < 1e-6:
        return _renumbered_positions(session, stage_id, moving, before_job_id)
    return [low + step * (i + 1) for i in range(len(moving))]


def move_jobs_in(
    session: Session,
    job_ids: Sequence[int],
    stage_id: int | None,
    *,
    before_job_id: int | None = None,
    lost_reason: str | None = None,
    expected_versions: Mapping[int, int] | None = None,
    overwrites: Collection[int] = (),
    actor_id: int | None = None,
) -> list[int]:
    """`move_jobs` inside the caller's transaction (for services that move and do more in
    one unit of work). Returns the ids moved, in order."""
    ids = list(dict.fromkeys(job_ids))
    jobs = [lookups.get_job(session, job_id, for_update=True) for job_id in ids]
    for job in jobs:
        check_version(
            job,
            (expected_versions or {}).get(job.id),
            since="since your view of it was loaded",
            then="The move was not made.",
        )
    overwritten = {job.id: last_change(session, job.id) for job in jobs if job.id in overwrites}
    stage = lookups.get_by_id(session, Stage, stage_id, "stage") if stage_id is not None else None
    reason = (lost_reason or "").strip()
    if stage is not None:
        for job in jobs:
            lookups.check_stage_for_lifecycle(session, stage, job.lifecycle)
        if stage.outcome == "lost" and not reason and any(not job.lost_reason for job in jobs):
            raise ValidationError(
                f"Moving to '{stage.name}' marks the job lost: give a lost reason.", field="lost_reason"
            )
        positions = new_positions(session, stage.id, ids, before_job_id)
    else:
        positions = [0.0] * len(jobs)
    lost_status = (
        session.scalar(select(Status).where(Status.key == "lost"))
        if stage and stage.outcome == "lost"
        else None
    )
    for job, position in zip(jobs, positions, strict=True):
        history = HistoryWriter(session, job, actor_id)
        if job.id in overwritten:
            change = overwritten[job.id]
            history.record("move over a change", change.text() if change else "a change", "moved anyway")
        old_stage = name_of(session, Stage, job.stage_id)
        if job.stage_id != (stage.id if stage else None):
            history.record("stage", old_stage, stage.name if stage else "")
        elif position != job.board_position:
            history.record("board order", "", f"moved within '{old_stage}'" if old_stage else "moved")
        job.stage_id = stage.id if stage else None
        job.board_position = position
        history.touch()
        if stage is not None and stage.outcome == "lost":
            if reason:
                history.record("lost reason", job.lost_reason, reason)
                job.lost_reason = reason
            if lost_status is not None and job.status_id != lost_status.id:
                history.record("status", name_of(session, Status, job.status_id), lost_status.name)
                job.status_id = lost_status.id
    session.flush()
    return ids


def move_jobs(
    sessions: SessionFactory,
    job_ids: Sequence[int],
    stage_id: int | None,
    *,
    before_job_id: int | None = None,
    lost_reason: str | None = None,
    expected_versions: Mapping[int, int] | None = None,
    overwrites: Collection[int] = (),
    actor_id: int | None = None,
) -> list[JobSummary]:
    """Move jobs to a stage of their pipeline (or to no stage), in the given order, before
    another card or at the end of the column. A stage meaning 'lost' needs a lost reason.
    All or nothing: one bad job refuses the whole move. A job whose version is not the one
    in `expected_versions` refuses it too (`StaleJob`: someone else changed it); a job in
    `overwrites` is one the user was shown that change for and moves anyway, which its
    history records (the version check still applies, to the version then shown)."""
    if not job_ids:
        return []
    with unit_of_work(sessions) as session:
        ids = move_jobs_in(
            session,
            job_ids,
            stage_id,
            before_job_id=before_job_id,
            lost_reason=lost_reason,
            expected_versions=expected_versions,
            overwrites=overwrites,
            actor_id=actor_id,
        )
        return summaries_for_ids(session, ids)


def move_to_stage(
    sessions: SessionFactory,
    job_id: int,
    stage_id: int | None,
    *,
    before_job_id: int | None = None,
    lost_reason: str | None = None,
    expected_version: int | None = None,
    overwrite: bool = False,
    actor_id: int | None = None,
) -> JobSummary:
    """Move one job; see `move_jobs` (`overwrite`: knowingly over the change shown)."""
    versions = {job_id: expected_version} if expected_version is not None else None
    return move_jobs(
        sessions,
        [job_id],
        stage_id,
        before_job_id=before_job_id,
        lost_reason=lost_reason,
        expected_versions=versions,
        overwrites=[job_id] if overwrite else (),
        actor_id=actor_id,
    )[0]
