"""The import service: people, organisations and leads; duplicates; all or nothing."""

from __future__ import annotations

from decimal import Decimal

import pytest
from capture_files import PEOPLE_ROWS, many_people, write_csv, write_xlsx
from sqlalchemy import func, select

from gojee_desktop.models import ContactDetail, Job, Organization, Person
from gojee_desktop.services import catalog, contacts, jobs
from gojee_desktop.services.capture.importer import (
    CREATE,
    SKIP,
    UPDATE,
    ImportCancelled,
    ImportOptions,
    custom_field_names,
    run_import,
    write_error_report,
)
from gojee_desktop.services.capture.mapping import LEADS, ORGANIZATIONS, PEOPLE, auto_map
from gojee_desktop.services.capture.readers import open_table
from gojee_desktop.services.contacts import CustomerInput
from gojee_desktop.services.errors import ValidationError
from gojee_desktop.services.job_query import JobQuery, list_jobs


def _counts(db) -> tuple[int, int, int, int]:
    with db.sessions() as session:
        return tuple(  # type: ignore[return-value]
            session.scalar(select(func.count()).select_from(model))
            for model in (Person, Organization, ContactDetail, Job)
        )


def _import(db, path, what, **options):
    table = open_table(path)
    mapping = auto_map(table.headers, what, custom_field_names(db.sessions))
    return run_import(db.sessions, table, ImportOptions(mapping, **options))


def test_people_are_created_with_organisations_and_matching_forms(db, tmp_path):
    path = write_csv(tmp_path / "people.csv", PEOPLE_ROWS, "cp1252", ";")
    summary = _import(db, path, PEOPLE)
    assert (summary.created, summary.updated, summary.skipped, summary.errors) == (3, 0, 0, ())
    assert summary.written
    people = {p.name: p for p in contacts.search_people(db.sessions, "")}
    assert set(people) == {"Zoë Müller", "José Peña", "Ann O'Brien"}
    assert people["Zoë Müller"].organization == "Café Größe Pty Ltd"
    assert {(d.kind, d.value, d.normalized) for d in people["José Peña"].details} == {
        ("email", "JOSE@example.com", "jose@example.com"),
        ("phone", "+61 2 9550 1234", "+61295501234"),
    }


def test_duplicates_against_the_database_skip_update_or_create(db, tmp_path):
    contacts.create_customer(db.sessions, CustomerInput(person_name="Zoe Mueller", phone="+61 412 345 678"))
    contacts.create_customer(db.sessions, CustomerInput(person_name="J. Pena", email="jose@EXAMPLE.com"))
    path = write_csv(tmp_path / "people.csv", PEOPLE_ROWS)
    before = _counts(db)

    skipped = _import(db, path, PEOPLE, on_duplicate=SKIP)
    assert (skipped.created, skipped.updated, skipped.skipped) == (1, 0, 2)
    assert [(d.row, d.existing) for d in skipped.duplicates] == [(2, "person 1"), (3, "person 2")]
    assert "phone" in skipped.duplicates[0].reason and "email" in skipped.duplicates[1].reason
    assert _counts(db)[0] == before[0] + 1

    updated = _import(db, write_csv(tmp_path / "again.csv", PEOPLE_ROWS[:3]), PEOPLE, on_duplicate=UPDATE)
    assert (updated.created, updated.updated, updated.skipped) == (0, 2, 0)
    zoe = contacts.search_people(db.sessions, "zoe mueller")[0]
    assert [d.value for d in zoe.details] == ["+61 412 345 678", "zoe@example.com"]  # the number not twice
    assert zoe.organization == "Café Größe Pty Ltd"

    chosen = _import(db, path, PEOPLE, on_duplicate=SKIP, choices={3: CREATE})
    assert (chosen.created, chosen.skipped) == (1, 2)  # José created anyway, Zoë and Ann skipped
    assert len(contacts.search_people(db.sessions, "pe")) == 2


def test_duplicates_within_the_file_are_caught(db, tmp_path):
    rows = [
        ["Name", "Email", "Phone"],
        ["Ann Smith", "ann@example.com", "0412 345 678"],
        ["Bob Brown", "ANN@example.com", ""],
        ["Ann Smith", "", "+61 412 345 678"],
    ]
    summary = _import(db, write_csv(tmp_path / "dups.csv", rows), PEOPLE, on_duplicate=SKIP)
    assert (summary.created, summary.skipped) == (1, 2)
    assert [d.existing for d in summary.duplicates] == ["an earlier row of the file (row 2)"] * 2
    merged = _import(db, write_csv(tmp_path / "dups2.csv", rows), PEOPLE, on_duplicate=UPDATE)
    assert (merged.created, merged.updated) == (0, 3)  # all three match the Ann now in the database


