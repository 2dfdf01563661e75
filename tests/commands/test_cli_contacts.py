"""`gojee person` and `gojee organization`: add, edit, list, show with --json, and every
error path (one line on stderr, exit 1 or 2, nothing written)."""

from __future__ import annotations

import pytest
from cli_helpers import Gojee

from gojee_desktop.models import ContactDetail, Job, Organization, Person


@pytest.fixture
def gojee(db, capsys):
    return Gojee(db, capsys, counted=(Person, Organization, ContactDetail, Job))


def test_person_add_edit_show_list(gojee):
    person = gojee.json(
        "person",
        "add",
        "--name",
        "Ann Smith",
        "--organization",
        "Smith Builders",
        "--email",
        "ann@example.com",
        "--phone",
        "0412 345 678",
        "--address",
        "1 Main St, Sydney",
    )
    assert (person["name"], person["organization"], person["emails"]) == (
        "Ann Smith",
        "Smith Builders",
        ["ann@example.com"],
    )
    assert person["phones"] == [{"value": "0412 345 678", "e164": "+61412345678"}]
    edited = gojee.json("person", "edit", str(person["id"]), "--name", "Ann Jones", "--phone", "02 9999 0000")
    assert edited["name"] == "Ann Jones"
    assert edited["emails"] == ["ann@example.com"]  # not given: kept
    assert [p["e164"] for p in edited["phones"]] == ["+61299990000"]
    gojee("lead", "add", "--title", "Deck", "--value", "500", "--customer", "Ann Jones")
    shown = gojee.json("person", "show", str(person["id"]))
    assert [j["title"] for j in shown["jobs"]] == ["Deck"]
    assert list(shown["open_pipeline"].values()) == ["500.00"]
    listed = gojee.json("person", "list", "--search", "jones")
    assert [(r["id"], r["jobs"]) for r in listed] == [(person["id"], 1)]
    code, out, _ = gojee("person", "list")
    assert code == 0 and "Ann Jones" in out and "Smith Builders" in out
    code, out, _ = gojee("person", "show", str(person["id"]))
    assert code == 0 and "Open pipeline" in out and "Deck" in out
    orgs = gojee.json("organization", "list")
    assert [(o["name"], o["people"]) for o in orgs] == [("Smith Builders", 1)]
    org = gojee.json("organisation", "edit", str(orgs[0]["id"]), "--email", "office@smith.example")
    assert org["emails"] == ["office@smith.example"] and org["people"] == ["Ann Jones"]


@pytest.mark.parametrize(
    ("args", "message", "code"),
    [
        (("person", "add", "--name", "A", "--email", "a@b"), "not a valid email", 1),
        (("person", "add", "--name", "A", "--phone", "12"), "not a valid phone", 1),
        (("person", "add", "--name", " "), "cannot be empty", 1),
        (("person", "show", "99"), "no person with id 99", 1),
        (("person", "show", "x"), "is not a person id", 1),
        (("organization", "edit", "7", "--name", "Z"), "no organisation with id 7", 1),
        (("person", "list", "--limit", "0"), "--limit must be at least 1", 1),
    ],
)
def test_errors_are_one_line_and_write_nothing(gojee, args, message, code):
    before = gojee.counts()
    exit_code, out, err = gojee(*args)
    assert exit_code == code
    assert message in err and out == ""
    assert err.count("\n") == 1
    assert gojee.counts() == before


@pytest.mark.parametrize("args", [("person", "add"), ("organization", "list", "--sort", "organization")])
def test_usage_errors_exit_2(gojee, capsys, args):
    from gojee_desktop.cli import main

    with pytest.raises(SystemExit) as raised:
        main(["--database", gojee.db.url, *args])
    assert raised.value.code == 2
    assert "see gojee" in capsys.readouterr().err


def test_labels_on_people_and_organisations(gojee):
    person = gojee.json("person", "add", "--name", "Lee Tran", "--label", "VIP", "--label", "Strata")
    assert set(person["labels"]) == {"VIP", "Strata"}
    shown = gojee.json("person", "show", str(person["id"]))
    assert set(shown["labels"]) == {"VIP", "Strata"}
    kept = gojee.json("person", "edit", str(person["id"]), "--notes", "Gate code 1234")
    assert set(kept["labels"]) == {"VIP", "Strata"}  # not given: kept
    replaced = gojee.json("person", "edit", str(person["id"]), "--label", "vip")
    assert replaced["labels"] == ["VIP"]
    cleared = gojee.json("person", "edit", str(person["id"]), "--label", "")
    assert cleared["labels"] == []
    organization = gojee.json("organization", "add", "--name", "Acme Strata", "--label", "strata")
    assert organization["labels"] == ["Strata"]


