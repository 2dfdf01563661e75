"""Job services on SQLite and PostgreSQL: create, edit, status, stages, archive, delete."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from gojee_desktop.models import Job, JobHistory
from gojee_desktop.services import catalog, jobs, pipelines
from gojee_desktop.services.contacts import CustomerInput
from gojee_desktop.services.errors import NotFound, RuleViolation, StaleRecord, ValidationError
from gojee_desktop.services.jobs import NewJob


def job_count(db) -> int:
    with db.sessions() as session:
        return session.scalar(select(func.count(Job.id)))


def test_create_lead_defaults_to_first_stage_and_status_and_formats_number(db):
    lead = jobs.create_lead(db.sessions, NewJob(title="  Rewire kitchen ", value=Decimal("1234.50")))
    summary = lead.summary
    assert summary.number == f"J-{lead.id:06d}"
    assert summary.title == "Rewire kitchen"
    assert summary.lifecycle == "lead"
    assert summary.value == Decimal("1234.50")
    assert summary.currency == "AUD"
    assert summary.stage == pipelines.list_stages(db.sessions, "leads")[0].name
    assert summary.status == "New"
    assert [h.field for h in lead.history] == ["created"]


def test_create_lead_with_new_customer_records_contact_details(db):
    lead = jobs.create_lead(
        db.sessions,
        NewJob(
            title="Deck",
            customer=CustomerInput(
                person_name="Ann Smith",
                organization_name="Smith Builders",
                email="ann@example.com",
                phone="0412 345 678",
            ),
        ),
    )
    assert lead.summary.customer == "Ann Smith"
    assert lead.summary.organization == "Smith Builders"
    assert lead.person is not None
    assert {(d.kind, d.value) for d in lead.person.details} == {
        ("email", "ann@example.com"),
        ("phone", "0412 345 678"),
    }
    again = jobs.create_lead(
        db.sessions, NewJob(title="Fence", customer=CustomerInput(person_name="ann smith"))
    )
    assert again.summary.person_id == lead.summary.person_id  # found by name, not duplicated


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (NewJob(title="   "), "needs a title"),
        (NewJob(title="X", currency="XYZ"), "Unknown currency"),
        (NewJob(title="X", value=Decimal("-1")), "cannot be negative"),
        (NewJob(title="X", value=Decimal("1.005")), "more decimals"),
        (NewJob(title="X", value=Decimal("10.5"), currency="JPY"), "more decimals"),
        (
            NewJob(title="X", customer=CustomerInput(person_name="A", email="not-an-email")),
            "not a valid email",
        ),
        (NewJob(title="X", customer=CustomerInput(person_name="A", phone="call me")), "not a valid phone"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_written(db, data, message):
    with pytest.raises(ValidationError, match=message):
        jobs.create_lead(db.sessions, data)
    assert job_count(db) == 0


def test_stage_of_the_other_pipeline_is_refused(db):
    job_stage = pipelines.list_stages(db.sessions, "jobs")[1]
    with pytest.raises(RuleViolation, match="cannot hold a lead"):
        jobs.create_lead(db.sessions, NewJob(title="X", stage_id=job_stage.id))
    lead = jobs.create_lead(db.sessions, NewJob(title="X"))
    with pytest.raises(RuleViolation, match="cannot hold a lead"):
        jobs.move_to_stage(db.sessions, lead.id, job_stage.id)
    assert jobs.get_job(db.sessions, lead.id).summary.stage_id == lead.summary.stage_id


def test_lead_only_status_cannot_go_on_customer_job(db):
    qualified = catalog.find_status(db.sessions, "qualified")
    job = jobs.create_customer_job(db.sessions, NewJob(title="Direct job"))
    assert job.summary.lifecycle == "customer_job"
    assert job.summary.stage == pipelines.list_stages(db.sessions, "jobs")[0].name
    with pytest.raises(RuleViolation, match="for leads only"):
        jobs.set_status(db.sessions, job.id, qualified.id)


def test_update_records_history_with_old_and_new_values(db):
    lead = jobs.create_lead(db.sessions, NewJob(title="Old title", value=Decimal("100")))
    quoted = catalog.find_status(db.sessions, "quoted")
    updated = jobs.update_job(
        db.sessions,
        lead.id,
        {
            "title": "New title",
            "value": Decimal("250.75"),
            "status_id": quoted.id,
            "expected_close": date(2027, 1, 31),
        },
        expected_version=lead.version,
    )
    assert updated.summary.title == "New title"
    assert updated.summary.value == Decimal("250.75")
    assert updated.summary.version == lead.version + 1
    changes = {(h.field, h.old_value, h.new_value) for h in updated.history}
    assert ("title", "Old title", "New title") in changes
    assert ("value", "100.00", "250.75") in changes
    assert ("status", "New", "Quoted") in changes
    assert ("expected close", "", "2027-01-31") in changes
    assert all(h.actor == "Me" for h in updated.history)


def test_stale_write_is_refused(db):
    lead = jobs.create_lead(db.sessions, NewJob(title="A"))
    jobs.update_job(db.sessions, lead.id, {"title": "B"}, expected_version=lead.version)
    with pytest.raises(StaleRecord, match="changed by someone else"):
        jobs.update_job(db.sessions, lead.id, {"title": "C"}, expected_version=lead.version)
    assert jobs.get_job(db.sessions, lead.id).summary.title == "B"


def test_failed_update_writes_nothing(db):
    lead = jobs.create_lead(db.sessions, NewJob(title="A", value=Decimal("10")))
    with pytest.raises(ValidationError):
        jobs.update_job(db.sessions, lead.id, {"title": "Changed", "value": Decimal("-5")})
    after = jobs.get_job(db.sessions, lead.id)
    assert after.summary.title == "A"
    assert after.summary.version == lead.version
    assert len(after.history) == 1


def test_currency_change_keeps_amount_and_checks_minor_unit(db):
    lead = jobs.create_lead(db.sessions, NewJob(title="A", value=Decimal("10.50")))
    with pytest.raises(ValidationError, match="more decimals than JPY"):
        jobs.update_job(db.sessions, lead.id, {"currency": "JPY"})
    both = jobs.update_job(db.sessions, lead.id, {"currency": "jpy", "value": Decimal("1500")})
    assert (both.summary.currency, both.summary.value) == ("JPY", Decimal("1500"))
    kwd = jobs.update_job(db.sessions, lead.id, {"currency": "KWD", "value": Decimal("12.345")})
    assert kwd.summary.value == Decimal("12.345")


def test_move_to_lost_stage_needs_reason_and_sets_lost_status(db):
    lost_stage = pipelines.add_stage(db.sessions, "leads", "Lost", outcome="lost", color="#e53935")
    lead = jobs.create_lead(db.sessions, NewJob(title="A"))
    with pytest.raises(ValidationError, match="lost reason"):
        jobs.move_to_stage(db.sessions, lead.id, lost_stage.id)
    moved = jobs.move_to_stage(db.sessions, lead.id, lost_stage.id, lost_reason="Too expensive")
    assert moved.stage == "Lost"
    assert moved.status == "Lost"
    detail = jobs.get_job(db.sessions, lead.id)
    assert detail.lost_reason == "Too expensive"
    assert ("stage", lead.summary.stage, "Lost") in {
        (h.field, h.old_value, h.new_value) for h in detail.history
    }


def test_move_orders_cards_within_a_column(db):
    stage = pipelines.list_stages(db.sessions, "leads")[0]
    a, _b, c = (jobs.create_lead(db.sessions, NewJob(title=t)) for t in "ABC")
    jobs.move_to_stage(db.sessions, c.id, stage.id, before_job_id=a.id)
    from gojee_desktop.services.job_query import JobQuery, list_jobs

    order = [
        r.title
        for r in list_jobs(db.sessions, JobQuery(lifecycle="lead", stage_ids=(stage.id,), sort="board")).rows
    ]
    assert order == ["C", "A", "B"]
    jobs.move_jobs(db.sessions, [a.id, c.id], stage.id)  # several cards to the end, in order
    order = [
        r.title
        for r in list_jobs(db.sessions, JobQuery(lifecycle="lead", stage_ids=(stage.id,), sort="board")).rows
    ]
    assert order == ["B", "A", "C"]
    assert job_count(db) == 3


def test_archive_restore_delete(db):
    lead = jobs.create_lead(db.sessions, NewJob(title="A"))
    archived = jobs.archive_job(db.sessions, lead.id)
    assert archived.summary.archived and archived.archived_at is not None
    with pytest.raises(RuleViolation, match="already archived"):
        jobs.archive_job(db.sessions, lead.id)
    restored = jobs.restore_job(db.sessions, lead.id)
    assert not restored.summary.archived and restored.archived_at is None
    assert [h.field for h in restored.history] == ["created", "archived", "archived"]
    jobs.delete_job(db.sessions, lead.id)
    with pytest.raises(NotFound, match="no job with id"):
        jobs.get_job(db.sessions, lead.id)
    with db.sessions() as session:
        assert session.scalar(select(func.count(JobHistory.id))) == 0


def test_labels_assignees_and_custom_fields(db):
    urgent = catalog.add_item(db.sessions, "label", "Urgent", "#ff0000")
    sam = catalog.add_item(db.sessions, "user", "Sam Taylor")
    size = catalog.add_custom_field(db.sessions, "Roof size", "number")
    kind = catalog.add_custom_field(db.sessions, "Roof type", "choice", ["Tile", "Metal"])
    lead = jobs.create_lead(
        db.sessions,
        NewJob(
            title="Roof",
            label_ids=[urgent.id],
            assignee_ids=[sam.id],
            custom_fields={size.id: "120.5", kind.id: "metal"},
        ),
    )
    assert lead.summary.labels == ("Urgent",)
    assert lead.summary.assignees == ("Sam Taylor",)
    assert lead.custom_fields == {size.id: "120.5", kind.id: "Metal"}
    with pytest.raises(ValidationError, match="not one of Tile, Metal"):
        jobs.update_job(db.sessions, lead.id, {"custom_fields": {kind.id: "Thatch"}})
    updated = jobs.update_job(db.sessions, lead.id, {"label_ids": [], "custom_fields": {size.id: ""}})
    assert updated.summary.labels == ()
    assert updated.custom_fields == {kind.id: "Metal"}
    assert ("labels", "Urgent", "") in {(h.field, h.old_value, h.new_value) for h in updated.history}


def test_summaries_list_labels_and_team_members_apart_in_name_order(db):
    labels = [catalog.add_item(db.sessions, "label", name) for name in ("Zinc", "Alpha", "Sam")]
    users = [catalog.add_item(db.sessions, "user", name) for name in ("Sam", "Bea")]
    first = jobs.create_lead(
        db.sessions,
        NewJob(title="First", label_ids=[x.id for x in labels], assignee_ids=[users[0].id]),
    )
    second = jobs.create_lead(db.sessions, NewJob(title="Second", assignee_ids=[x.id for x in users]))
    third = jobs.create_lead(db.sessions, NewJob(title="Third"))
    summaries = jobs.get_summaries(db.sessions, [third.id, second.id, first.id])
    assert [(s.title, s.labels, s.assignees) for s in summaries] == [
        ("Third", (), ()),
        ("Second", (), ("Bea", "Sam")),
        ("First", ("Alpha", "Sam", "Zinc"), ("Sam",)),
    ]
