"""Contact details keep their E.164 / case-folded form: stored, searched, backfilled."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import select, text

from gojee_desktop.models import ContactDetail
from gojee_desktop.services import contacts, jobs
from gojee_desktop.services.capture.region import get_region, set_country
from gojee_desktop.services.contacts import CustomerInput
from gojee_desktop.services.errors import ValidationError
from gojee_desktop.services.job_query import search_jobs
from gojee_desktop.services.startup import open_app_database
from gojee_desktop.store.migrate import alembic_config


def test_phone_is_stored_with_its_e164_and_found_in_every_form(db):
    person, _ = contacts.create_customer(
        db.sessions, CustomerInput(person_name="Ann Smith", phone="0412 345 678", email="Ann@Example.com")
    )
    assert person is not None
    assert {(d.kind, d.value, d.normalized) for d in person.details} == {
        ("phone", "0412 345 678", "+61412345678"),
        ("email", "Ann@Example.com", "ann@example.com"),
    }
    again, _ = contacts.create_customer(
        db.sessions, CustomerInput(person_name="Ann Smith", phone="+61 412 345 678", email="ANN@example.com")
    )
    assert again is not None and len(again.details) == 2  # the same number and address, not added twice
    jobs.create_lead(db.sessions, jobs.NewJob(title="Rewire", person_id=person.id))
    for query in ("+61 412 345 678", "+61412345678", "0412345678", "0412 345 678"):
        assert [job.title for job in search_jobs(db.sessions, query)] == ["Rewire"], query


def test_the_business_country_decides_which_numbers_are_valid(db):
    assert get_region(db.sessions) == "AU"
    with pytest.raises(ValidationError, match="not a valid phone number in Australia"):
        contacts.create_customer(db.sessions, CustomerInput(person_name="Kiri", phone="09 379 1234"))
    assert set_country(db.sessions, "nz") == "NZ"
    person, _ = contacts.create_customer(db.sessions, CustomerInput(person_name="Kiri", phone="09 379 1234"))
    assert person is not None and person.details[0].normalized == "+6493791234"
    with pytest.raises(ValidationError, match="not a country code"):
        set_country(db.sessions, "Oz")


def test_upgrade_to_0008_fills_the_matching_form_of_existing_details(tmp_path: Path):
    database = open_app_database(f"sqlite:///{tmp_path / 'n.sqlite3'}")
    contacts.create_customer(
        database.sessions, CustomerInput(person_name="Ann", phone="(02) 9550 1234", email="Ann@X.com")
    )
    config = alembic_config(database.engine)
    command.downgrade(config, "0007")
    with database.engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO contact_details (person_id, kind, label, value, position)"
                " VALUES (1, 'phone', '', 'not a number', 9)"
            )
        )
    command.upgrade(config, "head")
    with database.sessions() as session:
        stored = {d.value: d.normalized for d in session.scalars(select(ContactDetail))}
    assert stored == {"(02) 9550 1234": "+61295501234", "Ann@X.com": "ann@x.com", "not a number": None}
    database.dispose()
