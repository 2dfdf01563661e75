"""Converting a lead: same record, chosen stage, refusals, undo."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import func, select

from gojee_desktop.models import Job
from gojee_desktop.services import jobs, pipelines
from gojee_desktop.services.conversion import StageChoice, convert_lead, undo_conversion
from gojee_desktop.services.errors import NotFound, RuleViolation
from gojee_desktop.services.job_query import JobQuery, list_jobs
from gojee_desktop.services.jobs import NewJob


def test_conversion_keeps_id_number_and_history(db):
    lead = jobs.create_lead(db.sessions, NewJob(title="Deck build", value=Decimal("9000")))
    converted = convert_lead(db.sessions, lead.id)
    assert converted.id == lead.id
    assert converted.summary.number == lead.summary.number
    assert converted.summary.lifecycle == "customer_job"
    assert converted.converted_at is not None
    assert converted.summary.stage == pipelines.list_stages(db.sessions, "jobs")[0].name
    assert converted.summary.status == "Approved"  # 'New' is for leads only
    assert [h.field for h in converted.history][:2] == ["created", "lifecycle"]
    with db.sessions() as session:
        assert session.scalar(select(func.count(Job.id))) == 1
    # In exactly one list at a time.
    assert list_jobs(db.sessions, JobQuery(lifecycle="lead")).total == 0
    assert [r.id for r in list_jobs(db.sessions, JobQuery(lifecycle="customer_job")).rows] == [lead.id]


def test_conversion_to_a_chosen_stage_or_none(db):
    third = pipelines.list_stages(db.sessions, "jobs")[2]
    a = jobs.create_lead(db.sessions, NewJob(title="A"))
    b = jobs.create_lead(db.sessions, NewJob(title="B"))
    assert convert_lead(db.sessions, a.id, StageChoice.of(third.id)).summary.stage_id == third.id
    assert convert_lead(db.sessions, b.id, StageChoice.none()).summary.stage_id is None


def test_conversion_refusals(db):
    lead = jobs.create_lead(db.sessions, NewJob(title="A"))
    lead_stage = pipelines.list_stages(db.sessions, "leads")[1]
    with pytest.raises(RuleViolation, match="cannot hold a customer job"):
        convert_lead(db.sessions, lead.id, StageChoice.of(lead_stage.id))
    convert_lead(db.sessions, lead.id)
    with pytest.raises(RuleViolation, match="already a customer job"):
        convert_lead(db.sessions, lead.id)
    archived = jobs.create_lead(db.sessions, NewJob(title="B"))
    jobs.archive_job(db.sessions, archived.id)
    with pytest.raises(RuleViolation, match="archived"):
        convert_lead(db.sessions, archived.id)
    deleted = jobs.create_lead(db.sessions, NewJob(title="C"))
    jobs.delete_job(db.sessions, deleted.id)
    with pytest.raises(NotFound):
        convert_lead(db.sessions, deleted.id)
    assert jobs.get_job(db.sessions, archived.id).summary.lifecycle == "lead"


def test_undo_conversion_restores_the_lead(db):
    lead = jobs.create_lead(db.sessions, NewJob(title="A"))
    converted = convert_lead(db.sessions, lead.id)
    back = undo_conversion(
        db.sessions,
        lead.id,
        lead.summary.stage_id,
        lead.summary.status_id,
        expected_version=converted.version,
    )
    assert back.summary.lifecycle == "lead"
    assert back.summary.stage_id == lead.summary.stage_id
    assert back.summary.status == "New"
    assert back.converted_at is None
