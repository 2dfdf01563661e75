"""`gojee import` and `gojee export`: JSON summaries, exit codes, round trips."""

from __future__ import annotations

import csv
import json
import sys
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from cli_helpers import Gojee
from sqlalchemy import select

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "services" / "capture"))
from capture_files import PEOPLE_ROWS, write_csv

from gojee_desktop.models import ContactDetail, Job, Organization, Person
from gojee_desktop.services import catalog, jobs
from gojee_desktop.services.contacts import CustomerInput
from gojee_desktop.services.startup import open_app_database
from gojee_desktop.store.backups import list_backups, sqlite_path


@pytest.fixture
def gojee(db, capsys):
    return Gojee(db, capsys, [Person, Organization, ContactDetail, Job])


def test_import_prints_the_json_summary(gojee, tmp_path):
    path = write_csv(tmp_path / "people.csv", PEOPLE_ROWS, "utf-16-le", "\t", bom=True)
    summary = gojee.json("import", str(path), "--what", "people")
    assert {k: summary[k] for k in ("created", "updated", "skipped", "errors")} == {
        "created": 3,
        "updated": 0,
        "skipped": 0,
        "errors": [],
    }
    again = gojee.json("import", str(path), "--what", "people", "--on-duplicate", "skip")
    assert (again["created"], again["skipped"]) == (0, 3)
    path_of_db = sqlite_path(gojee.db.url)
    if path_of_db is not None:  # a backup before each import that may write
        reasons = [info.reason for info in list_backups(path_of_db)]
        assert reasons == ["before-import-of-people-csv"] * 2


def test_bad_rows_write_nothing_and_exit_non_zero_listing_them(gojee, tmp_path):
    rows = [["Name", "Email"], ["Ann", "ann@example.com"], ["Bob", "bob@"], ["Cy", "cy@example.com"]]
    path = write_csv(tmp_path / "bad.csv", rows)
    before = gojee.counts()
    code, out, err = gojee(
        "import", str(path), "--what", "people", "--json", "--error-report", str(tmp_path / "e.csv")
    )
    assert code == 1
    assert json.loads(out)["errors"] == [
        {"row": 3, "column": "Email", "message": json.loads(out)["errors"][0]["message"]}
    ]
    assert "row 3, Email: 'bob@' is not a valid email address" in err
    assert "nothing was imported: fix rows 3" in err
    assert gojee.counts() == before
    assert list(csv.reader((tmp_path / "e.csv").open(encoding="utf-8-sig")))[1][:2] == ["Bob", "bob@"]

    code, out, _err = gojee("import", str(path), "--what", "people", "--skip-bad-rows", "--json")
    assert code == 0 and json.loads(out)["created"] == 2

    code, out, _err = gojee("import", str(path), "--what", "people", "--dry-run", "--json")
    assert code == 1 and json.loads(out)["written"] is False


def test_a_saved_mapping_is_used(gojee, tmp_path):
    path = write_csv(tmp_path / "odd.csv", [["Who", "Reach"], ["Ann", "0412 345 678"]])
    mapping = tmp_path / "m.json"
    mapping.write_text('{"columns": {"Who": "name", "Reach": "phone"}}')
    summary = gojee.json("import", str(path), "--what", "people", "--mapping", str(mapping))
    assert summary["created"] == 1
    mapping.write_text('{"columns": {"Who": "wage"}}')
    code, _out, err = gojee("import", str(path), "--what", "people", "--mapping", str(mapping))
    assert code == 1 and "'wage' is not a field of people" in err


def _seed_leads(db) -> None:
    catalog.add_custom_field(db.sessions, "Roof pitch", "number")
    fields = {f.name: f.id for f in catalog.list_custom_fields(db.sessions)}
    jobs.create_lead(
        db.sessions,
        jobs.NewJob(
            title='=HYPERLINK("http://evil")',
            value=Decimal("1234.50"),
            customer=CustomerInput(
                person_name="@Ann Smith",
                organization_name="+Plus Co",
                email="ann@example.com",
                phone="0412 345 678",
            ),
            label_names=["Urgent", "Big"],
            site_address="-1 Main St",
            custom_fields={fields["Roof pitch"]: "-2.5"},
        ),
    )
    jobs.create_lead(db.sessions, jobs.NewJob(title="Solar\tpanels", value=Decimal("99"), currency="EUR"))


def test_export_neutralises_formulas_in_csv_and_xlsx(gojee, db, tmp_path):
    _seed_leads(db)
    out = tmp_path / "leads.csv"
    assert gojee.json("export", str(out), "--what", "leads")["rows"] == 2
    rows = list(csv.reader(out.open(encoding="utf-8-sig")))
    first = dict(zip(rows[0], rows[1], strict=True))
    assert first["Title"] == '\'=HYPERLINK("http://evil")'
    assert (first["Name"], first["Organisation"], first["Site address"]) == (
        "'@Ann Smith",
        "'+Plus Co",
        "'-1 Main St",
    )
    assert (first["Value"], first["Roof pitch"]) == ("1234.50", "-2.5")
    assert rows[2][1] == "Solar\tpanels"  # a tab inside is harmless; only a leading one is guarded

    book = tmp_path / "leads.xlsx"
    gojee("export", str(book), "--what", "leads", "--format", "xlsx")
    sheet = openpyxl.load_workbook(book).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    header = values[0]
    assert values[1][header.index("Title")] == '\'=HYPERLINK("http://evil")'
    assert sheet.cell(2, header.index("Title") + 1).data_type == "s"  # text, not a formula
    assert values[1][header.index("Roof pitch")] == -2.5  # a negative amount stays a number
    assert values[1][header.index("Value")] == 1234.5


