"""Merging people and organisations: jobs, details and people move; undo splits them again."""

from __future__ import annotations

import pytest

from gojee_desktop.services import contacts, jobs
from gojee_desktop.services.capture.merge import GONE, ORGANIZATIONS, PEOPLE, merge, unmerge
from gojee_desktop.services.contacts import CustomerInput
from gojee_desktop.services.errors import NotFound, ValidationError
from gojee_desktop.services.job_query import search_jobs


def _person(db, name, **details):
    person, _org = contacts.create_customer(db.sessions, CustomerInput(person_name=name, **details))
    assert person is not None
    return person


def test_people_merge_field_by_field_and_undo_splits_them(db):
    keep = _person(db, "Ann Smith", email="ann@example.com", phone="0412 345 678")
    gone = _person(
        db, "Anne Smith", organization_name="Smith Builders", email="ANN@example.com", phone="0499 111 222"
    )
    lead = jobs.create_lead(db.sessions, jobs.NewJob(title="Deck", person_id=gone.id))
    other = jobs.create_lead(db.sessions, jobs.NewJob(title="Fence", person_id=keep.id))

    result = merge(db.sessions, PEOPLE, keep.id, gone.id, organization_from=GONE)
    assert (result.name, result.moved_jobs) == ("Ann Smith", 1)
    merged = contacts.search_people(db.sessions, "smith")
    assert [(p.id, p.name, p.organization) for p in merged] == [(keep.id, "Ann Smith", "Smith Builders")]
    assert sorted(d.value for d in merged[0].details) == ["0412 345 678", "0499 111 222", "ann@example.com"]
    detail = jobs.get_job(db.sessions, lead.id)
    assert detail.summary.customer == "Ann Smith"
    assert (detail.history[-1].field, detail.history[-1].old_value) == ("customer", "Anne Smith")
    assert sorted(j.title for j in search_jobs(db.sessions, "0499111222")) == [
        "Deck",
        "Fence",
    ]  # one customer now

    unmerge(db.sessions, result.undo)
    people = {p.id: p for p in contacts.search_people(db.sessions, "smith")}
    assert people[gone.id].name == "Anne Smith" and people[gone.id].organization == "Smith Builders"
    assert sorted(d.value for d in people[gone.id].details) == ["0499 111 222", "ANN@example.com"]
    assert people[keep.id].organization is None
    assert sorted(d.value for d in people[keep.id].details) == ["0412 345 678", "ann@example.com"]
    assert jobs.get_job(db.sessions, lead.id).summary.customer == "Anne Smith"
    assert jobs.get_job(db.sessions, other.id).summary.customer == "Ann Smith"


def test_organisations_merge_with_their_people(db):
    _p, first = contacts.create_customer(
        db.sessions, CustomerInput(person_name="Bo", organization_name="Harbour Electrical")
    )
    _q, second = contacts.create_customer(
        db.sessions, CustomerInput(person_name="Cy", organization_name="Harbour Electrical Pty Ltd")
    )
    assert first is not None and second is not None
    jobs.create_lead(db.sessions, jobs.NewJob(title="Switchboard", organization_id=second.id))
    result = merge(db.sessions, ORGANIZATIONS, first.id, second.id, name_from=GONE)
    assert (result.name, result.moved_jobs, result.moved_people) == ("Harbour Electrical Pty Ltd", 1, 1)
    assert [o.name for o in contacts.search_organizations(db.sessions, "harbour")] == [
        "Harbour Electrical Pty Ltd"
    ]
    assert {p.organization for p in contacts.search_people(db.sessions, "")} == {"Harbour Electrical Pty Ltd"}
    unmerge(db.sessions, result.undo)
    assert sorted(o.name for o in contacts.search_organizations(db.sessions, "harbour")) == [
        "Harbour Electrical",
        "Harbour Electrical Pty Ltd",
    ]


def test_bad_merges_are_refused(db):
    ann = _person(db, "Ann")
    with pytest.raises(ValidationError, match="two different"):
        merge(db.sessions, PEOPLE, ann.id, ann.id)
    with pytest.raises(NotFound):
        merge(db.sessions, PEOPLE, ann.id, 999)


def test_gojee_merge(gojee_cli, db):
    gojee, _db = gojee_cli
    keep, gone = _person(db, "Ann", phone="0412 345 678"), _person(db, "Ann S", phone="+61 412 345 678")
    result = gojee.json("merge", "people", str(keep.id), str(gone.id))
    assert (result["kept"], result["removed"], result["moved_details"]) == (keep.id, gone.id, 0)
    code, _out, err = gojee("merge", "people", str(keep.id), str(gone.id))
    assert code == 1 and "no person" in err.lower()


def test_merge_keeps_the_gone_persons_notes_and_activities_and_undo_returns_them(db):
    from datetime import date

    from sqlalchemy import select, update

    from gojee_desktop.models import Activity, Person

    keep, gone = _person(db, "Ann Smith"), _person(db, "Anne Smith")
    lead = jobs.create_lead(db.sessions, jobs.NewJob(title="Deck", person_id=keep.id))
    with db.sessions.begin() as session:
        session.execute(update(Person).where(Person.id == keep.id).values(notes="Prefers email"))
        session.execute(update(Person).where(Person.id == gone.id).values(notes="Gate code 1234"))
        session.add(
            Activity(
                job_id=lead.id, kind="call", subject="Call Anne", due_date=date(2026, 1, 5), person_id=gone.id
            )
        )

    result = merge(db.sessions, PEOPLE, keep.id, gone.id)
    with db.sessions() as session:
        assert session.get(Person, keep.id).notes == "Prefers email\n\nGate code 1234"  # type: ignore[union-attr]
        assert session.scalars(select(Activity.person_id)).all() == [keep.id]

    unmerge(db.sessions, result.undo)
    with db.sessions() as session:
        assert session.get(Person, keep.id).notes == "Prefers email"  # type: ignore[union-attr]
        assert session.get(Person, gone.id).notes == "Gate code 1234"  # type: ignore[union-attr]
        assert session.scalars(select(Activity.person_id)).all() == [gone.id]