def test_a_file_with_a_bad_row_writes_nothing_unless_asked(db, tmp_path):
    rows = [
        ["Name", "Email", "Phone", "Company"],
        ["Good One", "one@example.com", "0412 000 001", "Acme"],
        ["Bad Mail", "not-an-email", "0412 000 002", "Acme"],
        ["Short"],
        ["Good Two", "two@example.com", "12", "Acme"],
        ["Good Three", "three@example.com", "0412 000 003", "New Co"],
    ]
    path = write_csv(tmp_path / "bad.csv", rows)
    before = _counts(db)
    summary = _import(db, path, PEOPLE)
    assert not summary.written and summary.bad_rows == [3, 4, 5]
    assert [(e.row, e.column) for e in summary.errors] == [
        (3, "Email"),
        (4, "Email"),
        (4, "Phone"),
        (4, "Company"),
        (5, "Phone"),
    ]
    assert "row too short" in summary.errors[1].message
    assert "not a valid phone number in Australia" in summary.errors[4].message
    assert _counts(db) == before  # not even the organisations of the good rows

    report = tmp_path / "errors.csv"
    assert write_error_report(open_table(path), summary.errors, report) == 3
    fixed = report.read_text(encoding="utf-8-sig").replace("not-an-email", "bad@example.com")
    report.write_text(fixed, encoding="utf-8-sig")
    again = _import(db, report, PEOPLE)
    assert again.bad_rows == [4]  # only the phone "12" is left to fix; the Errors column is ignored

    partial = _import(db, path, PEOPLE, skip_bad_rows=True)
    assert partial.written and (partial.created, len(partial.errors)) == (2, 5)
    assert sorted(p.name for p in contacts.search_people(db.sessions, "good")) == ["Good One", "Good Three"]


def test_a_failure_in_the_middle_rolls_everything_back(db, tmp_path):
    path = write_csv(tmp_path / "many.csv", many_people(1200))
    before = _counts(db)
    seen = []

    def cancel_after_first_batch(done: int) -> bool:
        seen.append(done)
        return done < 1000

    with pytest.raises(ImportCancelled, match="nothing was written"):
        table = open_table(path)
        run_import(
            db.sessions, table, ImportOptions(auto_map(table.headers, PEOPLE)), cancel_after_first_batch
        )
    assert seen[-1] == 1000
    assert _counts(db) == before


def test_dry_run_reports_without_writing(db, tmp_path):
    before = _counts(db)
    summary = _import(db, write_csv(tmp_path / "p.csv", PEOPLE_ROWS), PEOPLE, dry_run=True)
    assert (summary.created, summary.written, summary.dry_run) == (3, False, True)
    assert _counts(db) == before


def test_organisations_import_and_match_by_close_name(db, tmp_path):
    contacts.create_customer(db.sessions, CustomerInput(organization_name="Harbour Electrical Pty Ltd"))
    rows = [
        ["Company", "Phone", "Email"],
        ["Harbour Electrical", "(02) 9550 1234", ""],
        ["Metro Plumbing", "", "hi@metro.example"],
    ]
    summary = _import(db, write_csv(tmp_path / "orgs.csv", rows), ORGANIZATIONS, on_duplicate=UPDATE)
    assert (summary.created, summary.updated) == (1, 1)
    harbour = contacts.search_organizations(db.sessions, "harbour")
    assert len(harbour) == 1 and harbour[0].details[0].normalized == "+61295501234"


