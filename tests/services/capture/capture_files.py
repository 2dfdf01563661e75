"""Realistic import files, written by the tests: each encoding Excel and the CRMs produce."""

from __future__ import annotations

import codecs
from collections.abc import Sequence
from pathlib import Path

import openpyxl

PEOPLE_ROWS = [
    ["Name", "Email", "Phone", "Company", "Notes"],
    ["Zoë Müller", "zoe@example.com", "0412 345 678", "Café Größe Pty Ltd", "Prefers mornings"],
    [
        "José Peña",
        "JOSE@example.com",
        "+61 2 9550 1234",
        "Señor Électricité",
        'Said "call back";\nsecond line',
    ],
    ["Ann O'Brien", "ann@example.com", "(03) 9999 1234", "", "€ 120 quoted"],
]


def csv_text(rows: Sequence[Sequence[str]], delimiter: str = ",") -> str:
    def cell(text: str) -> str:
        if any(ch in text for ch in (delimiter, '"', "\n", "\r")):
            return '"' + text.replace('"', '""') + '"'
        return text

    return "".join(delimiter.join(cell(c) for c in row) + "\r\n" for row in rows)


def write_csv(
    path: Path,
    rows: Sequence[Sequence[str]],
    encoding: str = "utf-8",
    delimiter: str = ",",
    bom: bool = False,
) -> Path:
    """UTF-16 as Excel's "Unicode text" writes it: BOM, then tab-separated UTF-16 LE."""
    data = csv_text(rows, delimiter).encode(encoding)
    if bom:
        data = {
            "utf-8": codecs.BOM_UTF8,
            "utf-16-le": codecs.BOM_UTF16_LE,
            "utf-16-be": codecs.BOM_UTF16_BE,
        }[encoding] + data
    path.write_bytes(data)
    return path


def write_xlsx(path: Path, rows: Sequence[Sequence[object]]) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        sheet.append(list(row))
    workbook.save(path)
    return path


def many_people(count: int, start: int = 0) -> list[list[str]]:
    """`count` distinct people with valid Australian mobiles and unique emails."""
    rows = [["First Name", "Last Name", "E-mail Address", "Mobile Phone", "Company"]]
    for n in range(start, start + count):
        rows.append(
            [
                f"Person{n}",
                f"Family{n % 997}",
                f"person{n}@example.com",
                f"04{10 + n % 30} {n // 1000 % 1000:03d} {n % 1000:03d}",
                f"Business {n}",
            ]
        )
    return rows
