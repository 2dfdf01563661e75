"""Activities and notes on SQLite and PostgreSQL: validation that writes nothing, history of
every add/edit/done/delete, lists by scope with a fixed clock, the job's next activity."""

from __future__ import annotations

import itertools
from datetime import date, datetime, time

import pytest
from sqlalchemy import func, select

from gojee_desktop.models import Activity, Job, JobHistory, Note
from gojee_desktop.services import activities
from gojee_desktop.services.activities import ActivityDraft, ActivityQuery, clock
from gojee_desktop.services.catalog import add_item
from gojee_desktop.services.errors import NotFound, StaleRecord, ValidationError
from gojee_desktop.services.jobs import NewJob, create_lead, get_job

NOW = datetime(2026, 12, 9, 10, 0)  # a Wednesday


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch):
    monkeypatch.setattr(clock, "system_now", lambda: NOW)


@pytest.fixture
def job_id(db) -> int:
    return create_lead(db.sessions, NewJob(title="Switchboard upgrade")).id


def _counts(db) -> tuple[int, int, int]:
    with db.sessions() as session:
        return (
            session.scalar(select(func.count()).select_from(Activity)),
            session.scalar(select(func.count()).select_from(Note)),
            session.scalar(select(func.count()).select_from(JobHistory)),
        )


def _next_due(db, job_id: int) -> date | None:
    with db.sessions() as session:
        return session.scalar(select(Job.next_activity_due).where(Job.id == job_id))


def test_add_records_history_and_next_activity_without_bumping_the_job_version(db, job_id):
    version = get_job(db.sessions, job_id).version
    add_item(db.sessions, "user", "Sam")
    info = activities.add_activity(
        db.sessions,
        job_id,
        ActivityDraft(
            kind="Call",
            subject="  Ring   back ",
            due_date="2026-12-10",
            due_time="09:30",
            duration_minutes="15",
            assignee="sam",
            note="Ask about\nthe meter box",
        ),
    )
    assert (info.kind, info.subject, info.due_date, info.due_time) == (
        "call",
        "Ring back",
        date(2026, 12, 10),
        time(9, 30),
    )
    assert (info.duration_minutes, info.assignee, info.note, info.done) == (
        15,
        "Sam",
        "Ask about\nthe meter box",
        False,
    )
    detail = get_job(db.sessions, job_id)
    assert detail.version == version  # an editor open on the job can still save
    assert detail.history[-1].field == "activity"
    assert detail.history[-1].new_value == "Call: Ring back, due 2026-12-10 09:30"
    assert _next_due(db, job_id) == date(2026, 12, 10)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"due_date": "2026-02-30"}, "The date 2026-02-30 does not exist."),
        ({"due_date": "next tuesday"}, "'next tuesday' is not a date; use YYYY-MM-DD."),
        ({"due_time": "25:00"}, "The time 25:00 does not exist; use 00:00 to 23:59."),
        ({"due_time": "9.30"}, "'9.30' is not a time; use HH:MM (24-hour clock)."),
        ({"assignee": "Nobody"}, "Unknown team member 'Nobody'. Choose one of: Me."),
        (
            {"kind": "visit"},
            "Unknown activity kind 'visit': use one of call, email, meeting, task, deadline.",
        ),
        ({"subject": "   "}, "An activity needs a subject."),
        ({"duration_minutes": "-5"}, "The duration '-5' is not a whole number of minutes."),
        ({"duration_minutes": 0}, "A duration must be 1 to 10080 minutes, not 0."),
    ],
)
def test_bad_input_is_refused_with_one_clear_message_and_writes_nothing(db, job_id, changes, message):
    before = _counts(db)
    fields = {"kind": "task", "subject": "Order parts", "due_date": "2026-12-10"} | changes
    with pytest.raises((ValidationError, NotFound)) as error:
        activities.add_activity(db.sessions, job_id, ActivityDraft(**fields))
    assert str(error.value) == message
    assert _counts(db) == before


def test_unknown_job_is_refused(db):
    with pytest.raises(NotFound, match="no job with id 999"):
        activities.add_activity(
            db.sessions, 999, ActivityDraft(kind="call", subject="x", due_date="2026-12-10")
        )