def test_export_of_leads_imports_back_unchanged(gojee, db, tmp_path, capsys):
    _seed_leads(db)
    customer = CustomerInput(person_name="Bo", email="bo@example.com")
    jobs.create_lead(db.sessions, jobs.NewJob(title="Plain", value=Decimal("10"), customer=customer))
    before = _comparable(gojee.json("lead", "list", "--sort", "number"), db)
    for fmt in ("csv", "xlsx"):
        out = tmp_path / f"leads.{fmt}"
        gojee("export", str(out), "--what", "leads")
        fresh = open_app_database(f"sqlite:///{tmp_path / ('fresh-' + fmt)}.sqlite3")
        catalog.add_custom_field(fresh.sessions, "Roof pitch", "number")
        other = Gojee(fresh, capsys, [])
        summary = other.json("import", str(out), "--what", "leads")
        assert (summary["created"], summary["errors"]) == (3, [])
        assert _comparable(other.json("lead", "list", "--sort", "number"), fresh) == before
        fresh.dispose()


def _comparable(listing, db) -> list:
    keep = (
        "number",
        "title",
        "value",
        "currency",
        "status",
        "stage",
        "customer",
        "organization",
        "source_channel",
        "expected_close",
        "labels",
    )
    rows = []
    for item in listing:
        detail = jobs.get_job(db.sessions, item["id"])
        rows.append(
            (
                {k: (sorted(item[k]) if k == "labels" else item[k]) for k in keep},
                detail.site_address,
                sorted(detail.custom_fields.values()),
                sorted(
                    (d.kind, d.value)
                    for owner in (detail.person, detail.organization)
                    if owner
                    for d in owner.details
                ),
            )
        )
    return rows


def test_export_people_and_a_bad_folder(gojee, db, tmp_path):
    _seed_leads(db)
    out = tmp_path / "people.csv"
    assert gojee.json("export", str(out), "--what", "people")["rows"] == 1
    assert list(csv.reader(out.open(encoding="utf-8-sig")))[1] == [
        "'@Ann Smith",
        "'+Plus Co",
        "ann@example.com",
        "0412 345 678",
        "",
        "",
    ]
    code, _out, err = gojee("export", str(tmp_path / "nowhere" / "x.csv"))
    assert code == 1 and "there is no folder" in err
    code, _out, err = gojee("export", str(tmp_path / "x.pdf"))
    assert code == 1 and "csv or xlsx" in err


def test_people_s_notes_export_and_import_back_unchanged(gojee, db, tmp_path, capsys):
    """Multi-line notes, and notes a spreadsheet would run (guarded on export, unguarded on
    import), come back as they were in a fresh database, from CSV and XLSX."""
    rows = [
        ["Name", "Company", "Email", "Notes"],
        ["Ann Smith", "Harbour Electrical", "ann@example.com", "Gate code 1234\nDogs on site"],
        ["Bob Jones", "", "bob@example.com", '=HYPERLINK("http://x")'],
        ["Carol King", "", "carol@example.com", ""],
    ]
    gojee.json("import", str(write_csv(tmp_path / "people.csv", rows)), "--what", "people")
    with db.sessions() as session:
        before = sorted(session.execute(select(Person.name, Person.notes)).tuples().all())
    assert before[1] == ("Bob Jones", '=HYPERLINK("http://x")')
    for fmt in ("csv", "xlsx"):
        out = tmp_path / f"people.{fmt}"
        gojee("export", str(out), "--what", "people")
        fresh = open_app_database(f"sqlite:///{tmp_path / ('fresh-' + fmt)}.sqlite3")
        summary = Gojee(fresh, capsys, []).json("import", str(out), "--what", "people")
        assert (summary["created"], summary["errors"]) == (3, [])
        with fresh.sessions() as session:
            assert sorted(session.execute(select(Person.name, Person.notes)).tuples().all()) == before
        fresh.dispose()


def test_export_of_chosen_people_by_id_in_their_order(gojee, db, tmp_path):
    from gojee_desktop.services.capture.vcards import parse_vcards
    from gojee_desktop.services.contacts import create_customer

    ids = {}
    for name in ("Ann Smith", "Bob Jones", "Cara Lee"):
        person, _org = create_customer(
            db.sessions, CustomerInput(person_name=name, email=f"{name[:3]}@x.com")
        )
        assert person is not None
        ids[name] = person.id
    out = tmp_path / "two.vcf"
    args = (
        "export",
        str(out),
        "--what",
        "people",
        "--id",
        str(ids["Cara Lee"]),
        "--id",
        str(ids["Ann Smith"]),
    )
    assert gojee.json(*args)["rows"] == 2
    assert [card.name for card in parse_vcards(out.read_text(encoding="utf-8"))] == ["Cara Lee", "Ann Smith"]
    missing = tmp_path / "missing.csv"
    code, _out, err = gojee(
        "export", str(missing), "--what", "people", "--id", str(ids["Bob Jones"]), "--id", "999"
    )
    assert code == 1 and "there is no person with id 999; nothing was exported" in err
    assert not missing.exists()
    code, _out, err = gojee("export", str(missing), "--what", "leads", "--id", "1")
    assert code == 1 and "--id applies to people and organisations only" in err
    code, _out, err = gojee("export", str(missing), "--what", "organizations", "--id", "x")
    assert code == 1 and "--id takes organisation ids (numbers), not 'x'" in err
