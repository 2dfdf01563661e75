"""Stage configuration: add, rename, recolour, reorder, delete with a target."""

from __future__ import annotations

import pytest

from gojee_desktop.services import jobs, pipelines
from gojee_desktop.services.errors import RuleViolation, ValidationError
from gojee_desktop.services.jobs import NewJob


def names(db, key="leads"):
    return [s.name for s in pipelines.list_stages(db.sessions, key)]


def test_add_rename_recolour_and_reorder(db):
    before = names(db)
    added = pipelines.add_stage(
        db.sessions, "leads", "Follow-up", color="#112233", win_probability=30, position=1
    )
    assert names(db) == [before[0], "Follow-up", *before[1:]]
    pipelines.update_stage(
        db.sessions, added.id, name="Chase up", color="#ABCDEF", win_probability=35, outcome="won"
    )
    changed = pipelines.get_stage(db.sessions, added.id)
    assert (changed.name, changed.color, changed.win_probability, changed.outcome) == (
        "Chase up",
        "#abcdef",
        35,
        "won",
    )
    pipelines.move_stage(db.sessions, added.id, 0)
    assert names(db)[0] == "Chase up"
    assert [s.position for s in pipelines.list_stages(db.sessions, "leads")] == list(range(len(before) + 1))
    assert names(db, "jobs")[0] == "Scheduled"  # the other pipeline is untouched


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"name": ""}, "needs a name"),
        ({"name": "New enquiry"}, "already has a stage"),
        ({"name": "X", "color": "red"}, "not a colour"),
        ({"name": "X", "win_probability": 120}, "0 to 100"),
        ({"name": "X", "outcome": "maybe"}, "won', 'lost'"),
    ],
)
def test_bad_stage_settings_are_refused(db, kwargs, message):
    before = names(db)
    with pytest.raises(ValidationError, match=message):
        pipelines.add_stage(db.sessions, "leads", **kwargs)
    assert names(db) == before


def test_same_name_allowed_in_other_pipeline(db):
    pipelines.add_stage(db.sessions, "jobs", "New enquiry")
    assert "New enquiry" in names(db, "jobs")


def test_delete_stage_with_jobs_needs_a_target_of_the_same_pipeline(db):
    first, second = pipelines.list_stages(db.sessions, "leads")[:2]
    job_stage = pipelines.list_stages(db.sessions, "jobs")[0]
    lead = jobs.create_lead(db.sessions, NewJob(title="A", stage_id=first.id))
    with pytest.raises(RuleViolation, match="holds 1 job"):
        pipelines.delete_stage(db.sessions, first.id)
    with pytest.raises(RuleViolation, match="another pipeline"):
        pipelines.delete_stage(db.sessions, first.id, move_jobs_to=job_stage.id)
    assert pipelines.delete_stage(db.sessions, first.id, move_jobs_to=second.id) == 1
    moved = jobs.get_job(db.sessions, lead.id)
    assert moved.summary.stage_id == second.id
    assert ("stage", first.name, second.name) in {(h.field, h.old_value, h.new_value) for h in moved.history}
    assert first.name not in names(db)


def test_reorder_all_stages(db):
    stages = pipelines.list_stages(db.sessions, "jobs")
    reordered = pipelines.reorder_stages(db.sessions, "jobs", [s.id for s in reversed(stages)])
    assert [s.name for s in reordered] == [s.name for s in reversed(stages)]
    with pytest.raises(ValidationError, match="exactly once"):
        pipelines.reorder_stages(db.sessions, "jobs", [stages[0].id])