def test_edit_done_reopen_delete_restore_each_in_history(db, job_id):
    first = activities.add_activity(
        db.sessions, job_id, ActivityDraft(kind="meeting", subject="Site visit", due_date=date(2026, 12, 11))
    )
    later = activities.add_activity(
        db.sessions, job_id, ActivityDraft(kind="task", subject="Quote", due_date=date(2026, 12, 20))
    )
    edited = activities.update_activity(
        db.sessions, first.id, {"due_date": "2026-12-12", "due_time": "14:00"}, expected_version=first.version
    )
    assert edited.due_text == "2026-12-12 14:00"
    with pytest.raises(StaleRecord):
        activities.update_activity(db.sessions, first.id, {"subject": "x"}, expected_version=first.version)
    done = activities.set_activity_done(db.sessions, first.id)
    assert done.done and done.done_at is not None
    assert _next_due(db, job_id) == date(2026, 12, 20)  # the done one no longer counts
    activities.set_activity_done(db.sessions, first.id, False)
    assert _next_due(db, job_id) == date(2026, 12, 12)
    gone = activities.delete_activity(db.sessions, later.id)
    with pytest.raises(NotFound):
        activities.get_activity(db.sessions, later.id)
    back = activities.restore_activity(db.sessions, gone)
    assert (back.id, back.subject, back.created_at) == (later.id, "Quote", later.created_at)
    entries = [(h.field, h.old_value, h.new_value) for h in get_job(db.sessions, job_id).history][-5:]
    assert entries == [
        ("activity", "Meeting: Site visit, due 2026-12-11", "Meeting: Site visit, due 2026-12-12 14:00"),
        (
            "activity done",
            "Meeting: Site visit, due 2026-12-12 14:00: open",
            "Meeting: Site visit, due 2026-12-12 14:00: done",
        ),
        (
            "activity done",
            "Meeting: Site visit, due 2026-12-12 14:00: done",
            "Meeting: Site visit, due 2026-12-12 14:00: open",
        ),
        ("activity", "Task: Quote, due 2026-12-20", ""),
        ("activity", "", "Task: Quote, due 2026-12-20"),
    ]


def test_edit_of_assignee_or_note_alone_is_in_history(db, job_id):
    add_item(db.sessions, "user", "Kim")
    info = activities.add_activity(
        db.sessions, job_id, ActivityDraft(kind="call", subject="Call", due_date="2026-12-10")
    )
    activities.update_activity(db.sessions, info.id, {"assignee": "Kim", "note": "Mornings only"})
    fields = {(h.field, h.new_value) for h in get_job(db.sessions, job_id).history}
    assert ("activity assignee", "Kim") in fields and ("activity note", "Mornings only") in fields


def test_scopes_with_a_fixed_clock(db, job_id):
    def add(subject: str, due: str, at: str | None = None) -> int:
        draft = ActivityDraft(kind="task", subject=subject, due_date=due, due_time=at)
        return activities.add_activity(db.sessions, job_id, draft).id

    add("last week", "2026-12-01")
    add("this morning", "2026-12-09", "08:00")
    add("today all day", "2026-12-09")
    add("this afternoon", "2026-12-09", "15:00")
    add("sunday", "2026-12-13")
    add("next monday", "2026-12-14")
    done = add("finished", "2026-12-02")
    activities.set_activity_done(db.sessions, done)

    def subjects(scope: str) -> list[str]:
        return [a.subject for a in activities.list_activities(db.sessions, ActivityQuery(scope=scope))]

    assert subjects("overdue") == ["last week", "this morning"]
    assert subjects("today") == ["today all day", "this afternoon"]
    assert subjects("this_week") == ["sunday"]
    assert subjects("later") == ["next monday"]
    assert subjects("done") == ["finished"]
    assert activities.count_activities(db.sessions, ActivityQuery(scope="open")) == 6
    overdue = activities.list_activities(db.sessions, ActivityQuery(scope="overdue"))
    assert all(a.is_overdue(NOW) for a in overdue)
    with pytest.raises(ValidationError, match="Unknown list"):
        activities.list_activities(db.sessions, ActivityQuery(scope="soon"))


def test_filter_by_assignee_and_next_activity_per_job(db, job_id):
    add_item(db.sessions, "user", "Ana")
    other = create_lead(db.sessions, NewJob(title="Garage lights")).id
    activities.add_activity(
        db.sessions, job_id, ActivityDraft(kind="call", subject="A", due_date="2026-12-12", assignee="Ana")
    )
    activities.add_activity(
        db.sessions, job_id, ActivityDraft(kind="call", subject="B", due_date="2026-12-10", due_time="16:00")
    )
    activities.add_activity(
        db.sessions, job_id, ActivityDraft(kind="call", subject="C", due_date="2026-12-10")
    )
    mine = activities.list_activities(db.sessions, ActivityQuery(assignee="Ana"))
    assert [a.subject for a in mine] == ["A"]
    with db.sessions() as session:
        nexts = activities.next_activities(session, [job_id, other])
    assert set(nexts) == {job_id}
    assert nexts[job_id].subject == "C"  # the whole-day one comes first on its day


