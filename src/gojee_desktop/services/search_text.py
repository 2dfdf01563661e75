"""What full-text search sees of a job (its number, title, customer, contacts and site) and
its customer sort key; both are recomputed whenever a job's customer or their name changes."""

from __future__ import annotations

import re

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from gojee_desktop.models import ContactDetail, Job, Organization, Person
from gojee_desktop.models.jobs import jobs_table
from gojee_desktop.services.capture.phones import phone_search_words
from gojee_desktop.store.fulltext import fold
from gojee_desktop.store.sort_keys import customer_sort_key


def _details(session: Session, *, person_id: int | None, organization_id: int | None) -> list[str]:
    if person_id is None and organization_id is None:
        return []
    query = select(ContactDetail.kind, ContactDetail.value, ContactDetail.normalized)
    if person_id is not None and organization_id is not None:
        query = query.where(
            (ContactDetail.person_id == person_id) | (ContactDetail.organization_id == organization_id)
        )
    elif person_id is not None:
        query = query.where(ContactDetail.person_id == person_id)
    else:
        query = query.where(ContactDetail.organization_id == organization_id)
    words = []
    for kind, value, normalized in session.execute(query.order_by(ContactDetail.id)):
        words.append(value)
        if kind == "phone":
            digits = re.sub(r"\D", "", value)
            words.append(digits)  # "0412 345 678" also found as 0412345678
            if normalized:  # ... and as +61 412 345 678
                words.extend(word for word in phone_search_words(normalized) if word != digits)
    return words


def compose(
    number: str,
    title: str,
    person: str | None,
    organization: str | None,
    site_address: str,
    details: list[str],
) -> str:
    """Join the searchable parts; the number also appears without its prefix (J-000042 -> 42)."""
    digits = number.split("-")[-1].lstrip("0")
    parts = [number, digits, title, person or "", organization or "", site_address, *details]
    return fold(" ".join(part for part in parts if part))


def refresh_search_text(session: Session, job: Job) -> None:
    """Recompute one job's search text and customer sort key from its current fields."""
    session.flush()
    person = session.get(Person, job.person_id) if job.person_id else None
    organization = session.get(Organization, job.organization_id) if job.organization_id else None
    text = compose(
        job.number,
        job.title,
        person.name if person else None,
        organization.name if organization else None,
        job.site_address,
        _details(session, person_id=job.person_id, organization_id=job.organization_id),
    )
    if text != job.search_text:
        job.search_text = text
    key = customer_sort_key(person.name if person else None, organization.name if organization else None)
    if key != job.customer_sort:
        job.customer_sort = key


def refresh_jobs_of_contact(
    session: Session, *, person_id: int | None = None, organization_id: int | None = None
) -> int:
    """After a customer's name or details change, recompute the search text and the customer
    sort key of every job of theirs.

    A plain UPDATE (not through the ORM) so the jobs' versions do not change: an editor open on
    one of those jobs can still save."""
    query = select(Job.id, Job.number, Job.title, Job.person_id, Job.organization_id, Job.site_address)
    if person_id is not None:
        query = query.where(Job.person_id == person_id)
    if organization_id is not None:
        query = query.where(Job.organization_id == organization_id)
    session.flush()
    count = 0
    for job_id, number, title, p_id, o_id, site in session.execute(query).all():
        person = session.get(Person, p_id) if p_id else None
        organization = session.get(Organization, o_id) if o_id else None
        text = compose(
            number,
            title,
            person.name if person else None,
            organization.name if organization else None,
            site,
            _details(session, person_id=p_id, organization_id=o_id),
        )
        key = customer_sort_key(person.name if person else None, organization.name if organization else None)
        session.execute(
            update(jobs_table())
            .where(jobs_table().c.id == job_id)
            .values(search_text=text, customer_sort=key)
        )
        count += 1
    return count
