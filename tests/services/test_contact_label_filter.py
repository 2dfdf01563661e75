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


def test_both_ways_of_reading_labels_give_the_same_rows(db, monkeypatch):
    """A small label is read first, a big one looked up per record in name order: the rows,
    their order and the count are the same either way."""
    from gojee_desktop.services import contact_query

    for number in range(12):
        labels = ("Big",) + (("Small",) if number % 4 == 0 else ())
        create_contact(db.sessions, PERSON, ContactChanges(name=f"Person {11 - number:02d}", labels=labels))
    big, small = label_ids(db.sessions, ["Big", "Small"])
    query = ContactQuery(kind=PERSON, label_ids=(big, small), descending=True)
    with db.sessions() as session:
        assert contact_query.label_to_read_first(session, query) == small
        assert contact_query.label_to_read_first(session, ContactQuery(kind=PERSON, label_ids=(big,))) == big
    read_first = list_contact_ids(db.sessions, query)
    assert len(read_first) == 3 and count_contacts(db.sessions, query) == 3
    monkeypatch.setattr(contact_query, "LABEL_READ_FIRST", 1)  # every label is "big" now
    with db.sessions() as session:
        assert contact_query.label_to_read_first(session, query) is None
        counted_first = contact_query.label_to_read_first(session, query, for_count=True)
        assert counted_first is None if db.dialect == "postgresql" else counted_first in (big, small)
    assert list_contact_ids(db.sessions, query) == read_first
    assert list(contact_query.contact_id_array(db.sessions, query)) == read_first
    assert count_contacts(db.sessions, query) == 3
