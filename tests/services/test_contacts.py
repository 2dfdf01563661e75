"""Customers: find-or-create by name, contact details, completion search."""

from __future__ import annotations

import pytest

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


def test_search_for_completion(db):
    for name in ("Ann Smith", "Bob Smithers", "Carol Jones"):
        contacts.create_customer(db.sessions, CustomerInput(person_name=name))
    contacts.create_customer(db.sessions, CustomerInput(organization_name="Smith & Sons"))
    assert [p.name for p in contacts.search_people(db.sessions, "smith")] == ["Ann Smith", "Bob Smithers"]
    assert [o.name for o in contacts.search_organizations(db.sessions, "SMITH")] == ["Smith & Sons"]
    assert [p.name for p in contacts.search_people(db.sessions, "", limit=2)] == ["Ann Smith", "Bob Smithers"]
