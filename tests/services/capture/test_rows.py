"""One row -> a checked record: the name from its columns, guarded cells, short and long rows."""

from __future__ import annotations

import pytest

from gojee_desktop.services.capture.mapping import ORGANIZATIONS, PEOPLE, ColumnMapping
from gojee_desktop.services.capture.rows import RowRules, build_record

HEADERS = ("Name", "First Name", "Last Name", "Company", "Email")
MAPPING = ColumnMapping(PEOPLE, ("name", "first_name", "last_name", "organization", "email"))


@pytest.mark.parametrize(
    ("cells", "name"),
    [
        (["Ann Lee", "Bo", "Chan", "", ""], "Ann Lee"),  # a whole name wins
        (["", "Bo", "Chan", "", ""], "Bo Chan"),
        (["", "Bo", "", "", ""], "Bo"),
        (["", " ", "Chan ", "", ""], "Chan"),
        (["  ", "'=Bo", "", "", ""], "=Bo"),  # the export's formula guard removed
        (["'Ann", "", "", "", ""], "'Ann"),  # a quote that is not a guard stays
    ],
)
def test_the_name_comes_from_the_name_or_the_first_and_last_names(cells, name):
    record, errors = build_record(2, cells, HEADERS, MAPPING, RowRules())
    assert errors == [] and record is not None
    assert record.name == name


def test_a_row_without_any_name_is_refused():
    record, errors = build_record(2, ["", "", "", "Acme", ""], HEADERS, MAPPING, RowRules())
    assert record is None and [e.message for e in errors] == ["The row has no name."]


def test_short_and_long_rows_name_the_missing_column_and_the_count():
    _record, errors = build_record(3, ["Ann", "Bo"], HEADERS, MAPPING, RowRules())
    assert [(e.row, e.column) for e in errors] == [(3, "Last Name"), (3, "Company"), (3, "Email")]
    assert "only 2 cells; 'Last Name' is missing (row too short)" in errors[0].message
    _record, errors = build_record(4, ["Ann", "", "", "", "", "extra"], HEADERS, MAPPING, RowRules())
    assert [(e.column, e.message) for e in errors] == [
        ("", "The row has 6 cells but the header has 5 (row too long).")
    ]


def test_for_organisations_the_company_is_the_name():
    mapping = ColumnMapping(ORGANIZATIONS, MAPPING.fields)
    record, _errors = build_record(2, ["Ann Lee", "", "", "Acme Pty Ltd", ""], HEADERS, mapping, RowRules())
    assert record is not None and (record.name, record.organization) == ("Acme Pty Ltd", "")


def test_repeated_emails_in_a_cell_are_kept_once_ignoring_case():
    cells = ["Ann", "", "", "", "ann@example.com; ANN@example.com ::: bo@example.com"]
    record, _errors = build_record(2, cells, HEADERS, MAPPING, RowRules())
    assert record is not None and record.emails == ["ann@example.com", "bo@example.com"]
