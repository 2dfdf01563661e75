"""Customers: find-or-create by name, contact details, completion search."""

from __future__ import annotations

import pytest

from gojee_desktop.models import Person
from gojee_desktop.services import contacts
from gojee_desktop.services.contacts import CustomerInput
from gojee_desktop.services.errors import ValidationError


def test_create_customer_finds_existing_names_and_adds_new_details(db):
    person, org = contacts.create_customer(
        db.sessions,
        CustomerInput(person_name="Ann Smith", organization_name="Smith Builders", email="ann@x.com"),
    )
    assert person is not None and org is not None
    assert person.organization == "Smith Builders"
    again, _ = contacts.create_customer(
        db.sessions, CustomerInput(person_name="ANN SMITH", phone="+61 2 9999 0000")
    )
    assert again is not None and again.id == person.id
    assert [(d.kind, d.value) for d in again.details] == [
        ("email", "ann@x.com"),
        ("phone", "+61 2 9999 0000"),
    ]


@pytest.mark.parametrize(
    ("customer", "message"),
    [
        (CustomerInput(), "needs a person's name or an organisation's name"),
        (CustomerInput(person_name="A", email="a@b"), "not a valid email"),
        (CustomerInput(person_name="A", phone="12"), "not a valid phone"),
    ],
)
def test_bad_customers_are_refused(db, customer, message):
    with pytest.raises(ValidationError, match=message):
        contacts.create_customer(db.sessions, customer)
    assert contacts.search_people(db.sessions, "") == []


def test_several_emails_and_phones_and_notes_are_kept_once(db):
    """A business card's mobile and office; its job title and website as notes, added once
    however often the same card is saved."""
    card = CustomerInput(
        person_name="Zoe Mueller",
        email="zoe@example.com; ZOE@example.com",
        phone="0412 345 678; (02) 9550 1234",
        notes="Job title: Project Manager\nWebsite: www.example.com",
    )
    contacts.create_customer(db.sessions, card)
    contacts.create_customer(db.sessions, card)
    person = contacts.search_people(db.sessions, "zoe")[0]
    assert [(d.kind, d.value) for d in person.details] == [
        ("email", "zoe@example.com"),
        ("phone", "0412 345 678"),
        ("phone", "(02) 9550 1234"),
    ]
    with db.sessions() as session:
        assert session.get(Person, person.id).notes == card.notes  # type: ignore[union-attr]
    with pytest.raises(ValidationError, match="'12' is not a valid phone"):
        contacts.create_customer(db.sessions, CustomerInput(person_name="Bob", phone="0412 345 679; 12"))
    assert [p.name for p in contacts.search_people(db.sessions, "")] == ["Zoe Mueller"]  # nothing written


def test_search_for_completion(db):
    for name in ("Ann Smith", "Bob Smithers", "Carol Jones"):
        contacts.create_customer(db.sessions, CustomerInput(person_name=name))
    contacts.create_customer(db.sessions, CustomerInput(organization_name="Smith & Sons"))
    assert [p.name for p in contacts.search_people(db.sessions, "smith")] == ["Ann Smith", "Bob Smithers"]
    assert [o.name for o in contacts.search_organizations(db.sessions, "SMITH")] == ["Smith & Sons"]
    assert [p.name for p in contacts.search_people(db.sessions, "", limit=2)] == ["Ann Smith", "Bob Smithers"]
