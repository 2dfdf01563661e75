"""The `gojee` command in-process: JSON output, conversions, stages, and every error path
(one line on stderr, non-zero exit, nothing written)."""

from __future__ import annotations

import pytest
from cli_helpers import Gojee

from gojee_desktop.cli import main
from gojee_desktop.models import ContactDetail, Job, Label, Person


@pytest.fixture
def gojee(db, capsys):
    return Gojee(db, capsys, counted=(Job, Label, Person, ContactDetail))


def test_lead_add_prints_the_created_job_as_json(gojee):
    job = gojee.json(
        "lead",
        "add",
        "--title",
        "Rewire kitchen",
        "--value",
        "1234.50",
        "--currency",
        "aud",
        "--customer",
        "Ann Smith",
        "--email",
        "ann@example.com",
        "--phone",
        "0412 345 678",
        "--label",
        "Urgent",
        "--status",
        "Contacted",
        "--stage",
        "Site visit",
    )
    assert job["number"] == f"J-{job['id']:06d}"
    assert (job["title"], job["lifecycle"], job["value"], job["currency"]) == (
        "Rewire kitchen",
        "lead",
        "1234.50",
        "AUD",
    )
    assert (job["status"], job["stage"], job["archived"], job["labels"]) == (
        "Contacted",
        "Site visit",
        False,
        ["Urgent"],
    )
    assert {"kind": "phone", "value": "0412 345 678"} in job["contacts"]


def test_list_filters_and_json_array(gojee):
    gojee.json("lead", "add", "--title", "Deck build", "--value", "9000", "--label", "Outdoor")
    gojee.json("lead", "add", "--title", "Kitchen rewire", "--value", "5000")
    gojee.json("job", "add", "--title", "Kitchen tiling")
    rows = gojee.json("lead", "list")
    assert [r["title"] for r in rows] == ["Deck build", "Kitchen rewire"]
    assert all(isinstance(r["value"], str) for r in rows)
    assert [r["title"] for r in gojee.json("lead", "list", "--search", "kitch")] == ["Kitchen rewire"]
    assert [r["title"] for r in gojee.json("lead", "list", "--label", "outdoor")] == ["Deck build"]
    assert [r["title"] for r in gojee.json("job", "list", "--search", "kitch")] == ["Kitchen tiling"]
    assert len(gojee.json("lead", "list", "--limit", "1")) == 1
    code, out, _ = gojee("lead", "list", "--sort", "value", "--desc")
    assert code == 0
    assert out.index("Deck build") < out.index("Kitchen rewire")
    assert "$9,000.00" in out


def test_convert_show_archive_restore_delete(gojee):
    lead = gojee.json("lead", "add", "--title", "Fence")
    converted = gojee.json("lead", "convert", str(lead["id"]), "--stage", "In progress")
    assert (converted["id"], converted["number"], converted["lifecycle"]) == (
        lead["id"],
        lead["number"],
        "customer_job",
    )
    assert converted["stage"] == "In progress"
    shown = gojee.json("lead", "show", lead["number"])
    assert [h["field"] for h in shown["history"]][:3] == ["created", "lifecycle", "stage"]
    code, _, err = gojee("lead", "convert", str(lead["id"]))
    assert code == 1 and "already a customer job" in err
    second = gojee.json("lead", "add", "--title", "Gate")
    assert gojee.json("lead", "convert", str(second["id"]), "--no-stage")["stage"] is None
    third = gojee.json("lead", "add", "--title", "Shed")
    assert gojee.json("lead", "archive", str(third["id"]))["archived"] is True
    assert [r["title"] for r in gojee.json("lead", "list", "--archived")] == ["Shed"]
    code, _, err = gojee("lead", "convert", str(third["id"]))
    assert code == 1 and "archived" in err
    assert gojee.json("lead", "restore", str(third["id"]))["archived"] is False
    assert gojee.json("lead", "delete", str(third["id"]))["number"] == third["number"]
    code, _, err = gojee("lead", "show", str(third["id"]))
    assert code == 1 and f"no job with id {third['id']}" in err
    code, out, _ = gojee("lead", "show", str(lead["id"]))
    assert code == 0 and "History:" in out and "lifecycle: lead -> customer job" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["lead", "add", "--title", "X", "--value", "12,3x"], "'12,3x' is not an amount"),
        (["lead", "add", "--title", "X", "--currency", "XYZ"], "Unknown currency code 'XYZ'"),
        (["lead", "add", "--title", "   "], "cannot be empty"),
        (["lead", "add", "--title", "X", "--stage", "Scheduled"], "belongs to the Customer Jobs pipeline"),
        (["lead", "add", "--title", "X", "--status", "Nope"], "Unknown status 'Nope'"),
        (
            ["lead", "add", "--title", "X", "--label", "New", "--customer", "A", "--email", "bad"],
            "not a valid email",
        ),
        (
            ["lead", "add", "--title", "X", "--label", "New", "--customer", "A", "--phone", "x"],
            "not a valid phone",
        ),
        (["lead", "add", "--title", "X", "--close", "31/12/2026"], "not a date"),
        (["lead", "add", "--title", "X", "--value", "10.5", "--currency", "JPY"], "more decimals than JPY"),
        (["lead", "show", "999"], "no job with id 999"),
        (["lead", "show", "abc"], "is not a job id"),
        (["lead", "convert", "999"], "no job with id 999"),
        (["lead", "archive", "999"], "no job with id 999"),
        (["lead", "list", "--stage", "Nope"], "Unknown stage"),
        (["lead", "list", "--limit", "0"], "--limit must be at least 1"),
        (["stage", "add", "New enquiry", "--pipeline", "leads"], "already has a stage"),
        (["stage", "add", "X", "--pipeline", "sales"], "Unknown pipeline 'sales'"),
        (["stage", "add", "X", "--pipeline", "leads", "--color", "red"], "not a colour"),
    ],
)
def test_bad_input_exits_non_zero_with_one_line_and_writes_nothing(gojee, args, message):
    before = gojee.counts()
    code, out, err = gojee(*args)
    assert code == 1
    assert out == ""
    assert message in err
    assert len(err.strip().splitlines()) == 1
    assert err.startswith("gojee: ")
    assert gojee.counts() == before


