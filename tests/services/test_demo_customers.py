"""Demo jobs carry their customer's own organisation (not one organisation for everybody)."""

from __future__ import annotations

from sqlalchemy import select

from gojee_desktop.models import Job, Person
from gojee_desktop.services.demo.generate import generate_demo


def test_demo_jobs_have_their_persons_organisation(sqlite_db):
    generate_demo(sqlite_db, leads=300, jobs=100)
    with sqlite_db.sessions() as session:
        rows = session.execute(
            select(Job.organization_id, Person.organization_id).join(Person, Person.id == Job.person_id)
        ).all()
    assert rows
    assert all(job_org == person_org for job_org, person_org in rows)
    organisations = {job_org for job_org, _ in rows if job_org is not None}
    assert len(organisations) > 5
    assert any(job_org is None for job_org, _ in rows)  # private customers too
