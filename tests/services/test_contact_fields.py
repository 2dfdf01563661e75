"""Custom fields of people and organisations: what a field applies to, values checked by the
job editor's rules and stored canonically, cleared, kept apart from jobs' fields, refused
with nothing written, and back after an undone delete (SQLite and PostgreSQL)."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from gojee_desktop.models import CustomFieldValue, OrganizationCustomValue, PersonCustomValue
from gojee_desktop.services import catalog, jobs
from gojee_desktop.services.contact_fields import parse_assignments
from gojee_desktop.services.contact_query import ORGANIZATION, PERSON
from gojee_desktop.services.contact_records import (
    ContactChanges,
    changes_of,
    create_contact,
    delete_contact,
    get_contact,
    restore_contact,
    update_contact,
)
from gojee_desktop.services.errors import RuleViolation, ValidationError


def _count(db, model) -> int:
    with db.sessions() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


@pytest.fixture
def fields(db):
    """Two fields of people, one of organisations, one of jobs."""
    return {
        "birthday": catalog.add_custom_field(db.sessions, "Birthday", "date", applies_to=PERSON),
        "tier": catalog.add_custom_field(
            db.sessions, "Tier", "choice", ["Gold", "Silver"], applies_to=PERSON
        ),
        "abn": catalog.add_custom_field(db.sessions, "ABN", "text", applies_to=ORGANIZATION),
        "pitch": catalog.add_custom_field(db.sessions, "Roof pitch", "number"),
    }


def test_fields_are_listed_per_owner_and_jobs_is_the_default(db, fields):
    assert [f.name for f in catalog.list_custom_fields(db.sessions)] == ["Roof pitch"]
    assert [f.name for f in catalog.list_custom_fields(db.sessions, PERSON)] == ["Birthday", "Tier"]
    assert [f.name for f in catalog.list_custom_fields(db.sessions, ORGANIZATION)] == ["ABN"]
    assert len(catalog.list_custom_fields(db.sessions, None)) == 4
    assert fields["abn"].applies_to == ORGANIZATION
    with pytest.raises(ValidationError, match="applies to one of"):
        catalog.add_custom_field(db.sessions, "Shoe size", "number", applies_to="quote")
    assert len(catalog.list_custom_fields(db.sessions, None)) == 4


def test_values_are_canonical_replaced_and_cleared(db, fields):
    birthday, tier = fields["birthday"].id, fields["tier"].id
    person = create_contact(
        db.sessions,
        PERSON,
        ContactChanges(name="Ann Smith", custom_fields={birthday: " 1980-02-29 ", tier: "gold"}),
    )
    assert person.custom_fields == {birthday: "1980-02-29", tier: "Gold"}
    assert get_contact(db.sessions, PERSON, person.id).custom_fields == person.custom_fields
    # None leaves the values alone (a form without custom fields).
    kept = update_contact(db.sessions, PERSON, person.id, ContactChanges(name="Ann Jones"))
    assert kept.custom_fields == person.custom_fields
    # A mapping is the whole set: a field left out, or given empty, is cleared.
    edited = update_contact(
        db.sessions,
        PERSON,
        person.id,
        ContactChanges(name="Ann Jones", custom_fields={tier: "Silver", birthday: ""}),
    )
    assert edited.custom_fields == {tier: "Silver"}
    assert _count(db, PersonCustomValue) == 1
    cleared = update_contact(
        db.sessions, PERSON, person.id, ContactChanges(name="Ann Jones", custom_fields={})
    )
    assert cleared.custom_fields == {}
    assert _count(db, PersonCustomValue) == 0


@pytest.mark.parametrize(
    ("which", "raw", "message"),
    [
        ("birthday", "31/02/1980", "Birthday: '31/02/1980' is not a date"),
        ("tier", "Bronze", "Tier: 'Bronze' is not one of Gold, Silver"),
        ("abn", "x", "no custom field of people"),  # an organisation's field on a person
        ("pitch", "12", "no custom field of people"),  # a job's field on a person
    ],
)
def test_a_bad_value_or_foreign_field_writes_nothing(db, fields, which, raw, message):
    person = create_contact(
        db.sessions, PERSON, ContactChanges(name="Lee Tran", custom_fields={fields["tier"].id: "Gold"})
    )
    with pytest.raises(ValidationError, match=message):
        update_contact(
            db.sessions,
            PERSON,
            person.id,
            ContactChanges(name="Lee Renamed", custom_fields={fields[which].id: raw}),
        )
    after = get_contact(db.sessions, PERSON, person.id)
    assert (after.name, after.custom_fields) == ("Lee Tran", {fields["tier"].id: "Gold"})
    with pytest.raises(ValidationError):
        create_contact(
            db.sessions, PERSON, ContactChanges(name="New One", custom_fields={fields[which].id: raw})
        )
    assert _count(db, PersonCustomValue) == 1


def test_organisations_keep_their_own_values_and_jobs_refuse_contact_fields(db, fields):
    organization = create_contact(
        db.sessions,
        ORGANIZATION,
        ContactChanges(name="Acme", custom_fields={fields["abn"].id: "51 824 753 556"}),
    )
    assert organization.custom_fields == {fields["abn"].id: "51 824 753 556"}
    assert (_count(db, OrganizationCustomValue), _count(db, PersonCustomValue)) == (1, 0)
    with pytest.raises(Exception, match="no custom field of jobs"):
        jobs.create_lead(db.sessions, jobs.NewJob(title="Deck", custom_fields={fields["abn"].id: "1"}))
    assert _count(db, CustomFieldValue) == 0


def test_undo_of_an_edit_and_of_a_delete_brings_the_values_back(db, fields):
    tier = fields["tier"].id
    person = create_contact(db.sessions, PERSON, ContactChanges(name="Kai Khan"))
    before = get_contact(db.sessions, PERSON, person.id)
    update_contact(
        db.sessions, PERSON, person.id, ContactChanges(name="Kai Khan", custom_fields={tier: "Gold"})
    )
    undone = update_contact(db.sessions, PERSON, person.id, changes_of(before))  # what undo does
    assert undone.custom_fields == {}
    update_contact(
        db.sessions, PERSON, person.id, ContactChanges(name="Kai Khan", custom_fields={tier: "Gold"})
    )
    deleted = delete_contact(db.sessions, PERSON, person.id)
    assert _count(db, PersonCustomValue) == 0
    assert restore_contact(db.sessions, deleted).custom_fields == {tier: "Gold"}
    # A field deleted meanwhile stays deleted.
    deleted = delete_contact(db.sessions, PERSON, person.id)
    catalog.delete_custom_field(db.sessions, tier)
    assert restore_contact(db.sessions, deleted).custom_fields == {}


def test_a_field_moves_to_another_owner_only_while_nobody_holds_a_value(db, fields):
    abn = fields["abn"].id
    moved = catalog.update_custom_field(db.sessions, abn, "ABN", applies_to=PERSON)
    assert moved.applies_to == PERSON
    create_contact(db.sessions, PERSON, ContactChanges(name="Sole Trader", custom_fields={abn: "1"}))
    with pytest.raises(RuleViolation, match="holds values on 1 record"):
        catalog.update_custom_field(db.sessions, abn, "ABN (renamed)", applies_to=ORGANIZATION)
    assert [f.name for f in catalog.list_custom_fields(db.sessions, PERSON)][-1] == "ABN"
    assert catalog.custom_field_value_count(db.sessions, abn) == 1


def test_name_value_assignments_are_checked(db, fields):
    assert parse_assignments(db.sessions, PERSON, ["tier=Gold", "BIRTHDAY=1980-01-02"]) == {
        fields["tier"].id: "Gold",
        fields["birthday"].id: "1980-01-02",
    }
    with pytest.raises(
        ValidationError, match=re.escape("no custom field 'ABN' for people (fields: Birthday, Tier)")
    ):
        parse_assignments(db.sessions, PERSON, ["ABN=1"])
    with pytest.raises(ValidationError, match="is not NAME=VALUE"):
        parse_assignments(db.sessions, PERSON, ["Tier"])
    with pytest.raises(ValidationError, match="Tier: 'Bronze'"):
        parse_assignments(db.sessions, PERSON, ["Tier=Bronze"])


def test_a_merge_keeps_the_survivors_values_and_takes_the_others_and_undo_splits_them(db, fields):
    from gojee_desktop.services.capture.merge import PEOPLE, merge, unmerge

    birthday, tier = fields["birthday"].id, fields["tier"].id
    keep = create_contact(db.sessions, PERSON, ContactChanges(name="Ann Smith", custom_fields={tier: "Gold"}))
    gone = create_contact(
        db.sessions,
        PERSON,
        ContactChanges(name="Anne Smith", custom_fields={tier: "Silver", birthday: "1980-01-02"}),
    )
    result = merge(db.sessions, PEOPLE, keep.id, gone.id)
    assert get_contact(db.sessions, PERSON, keep.id).custom_fields == {tier: "Gold", birthday: "1980-01-02"}
    unmerge(db.sessions, result.undo)
    assert get_contact(db.sessions, PERSON, keep.id).custom_fields == {tier: "Gold"}
    assert get_contact(db.sessions, PERSON, gone.id).custom_fields == {tier: "Silver", birthday: "1980-01-02"}