def test_usage_errors_exit_2(gojee, capsys):
    with pytest.raises(SystemExit) as raised:
        main(["lead", "list", "--sort", "nonsense"])
    assert raised.value.code == 2
    assert "invalid choice" in capsys.readouterr().err


def test_stage_commands(gojee):
    gojee.json("stage", "add", "Follow-up", "--pipeline", "leads", "--position", "2", "--probability", "15")
    names = [s["name"] for s in gojee.json("stage", "list", "--pipeline", "leads")]
    assert names[:3] == ["New enquiry", "Follow-up", "Site visit"]
    gojee.json("stage", "rename", "Follow-up", "Chase", "--pipeline", "leads")
    gojee.json("stage", "set", "Chase", "--pipeline", "leads", "--outcome", "lost", "--color", "#aa0000")
    stages = {s["name"]: s for s in gojee.json("stage", "list", "--pipeline", "leads")}
    assert (stages["Chase"]["outcome"], stages["Chase"]["color"], stages["Chase"]["win_probability"]) == (
        "lost",
        "#aa0000",
        15,
    )
    moved = gojee.json("stage", "move", "Chase", "--pipeline", "leads", "--position", "1")
    assert moved[0]["name"] == "Chase"
    lead = gojee.json("lead", "add", "--title", "X", "--stage", "Site visit")
    code, _, err = gojee("stage", "delete", "Site visit", "--pipeline", "leads")
    assert code == 1 and "holds 1 job" in err
    code, out, _ = gojee("stage", "delete", "Site visit", "--pipeline", "leads", "--move-jobs-to", "Quoting")
    assert code == 0 and "moved 1 job(s) to 'Quoting'" in out
    assert gojee.json("lead", "show", str(lead["id"]))["stage"] == "Quoting"
    assert "Site visit" not in [s["name"] for s in gojee.json("stage", "list", "--pipeline", "leads")]
    assert gojee.json("stage", "list", "--pipeline", "jobs")[0]["name"] == "Scheduled"


def test_demo_data_spreads_over_statuses_stages_and_labels(gojee):
    code, out, _ = gojee("demo", "--leads", "300", "--jobs", "100", "--quiet")
    assert code == 0 and "Added 300 leads and 100 customer jobs" in out
    leads = gojee.json("lead", "list", "--limit", "1000")
    jobs = gojee.json("job", "list", "--limit", "1000")
    assert 270 <= len(leads) <= 300  # a few are archived, as in a real business
    assert len({r["stage"] for r in leads}) >= 4
    assert len({r["status"] for r in leads}) >= 3
    assert len({r["stage"] for r in jobs}) >= 3
    assert sum(1 for r in leads if r["labels"]) > 50
    assert all(r["customer"] for r in leads)
    assert len({r["customer"] for r in leads}) > 100
