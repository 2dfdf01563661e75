"""Export leads, customer jobs, people or organisations to CSV or XLSX (contacts also as
vCards), streamed a page at a time (never every row in memory), with spreadsheet formula
injection neutralised. A caller may follow the pages and cancel; the file is put in place
only when whole.

OWASP's rule: a text cell starting with `=`, `+`, `-`, `@`, tab or carriage return gets a
leading apostrophe, so no spreadsheet runs it; amounts and dates are written as numbers and
dates (a negative amount stays a number in XLSX). The import takes the apostrophe off again,
so an export of leads imports back unchanged. The columns carry the headers the import maps
by itself."""

from __future__ import annotations

import csv
import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any, Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from gojee_desktop.models import (
    ContactDetail,
    CustomFieldDefinition,
    CustomFieldValue,
    Job,
    Organization,
    Person,
)
from gojee_desktop.services.capture.vcards import contacts_from_rows, write_vcards
from gojee_desktop.services.errors import ValidationError
from gojee_desktop.services.job_query import JobQuery, job_id_array
from gojee_desktop.services.job_rows import summaries_for_ids
from gojee_desktop.services.uow import read_only
from gojee_desktop.store.database import SessionFactory

FORMATS = ("csv", "xlsx")
CONTACT_FORMATS = (*FORMATS, "vcf")
PAGE = 500
_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")

JOB_COLUMNS = (
    "Number",
    "Title",
    "Value",
    "Currency",
    "Status",
    "Stage",
    "Name",
    "Organisation",
    "Email",
    "Phone",
    "Source channel",
    "Expected close",
    "Labels",
    "Site address",
)
PEOPLE_COLUMNS = ("Name", "Organisation", "Email", "Phone", "Address", "Notes")
ORGANIZATION_COLUMNS = ("Name", "Email", "Phone", "Address", "Notes")

Cell = str | Decimal | date | int | None
ExportProgress = Callable[[int, int], bool]  # (rows written, rows in all) -> False to cancel


class ExportCancelled(Exception):
    """The user cancelled; no file was written (one being replaced is left as it was)."""


def guard(text: str) -> str:
    """Neutralise a text cell a spreadsheet would run as a formula."""
    return f"'{text}" if text.startswith(_TRIGGERS) else text


@dataclass(frozen=True)
class ExportResult:
    path: Path
    rows: int
    columns: tuple[str, ...]


class _Sink(Protocol):
    def write(self, cells: Sequence[Cell]) -> None: ...
    def close(self) -> None: ...


class _CsvSink:
    def __init__(self, path: Path) -> None:
        self._handle = path.open("w", encoding="utf-8-sig", newline="")  # Excel reads the BOM as UTF-8
        self._writer = csv.writer(self._handle)

    def write(self, cells: Sequence[Cell]) -> None:
        self._writer.writerow([_csv_text(cell) for cell in cells])

    def close(self) -> None:
        self._handle.close()


def _csv_text(cell: Cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, Decimal):
        return format(cell, "f")
    if isinstance(cell, date):
        return cell.isoformat()
    if isinstance(cell, int):
        return str(cell)
    return guard(cell)


class _XlsxSink:
    def __init__(self, path: Path, title: str) -> None:
        from openpyxl import Workbook

        self._path = path
        self._book = Workbook(write_only=True)  # rows go to a temporary file as they come
        self._sheet = self._book.create_sheet(title)

    def write(self, cells: Sequence[Cell]) -> None:
        self._sheet.append([guard(cell) if isinstance(cell, str) else cell for cell in cells])

    def close(self) -> None:
        self._book.save(self._path)


def _sink(path: Path, fmt: str, title: str) -> _Sink:
    if fmt not in FORMATS:
        raise ValidationError(f"Export as csv or xlsx, not '{fmt}'.", field="format")
    return _CsvSink(path) if fmt == "csv" else _XlsxSink(path, title)


def format_for(path: str | Path, fmt: str | None = None, allowed: tuple[str, ...] = FORMATS) -> str:
    """The format asked for, else the file's extension."""
    chosen = (fmt or Path(path).suffix.lstrip(".")).lower()
    if chosen not in allowed:
        names = " or ".join(allowed)
        raise ValidationError(f"Export as {names} (by --format or the file's extension), not '{chosen}'.")
    return chosen


def _details(session: Session, column: Any, owner_ids: Sequence[int]) -> dict[int, dict[str, list[str]]]:
    found: dict[int, dict[str, list[str]]] = {}
    if not owner_ids:
        return found
    query = (
        select(column, ContactDetail.kind, ContactDetail.value)
        .where(column.in_(list(owner_ids)))
        .order_by(column, ContactDetail.position, ContactDetail.id)
    )
    for owner_id, kind, value in session.execute(query):
        found.setdefault(owner_id, {}).setdefault(kind, []).append(value)
    return found


