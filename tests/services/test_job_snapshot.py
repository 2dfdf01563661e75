"""Deleting with a snapshot and restoring it: same id, number, labels, custom values and
history, on SQLite and PostgreSQL; a second restore is refused."""

from __future__ import annotations

import pytest

from gojee_desktop.services import catalog, jobs
from gojee_desktop.services.errors import RuleViolation
from gojee_desktop.services.job_query import JobQuery, list_job_ids
from gojee_desktop.services.job_snapshot import delete_with_snapshot, restore_snapshot
from gojee_desktop.services.jobs import NewJob


def test_delete_and_restore_round_trip(db):
    label = catalog.add_item(db.sessions, "label", "Urgent")
    field = catalog.add_custom_field(db.sessions, "Gate code", "text")
    created = jobs.create_lead(
        db.sessions, NewJob(title="Fence repair", label_ids=[label.id], custom_fields={field.id: "1234"})
    )
    jobs.update_job(db.sessions, created.id, {"title": "Fence repair and gate"})
    before = jobs.get_job(db.sessions, created.id)
    snapshot, summary = delete_with_snapshot(db.sessions, created.id)
    assert summary.number == before.summary.number
    assert list_job_ids(db.sessions, JobQuery(text="fence")) == []
    assert restore_snapshot(db.sessions, snapshot) == created.id
    after = jobs.get_job(db.sessions, created.id)
    assert after == before
    assert list_job_ids(db.sessions, JobQuery(text="fence")) == [created.id]  # search index too
    with pytest.raises(RuleViolation, match="exists already"):
        restore_snapshot(db.sessions, snapshot)


def test_restore_leaves_out_a_label_deleted_meanwhile(db):
    label = catalog.add_item(db.sessions, "label", "Gone soon")
    created = jobs.create_lead(db.sessions, NewJob(title="Shed", label_ids=[label.id]))
    snapshot, _ = delete_with_snapshot(db.sessions, created.id)
    catalog.delete_item(db.sessions, "label", label.id)
    restore_snapshot(db.sessions, snapshot)
    assert jobs.get_job(db.sessions, created.id).label_ids == ()


def test_restore_brings_back_activities_notes_and_attachments(db, tmp_path):
    from gojee_desktop.services import activities
    from gojee_desktop.services.activities import ActivityDraft

    created = jobs.create_lead(db.sessions, NewJob(title="Loft conversion"))
    call = activities.add_activity(
        db.sessions, created.id, ActivityDraft(kind="call", subject="Call back", due_date="2026-12-10")
    )
    note = activities.add_note(db.sessions, created.id, "Prefers **mornings**", pinned=True)
    drawing = tmp_path / "drawing.pdf"
    drawing.write_bytes(b"%PDF drawing")
    attached = activities.add_attachment(db.sessions, created.id, drawing)
    before = jobs.get_job(db.sessions, created.id)
    snapshot, _ = delete_with_snapshot(db.sessions, created.id)
    assert snapshot.attachment_hashes == {attached.content_hash}
    restore_snapshot(db.sessions, snapshot)
    assert jobs.get_job(db.sessions, created.id) == before  # next activity day too
    listed = activities.list_activities(db.sessions, activities.ActivityQuery(job_id=created.id))
    assert [a.id for a in listed] == [call.id]
    assert activities.list_notes(db.sessions, created.id) == [note]
    assert activities.list_attachments(db.sessions, created.id) == [attached]
    _info, data = activities.read_attachment(db.sessions, attached.id)  # bytes kept for the undo
    assert data == b"%PDF drawing"
