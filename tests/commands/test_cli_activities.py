"""`gojee activity`, `gojee note add` and `gojee activities ics` in-process: the documented
options, errors that exit 1 with one line and write nothing, and the .ics read back."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
from cli_helpers import Gojee
from icalendar import Calendar

from gojee_desktop.models import Activity, JobHistory, Note
from gojee_desktop.services.activities import clock

NOW = datetime(2026, 12, 9, 10, 0)


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch):
    monkeypatch.setattr(clock, "system_now", lambda: NOW)


@pytest.fixture
def gojee(db, capsys):
    return Gojee(db, capsys, counted=(Activity, Note, JobHistory))


@pytest.fixture
def job(gojee):
    return gojee.json("lead", "add", "--title", "Solar quote", "--customer", "Ada Lovelace")


def test_add_list_done_as_json(gojee, job):
    added = gojee.json(
        "activity", "add", job["number"], "--kind", "call", "--subject", "Ring back", "--due", "2026-12-10",
        "--time", "09:30", "--duration", "15", "--assignee", "Me", "--note", "About panels",
    )  # fmt: skip
    assert added["kind"] == "call" and added["due_date"] == "2026-12-10" and added["due_time"] == "09:30"
    assert (added["duration_minutes"], added["assignee"], added["note"], added["done"]) == (
        15,
        "Me",
        "About panels",
        False,
    )
    gojee.json(
        "activity", "add", str(job["id"]), "--kind", "task", "--subject", "Late", "--due", "2026-12-01"
    )
    assert [a["subject"] for a in gojee.json("activity", "list", "--overdue")] == ["Late"]
    assert gojee.json("activity", "list", "--today") == []
    assert [a["subject"] for a in gojee.json("activity", "list", "--job", job["number"])] == [
        "Late",
        "Ring back",
    ]
    code, out, _ = gojee("activity", "done", str(added["id"]))
    assert code == 0 and out.startswith(f"Done: activity {added['id']}")
    assert [a["subject"] for a in gojee.json("activity", "list")] == ["Late"]
    listed = gojee.json("activity", "list", "--job", job["number"])
    assert [a["done"] for a in listed] == [False, True]
    code, out, _ = gojee("activity", "list")
    assert code == 0 and "Late" in out and out.startswith("[!]")


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--due", "2026-02-30"], "gojee: The date 2026-02-30 does not exist.\n"),
        (
            ["--due", "2026-12-10", "--time", "25:00"],
            "gojee: The time 25:00 does not exist; use 00:00 to 23:59.\n",
        ),
        (
            ["--due", "2026-12-10", "--assignee", "Zed"],
            "gojee: Unknown team member 'Zed'. Choose one of: Me.\n",
        ),
        (
            ["--due", "2026-12-10", "--duration", "abc"],
            "gojee: The duration 'abc' is not a whole number of minutes.\n",
        ),
    ],
)
def test_bad_values_exit_1_with_one_line_and_write_nothing(gojee, job, options, message):
    before = gojee.counts()
    code, out, err = gojee("activity", "add", str(job["id"]), "--kind", "call", "--subject", "x", *options)
    assert (code, out, err) == (1, "", message)
    assert gojee.counts() == before


def test_unknown_job_or_activity_exits_1(gojee, job):
    code, _, err = gojee("activity", "add", "999", "--kind", "call", "--subject", "x", "--due", "2026-12-10")
    assert code == 1 and "no job with id 999" in err and err.count("\n") == 1
    code, _, err = gojee("activity", "done", "4242")
    assert code == 1 and "no activity with id 4242" in err
    with pytest.raises(SystemExit) as usage:
        gojee("activity", "add", "1", "--kind", "visit", "--subject", "x", "--due", "2026-12-10")
    assert usage.value.code == 2


def test_note_add(gojee, job):
    note = gojee.json("note", "add", job["number"], "--text", "Line one\n- item **bold**")
    assert note["body"] == "Line one\n- item **bold**"
    before = gojee.counts()
    code, _, err = gojee("note", "add", job["number"], "--text", "   ")
    assert (code, err) == (1, "gojee: A note needs some text.\n")
    assert gojee.counts() == before
    shown = gojee.json("lead", "show", job["number"])
    assert any(h["field"] == "note" for h in shown["history"])


def _parse(path) -> list:
    calendar = Calendar.from_ical(path.read_bytes())
    return [c for c in calendar.walk() if c.name in ("VEVENT", "VTODO")]


def test_ics_export_timed_event_and_dated_todo_with_stable_uids(gojee, job, tmp_path):
    gojee("lead", "add", "--title", "Other")
    timed = gojee.json(
        "activity", "add", job["number"], "--kind", "meeting", "--subject", "Site visit",
        "--due", "2026-12-11", "--time", "14:00", "--duration", "90", "--note", "Bring ladder",
    )  # fmt: skip
    dated = gojee.json(
        "activity", "add", job["number"], "--kind", "deadline", "--subject", "Permit", "--due", "2026-12-20"
    )
    done = gojee.json(
        "activity", "add", job["number"], "--kind", "task", "--subject", "Old", "--due", "2026-12-01"
    )
    gojee("activity", "done", str(done["id"]))
    out = tmp_path / "team.ics"
    code, text, _ = gojee("activities", "ics", str(out))
    assert code == 0 and text == f"Wrote 2 open activities to {out}.\n"
    components = _parse(out)
    assert [c.name for c in components] == ["VEVENT", "VTODO"]
    event, todo = components
    assert event.decoded("dtstart") == datetime(2026, 12, 11, 14, 0)
    assert event.decoded("dtend") - event.decoded("dtstart") == timedelta(minutes=90)
    assert str(event["summary"]) == f"Meeting: Site visit ({job['number']})"
    assert "Bring ladder" in str(event["description"])
    assert todo.decoded("due") == date(2026, 12, 20)
    assert str(todo["summary"]) == f"Deadline: Permit ({job['number']})"
    first_uids = [str(c["uid"]) for c in components]
    assert len(set(first_uids)) == 2
    # A change and a second export: same UIDs, higher SEQUENCE (a calendar updates, not duplicates).
    gojee(
        "activity",
        "add",
        job["number"],
        "--kind",
        "call",
        "--subject",
        "New",
        "--due",
        "2026-12-15",
        "--time",
        "08:00",
    )
    from gojee_desktop.services import activities

    activities.update_activity(gojee.db.sessions, timed["id"], {"due_time": time(15, 0)})
    code, _, _ = gojee("activities", "ics", str(out))
    again = {str(c["uid"]): c for c in _parse(out)}
    assert set(first_uids) < set(again)
    assert int(again[first_uids[0]]["sequence"]) > int(event["sequence"])
    assert again[first_uids[0]].decoded("dtstart") == datetime(2026, 12, 11, 15, 0)
    assert dated["id"] != timed["id"]


def test_ics_for_one_assignee_and_errors(gojee, job, tmp_path):
    from gojee_desktop.services.catalog import add_item

    add_item(gojee.db.sessions, "user", "Lee")
    gojee(
        "activity",
        "add",
        job["number"],
        "--kind",
        "call",
        "--subject",
        "Mine",
        "--due",
        "2026-12-10",
        "--assignee",
        "Lee",
    )
    gojee("activity", "add", job["number"], "--kind", "call", "--subject", "Theirs", "--due", "2026-12-10")
    out = tmp_path / "lee.ics"
    assert gojee("activities", "ics", str(out), "--assignee", "lee")[0] == 0
    assert [str(c["summary"]) for c in _parse(out)] == [f"Call: Mine ({job['number']})"]
    code, _, err = gojee("activities", "ics", str(tmp_path / "x.ics"), "--assignee", "Nobody")
    assert code == 1 and "Unknown team member 'Nobody'" in err and not (tmp_path / "x.ics").exists()
    code, _, err = gojee("activities", "ics", str(tmp_path / "missing" / "x.ics"))
    assert code == 1 and "does not exist" in err


def test_cli_attach_and_list(db, capsys, tmp_path):
    from gojee_desktop.models import Attachment

    gojee = Gojee(db, capsys, counted=(Attachment, JobHistory))
    job_id = gojee.json("lead", "add", "--title", "Files")["id"]
    source = tmp_path / "invoice.pdf"
    source.write_bytes(b"%PDF-1.4 test")
    attached = gojee.json("attach", str(job_id), str(source))
    assert (attached["name"], attached["size"]) == ("invoice.pdf", 13)
    listed = gojee.json("attachments", str(job_id))
    assert [a["id"] for a in listed] == [attached["id"]]
    before = gojee.counts()
    code, out, err = gojee("attach", str(job_id), str(tmp_path / "missing.pdf"))
    assert (
        code == 1 and out == "" and err.startswith("gojee: Cannot read missing.pdf") and err.count("\n") == 1
    )
    assert gojee.counts() == before
    assert listed[0]["sha256"] == attached["sha256"]