def test_notes_pinned_first_edit_keeps_old_text_in_history(db, job_id):
    first = activities.add_note(db.sessions, job_id, "Customer prefers **mornings**.\n\n- gate code 1234")
    second = activities.add_note(db.sessions, job_id, "Dog in the yard", pinned=True)
    assert [n.id for n in activities.list_notes(db.sessions, job_id)] == [second.id, first.id]
    edited = activities.update_note(
        db.sessions, first.id, text="Customer prefers *afternoons*.", expected_version=first.version
    )
    assert edited.body == "Customer prefers *afternoons*."
    history = get_job(db.sessions, job_id).history
    assert (history[-1].field, history[-1].old_value) == (
        "note",
        "Customer prefers **mornings**.\n\n- gate code 1234",
    )
    with pytest.raises(StaleRecord):
        activities.update_note(db.sessions, first.id, text="x", expected_version=first.version)
    before = _counts(db)
    with pytest.raises(ValidationError, match="needs some text"):
        activities.add_note(db.sessions, job_id, " \n\x00 ")
    assert _counts(db) == before
    gone = activities.delete_note(db.sessions, second.id)
    assert [n.id for n in activities.list_notes(db.sessions, job_id)] == [first.id]
    activities.restore_note(db.sessions, gone)
    assert activities.list_notes(db.sessions, job_id)[0].id == second.id


def test_deleting_a_job_deletes_its_activities_and_notes(db, job_id):
    from gojee_desktop.services.jobs import delete_job

    activities.add_activity(
        db.sessions, job_id, ActivityDraft(kind="call", subject="x", due_date="2026-12-10")
    )
    activities.add_note(db.sessions, job_id, "note")
    delete_job(db.sessions, job_id)
    assert _counts(db)[:2] == (0, 0)


def test_timeline_planned_first_then_newest_first_and_filter_by_kind(db, job_id):
    from gojee_desktop.services.jobs import update_job

    activities.add_activity(
        db.sessions, job_id, ActivityDraft(kind="task", subject="Later", due_date="2026-12-20")
    )
    activities.add_activity(
        db.sessions, job_id, ActivityDraft(kind="call", subject="Soon", due_date="2026-12-10")
    )
    finished = activities.add_activity(
        db.sessions, job_id, ActivityDraft(kind="email", subject="Sent", due_date="2026-12-01")
    )
    activities.set_activity_done(db.sessions, finished.id)
    update_job(db.sessions, job_id, {"title": "Switchboard and meter"})
    note = activities.add_note(db.sessions, job_id, "# **Heading** [here](https://x.org)\nbody")
    timeline = activities.job_timeline(db.sessions, job_id)
    kinds = [(e.kind, e.title) for e in timeline]
    assert kinds[:2] == [("activity", "Soon"), ("activity", "Later")]
    assert kinds[2] == ("note", "Heading here")
    rest = timeline[3:]
    assert [e.activity.id for e in rest if e.activity] == [finished.id]
    assert any(e.history_field == "title" for e in rest)
    assert not any(e.history_field.startswith(("activity", "note")) for e in rest)  # shown as items
    assert all(a.at >= b.at for a, b in itertools.pairwise(timeline[2:]))
    history_only = activities.job_timeline(db.sessions, job_id, "history")
    assert {e.history_field for e in history_only} >= {"title", "activity", "activity done", "note"}
    assert [e.note.id for e in activities.job_timeline(db.sessions, job_id, "note") if e.note] == [note.id]


def test_job_rows_carry_the_next_activity_and_sort_by_it(db, job_id):
    from gojee_desktop.services.job_query import JobQuery, list_job_ids
    from gojee_desktop.services.jobs import get_summaries

    later = create_lead(db.sessions, NewJob(title="Later job")).id
    none = create_lead(db.sessions, NewJob(title="No activity")).id
    activities.add_activity(
        db.sessions,
        job_id,
        ActivityDraft(kind="call", subject="Ring", due_date="2026-12-08", due_time="15:00"),
    )
    activities.add_activity(
        db.sessions, job_id, ActivityDraft(kind="task", subject="Forms", due_date="2026-12-08")
    )
    activities.add_activity(
        db.sessions, later, ActivityDraft(kind="email", subject="Mail", due_date="2026-12-24")
    )
    rows = {s.id: s for s in get_summaries(db.sessions, [job_id, later, none])}
    assert (rows[job_id].next_activity, rows[job_id].next_activity_due) == ("Task: Forms", date(2026, 12, 8))
    assert rows[job_id].next_activity_overdue(NOW) and not rows[later].next_activity_overdue(NOW)
    assert rows[later].next_activity_text.endswith("· Email: Mail")
    assert (rows[none].next_activity, rows[none].next_activity_due) == ("", None)
    query = JobQuery(lifecycle="lead", sort="next_activity")
    assert list_job_ids(db.sessions, query) == [job_id, later, none]  # jobs without one last
    from dataclasses import replace

    assert list_job_ids(db.sessions, replace(query, descending=True)) == [later, job_id, none]