def test_leads_import_with_money_dates_stages_and_custom_fields(db, tmp_path):
    catalog.add_custom_field(db.sessions, "Roof type", "choice", ["Tin", "Tile"])
    rows = [
        [
            "Lead - Title",
            "Deal - Value",
            "Deal - Currency",
            "Person - Name",
            "Person - Email",
            "Organization - Name",
            "Deal - Expected close date",
            "Lead - Labels",
            "Stage",
            "Roof type",
            "Source",
        ],
        [
            "Rewire",
            "$1,234.50",
            "AUD",
            "Zoë Müller",
            "zoe@example.com",
            "Café Größe",
            "31/03/2026",
            "Urgent, Big",
            "site visit",
            "tile",
            "Website",
        ],
        ["Solar", "1.234,50 €", "EUR", "", "", "Sun Co", "2026-04-01", "", "", "", ""],
    ]
    summary = _import(db, write_xlsx(tmp_path / "leads.xlsx", rows), LEADS)
    assert summary.errors == () and summary.created == 2
    page = list_jobs(db.sessions, JobQuery(lifecycle="lead", sort="number"))
    rewire, solar = page.rows
    assert (rewire.title, rewire.value, rewire.currency, rewire.customer, rewire.organization) == (
        "Rewire",
        Decimal("1234.50"),
        "AUD",
        "Zoë Müller",
        "Café Größe",
    )
    assert (rewire.stage, rewire.source_channel, set(rewire.labels)) == (
        "Site visit",
        "Website",
        {"Urgent", "Big"},
    )
    assert str(rewire.expected_close) == "2026-03-31"
    detail = jobs.get_job(db.sessions, rewire.id)
    assert list(detail.custom_fields.values()) == ["Tile"]
    assert [h.new_value for h in detail.history] == ["lead (imported)"]
    assert (solar.value, solar.currency, solar.customer, solar.organization) == (
        Decimal("1234.50"),
        "EUR",
        None,
        "Sun Co",
    )
    assert [j.title for j in list_jobs(db.sessions, JobQuery(lifecycle="lead", text="muller")).rows] == [
        "Rewire"
    ]


@pytest.mark.parametrize(
    ("cells", "column", "message"),
    [
        (["X", "12.3x", "AUD", "2026-01-01"], "Value", "not an amount"),
        (["X", "12.345", "AUD", "2026-01-01"], "Value", "more decimals than AUD allows"),
        (["X", "-5", "AUD", "2026-01-01"], "Value", "negative"),
        (["X", "10", "XYZ", "2026-01-01"], "Currency", "Unknown currency code 'XYZ'"),
        (["X", "10", "AUD", "31/02/2026"], "Close date", "not a date"),
        (["", "10", "AUD", ""], "", "no title"),
    ],
)
def test_bad_lead_cells_are_named(db, tmp_path, cells, column, message):
    rows = [["Title", "Value", "Currency", "Close date"], cells]
    summary = _import(db, write_csv(tmp_path / "l.csv", rows), LEADS)
    assert [(e.row, e.column) for e in summary.errors] == [(2, column)]
    assert message in summary.errors[0].message
    assert _counts(db)[3] == 0


def test_a_mapping_without_a_name_is_refused(db, tmp_path):
    table = open_table(write_csv(tmp_path / "x.csv", [["Email"], ["a@b.com"]]))
    with pytest.raises(ValidationError, match="Map a column to Name"):
        run_import(db.sessions, table, ImportOptions(auto_map(table.headers, PEOPLE)))


def test_ten_thousand_rows_with_duplicates(db, tmp_path):
    rows = many_people(10_000)
    rows += [row[:] for row in rows[1:501]]  # 500 repeated rows at the end
    path = write_csv(tmp_path / "10k.csv", rows)
    summary = _import(db, path, PEOPLE, on_duplicate=SKIP)
    assert (summary.created, summary.skipped, summary.errors) == (10_000, 500, ())
    assert _counts(db)[:3] == (10_000, 10_000, 20_000)


def test_names_are_matched_across_chunks_and_against_existing_people(db, tmp_path):
    """Each chunk of 2,000 rows looks up the names of earlier records in the scratch file;
    the same name at a close organisation, or a close name at the same one, is found however
    far back the earlier record is."""
    ann, _harbour = contacts.create_customer(
        db.sessions, CustomerInput(person_name="Ann Smith", organization_name="Harbour Electrical Pty Ltd")
    )
    assert ann is not None
    rows = many_people(2_500)  # rows 2-2501: Person<n> Family<n> at Business <n>
    rows += [
        ["Person5", "Family5", "p5.again@example.com", "", "Business 5 Pty Ltd"],  # close name, same org
        ["Person6", "Family6", "p6.again@example.com", "", "Busines 6"],  # same name, close org
        ["Ann", "Smith", "ann2@example.com", "", "Harbour Electricals"],  # same name, close org
        ["Anne", "Smith", "", "", "Harbour Electrical"],  # close name, same org
        ["Person7", "Family7", "p7.again@example.com", "", "Metro Plumbing"],  # a new person
    ]
    summary = _import(db, write_csv(tmp_path / "chunks.csv", rows), PEOPLE, on_duplicate=SKIP)
    assert (summary.created, summary.skipped, summary.errors) == (2_501, 4, ())
    assert [(d.row, d.existing, d.reason.split(":")[0]) for d in summary.duplicates] == [
        (2502, "an earlier row of the file (row 7)", "a close name at Business 5 Pty Ltd"),
        (2503, "an earlier row of the file (row 8)", "the same name at a close organisation"),
        (2504, f"person {ann.id}", "the same name at a close organisation"),
        (2505, f"person {ann.id}", "a close name at Harbour Electrical"),
    ]


