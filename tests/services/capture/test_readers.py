"""Reading files as they come: every encoding, delimiter, quoted newlines, XLSX."""

from __future__ import annotations

from datetime import date

import pytest
from capture_files import PEOPLE_ROWS, write_csv, write_xlsx

from gojee_desktop.services.capture.readers import ReadError, open_table


@pytest.mark.parametrize(
    ("encoding", "bom", "delimiter"),
    [
        ("utf-8", False, ","),
        ("utf-8", True, ";"),
        ("utf-16-le", True, "\t"),  # Excel's "Unicode text"
        ("utf-16-be", True, "\t"),
        ("cp1252", False, ";"),  # Excel's CSV in a Western European locale
        ("cp1252", False, ","),
    ],
)
def test_every_encoding_and_delimiter_reads_back_the_same_cells(tmp_path, encoding, bom, delimiter):
    path = write_csv(tmp_path / "people.csv", PEOPLE_ROWS, encoding, delimiter, bom)
    table = open_table(path)
    assert table.delimiter == delimiter
    assert table.headers == tuple(PEOPLE_ROWS[0])
    rows = list(table.rows())
    assert [number for number, _cells in rows] == [2, 3, 4]
    assert [cells for _number, cells in rows] == PEOPLE_ROWS[1:]  # ë, ñ, É, ß, € and the quoted newline


def test_blank_rows_are_skipped_but_numbers_stay_the_spreadsheets(tmp_path):
    path = write_csv(tmp_path / "gaps.csv", [["Name"], ["Ann"], [""], ["Bob"]])
    assert list(open_table(path).rows()) == [(2, ["Ann"]), (4, ["Bob"])]


def test_xlsx_cells_read_as_typed_text(tmp_path):
    path = write_xlsx(
        tmp_path / "leads.xlsx",
        [
            ["Title", "Value", "Close", "Phone"],
            ["Rewire", 1234.5, date(2026, 3, 1), "0412 345 678"],
            ["Fan", 12, None, ""],
        ],
    )
    table = open_table(path)
    assert (table.kind, table.headers) == ("xlsx", ("Title", "Value", "Close", "Phone"))
    assert list(table.rows()) == [
        (2, ["Rewire", "1234.5", "2026-03-01", "0412 345 678"]),
        (3, ["Fan", "12", "", ""]),
    ]


def test_unreadable_files_say_why(tmp_path):
    with pytest.raises(ReadError, match="no file"):
        open_table(tmp_path / "missing.csv")
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    with pytest.raises(ReadError, match="empty"):
        open_table(empty)
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"this is not a zip file")
    with pytest.raises(ReadError, match="could not be read as a spreadsheet"):
        list(open_table(broken).rows())
