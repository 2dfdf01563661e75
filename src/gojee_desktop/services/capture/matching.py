"""Is this person already here? The duplicate rules (same email, same phone in E.164, close
name + organisation) asked of the database for one record, for manual creation, card scans
and quick capture: a few indexed queries, then the matcher on the candidates they found."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import ColumnElement, func, or_, select

from gojee_desktop.models import ContactDetail, Organization, Person
from gojee_desktop.services.capture import emails, phones
from gojee_desktop.services.capture.duplicates import ContactKey, DuplicateIndex
from gojee_desktop.services.capture.region import business_region
from gojee_desktop.services.uow import read_only
from gojee_desktop.store.database import SessionFactory


@dataclass(frozen=True)
class ExistingMatch:
    """A person who may be the one being entered, and why."""

    person_id: int
    name: str
    organization: str
    reason: str


def find_person_matches(
    sessions: SessionFactory,
    name: str,
    organization: str = "",
    email_list: Sequence[str] = (),
    phone_list: Sequence[str] = (),
    limit: int = 5,
) -> list[ExistingMatch]:
    """People an entry duplicates, best first (an empty list when none)."""
    with read_only(sessions) as session:
        region = business_region(session)
        email_keys = [emails.email_key(e) for e in email_list if e.strip()]
        phone_keys = [p for p in (phones.e164_or_none(text, region) for text in phone_list) if p]
        conditions: list[ColumnElement[bool]] = []
        if email_keys or phone_keys:
            detail_owner = select(ContactDetail.person_id).where(
                ContactDetail.person_id.is_not(None),
                or_(
                    (ContactDetail.kind == "email") & ContactDetail.normalized.in_(email_keys or [""]),
                    (ContactDetail.kind == "phone") & ContactDetail.normalized.in_(phone_keys or [""]),
                ),
            )
            conditions.append(Person.id.in_(detail_owner))
        if name.strip():
            conditions.append(func.lower(Person.name) == name.strip().lower())
        if organization.strip():
            conditions.append(func.lower(Organization.name) == organization.strip().lower())
            first = name.strip().split()[0].lower() if name.strip() else ""
            if first:
                conditions.append(func.lower(Person.name).like(f"{first}%"))
        if not conditions:
            return []
        rows = session.execute(
            select(Person.id, Person.name, Organization.name)
            .outerjoin(Organization, Person.organization_id == Organization.id)
            .where(or_(*conditions))
            .limit(500)
        ).all()
        ids = [row[0] for row in rows]
        details: dict[int, tuple[list[str], list[str]]] = {i: ([], []) for i in ids}
        if ids:
            for person_id, kind, normalized in session.execute(
                select(ContactDetail.person_id, ContactDetail.kind, ContactDetail.normalized).where(
                    ContactDetail.person_id.in_(ids), ContactDetail.normalized.is_not(None)
                )
            ):
                details[person_id][0 if kind == "email" else 1].append(normalized)
    matches: list[ExistingMatch] = []
    key = ContactKey(name, organization, tuple(email_keys), tuple(phone_keys))
    for person_id, person_name, org_name in rows:
        index = DuplicateIndex()
        found_emails, found_phones = details[person_id]
        index.add(
            person_id, ContactKey(person_name, org_name or "", tuple(found_emails), tuple(found_phones))
        )
        match = index.find(key)
        if match is not None:
            matches.append(ExistingMatch(person_id, person_name, org_name or "", match.reason))
    return matches[:limit]