@pytest.mark.parametrize("ending", ["written", "dry run", "cancelled", "failed"])
def test_the_scratch_file_of_names_is_deleted_however_the_import_ends(db, tmp_path, monkeypatch, ending):
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr("tempfile.tempdir", str(scratch))
    table = open_table(write_csv(tmp_path / "people.csv", many_people(600)))
    during: list[list[str]] = []

    def progress(done: int) -> bool:
        during.append(sorted(path.name[:19] for path in scratch.iterdir()))
        if ending == "failed":
            raise RuntimeError("the disk is full")
        return ending != "cancelled"

    options = ImportOptions(auto_map(table.headers, PEOPLE), dry_run=ending == "dry run")
    if ending in ("cancelled", "failed"):
        with pytest.raises((ImportCancelled, RuntimeError)):
            run_import(db.sessions, table, options, progress)
    else:
        assert run_import(db.sessions, table, options, progress).written == (ending == "written")
    assert during[0] == ["gojee-import-names-"]  # it was there while the import ran
    assert list(scratch.iterdir()) == []


def test_notes_go_to_people_organisations_and_leads(db, tmp_path):
    """A Notes column: a person's or an organisation's notes, a lead's internal note. An
    update adds the row's notes as a paragraph, once however often the file is imported."""
    from gojee_desktop.services.activities.notes import list_notes

    rows = [
        ["Name", "Company", "Email", "Notes", "Comments", "Job Title"],
        ["Ann Smith", "Harbour Electrical", "ann@example.com", "Prefers mornings\nGate code 1234", "", ""],
        ["Bob Jones", "", "bob@example.com", "", "Met at the expo", "Site manager"],
        ["Ann S.", "", "ANN@example.com", "Second site on Dock Rd", "", ""],  # a duplicate of row 2
    ]
    path = write_csv(tmp_path / "people.csv", rows)
    assert _import(db, path, PEOPLE, on_duplicate=UPDATE).created == 2
    ann_notes = "Prefers mornings\nGate code 1234\n\nSecond site on Dock Rd"
    bob_notes = "Job title: Site manager\n\nMet at the expo"
    assert _notes(db, Person) == {"Ann Smith": ann_notes, "Bob Jones": bob_notes}
    again = _import(db, path, PEOPLE, on_duplicate=UPDATE)
    assert (again.created, again.updated) == (0, 3)
    assert _notes(db, Person)["Ann Smith"] == ann_notes

    org_rows = [["Company", "Description"], ["Metro Plumbing", "Account 7731; invoices by post"]]
    _import(db, write_csv(tmp_path / "orgs.csv", org_rows), ORGANIZATIONS)
    assert _notes(db, Organization) == {
        "Harbour Electrical": "",
        "Metro Plumbing": "Account 7731; invoices by post",
    }

    lead_rows = [["Title", "Name", "Notes"], ["Roof repair", "Carol King", "Leak over the **kitchen**"]]
    assert _import(db, write_csv(tmp_path / "leads.csv", lead_rows), LEADS).created == 1
    lead = list_jobs(db.sessions, JobQuery(lifecycle="lead", text="roof repair")).rows[0]
    assert [note.body for note in list_notes(db.sessions, lead.id)] == ["Leak over the **kitchen**"]
    assert _notes(db, Person)["Carol King"] == ""


def _notes(db, model) -> dict[str, str]:
    with db.sessions() as session:
        return dict(session.execute(select(model.name, model.notes)).tuples().all())


def test_notes_too_long_are_a_row_error(db, tmp_path):
    rows = [["Name", "Notes"], ["Ann Smith", "x" * 100_001], ["Bob Jones", "fine"]]
    summary = _import(db, write_csv(tmp_path / "long.csv", rows), PEOPLE)
    assert not summary.written and summary.created == 1  # what it would have done
    assert [(e.row, e.column, e.message) for e in summary.errors] == [
        (2, "Notes", "Notes can be at most 100,000 characters.")
    ]