def _custom_cell(field_type: str, value: str) -> Cell:
    """Number and money custom fields as numbers (a negative one stays a number)."""
    if value and field_type in ("number", "money"):
        try:
            return Decimal(value)
        except ArithmeticError:
            return value
    return value


def _job_pages(
    sessions: SessionFactory, ids: Sequence[int], columns: Sequence[str] | None = None
) -> Iterator[list[list[Cell]]]:
    with read_only(sessions) as session:
        definitions = list(
            session.scalars(
                select(CustomFieldDefinition)
                .where(CustomFieldDefinition.applies_to == "job")
                .order_by(CustomFieldDefinition.position)
            )
        )
        header = [*JOB_COLUMNS, *(d.name for d in definitions)]
        unknown = [name for name in columns or () if name not in header]
        if unknown:
            raise ValidationError(f"Unknown column(s) to export: {', '.join(unknown)}.")
        keep = [header.index(name) for name in columns] if columns else list(range(len(header)))
        yield [[header[i] for i in keep]]
        for start in range(0, len(ids), PAGE):
            page = list(ids[start : start + PAGE])
            summaries = summaries_for_ids(session, page)
            sites = dict(
                session.execute(select(Job.id, Job.site_address).where(Job.id.in_(page))).tuples().all()
            )
            custom: dict[int, dict[int, str]] = {}
            for job_id, definition_id, value in session.execute(
                select(CustomFieldValue.job_id, CustomFieldValue.definition_id, CustomFieldValue.value).where(
                    CustomFieldValue.job_id.in_(page)
                )
            ):
                custom.setdefault(job_id, {})[definition_id] = value
            people = _details(
                session, ContactDetail.person_id, [s.person_id for s in summaries if s.person_id]
            )
            orgs = _details(
                session,
                ContactDetail.organization_id,
                [s.organization_id for s in summaries if s.organization_id and not s.person_id],
            )
            rows: list[list[Cell]] = []
            for job in summaries:
                details = people.get(job.person_id or 0) or orgs.get(job.organization_id or 0) or {}
                values = custom.get(job.id, {})
                rows.append(
                    [
                        job.number,
                        job.title,
                        job.value,
                        job.currency,
                        job.status or "",
                        job.stage or "",
                        job.customer or "",
                        job.organization or "",
                        "; ".join(details.get("email", [])),
                        "; ".join(details.get("phone", [])),
                        job.source_channel or "",
                        job.expected_close,
                        ", ".join(job.labels),
                        sites.get(job.id, ""),
                        *(_custom_cell(d.field_type, values.get(d.id, "")) for d in definitions),
                    ]
                )
            yield [[row[i] for i in keep] for row in rows] if columns else rows


def _contact_ids_by_name(sessions: SessionFactory, organizations: bool, text: str) -> list[int]:
    """The people (or organisations) whose name holds `text`, by name."""
    model: Any = Organization if organizations else Person
    query = select(model.id).order_by(model.name, model.id)
    if text.strip():
        query = query.where(model.name.ilike(f"%{text.strip()}%"))
    with read_only(sessions) as session:
        return list(session.scalars(query))


def _contact_pages(
    sessions: SessionFactory, organizations: bool, ids: Sequence[int]
) -> Iterator[list[list[Cell]]]:
    """The header, then pages of rows of these contacts, in their order."""
    with read_only(sessions) as session:
        yield [list(ORGANIZATION_COLUMNS if organizations else PEOPLE_COLUMNS)]
        for start in range(0, len(ids), PAGE):
            page = ids[start : start + PAGE]
            column = ContactDetail.organization_id if organizations else ContactDetail.person_id
            details = _details(session, column, page)
            names: dict[int, str] = {}
            notes: dict[int, str] = {}
            orgs_of: dict[int, str] = {}
            if organizations:
                for org_id, name, note in session.execute(
                    select(Organization.id, Organization.name, Organization.notes).where(
                        Organization.id.in_(page)
                    )
                ).tuples():
                    names[org_id], notes[org_id] = name, note
            else:
                rows_ = session.execute(
                    select(Person.id, Person.name, Organization.name, Person.notes)
                    .outerjoin(Organization, Person.organization_id == Organization.id)
                    .where(Person.id.in_(page))
                ).tuples()
                for person_id, name, org, note in rows_:
                    names[person_id], notes[person_id] = name, note
                    orgs_of[person_id] = org or ""
            rows: list[list[Cell]] = []
            for owner_id in page:
                if owner_id not in names:
                    continue  # deleted since it was chosen
                found = details.get(owner_id, {})
                contact = [
                    "; ".join(found.get("email", [])),
                    "; ".join(found.get("phone", [])),
                    "; ".join(found.get("address", [])),
                    notes[owner_id],
                ]
                rows.append(
                    [names[owner_id], *contact]
                    if organizations
                    else [names[owner_id], orgs_of[owner_id], *contact]
                )
            yield rows


