"""A person or an organisation as a record of its own: read with its jobs and their totals,
create, edit, archive, delete (refused while jobs name it, unless they move to another
contact) and put back after a delete (for undo). One unit of work per call."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from gojee_desktop.models import ContactDetail, Job, Label, Organization, Person, Stage, Status
from gojee_desktop.models.jobs import LIFECYCLE_CUSTOMER_JOB, LIFECYCLE_LEAD
from gojee_desktop.money import from_minor
from gojee_desktop.services import contact_fields
from gojee_desktop.services.capture.region import business_region
from gojee_desktop.services.contact_query import ORGANIZATION, PERSON, _model
from gojee_desktop.services.contacts import check_email, check_phone_number
from gojee_desktop.services.dto import ContactDetailInfo
from gojee_desktop.services.errors import NotFound, RuleViolation, ValidationError
from gojee_desktop.services.lookups import label_by_name
from gojee_desktop.services.search_text import refresh_jobs_of_contact
from gojee_desktop.services.uow import read_only, unit_of_work
from gojee_desktop.store.database import SessionFactory

_NOUN = {PERSON: "person", ORGANIZATION: "organisation"}


@dataclass(frozen=True)
class ContactJob:
    """A lead or customer job of a contact, as its Jobs tab lists it."""

    id: int
    number: str
    title: str
    lifecycle: str
    stage: str | None
    status: str | None
    value: Decimal
    currency: str
    archived: bool


@dataclass(frozen=True)
class ContactRecord:
    """Everything the contact editor and `gojee person show` show."""

    kind: str
    id: int
    name: str
    organization_id: int | None
    organization: str | None
    archived: bool
    notes: str
    details: tuple[ContactDetailInfo, ...]
    jobs: tuple[ContactJob, ...]
    #: Customer jobs not in a lost stage, summed per currency.
    won: dict[str, Decimal] = field(default_factory=dict)
    #: Active leads not yet won or lost, summed per currency.
    open_pipeline: dict[str, Decimal] = field(default_factory=dict)
    people: tuple[str, ...] = ()  # an organisation's people, by name
    labels: tuple[str, ...] = ()  # by name
    #: Custom field values by field id (only the fields holding a value).
    custom_fields: dict[int, str] = field(default_factory=dict)

    def values(self, kind: str) -> tuple[str, ...]:
        return tuple(d.value for d in self.details if d.kind == kind)


@dataclass(frozen=True)
class ContactChanges:
    """What a form or the command line gives for a contact; every list replaces the old one."""

    name: str
    organization: str = ""  # a person's organisation by name: found, or created
    emails: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()
    addresses: tuple[str, ...] = ()
    notes: str = ""
    #: Label names; a new name adds the label. None leaves the labels as they are (a form
    #: without a labels field).
    labels: tuple[str, ...] | None = None
    #: Every custom field value by field id (a field left out is cleared); None leaves them
    #: as they are.
    custom_fields: Mapping[int, str] | None = None


@dataclass(frozen=True)
class DeletedContact:
    """What `delete_contact` removed, enough for `restore_contact` to put it back."""

    record: ContactRecord
    #: Jobs that named the contact and were moved to `reassigned_to`.
    moved_job_ids: tuple[int, ...] = ()
    reassigned_to: int | None = None
    #: People of a deleted organisation (they stay, without an organisation).
    member_ids: tuple[int, ...] = ()


def _get(session: Session, kind: str, contact_id: int) -> Person | Organization:
    contact: Person | Organization | None = (
        session.get(Person, contact_id) if _model(kind) is Person else session.get(Organization, contact_id)
    )
    if contact is None:
        raise NotFound(f"There is no {_NOUN[kind]} with id {contact_id}.")
    return contact


def _jobs(session: Session, kind: str, contact_id: int) -> list[tuple[ContactJob, str | None]]:
    owner = Job.person_id if kind == PERSON else Job.organization_id
    rows = session.execute(
        select(
            Job.id,
            Job.number,
            Job.title,
            Job.lifecycle,
            Stage.name,
            Status.name,
            Job.value_minor,
            Job.currency,
            Job.archived,
            Stage.outcome,
        )
        .outerjoin(Stage, Stage.id == Job.stage_id)
        .outerjoin(Status, Status.id == Job.status_id)
        .where(owner == contact_id)
        .order_by(Job.id.desc())
    ).all()
    return [
        (
            ContactJob(
                id=row[0],
                number=row[1],
                title=row[2],
                lifecycle=row[3],
                stage=row[4],
                status=row[5],
                value=from_minor(row[6], row[7]),
                currency=row[7],
                archived=bool(row[8]),
            ),
            row[9],
        )
        for row in rows
    ]


def _record(session: Session, kind: str, contact: Person | Organization) -> ContactRecord:
    jobs = _jobs(session, kind, contact.id)
    won: dict[str, Decimal] = {}
    open_pipeline: dict[str, Decimal] = {}
    for job, outcome in jobs:
        if job.lifecycle == LIFECYCLE_CUSTOMER_JOB and outcome != "lost":
            won[job.currency] = won.get(job.currency, Decimal(0)) + job.value
        elif job.lifecycle == LIFECYCLE_LEAD and outcome is None and not job.archived:
            open_pipeline[job.currency] = open_pipeline.get(job.currency, Decimal(0)) + job.value
    people: tuple[str, ...] = ()
    organization_id = organization = None
    if isinstance(contact, Person):
        organization_id = contact.organization_id
        organization = contact.organization.name if contact.organization else None
    else:
        people = tuple(
            session.scalars(
                select(Person.name).where(Person.organization_id == contact.id).order_by(Person.name)
            )
        )
    return ContactRecord(
        kind=kind,
        id=contact.id,
        name=contact.name,
        organization_id=organization_id,
        organization=organization,
        archived=contact.archived,
        notes=contact.notes,
        details=tuple(
            ContactDetailInfo(kind=d.kind, value=d.value, label=d.label, normalized=d.normalized)
            for d in contact.details
        ),
        jobs=tuple(job for job, _ in jobs),
        won=won,
        open_pipeline=open_pipeline,
        people=people,
        labels=tuple(label.name for label in contact.labels),
        custom_fields=contact_fields.values_of(contact),
    )


def get_contact(sessions: SessionFactory, kind: str, contact_id: int) -> ContactRecord:
    with read_only(sessions) as session:
        return _record(session, kind, _get(session, kind, contact_id))


def _checked_details(session: Session, changes: ContactChanges) -> list[tuple[str, str, str | None]]:
    """(kind, value, matching form) of every detail, validated, duplicates dropped."""
    region = business_region(session)
    details: list[tuple[str, str, str | None]] = []
    seen: set[tuple[str, str]] = set()
    for value in changes.emails:
        if value.strip():
            email = check_email(value)
            key = email.casefold()
            if ("email", key) not in seen:
                seen.add(("email", key))
                details.append(("email", email, key))
    for value in changes.phones:
        if value.strip():
            phone = check_phone_number(value, region)
            key = phone.e164 or phone.text
            if ("phone", key) not in seen:
                seen.add(("phone", key))
                details.append(("phone", phone.text, phone.e164))
    for value in changes.addresses:
        address = value.strip()
        if address and ("address", address.lower()) not in seen:
            seen.add(("address", address.lower()))
            details.append(("address", address, None))
    return details


def _apply(session: Session, kind: str, contact: Person | Organization, changes: ContactChanges) -> None:
    name = changes.name.strip()
    if not name:
        raise ValidationError(
            f"A{'n' if kind == ORGANIZATION else ''} {_NOUN[kind]} needs a name.", field="name"
        )
    if len(name) > 200:
        raise ValidationError("A name can be at most 200 characters long.", field="name")
    details = _checked_details(session, changes)
    if isinstance(contact, Person):
        org_name = changes.organization.strip()
        if not org_name:
            contact.organization = None
        elif contact.organization is None or contact.organization.name.lower() != org_name.lower():
            organization = session.scalar(
                select(Organization).where(func.lower(Organization.name) == org_name.lower()).limit(1)
            )
            contact.organization = organization or Organization(name=org_name)
    contact.name = name
    contact.notes = changes.notes.strip()
    if changes.labels is not None:
        chosen = [label_by_name(session, text, create=True) for text in changes.labels if text.strip()]
        contact.labels = list({label.id: label for label in chosen}.values())
    if changes.custom_fields is not None:
        contact_fields.set_values(session, kind, contact, changes.custom_fields)
    labels = {(d.kind, d.value): d.label for d in contact.details}
    contact.details.clear()
    session.flush()
    for position, (detail_kind, value, normalized) in enumerate(details):
        contact.details.append(
            ContactDetail(
                kind=detail_kind,
                value=value,
                normalized=normalized,
                label=labels.get((detail_kind, value), ""),
                position=position,
            )
        )
    session.flush()


def create_contact(sessions: SessionFactory, kind: str, changes: ContactChanges) -> ContactRecord:
    with unit_of_work(sessions) as session:
        _model(kind)  # an unknown kind is refused before anything is added
        contact = Person(name="") if kind == PERSON else Organization(name="")
        session.add(contact)
        _apply(session, kind, contact, changes)
        return _record(session, kind, contact)


def update_contact(
    sessions: SessionFactory, kind: str, contact_id: int, changes: ContactChanges
) -> ContactRecord:
    """Save a contact's name, organisation, details and notes; the search text and customer
    sort key of their jobs follow."""
    with unit_of_work(sessions) as session:
        contact = _get(session, kind, contact_id)
        _apply(session, kind, contact, changes)
        refresh_jobs_of_contact(
            session, **{f"{'person' if kind == PERSON else 'organization'}_id": contact_id}
        )
        return _record(session, kind, contact)


def changes_of(record: ContactRecord) -> ContactChanges:
    """The changes that give a record back its fields (what undo saves)."""
    return ContactChanges(
        name=record.name,
        organization=record.organization or "",
        emails=record.values("email"),
        phones=record.values("phone"),
        addresses=record.values("address"),
        notes=record.notes,
        labels=record.labels,
        custom_fields=dict(record.custom_fields),
    )


def set_contacts_archived(
    sessions: SessionFactory, kind: str, contact_ids: Sequence[int], archived: bool
) -> list[int]:
    """Archive (hide from the lists, keep for their jobs) or restore; returns the ids changed."""
    changed = []
    with unit_of_work(sessions) as session:
        for contact_id in contact_ids:
            contact = _get(session, kind, contact_id)
            if contact.archived != archived:
                contact.archived = archived
                changed.append(contact_id)
    return changed


def job_count(sessions: SessionFactory, kind: str, contact_id: int) -> int:
    owner = Job.person_id if kind == PERSON else Job.organization_id
    with read_only(sessions) as session:
        return int(session.scalar(select(func.count(Job.id)).where(owner == contact_id)) or 0)


def delete_contact(
    sessions: SessionFactory, kind: str, contact_id: int, reassign_to: int | None = None
) -> DeletedContact:
    """Delete a contact. Refused while jobs name it, unless `reassign_to` (another contact of
    the same kind) takes those jobs over."""
    noun = _NOUN[kind]
    column = "person_id" if kind == PERSON else "organization_id"
    owner = Job.person_id if kind == PERSON else Job.organization_id
    with unit_of_work(sessions) as session:
        contact = _get(session, kind, contact_id)
        record = _record(session, kind, contact)
        job_ids = tuple(session.scalars(select(Job.id).where(owner == contact_id).order_by(Job.id)))
        if job_ids and reassign_to is None:
            count = len(job_ids)
            raise RuleViolation(
                f"{contact.name} cannot be deleted: {count} job{'s' if count != 1 else ''} "
                f"name{'s' if count == 1 else ''} this {noun}. Move them to another {noun} "
                "first, or archive it instead."
            )
        if reassign_to is not None:
            if reassign_to == contact_id:
                raise ValidationError(f"Choose another {noun} to move the jobs to.", field="reassign_to")
            target = _get(session, kind, reassign_to)
            session.execute(update(Job).where(owner == contact_id).values({column: target.id}))
            refresh_jobs_of_contact(session, **{column: target.id})
        member_ids: tuple[int, ...] = ()
        if isinstance(contact, Organization):
            member_ids = tuple(session.scalars(select(Person.id).where(Person.organization_id == contact_id)))
            session.execute(
                update(Person).where(Person.organization_id == contact_id).values(organization_id=None)
            )
        session.delete(contact)
        session.flush()
        return DeletedContact(
            record=record,
            moved_job_ids=job_ids if reassign_to is not None else (),
            reassigned_to=reassign_to,
            member_ids=member_ids,
        )


def restore_contact(sessions: SessionFactory, deleted: DeletedContact) -> ContactRecord:
    """Put a deleted contact back with its id, details and notes; jobs moved away on delete
    come back to it, and an organisation's people rejoin it."""
    record = deleted.record
    kind = record.kind
    column = "person_id" if kind == PERSON else "organization_id"
    with unit_of_work(sessions) as session:
        if session.get(_model(kind), record.id) is not None:
            raise RuleViolation(f"This {_NOUN[kind]} exists already.")
        contact: Person | Organization
        if kind == PERSON:
            org_id = record.organization_id
            if org_id is not None and session.get(Organization, org_id) is None:
                org_id = None  # the organisation went meanwhile
            contact = Person(id=record.id, name=record.name, organization_id=org_id)
        else:
            contact = Organization(id=record.id, name=record.name)
        contact.archived = record.archived
        contact.notes = record.notes
        # Labels deleted meanwhile stay deleted.
        contact.labels = list(session.scalars(select(Label).where(Label.name.in_(record.labels))))
        # So do custom fields.
        contact_fields.set_values(
            session, kind, contact, contact_fields.restorable(session, kind, record.custom_fields)
        )
        for position, detail in enumerate(record.details):
            contact.details.append(
                ContactDetail(
                    kind=detail.kind,
                    value=detail.value,
                    label=detail.label,
                    normalized=detail.normalized,
                    position=position,
                )
            )
        session.add(contact)
        session.flush()
        if deleted.moved_job_ids:
            session.execute(update(Job).where(Job.id.in_(deleted.moved_job_ids)).values({column: record.id}))
            refresh_jobs_of_contact(session, **{column: record.id})
            if deleted.reassigned_to is not None:
                refresh_jobs_of_contact(session, **{column: deleted.reassigned_to})
        if deleted.member_ids:
            session.execute(
                update(Person).where(Person.id.in_(deleted.member_ids)).values(organization_id=record.id)
            )
        return _record(session, kind, contact)
