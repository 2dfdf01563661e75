"""People and organisations: create, find, list, and pick-or-create from a name."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from gojee_desktop.models import ContactDetail, Organization, Person
from gojee_desktop.services.capture import emails, phones
from gojee_desktop.services.capture.region import business_region
from gojee_desktop.services.dto import ContactDetailInfo, OrganizationInfo, PersonInfo
from gojee_desktop.services.errors import ValidationError
from gojee_desktop.services.lookups import get_by_id
from gojee_desktop.services.search_text import refresh_jobs_of_contact
from gojee_desktop.services.uow import read_only, unit_of_work
from gojee_desktop.store.database import SessionFactory

_Contact = TypeVar("_Contact", Person, Organization)
_Info = TypeVar("_Info")


def check_email(value: str) -> str:
    """A valid email address (syntax, offline), trimmed, or ValidationError."""
    try:
        return emails.check_email(value)
    except emails.EmailError as exc:
        raise ValidationError(str(exc), field="email") from exc


def check_phone(value: str, region: str = phones.DEFAULT_REGION) -> str:
    """A phone number valid in `region` (the business's country), trimmed, or ValidationError."""
    return check_phone_number(value, region).text


def check_phone_number(value: str, region: str = phones.DEFAULT_REGION) -> phones.Phone:
    """The typed number and its E.164 form, or ValidationError."""
    try:
        return phones.check_phone(value, region)
    except phones.PhoneError as exc:
        raise ValidationError(str(exc), field="phone") from exc


def normalized_detail(kind: str, value: str, region: str) -> str | None:
    """What a detail is matched by: E.164 for a phone, the case-folded address for an email."""
    if kind == "email":
        return emails.email_key(value) or None
    if kind == "phone":
        return phones.e164_or_none(value, region)
    return None


@dataclass(frozen=True)
class CustomerInput:
    """A customer typed in a form or on the command line: found by name or created. `email`
    and `phone` may hold several, separated by ';' (a business card's mobile and office)."""

    person_name: str = ""
    organization_name: str = ""
    email: str = ""
    phone: str = ""
    address: str = ""
    notes: str = ""  # added to the person's (or organisation's) notes unless there already


_LIST_SEPARATOR = re.compile(r"\s*(?:;|:::|\n)\s*")


def several(text: str) -> list[str]:
    """Several emails or phones in one field or cell: 'a@x.com; b@y.com', a Google ' ::: '
    list, or one a line (no email address or phone number holds any of those)."""
    text = text.strip()
    if ";" not in text and ":::" not in text and "\n" not in text:
        return [text] if text else []  # one value: the common case, without the pattern
    return [part for part in _LIST_SEPARATOR.split(text) if part]


def merged_notes(kept: str, new: str) -> str:
    """A record's notes with `new` added as a paragraph, unless it is there already (a file
    imported twice, a card scanned twice, a merge, add nothing twice)."""
    new = new.strip()
    if not new or new in kept:
        return kept
    return f"{kept.rstrip()}\n\n{new}" if kept.strip() else new


def _details(owner: Person | Organization) -> tuple[ContactDetailInfo, ...]:
    return tuple(
        ContactDetailInfo(kind=d.kind, value=d.value, label=d.label, normalized=d.normalized)
        for d in owner.details
    )


def person_info(person: Person) -> PersonInfo:
    return PersonInfo(
        id=person.id,
        name=person.name,
        organization_id=person.organization_id,
        organization=person.organization.name if person.organization else None,
        details=_details(person),
    )


def organization_info(organization: Organization) -> OrganizationInfo:
    return OrganizationInfo(id=organization.id, name=organization.name, details=_details(organization))


def add_detail(owner: Person | Organization, kind: str, value: str, normalized: str | None = None) -> bool:
    """Add an email, phone or address unless the owner has it already (same matching form, or
    the same text); True when added."""
    if not value:
        return False
    for detail in owner.details:
        if detail.kind != kind:
            continue
        if (normalized and detail.normalized == normalized) or detail.value.lower() == value.lower():
            return False
    owner.details.append(
        ContactDetail(kind=kind, value=value, normalized=normalized, position=len(owner.details))
    )
    return True


def resolve_customer(session: Session, customer: CustomerInput) -> tuple[Person | None, Organization | None]:
    """Find the person/organisation by name (case-insensitive) or create them; add the email,
    phone and address given if they are new. Validates before writing anything."""
    region = business_region(session)
    email_list = [check_email(part) for part in several(customer.email)]
    phone_list = [check_phone_number(part, region) for part in several(customer.phone)]
    address = customer.address.strip()
    organization = None
    org_name = customer.organization_name.strip()
    if org_name:
        organization = session.scalar(
            select(Organization).where(func.lower(Organization.name) == org_name.lower()).limit(1)
        )
        if organization is None:
            organization = Organization(name=org_name)
            session.add(organization)
    person = None
    person_name = customer.person_name.strip()
    if person_name:
        person = session.scalar(select(Person).where(func.lower(Person.name) == person_name.lower()).limit(1))
        if person is None:
            person = Person(name=person_name, organization=organization)
            session.add(person)
        elif organization is not None and person.organization_id is None:
            person.organization = organization
    holder: Person | Organization | None = person or organization
    if holder is not None:
        for email in email_list:
            add_detail(holder, "email", email, emails.email_key(email))
        for phone in phone_list:
            add_detail(holder, "phone", phone.text, phone.e164)
        add_detail(holder, "address", address)
        holder.notes = merged_notes(holder.notes or "", customer.notes)
    elif email_list or phone_list or address:
        raise ValidationError("Give the customer's name as well as their contact details.", field="customer")
    session.flush()
    return person, organization


def search_people(sessions: SessionFactory, text: str, limit: int = 20) -> list[PersonInfo]:
    """People whose name starts with or contains `text` (for completion in the editor)."""
    pattern = f"%{(text or '').strip().lower()}%"
    with read_only(sessions) as session:
        people = session.scalars(
            select(Person).where(func.lower(Person.name).like(pattern)).order_by(Person.name).limit(limit)
        )
        return [person_info(person) for person in people]


def search_organizations(sessions: SessionFactory, text: str, limit: int = 20) -> list[OrganizationInfo]:
    pattern = f"%{(text or '').strip().lower()}%"
    with read_only(sessions) as session:
        rows = session.scalars(
            select(Organization)
            .where(func.lower(Organization.name).like(pattern))
            .order_by(Organization.name)
            .limit(limit)
        )
        return [organization_info(row) for row in rows]


def create_customer(
    sessions: SessionFactory, customer: CustomerInput
) -> tuple[PersonInfo | None, OrganizationInfo | None]:
    """Create (or find) a customer on its own, from the editor's inline form."""
    if not customer.person_name.strip() and not customer.organization_name.strip():
        raise ValidationError("A customer needs a person's name or an organisation's name.", field="customer")
    with unit_of_work(sessions) as session:
        person, organization = resolve_customer(session, customer)
        return (
            person_info(person) if person else None,
            organization_info(organization) if organization else None,
        )


def rename_person(sessions: SessionFactory, person_id: int, name: str) -> PersonInfo:
    return _rename(sessions, Person, person_id, name, person_info)


def rename_organization(sessions: SessionFactory, organization_id: int, name: str) -> OrganizationInfo:
    return _rename(sessions, Organization, organization_id, name, organization_info)


_RENAMED = {
    Person: ("A person", "person", "person_id"),
    Organization: ("An organisation", "organisation", "organization_id"),
}


def _rename(
    sessions: SessionFactory,
    model: type[_Contact],
    contact_id: int,
    name: str,
    info: Callable[[_Contact], _Info],
) -> _Info:
    """Rename a person or organisation and refresh the search text and sort key of their jobs
    (their versions unchanged, so an editor open on one can still save)."""
    subject, noun, job_column = _RENAMED[model]
    cleaned = (name or "").strip()
    if not cleaned:
        raise ValidationError(f"{subject} needs a name.", field="name")
    with unit_of_work(sessions) as session:
        contact = get_by_id(session, model, contact_id, noun)
        contact.name = cleaned
        refresh_jobs_of_contact(session, **{job_column: contact_id})
        return info(contact)
