"""People and organisations are found through a full-text index over their names (revision
0013): every typed word is a word prefix, and the index follows every insert, rename and
delete, on SQLite and PostgreSQL alike."""

from __future__ import annotations

from sqlalchemy import text

from gojee_desktop.services.contact_query import ORGANIZATION, PERSON, ContactQuery, list_contact_ids
from gojee_desktop.services.contact_records import (
    ContactChanges,
    create_contact,
    delete_contact,
    update_contact,
)
from gojee_desktop.services.contact_records import get_contact as read_contact


def _names(db, kind: str, typed: str) -> list[str]:
    ids = list_contact_ids(db.sessions, ContactQuery(kind=kind, text=typed))
    return [read_contact(db.sessions, kind, i).name for i in ids]


def test_every_word_is_a_word_prefix_of_the_name(db):
    for name in ("John Smith", "Joanna Smithers", "Ann Goldsmith", "Sam O'Connor"):
        create_contact(db.sessions, PERSON, ContactChanges(name=name))
    assert _names(db, PERSON, "smi") == ["Joanna Smithers", "John Smith"]
    assert _names(db, PERSON, "smith jo") == ["Joanna Smithers", "John Smith"]
    assert _names(db, PERSON, "smith john") == ["John Smith"]
    assert _names(db, PERSON, "o'connor") == ["Sam O'Connor"]
    assert _names(db, PERSON, "SAM") == ["Sam O'Connor"]
    assert _names(db, PERSON, "mith") == []  # not a word prefix
    assert _names(db, PERSON, "smith zz") == []
    assert _names(db, PERSON, "%_") == []  # no words: nothing, and no error


def test_the_index_follows_renames_and_deletes(db):
    person = create_contact(db.sessions, PERSON, ContactChanges(name="Kai Khan"))
    organization = create_contact(db.sessions, ORGANIZATION, ContactChanges(name="Harbour Strata"))
    assert _names(db, PERSON, "kha") == ["Kai Khan"]
    assert _names(db, ORGANIZATION, "harb str") == ["Harbour Strata"]
    update_contact(db.sessions, PERSON, person.id, ContactChanges(name="Kai Nguyen"))
    update_contact(db.sessions, ORGANIZATION, organization.id, ContactChanges(name="Bayside Motors"))
    assert _names(db, PERSON, "kha") == []
    assert _names(db, PERSON, "nguy") == ["Kai Nguyen"]
    assert _names(db, ORGANIZATION, "harb") == []
    assert _names(db, ORGANIZATION, "bay mot") == ["Bayside Motors"]
    delete_contact(db.sessions, PERSON, person.id)
    assert _names(db, PERSON, "kai") == []


def test_an_email_or_phone_still_finds_the_person(db):
    create_contact(
        db.sessions,
        PERSON,
        ContactChanges(name="Ella Hall", emails=("ella.h@example.com",), phones=("0412 345 678",)),
    )
    assert _names(db, PERSON, "ella.h@ex") == ["Ella Hall"]
    assert _names(db, PERSON, "0412 345") == ["Ella Hall"]


def test_accents_are_ignored_on_sqlite(sqlite_db):
    create_contact(sqlite_db.sessions, PERSON, ContactChanges(name="Zoë Müller"))
    assert _names(sqlite_db, PERSON, "zoe mull") == ["Zoë Müller"]
    assert _names(sqlite_db, PERSON, "müll") == ["Zoë Müller"]


def test_the_search_reads_the_index_not_every_name(sqlite_db):
    create_contact(sqlite_db.sessions, PERSON, ContactChanges(name="Grace Lee"))
    with sqlite_db.engine.connect() as connection:
        indexed = connection.execute(text("SELECT rowid FROM person_fts WHERE person_fts MATCH 'gra*'")).all()
        integrity = connection.exec_driver_sql(
            "INSERT INTO person_fts(person_fts, rank) VALUES ('integrity-check', 1)"
        )
        integrity.close()
    assert len(indexed) == 1
