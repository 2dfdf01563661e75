"""Listing people and organisations by label: every label given must be on the record, in
SQL, on SQLite and PostgreSQL, with the count agreeing."""

from __future__ import annotations

from gojee_desktop.services.contact_query import (
    ORGANIZATION,
    PERSON,
    ContactQuery,
    count_contacts,
    label_ids,
    list_contact_ids,
)
from gojee_desktop.services.contact_records import ContactChanges, create_contact


def test_every_label_given_must_be_on_the_record(db):
    made = {
        name: create_contact(db.sessions, PERSON, ContactChanges(name=name, labels=labels)).id
        for name, labels in (("Ann", ("VIP", "Strata")), ("Bob", ("VIP",)), ("Cat", ("Strata",)), ("Dee", ()))
    }
    acme = create_contact(db.sessions, ORGANIZATION, ContactChanges(name="Acme", labels=("Strata",))).id
    vip, strata = label_ids(db.sessions, ["vip", "STRATA"])

    def people(*ids: int) -> list[int]:
        query = ContactQuery(kind=PERSON, label_ids=ids)
        found = list_contact_ids(db.sessions, query)
        assert count_contacts(db.sessions, query) == len(found)
        return found

    assert people(vip) == [made["Ann"], made["Bob"]]
    assert people(strata) == [made["Ann"], made["Cat"]]
    assert people(vip, strata) == [made["Ann"]]
    assert people(vip, vip) == [made["Ann"], made["Bob"]]
    assert len(people()) == 4
    organizations = ContactQuery(kind=ORGANIZATION, label_ids=(strata,))
    assert list_contact_ids(db.sessions, organizations) == [acme]
    assert list_contact_ids(db.sessions, ContactQuery(kind=ORGANIZATION, label_ids=(vip,))) == []
