"""Reading a CSV, tab-separated text or XLSX file as a header row and rows of text, streamed.

The encoding is detected with charset-normalizer (UTF-8 with or without BOM, UTF-16 LE/BE as
Excel's "Unicode text" writes it, Windows-1252), the delimiter (comma, semicolon, tab) with
clevercsv on a sample of the decoded text; the rows are then parsed by the `csv` module, so
quoted fields with newlines work and a big file is never held in memory. XLSX is read with
python-calamine. Row numbers are the spreadsheet's: the header is row 1."""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any, Protocol

import charset_normalizer
import clevercsv

SAMPLE_BYTES = 256 * 1024
SNIFF_LINES = 50
DELIMITERS = (",", ";", "\t")
XLSX_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")
# Single-byte code pages charset-normalizer may name for Western text; Excel writes those
# files in Windows-1252 in English-speaking and Western European locales.
_WESTERN_SINGLE_BYTE = {"cp1250", "cp1252", "latin_1", "iso8859_15", "iso8859_2", "cp850", "mac_roman"}

csv.field_size_limit(16 * 1024 * 1024)


class ReadError(ValueError):
    """A file that cannot be read as a table; the message says why in plain words."""


class RowSource(Protocol):
    """What the import reads: a file's path, its headers and its rows (a table or vCards)."""

    @property
    def path(self) -> Path: ...

    @property
    def headers(self) -> tuple[str, ...]: ...

    def rows(self) -> Iterator[tuple[int, list[str]]]: ...


@dataclass(frozen=True)
class TableFile:
    """A file opened for reading: what was detected, and its header row."""

    path: Path
    kind: str  # "csv" | "xlsx"
    encoding: str  # "" for xlsx
    delimiter: str  # "" for xlsx
    headers: tuple[str, ...]

    def rows(self) -> Iterator[tuple[int, list[str]]]:
        """(row number, cells as text) for every data row that is not blank."""
        records = _xlsx_records(self.path) if self.kind == "xlsx" else _csv_records(self)
        next(records, None)  # the header
        for number, cells in enumerate(records, start=2):
            if any(map(str.strip, cells)):
                yield number, cells


def detect_encoding(sample: bytes) -> str:
    """A Python codec name for the bytes (BOMs honoured; Windows-1252 preferred for Western
    single-byte text)."""
    for bom, codec in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if sample.startswith(bom):
            return codec
    if not sample:
        return "utf-8"
    best = charset_normalizer.from_bytes(sample).best()
    if best is None:
        raise ReadError(
            "This file is not text in an encoding Gojee recognises (UTF-8, UTF-16, Windows-1252)."
        )
    encoding = best.encoding
    if encoding in ("ascii", "utf_8"):
        return "utf-8"
    if encoding in _WESTERN_SINGLE_BYTE:
        try:
            sample.decode("cp1252")
        except UnicodeDecodeError:
            return encoding
        return "cp1252"
    return encoding


def _sample(path: Path) -> bytes:
    with path.open("rb") as handle:
        data = handle.read(SAMPLE_BYTES + 1)
    if len(data) <= SAMPLE_BYTES:
        return data
    data = data[:SAMPLE_BYTES]
    # Cut at the last line end, so a multi-byte character is never cut in half.
    end = data.rfind(b"\n")
    if end > 0:
        keep = end + 1
        if data[keep : keep + 1] == b"\x00":  # UTF-16 LE: "\n" is 0A 00
            keep += 1
        data = data[:keep]
    return data


def detect_delimiter(text: str) -> str:
    """Comma, semicolon or tab, judged by clevercsv on the first lines (comma if unsure)."""
    lines = text.splitlines(keepends=True)[:SNIFF_LINES]
    sample = "".join(lines)
    if not sample.strip():
        return ","
    try:
        dialect = clevercsv.Detector().detect(sample, delimiters=list(DELIMITERS))
    except Exception:  # clevercsv gives up on some samples; then count, as a person would
        dialect = None
    if dialect is not None and dialect.delimiter in DELIMITERS:
        return str(dialect.delimiter)
    first = lines[0] if lines else ""
    return max(DELIMITERS, key=first.count) if any(d in first for d in DELIMITERS) else ","


def open_table(path: str | Path) -> TableFile:
    """Open a CSV / TSV / XLSX file and read its header row; ReadError if it cannot be read."""
    path = Path(path)
    if not path.is_file():
        raise ReadError(f"There is no file {path}.")
    if path.suffix.lower() in XLSX_SUFFIXES:
        records = _xlsx_records(path)
        headers = next(records, None)
        if headers is None:
            raise ReadError(f"{path.name} has no rows.")
        return TableFile(path, "xlsx", "", "", _clean_headers(headers))
    raw = _sample(path)
    encoding = detect_encoding(raw)
    try:
        text = raw.decode(encoding, errors="strict")
    except (UnicodeDecodeError, LookupError) as exc:
        raise ReadError(f"{path.name} could not be decoded as {encoding}: {exc}") from exc
    delimiter = "\t" if path.suffix.lower() in (".tsv", ".tab") else detect_delimiter(text)
    table = TableFile(path, "csv", encoding, delimiter, ())
    headers = next(_csv_records(table), None)
    if headers is None:
        raise ReadError(f"{path.name} is empty.")
    return TableFile(path, "csv", encoding, delimiter, _clean_headers(headers))


def _clean_headers(cells: list[str]) -> tuple[str, ...]:
    headers = tuple(cell.strip().lstrip("\ufeff") for cell in cells)
    if not any(headers):
        raise ReadError("The first row is empty: it must name the columns (Name, Email, Phone...).")
    return headers


def _csv_records(table: TableFile) -> Iterator[list[str]]:
    try:
        with table.path.open("r", encoding=table.encoding, newline="") as handle:
            yield from csv.reader(
                handle, delimiter=table.delimiter, quotechar='"', doublequote=True, strict=False
            )
    except UnicodeDecodeError as exc:
        raise ReadError(
            f"{table.path.name} is not all {table.encoding}: a character at byte {exc.start} cannot be read."
        ) from exc
    except csv.Error as exc:
        raise ReadError(f"{table.path.name} could not be read as CSV: {exc}") from exc


def _xlsx_records(path: Path) -> Iterator[list[str]]:
    import python_calamine

    try:
        workbook = python_calamine.CalamineWorkbook.from_path(str(path))
        sheet = workbook.get_sheet_by_index(0)
        for values in sheet.iter_rows():
            yield [cell_text(value) for value in values]
    except (
        python_calamine.CalamineError,
        python_calamine.ZipError,
        python_calamine.XmlError,
        python_calamine.PasswordError,
    ) as exc:
        raise ReadError(f"{path.name} could not be read as a spreadsheet: {exc}") from exc


def cell_text(value: Any) -> str:
    """A spreadsheet cell as the text a user would type: 12 not 12.0, dates as YYYY-MM-DD."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return format(Decimal(repr(value)), "f")
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat(sep=" ")
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, timedelta):
        return str(value)
    return str(value)


def read_text_table(text: str) -> tuple[tuple[str, ...], list[list[str]]]:
    """Headers and rows of CSV text already in memory (pasted text, tests)."""
    records = list(csv.reader(io.StringIO(text, newline=""), delimiter=detect_delimiter(text)))
    if not records:
        raise ReadError("There is nothing to read.")
    return _clean_headers(records[0]), records[1:]
