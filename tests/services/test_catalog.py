"""Statuses, source channels, labels, team members, custom fields and settings."""

from __future__ import annotations

import pytest

from gojee_desktop.services import catalog, jobs
from gojee_desktop.services.errors import RuleViolation, ValidationError
from gojee_desktop.services.jobs import NewJob


def test_default_lists(db):
    statuses = catalog.list_statuses(db.sessions)
    assert [s.key for s in statuses] == [
        "new",
        "contacted",
        "qualified",
        "quoted",
        "approved",
        "in_progress",
        "completed",
        "lost",
    ]
    assert [s.name for s in catalog.list_statuses(db.sessions, "customer_job")] == [
        "Quoted",
        "Approved",
        "In progress",
        "Completed",
        "Lost",
    ]
    assert [c.name for c in catalog.list_items(db.sessions, "source_channel")][:3] == [
        "Referral",
        "Website",
        "Cold call",
    ]
    assert [u.name for u in catalog.list_items(db.sessions, "user")] == ["Me"]
    assert catalog.get_default_currency(db.sessions) == "AUD"


def test_status_add_update_reorder_delete(db):
    on_hold = catalog.add_status(db.sessions, "On hold", applies_to="job", color="#9e9e9e")
    assert (on_hold.key, on_hold.applies_to, on_hold.position) == ("on_hold", "job", 8)
    with pytest.raises(ValidationError, match="already a status named"):
        catalog.add_status(db.sessions, "on HOLD")
    with pytest.raises(ValidationError, match="'lead', 'job' or 'both'"):
        catalog.add_status(db.sessions, "Odd", applies_to="sometimes")
    moved = catalog.update_status(db.sessions, on_hold.id, name="Paused", position=0)
    assert moved.name == "Paused"
    assert catalog.list_statuses(db.sessions)[0].id == on_hold.id
    job = jobs.create_customer_job(db.sessions, NewJob(title="A", status_id=on_hold.id))
    with pytest.raises(RuleViolation, match="give them another status first"):
        catalog.delete_status(db.sessions, on_hold.id)
    with pytest.raises(RuleViolation, match="of the other kind use 'Paused'"):
        catalog.update_status(db.sessions, on_hold.id, applies_to="lead")
    jobs.set_status(db.sessions, job.id, catalog.find_status(db.sessions, "approved").id)
    catalog.delete_status(db.sessions, on_hold.id)
    assert "Paused" not in [s.name for s in catalog.list_statuses(db.sessions)]


def test_named_lists(db):
    web = catalog.add_item(db.sessions, "source_channel", "Trade show")
    assert catalog.list_items(db.sessions, "source_channel")[-1] == web
    label = catalog.add_item(db.sessions, "label", "Urgent", "#FF0000")
    assert label.color == "#ff0000"
    renamed = catalog.rename_item(db.sessions, "label", label.id, "Very urgent")
    assert renamed.name == "Very urgent"
    with pytest.raises(ValidationError, match="already a label named"):
        catalog.add_item(db.sessions, "label", "very URGENT")
    lead = jobs.create_lead(db.sessions, NewJob(title="A", label_ids=[label.id]))
    catalog.delete_item(db.sessions, "label", label.id)
    assert jobs.get_job(db.sessions, lead.id).summary.labels == ()
    with pytest.raises(RuleViolation, match="last team member"):
        catalog.delete_item(db.sessions, "user", catalog.list_items(db.sessions, "user")[0].id)
    sam = catalog.add_item(db.sessions, "user", "Sam")
    catalog.delete_item(db.sessions, "user", sam.id)
    assert [u.name for u in catalog.list_items(db.sessions, "user")] == ["Me"]


def test_custom_fields(db):
    field = catalog.add_custom_field(db.sessions, "Roof type", "choice", ["Tile", " Metal ", ""])
    assert field.choices == ("Tile", "Metal")
    with pytest.raises(ValidationError, match="at least one choice"):
        catalog.add_custom_field(db.sessions, "Empty", "choice", [])
    with pytest.raises(ValidationError, match="field type is one of"):
        catalog.add_custom_field(db.sessions, "X", "colour")
    when = catalog.add_custom_field(db.sessions, "Inspection", "date")
    lead = jobs.create_lead(db.sessions, NewJob(title="A", custom_fields={when.id: "2027-02-03"}))
    with pytest.raises(ValidationError, match="not a date"):
        jobs.update_job(db.sessions, lead.id, {"custom_fields": {when.id: "3rd Feb"}})
    catalog.delete_custom_field(db.sessions, when.id)
    assert jobs.get_job(db.sessions, lead.id).custom_fields == {}


def test_default_currency(db):
    assert catalog.set_default_currency(db.sessions, "nzd") == "NZD"
    assert jobs.create_lead(db.sessions, NewJob(title="A")).summary.currency == "NZD"
    with pytest.raises(ValidationError, match="Unknown currency"):
        catalog.set_default_currency(db.sessions, "ABC")
    assert catalog.get_default_currency(db.sessions) == "NZD"
