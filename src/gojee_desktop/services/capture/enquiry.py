"""Quick capture: a phone call's enquiry becomes a lead in one step (title, caller, phone,
email, source channel and a note, the lead's first internal note), in one transaction."""

from __future__ import annotations

from dataclasses import dataclass

from gojee_desktop.services import jobs
from gojee_desktop.services.contacts import CustomerInput
from gojee_desktop.services.dto import JobDetail
from gojee_desktop.services.errors import ValidationError
from gojee_desktop.store.database import SessionFactory

MAX_NOTE = 2000


@dataclass(frozen=True)
class Enquiry:
    title: str = ""
    name: str = ""
    phone: str = ""
    email: str = ""
    note: str = ""
    source_channel_id: int | None = None


def enquiry_title(enquiry: Enquiry) -> str:
    """The title typed, else "Enquiry from <caller>"."""
    caller = enquiry.name.strip() or enquiry.phone.strip() or enquiry.email.strip()
    return enquiry.title.strip() or (f"Enquiry from {caller}" if caller else "")


def capture_enquiry(sessions: SessionFactory, enquiry: Enquiry) -> JobDetail:
    """Create the lead, its caller and its note, or nothing."""
    note = enquiry.note.strip()
    if len(note) > MAX_NOTE:
        raise ValidationError(f"A note can be at most {MAX_NOTE} characters.", field="note")
    title = enquiry_title(enquiry)
    if not title:
        raise ValidationError("Give a title or the caller's name, phone or email.", field="title")
    customer = None
    if enquiry.name.strip() or enquiry.phone.strip() or enquiry.email.strip():
        customer = CustomerInput(person_name=enquiry.name, email=enquiry.email, phone=enquiry.phone)
    return jobs.create_lead(
        sessions,
        jobs.NewJob(title=title, customer=customer, source_channel_id=enquiry.source_channel_id, note=note),
    )