@contextmanager
def _written_whole(target: Path) -> Iterator[Path]:
    """A file written beside `target` under another name and put in its place only when
    whole: a cancelled or failed export leaves no part file, and a file it would have
    replaced as it was."""
    part = target.with_name(f".{target.name}.part")
    try:
        yield part
        os.replace(part, target)
    finally:
        part.unlink(missing_ok=True)


def _check(progress: ExportProgress | None, done: int, total: int) -> None:
    if progress is not None and not progress(done, total):
        raise ExportCancelled("The export was cancelled; no file was written.")


def _write(
    pages: Iterator[list[list[Cell]]],
    target: Path,
    fmt: str,
    title: str,
    total: int,
    progress: ExportProgress | None = None,
) -> ExportResult:
    count = -1
    columns: tuple[str, ...] = ()
    with _written_whole(target) as part:
        sink = _sink(part, fmt, title)
        try:
            for rows in pages:
                for cells in rows:
                    if count < 0:
                        columns = tuple(str(cell) for cell in cells)
                    sink.write(cells)
                    count += 1
                _check(progress, count, total)
        finally:
            sink.close()
    return ExportResult(target, count, columns)


def export_jobs(
    sessions: SessionFactory,
    query: JobQuery,
    target: str | Path,
    fmt: str | None = None,
    columns: Sequence[str] | None = None,
    progress: ExportProgress | None = None,
) -> ExportResult:
    """Every job the query matches, in its order: `columns` (names of JOB_COLUMNS or custom
    fields, in the order wanted), or all of them with every custom field. `progress` is told
    the rows done and their total after each page; False cancels (ExportCancelled)."""
    path = Path(target)
    chosen = format_for(path, fmt)
    title = "Leads" if query.lifecycle == "lead" else "Customer jobs"
    ids = job_id_array(sessions, query)
    return _write(_job_pages(sessions, ids, columns), path, chosen, title, len(ids), progress)


def export_contacts(
    sessions: SessionFactory, what: str, target: str | Path, fmt: str | None = None, text: str = ""
) -> ExportResult:
    """People or organisations (`what`), by name, with their emails, phones and addresses."""
    ids = _contact_ids_by_name(sessions, what == "organizations", text)
    return export_contact_ids(sessions, what, ids, target, fmt)


def export_contact_ids(
    sessions: SessionFactory,
    what: str,
    ids: Sequence[int],
    target: str | Path,
    fmt: str | None = None,
    progress: ExportProgress | None = None,
) -> ExportResult:
    """These people or organisations (a selection, a page's list), in the order given.
    Ids of contacts deleted meanwhile are left out. `progress` as for `export_jobs`."""
    path = Path(target)
    organizations = what == "organizations"
    chosen = format_for(path, fmt, CONTACT_FORMATS)
    pages = _contact_pages(sessions, organizations, ids)
    if chosen == "vcf":
        return _write_vcards(pages, path, organizations, len(ids), progress)
    title = "Organisations" if organizations else "People"
    return _write(pages, path, chosen, title, len(ids), progress)


def missing_contact_ids(sessions: SessionFactory, what: str, ids: Sequence[int]) -> list[int]:
    """The ids that name no person (or organisation), in the order given."""
    model: Any = Organization if what == "organizations" else Person
    found: set[int] = set()
    with read_only(sessions) as session:
        for start in range(0, len(ids), PAGE):
            found.update(session.scalars(select(model.id).where(model.id.in_(ids[start : start + PAGE]))))
    return [i for i in ids if i not in found]


def _write_vcards(
    pages: Iterator[list[list[Cell]]],
    target: Path,
    organizations: bool,
    total: int,
    progress: ExportProgress | None = None,
) -> ExportResult:
    """vCard 3.0, one card a person or organisation, written a page at a time."""
    header = next(pages)[0]
    count = 0
    _check(progress, count, total)  # as `_write` does after the header: the total, at once
    with _written_whole(target) as part, part.open("w", encoding="utf-8", newline="") as handle:
        for rows in pages:
            texts = [[str(cell or "") for cell in row] for row in rows]
            if organizations:  # no person: the card is the business's
                texts = [[name, name, *rest] for name, *rest in texts]
            contacts = contacts_from_rows(texts)
            if organizations:
                contacts = [replace(contact, name="") for contact in contacts]
            handle.write(write_vcards(contacts))
            count += len(contacts)
            _check(progress, count, total)
    return ExportResult(target, count, tuple(str(cell) for cell in header))
