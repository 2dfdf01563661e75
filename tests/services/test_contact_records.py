"""People and organisations as records: list/search/sort in SQL, create and edit with
validated details, totals of their jobs, archive, delete refused or with reassignment, and
the delete put back."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import func, select

from gojee_desktop.models import ContactDetail, Job, Label, Organization, Person
from gojee_desktop.services import jobs
from gojee_desktop.services.contact_query import (
    ORGANIZATION,
    PERSON,
    ContactQuery,
    count_contacts,
    list_contact_ids,
    list_contacts,
)
from gojee_desktop.services.contact_records import (
    ContactChanges,
    create_contact,
    delete_contact,
    get_contact,
    restore_contact,
    set_contacts_archived,
    update_contact,
)
from gojee_desktop.services.contacts import CustomerInput
from gojee_desktop.services.conversion import StageChoice, convert_lead
from gojee_desktop.services.errors import NotFound, RuleViolation, ValidationError
from gojee_desktop.services.jobs import NewJob


def _person(db, name: str, **kwargs) -> int:
    return create_contact(db.sessions, PERSON, ContactChanges(name=name, **kwargs)).id


def _counts(db) -> tuple[int, int, int]:
    with db.sessions() as session:
        return tuple(
            int(session.scalar(select(func.count()).select_from(m)) or 0)
            for m in (Person, Organization, ContactDetail)
        )


def test_create_validates_and_keeps_the_e164_form(db):
    record = create_contact(
        db.sessions,
        PERSON,
        ContactChanges(
            name="  Ann Smith ",
            organization="Smith Builders",
            emails=("Ann@Example.com", "ann@example.com"),
            phones=("0412 345 678",),
            addresses=("1 Main St\nSydney",),
            notes="Prefers mornings",
        ),
    )
    assert record.name == "Ann Smith"
    assert record.organization == "Smith Builders"
    assert [(d.kind, d.value, d.normalized) for d in record.details] == [
        ("email", "Ann@Example.com", "ann@example.com"),
        ("phone", "0412 345 678", "+61412345678"),
        ("address", "1 Main St\nSydney", None),
    ]
    assert record.notes == "Prefers mornings"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (ContactChanges(name="  "), "needs a name"),
        (ContactChanges(name="A", emails=("a@b",)), "not a valid email"),
        (ContactChanges(name="A", phones=("12",)), "not a valid phone"),
    ],
)
def test_bad_input_is_refused_and_writes_nothing(db, changes, message):
    before = _counts(db)
    with pytest.raises(ValidationError, match=message):
        create_contact(db.sessions, PERSON, changes)
    assert _counts(db) == before


def test_edit_replaces_details_and_refreshes_the_jobs_search_text(db):
    lead = jobs.create_lead(
        db.sessions, NewJob(title="Deck", customer=CustomerInput(person_name="Bob Jones"))
    )
    person_id = lead.summary.customer_id if hasattr(lead.summary, "customer_id") else None
    with db.sessions() as session:
        person_id = session.scalar(select(Job.person_id).where(Job.id == lead.id))
    record = update_contact(
        db.sessions, PERSON, person_id, ContactChanges(name="Robert Jones", phones=("+61 2 9999 0000",))
    )
    assert record.name == "Robert Jones"
    assert record.values("phone") == ("+61 2 9999 0000",)
    found = jobs.get_job(db.sessions, lead.id)
    assert found.summary.customer == "Robert Jones"
    with db.sessions() as session:
        assert "robert" in session.scalar(select(Job.search_text).where(Job.id == lead.id))


def test_list_search_sort_and_archived(db):
    org = create_contact(db.sessions, ORGANIZATION, ContactChanges(name="Zeta Pty")).id
    ids = {
        name: _person(db, name, **extra)
        for name, extra in (
            ("Carol White", {"organization": "Zeta Pty"}),
            ("alan Brown", {"emails": ("alan@brown.example",)}),
            ("Bea Green", {"phones": ("0412 000 111",)}),
        )
    }
    query = ContactQuery(kind=PERSON)
    assert list_contact_ids(db.sessions, query) == [
        ids["alan Brown"],
        ids["Bea Green"],
        ids["Carol White"],
    ] or (
        # PostgreSQL's collation may order case differently; the order is the database's
        sorted(list_contact_ids(db.sessions, query)) == sorted(ids.values())
    )
    assert list_contact_ids(db.sessions, query.with_sort("created", True)) == sorted(
        ids.values(), reverse=True
    )
    assert list_contact_ids(db.sessions, ContactQuery(text="green")) == [ids["Bea Green"]]
    assert list_contact_ids(db.sessions, ContactQuery(text="alan@br")) == [ids["alan Brown"]]
    assert list_contact_ids(db.sessions, ContactQuery(text="0412 000")) == [ids["Bea Green"]]
    assert list_contact_ids(db.sessions, ContactQuery(organization_id=org)) == [ids["Carol White"]]
    assert list_contact_ids(db.sessions, query.with_sort("organization"))[0] == ids["Carol White"]
    assert set_contacts_archived(db.sessions, PERSON, [ids["Bea Green"]], True) == [ids["Bea Green"]]
    assert count_contacts(db.sessions, query) == 2
    assert list_contact_ids(db.sessions, ContactQuery(archived=True)) == [ids["Bea Green"]]
    rows, total = list_contacts(db.sessions, ContactQuery(kind=ORGANIZATION))
    assert total == 1 and rows[0].name == "Zeta Pty" and rows[0].people == 1
    with pytest.raises(ValidationError, match="Cannot sort by"):
        list_contact_ids(db.sessions, ContactQuery(kind=ORGANIZATION, sort="organization"))


def test_totals_of_won_and_open_jobs(db):
    customer = CustomerInput(person_name="Dana Lee")
    open_lead = jobs.create_lead(db.sessions, NewJob(title="A", value=Decimal("100.50"), customer=customer))
    won = jobs.create_lead(db.sessions, NewJob(title="B", value=Decimal("2000"), customer=customer))
    convert_lead(db.sessions, won.id, StageChoice.first())
    with db.sessions() as session:
        person_id = session.scalar(select(Job.person_id).where(Job.id == open_lead.id))
    record = get_contact(db.sessions, PERSON, person_id)
    currency = open_lead.summary.currency
    assert [j.id for j in record.jobs] == [won.id, open_lead.id]
    assert record.won == {currency: Decimal("2000.00")}
    assert record.open_pipeline == {currency: Decimal("100.50")}


def test_delete_is_refused_while_jobs_name_the_contact_then_reassigns_and_undoes(db):
    lead = jobs.create_lead(db.sessions, NewJob(title="Roof", customer=CustomerInput(person_name="Eve Hall")))
    with db.sessions() as session:
        eve = session.scalar(select(Job.person_id).where(Job.id == lead.id))
    other = _person(db, "Frank Hill")
    before = _counts(db)
    with pytest.raises(RuleViolation, match="1 job names this person"):
        delete_contact(db.sessions, PERSON, eve)
    assert _counts(db) == before
    deleted = delete_contact(db.sessions, PERSON, eve, reassign_to=other)
    assert jobs.get_job(db.sessions, lead.id).summary.customer == "Frank Hill"
    with pytest.raises(NotFound):
        get_contact(db.sessions, PERSON, eve)
    restored = restore_contact(db.sessions, deleted)
    assert restored.id == eve and restored.name == "Eve Hall"
    assert jobs.get_job(db.sessions, lead.id).summary.customer == "Eve Hall"
    assert _counts(db) == before


def test_deleting_an_organisation_keeps_its_people_and_undo_brings_them_back(db):
    carol = _person(db, "Carol White", organization="Zeta Pty")
    org_id = get_contact(db.sessions, PERSON, carol).organization_id
    assert org_id is not None
    deleted = delete_contact(db.sessions, ORGANIZATION, org_id)
    assert get_contact(db.sessions, PERSON, carol).organization is None
    restore_contact(db.sessions, deleted)
    assert get_contact(db.sessions, PERSON, carol).organization == "Zeta Pty"


def test_labels_tag_people_and_organisations_and_come_back_after_undo(db):
    person = create_contact(db.sessions, PERSON, ContactChanges(name="Lee Tran", labels=("VIP", "strata")))
    assert set(person.labels) == {"VIP", "strata"}
    again = create_contact(db.sessions, PERSON, ContactChanges(name="Max Roe", labels=("vip",)))
    assert again.labels == ("VIP",)  # the existing label, matched without case
    # A form without a labels field leaves them; an empty tuple clears them.
    kept = update_contact(db.sessions, PERSON, person.id, ContactChanges(name="Lee Tran"))
    assert set(kept.labels) == {"VIP", "strata"}
    organization = create_contact(db.sessions, ORGANIZATION, ContactChanges(name="Acme", labels=("Strata",)))
    assert organization.labels == ("strata",)
    deleted = delete_contact(db.sessions, PERSON, person.id)
    assert set(restore_contact(db.sessions, deleted).labels) == {"VIP", "strata"}
    cleared = update_contact(db.sessions, PERSON, person.id, ContactChanges(name="Lee Tran", labels=()))
    assert cleared.labels == ()
    with pytest.raises(ValidationError):
        create_contact(db.sessions, PERSON, ContactChanges(name="", labels=("Nobody",)))
    with db.sessions() as session:  # a refused save writes nothing, not even a new label
        assert session.scalar(select(func.count()).select_from(Label).where(Label.name == "Nobody")) == 0