def test_custom_fields_on_people_and_organisations(gojee):
    from gojee_desktop.services import catalog

    catalog.add_custom_field(gojee.db.sessions, "Gate code", "text", applies_to="person")
    catalog.add_custom_field(gojee.db.sessions, "Tier", "choice", ["Gold", "Silver"], applies_to="person")
    catalog.add_custom_field(gojee.db.sessions, "Founded", "date", applies_to="organization")
    person = gojee.json(
        "person", "add", "--name", "Lee Tran", "--field", "Gate code=12#4", "--field", "tier=gold"
    )
    assert person["custom_fields"] == {"Gate code": "12#4", "Tier": "Gold"}
    edited = gojee.json("person", "edit", str(person["id"]), "--field", "Tier=Silver")
    assert edited["custom_fields"] == {"Gate code": "12#4", "Tier": "Silver"}  # the other one kept
    cleared = gojee.json("person", "edit", str(person["id"]), "--field", "Gate code=")
    assert cleared["custom_fields"] == {"Tier": "Silver"}
    assert gojee.json("person", "show", str(person["id"]))["custom_fields"] == {"Tier": "Silver"}
    code, out, _ = gojee("person", "show", str(person["id"]))
    assert code == 0 and "Tier" in out and "Silver" in out
    org = gojee.json("organization", "add", "--name", "Acme", "--field", "Founded=1999-03-01")
    assert org["custom_fields"] == {"Founded": "1999-03-01"}
    assert gojee.json("organization", "show", str(org["id"]))["custom_fields"] == {"Founded": "1999-03-01"}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("person", "add", "--name", "A", "--field", "Shoe size=9"),
            "no custom field 'Shoe size' for people",
        ),
        (("person", "add", "--name", "A", "--field", "Tier=Bronze"), "Tier: 'Bronze' is not one of Gold"),
        (("person", "add", "--name", "A", "--field", "Founded=1999-01-01"), "no custom field 'Founded'"),
        (("organization", "add", "--name", "A", "--field", "Founded=soon"), "Founded: 'soon' is not a date"),
        (("person", "add", "--name", "A", "--field", "Tier"), "is not NAME=VALUE"),
        (("person", "edit", "PERSON", "--name", "B", "--field", "Tier=Bronze"), "is not one of"),
    ],
)
def test_bad_custom_fields_are_refused_and_write_nothing(gojee, args, message):
    from gojee_desktop.services import catalog

    catalog.add_custom_field(gojee.db.sessions, "Tier", "choice", ["Gold", "Silver"], applies_to="person")
    catalog.add_custom_field(gojee.db.sessions, "Founded", "date", applies_to="organization")
    person = gojee.json("person", "add", "--name", "Ann", "--field", "Tier=Gold")
    args = tuple(str(person["id"]) if a == "PERSON" else a for a in args)
    before = gojee.counts()
    code, out, err = gojee(*args)
    assert code == 1 and out == ""
    assert message in err and err.count("\n") == 1
    assert gojee.counts() == before
    shown = gojee.json("person", "show", str(person["id"]))
    assert (shown["name"], shown["custom_fields"]) == ("Ann", {"Tier": "Gold"})


def test_list_by_labels_needs_every_label(gojee):
    gojee("person", "add", "--name", "Ann", "--label", "VIP", "--label", "Strata")
    gojee("person", "add", "--name", "Bob", "--label", "VIP")
    gojee("person", "add", "--name", "Cat")
    gojee("organization", "add", "--name", "Acme", "--label", "strata")
    assert [r["name"] for r in gojee.json("person", "list", "--label", "vip")] == ["Ann", "Bob"]
    assert [r["name"] for r in gojee.json("person", "list", "--label", "VIP", "--label", "Strata")] == ["Ann"]
    assert [r["name"] for r in gojee.json("organization", "list", "--label", "Strata")] == ["Acme"]
    assert gojee.json("organization", "list", "--label", "VIP") == []
    code, out, _ = gojee("person", "list", "--label", "Strata")
    assert code == 0 and "Ann" in out and "Bob" not in out
    code, out, err = gojee("person", "list", "--label", "Nope")
    assert (code, out) == (1, "") and "Unknown label 'Nope'" in err and err.count("\n") == 1
