"""Import people, organisations or leads from a table file in one transaction.

All or nothing: a file with bad rows writes nothing unless `skip_bad_rows` is set; a
cancelled or failed import writes nothing. Duplicates (against the database and within the
file) are skipped, update the existing record, or are created anyway, per row or for all.
People and organisations are written in batches of plain driver rows (tens of thousands
of rows a second); leads go through the ORM with their history and search text."""

from __future__ import annotations

import csv
import gc
from array import array
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast
from uuid import uuid4

from sqlalchemy import Table, func, select
from sqlalchemy.orm import Session

from gojee_desktop.models import (
    LIFECYCLE_LEAD,
    CustomFieldDefinition,
    CustomFieldValue,
    Job,
    Label,
    Organization,
    Person,
    SourceChannel,
    Stage,
    Status,
    utcnow,
)
from gojee_desktop.money import to_minor
from gojee_desktop.services import lookups
from gojee_desktop.services.activities.notes import note_on
from gojee_desktop.services.capture.duplicates import (
    ContactKey,
    DuplicateIndex,
    Match,
    name_key,
    organization_key,
)
from gojee_desktop.services.capture.emails import email_key
from gojee_desktop.services.capture.id_runs import IdRuns
from gojee_desktop.services.capture.mapping import (
    LEADS,
    ORGANIZATIONS,
    ColumnMapping,
    missing_required,
)
from gojee_desktop.services.capture.readers import RowSource
from gojee_desktop.services.capture.region import business_region
from gojee_desktop.services.capture.rows import Record, RowError, RowRules, build_record
from gojee_desktop.services.capture.spilled_names import SpilledNames
from gojee_desktop.services.contacts import add_detail, merged_notes
from gojee_desktop.services.errors import ValidationError
from gojee_desktop.services.history import HistoryWriter
from gojee_desktop.services.jobs import default_currency, format_number
from gojee_desktop.services.search_text import refresh_search_text
from gojee_desktop.services.uow import unit_of_work
from gojee_desktop.store.contact_bulk_index import BulkIndexer
from gojee_desktop.store.database import SessionFactory
from gojee_desktop.store.fulltext import fold

SKIP = "skip"
UPDATE = "update"
CREATE = "create"
CHOICES = (SKIP, UPDATE, CREATE)
BATCH = 2_000
PROGRESS_EVERY = 250
IMPORT_CACHE_KB = 2 * 1024  # SQLite page cache while importing

Progress = Callable[[int], bool]  # rows done -> False to cancel
# A record in the duplicate index: an existing person's or organisation's id (> 0), or
# -1 - slot for a row of this file (slot: its place among the rows created). A plain int, not
# a tuple: the index holds one per record, 200,000 of them in a big import.
Ref = int


class ImportCancelled(Exception):
    """The user cancelled; nothing was written."""


class _Rollback(Exception):
    """Internal: end the transaction without writing (dry run, or bad rows)."""


@dataclass(frozen=True, slots=True)  # one for every duplicate row: thousands in a big file
class DuplicateNote:
    """A row that duplicates a record: which, why, and what was done."""

    row: int
    existing: str  # "person 42", "row 7"
    reason: str
    action: str


@dataclass(frozen=True)
class ImportOptions:
    mapping: ColumnMapping
    on_duplicate: str = SKIP
    choices: Mapping[int, str] = field(default_factory=dict)  # row -> skip/update/create
    skip_bad_rows: bool = False
    dry_run: bool = False


@dataclass(frozen=True)
class ImportSummary:
    """What an import did (or, when `written` is False, would have done)."""

    what: str
    created: int
    updated: int
    skipped: int
    errors: tuple[RowError, ...]
    duplicates: tuple[DuplicateNote, ...]
    rows: int
    written: bool
    dry_run: bool

    @property
    def bad_rows(self) -> list[int]:
        return sorted({error.row for error in self.errors})

    def as_json(self) -> dict[str, Any]:
        return {
            "what": self.what,
            "created": self.created,
            "updated": self.updated,
            "skipped": self.skipped,
            "errors": [{"row": e.row, "column": e.column, "message": e.message} for e in self.errors],
            "duplicates": [
                {"row": d.row, "existing": d.existing, "reason": d.reason, "action": d.action}
                for d in self.duplicates
            ],
            "rows": self.rows,
            "written": self.written,
            "dry_run": self.dry_run,
        }


def check_options(options: ImportOptions) -> None:
    if options.on_duplicate not in CHOICES:
        raise ValidationError(f"On a duplicate choose skip, update or create, not '{options.on_duplicate}'.")
    problem = missing_required(options.mapping)
    if problem:
        raise ValidationError(problem, field="mapping")


def row_rules(session: Session) -> RowRules:
    """The business's country and currency, and the configured lists rows are checked against."""
    statuses = {
        fold(s.name): (s.id, s.name)
        for s in session.scalars(select(Status).order_by(Status.position))
        if s.applies_to in ("both", "lead")
    }
    pipeline = lookups.get_pipeline(session, "leads")
    stages = {
        fold(s.name): (s.id, s.name)
        for s in session.scalars(
            select(Stage).where(Stage.pipeline_id == pipeline.id).order_by(Stage.position)
        )
        if s.outcome != "lost"
    }
    custom = {
        d.key: (d.id, d.field_type, d.name, tuple(c.strip() for c in d.choices.splitlines() if c.strip()))
        for d in session.scalars(
            select(CustomFieldDefinition).where(CustomFieldDefinition.applies_to == "job")
        )
    }
    return RowRules(business_region(session), default_currency(session), statuses, stages, custom)


def custom_field_names(sessions: SessionFactory) -> dict[str, str]:
    """Folded custom field name -> key, for auto-mapping headers."""
    with sessions() as session:
        jobs = select(CustomFieldDefinition).where(CustomFieldDefinition.applies_to == "job")
        return {fold(d.name): d.key for d in session.scalars(jobs)}


def run_import(
    sessions: SessionFactory, table: RowSource, options: ImportOptions, progress: Progress | None = None
) -> ImportSummary:
    """Check and write every row in one transaction (see the module's rules)."""
    check_options(options)
    what = options.mapping.what
    result: ImportSummary | None = None
    try:
        with (
            _collector_paused(),
            SpilledNames() as names,
            unit_of_work(sessions) as session,
            _bounded_page_cache(session),
        ):
            writer = _Writer(session, options, names)
            rows = 0
            for number, cells in table.rows():
                rows += 1
                record, row_errors = build_record(number, cells, table.headers, options.mapping, writer.rules)
                if row_errors:
                    writer.errors.extend(row_errors)
                elif record is not None:
                    writer.handle(record)
                if progress is not None and rows % PROGRESS_EVERY == 0 and not progress(rows):
                    raise ImportCancelled("The import was cancelled; nothing was written.")
            writer.flush()
            blocked = bool(writer.errors) and not options.skip_bad_rows
            written = not blocked and not options.dry_run
            result = writer.summary(what, rows, written, options.dry_run)
            if not written:
                raise _Rollback
    except _Rollback:
        pass
    assert result is not None
    if progress is not None:
        progress(result.rows)
    return result


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cycle collector paused while an import runs: the rows, records and batches it
    keeps until they are written are hundreds of thousands of objects the collector walked
    again and again (and every object of the program at each full collection): 15-20 % of
    the import's time. What an import makes is freed by reference counting (peak memory
    measured the same). Left as it was found, also when the import fails; an import
    running beside another leaves it to the one that found it enabled."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@contextmanager
def _bounded_page_cache(session: Session) -> Iterator[None]:
    """SQLite keeps every page an import writes in its page cache (64 MB for bulk work) until
    the commit; a smaller cache during the import lets the pages go to the write-ahead log
    instead, so memory stays flat however big the file (measured: no slower). Restored after."""
    if session.get_bind().dialect.name != "sqlite":
        yield
        return
    connection = session.connection()
    before = connection.exec_driver_sql("PRAGMA cache_size").scalar()
    connection.exec_driver_sql(f"PRAGMA cache_size=-{IMPORT_CACHE_KB}")
    try:
        yield
    finally:
        connection.exec_driver_sql(f"PRAGMA cache_size={int(before or -2000)}")


def write_error_report(
    table: RowSource, errors: tuple[RowError, ...] | list[RowError], target: str | Path
) -> int:
    """The rows that had errors, as they were, plus an "Errors" column: fix and re-import.
    Returns the number of rows written."""
    by_row: dict[int, list[str]] = {}
    for error in errors:
        by_row.setdefault(error.row, []).append(
            f"{error.column}: {error.message}" if error.column else error.message
        )
    count = 0
    with Path(target).open("w", encoding="utf-8-sig", newline="") as handle:
        out = csv.writer(handle)
        out.writerow([*table.headers, "Errors"])
        for number, cells in table.rows():
            messages = by_row.get(number)
            if messages:
                padded = list(cells) + [""] * (len(table.headers) - len(cells))
                out.writerow([*padded[: len(table.headers)], " | ".join(messages)])
                count += 1
    return count


# --- writing ------------------------------------------------------------------------------


@dataclass(slots=True)
class _NewContact:
    name: str
    organization_id: int | None
    details: list[tuple[str, str, str | None]]  # (kind, value, normalized)
    notes: str


def _table(model: type[Any]) -> Table:
    """The Core table of a mapped class: bulk inserts skip the ORM's per-object work."""
    table = model.__table__
    assert isinstance(table, Table)
    return table


def _details_of(record: Record) -> list[tuple[str, str, str | None]]:
    details: list[tuple[str, str, str | None]] = [("email", e, e.casefold()) for e in record.emails]
    details += [("phone", p.text, p.e164) for p in record.phones]
    if record.address:
        details.append(("address", record.address, None))
    return details


_KIND_ORDER = {"email": 0, "phone": 1, "address": 2}  # the order `_details_of` gives them


def _index_order(detail: tuple[int, str, str, str | None, int]) -> tuple[int, str]:
    """(owner, kind, value, normalized, position) -> its place in the matching index."""
    return _KIND_ORDER.get(detail[1], 3), detail[3] or ""


def _stream(cursor: Any, sql: str) -> Iterator[tuple[Any, ...]]:
    """The rows of a plain query (no parameters) on a DB-API cursor, a few thousand at a time."""
    cursor.execute(sql)
    while rows := cursor.fetchmany(5000):
        yield from rows


def _new_ref(slot: int) -> Ref:
    return -1 - slot


def _slot_of(ref: Ref) -> int:
    return -1 - ref


class _Writer:
    """The state of one import: lookups, the duplicate index, pending inserts, counts."""

    def __init__(self, session: Session, options: ImportOptions, names: SpilledNames) -> None:
        self.session = session
        self.options = options
        self.what = options.mapping.what
        self.rules = row_rules(session)
        self._sqlite = session.get_bind().dialect.name == "sqlite"
        self._mark = "?" if self._sqlite else "%s"  # the driver's parameter marker (psycopg on PostgreSQL)
        # SQLite: the names of new people and organisations indexed a batch at once.
        self._bulk_index = BulkIndexer(session.connection()) if self._sqlite else None
        self.errors: list[RowError] = []
        self.duplicates: list[DuplicateNote] = []
        self.created = self.updated = self.skipped = 0
        self._pending: list[_NewContact] = []
        self._new_ids = IdRuns()  # pending slot -> id once inserted (slots are inserted in order)
        self._slot = 0
        self._pending_row = array("i")  # pending slot -> its row number (4 bytes), for messages
        self._orgs: dict[str, int] = {}  # folded name -> id, or a negative slot until inserted
        self._new_orgs: list[tuple[int, str]] = []  # (slot, name) inserted with the next batch
        self._org_ids: dict[int, int] = {}  # slot -> id once inserted
        # People: `_index` matches a close name at the same organisation (every earlier person,
        # compactly); the same name at a close organisation is looked up in `names`, on disk,
        # for a chunk of rows at a time.
        self._index = DuplicateIndex()
        self._names = names
        self._spill: list[tuple[str, str, Ref]] = []  # the chunk's created rows, for `names`
        self._chunk: list[Record] = []
        self._known: dict[tuple[str, str], Ref] = {}  # (kind, key) -> record, from the database
        self._recent: dict[tuple[str, str], Ref] = {}  # ... from the chunk's earlier rows
        self._load_existing()
        self._lead_state: _LeadState | None = _LeadState(session) if self.what == LEADS else None

    # existing records ---------------------------------------------------------------------

    def _load_existing(self) -> None:
        """Every existing record's name keys, read once with plain cursor rows (the ORM's
        per-row work would double the time on 100,000 people); each organisation's name is
        folded once, not once per person. People by name go to the scratch file (`names`).
        Emails and phones stay in the database: each chunk of rows asks for its own
        (`_prefetch`), so memory does not grow with them."""
        organizations = self.what == ORGANIZATIONS
        cursor: Any = self.session.connection().connection.cursor()
        try:
            org_keys: dict[int, str] = {}
            for org_id, name in _stream(cursor, "SELECT id, name FROM organizations"):
                key = organization_key(name)
                org_keys[org_id] = key
                self._orgs.setdefault(key or fold(name), org_id)
            if organizations:
                for org_id, key in org_keys.items():
                    self._index.add_organization_key(org_id, key)
                return
            # By name only people at an organisation: a name alone never matches.
            people = "SELECT id, name, organization_id FROM persons WHERE organization_id IS NOT NULL"
            self._names.add(self._existing_people(_stream(cursor, people), org_keys))
        finally:
            cursor.close()

    def _existing_people(
        self, people: Iterable[tuple[int, str, int]], org_keys: dict[int, str]
    ) -> Iterator[tuple[str, str, Ref]]:
        """Existing people into the index by organisation, and out to `names` by name."""
        add = self._index.add_at_organization
        for person_id, name, org_id in people:
            keys = name_key(name), org_keys.get(org_id, "")
            if keys[0] and keys[1]:
                add(person_id, *keys)
                yield (*keys, person_id)

    # one row ------------------------------------------------------------------------------

    def handle(self, record: Record) -> None:
        """Take a checked row; rows are matched and written a chunk at a time."""
        self._chunk.append(record)
        if len(self._chunk) >= BATCH:
            self._process_chunk()

    def flush(self) -> None:
        """Match and write every row taken so far (the end of the import: the name indexes'
        triggers are put back)."""
        self._process_chunk()
        self._flush_pending()
        if self._bulk_index is not None:
            self._bulk_index.restore()

    def _process_chunk(self) -> None:
        records, self._chunk = self._chunk, []
        if not records:
            return
        self._flush_pending()  # every earlier row is in the database, found by `_prefetch`
        self._known = self._prefetch(records)
        self._recent = {}
        keys = [(name_key(r.name), organization_key(r.organization)) for r in records]
        if self.what != ORGANIZATIONS:
            self._index.forget_names()
            for ref, name, org in self._names.named({name for name, org in keys if name and org}):
                self._index.add_name(ref, name, org)
        for record, folded in zip(records, keys, strict=True):
            self._handle_one(record, folded)
        self._names.add(self._spill)
        self._spill.clear()

    def _prefetch(self, records: list[Record]) -> dict[tuple[str, str], Ref]:
        """The records (existing, or earlier rows of this file) that hold an email or a phone
        of these rows: one query for the chunk instead of an index of every detail."""
        email_keys = {email_key(e) for record in records for e in record.emails}
        phone_keys = {p.e164 for record in records for p in record.phones}
        if not email_keys and not phone_keys:
            return {}
        rows: Iterable[Any]
        if self._sqlite:
            rows = self._prefetch_sqlite(sorted(email_keys) or [""], sorted(phone_keys) or [""])
        else:
            rows = self._prefetch_postgres(sorted(email_keys), sorted(phone_keys))
        found: dict[tuple[str, str], Ref] = {}
        for owner_id, kind, normalized in rows:
            found.setdefault((kind, normalized), self._ref_of_id(owner_id))
        return found

    def _prefetch_sqlite(self, email_keys: list[str], phone_keys: list[str]) -> Iterator[Any]:
        """`_prefetch`'s query as driver SQL: SQLAlchemy compiling a query with thousands of
        values, once a chunk, cost more than running it. At most 2 x 450 values a statement
        (older SQLite builds allow 999); a key is in one statement only, so each statement's
        order by id still gives the key's first owner."""
        owner = "organization_id" if self.what == ORGANIZATIONS else "person_id"
        connection = self.session.connection()
        step = 450
        for start in range(0, max(len(email_keys), len(phone_keys)), step):
            emails = email_keys[start : start + step] or [""]
            phones = phone_keys[start : start + step] or [""]
            sql = (
                f"SELECT {owner}, kind, normalized FROM contact_details WHERE {owner} IS NOT NULL AND ("
                f"(kind = 'email' AND normalized IN ({', '.join('?' * len(emails))})) OR "
                f"(kind = 'phone' AND normalized IN ({', '.join('?' * len(phones))}))) ORDER BY id"
            )
            yield from connection.exec_driver_sql(sql, (*emails, *phones))

    def _prefetch_postgres(self, email_keys: list[str], phone_keys: list[str]) -> Iterable[Any]:
        """`_prefetch`'s query on PostgreSQL: each kind's keys as one array parameter."""
        owner = "organization_id" if self.what == ORGANIZATIONS else "person_id"
        sql = (
            f"SELECT {owner}, kind, normalized FROM contact_details WHERE {owner} IS NOT NULL AND ("
            "(kind = 'email' AND normalized = ANY(%s)) OR (kind = 'phone' AND normalized = ANY(%s)))"
            " ORDER BY id"
        )
        return self.session.connection().exec_driver_sql(sql, (email_keys, phone_keys)).all()

    def _ref_of_id(self, owner_id: int) -> Ref:
        """A row of this file when the id is one the import created, else the id itself."""
        slot = self._new_ids.slot_of(owner_id)
        return owner_id if slot is None else _new_ref(slot)

    def _detail_match(self, keys: list[tuple[tuple[str, str], str]]) -> Match | None:
        """The first earlier record with one of the row's emails, else one of its phones."""
        for key, text in keys:
            ref = self._known.get(key)
            if ref is None:
                ref = self._recent.get(key)
            if ref is not None:
                return Match(ref, f"the same {key[0]} {text}")
        return None

    def _remember_details(self, ref: Ref, keys: list[tuple[tuple[str, str], str]]) -> None:
        for key, _text in keys:
            self._recent.setdefault(key, ref)

    def _handle_one(self, record: Record, folded: tuple[str, str]) -> None:
        """One row; `folded`: its (`name_key`, `organization_key`)."""
        if self._lead_state is not None and not record.name:
            self._lead_for_organization(record)
            return
        organizations = self.what == ORGANIZATIONS
        # ((kind, matching form), as shown): emails first, then phones
        keys = [(("email", email_key(e)), e) for e in record.emails]
        keys += [(("phone", p.e164), p.e164) for p in record.phones]
        match = self._detail_match(keys)
        if match is None:
            key = ContactKey(record.name, record.organization)
            match = self._index.find_organization(key) if organizations else self._index.find(key, folded)
        choice = self.options.choices.get(record.row, self.options.on_duplicate) if match else CREATE
        if match is not None:
            self.duplicates.append(DuplicateNote(record.row, self._describe(match.ref), match.reason, choice))
        if choice == SKIP:
            self.skipped += 1
            return
        if match is not None and choice == UPDATE:
            ref = self._update(match.ref, record, folded[1])
            self.updated += 1
        else:
            ref = self._create(record, folded[1])
            self.created += 1
            if organizations:
                self._index.add_organization(ref, ContactKey(record.name))
            else:
                self._index.add_folded(ref, *folded, (), ())
                self._spill.append((*folded, ref))
        self._remember_details(ref, keys)
        if self._lead_state is not None:
            self._lead_state.add_lead(record, self._person_id(ref), self._org_id(record, folded[1]))

    def _lead_for_organization(self, record: Record) -> None:
        """A lead whose customer is a business only: its details go to the organisation."""
        assert self._lead_state is not None
        org_id = self._org_id(record)
        if org_id is not None:
            organization = self.session.get(Organization, org_id)
            assert organization is not None
            for kind, value, normalized in _details_of(record):
                add_detail(organization, kind, value, normalized)
        self.created += 1
        self._lead_state.add_lead(record, None, org_id)

    def _describe(self, ref: Hashable) -> str:
        number = cast(Ref, ref)
        if number < 0:
            return f"an earlier row of the file (row {self._pending_row[_slot_of(number)]})"
        return f"{'organisation' if self.what == ORGANIZATIONS else 'person'} {number}"

    def _org_id(self, record: Record, org_key: str | None = None) -> int | None:
        """The id of the row's organisation, found by name or created now."""
        slot = self._org_slot(record, org_key)
        if slot is None or slot >= 0:
            return slot
        self._flush_organizations()
        return self._org_ids[slot]

    def _org_slot(self, record: Record, org_key: str | None = None) -> int | None:
        """The organisation's id, or a negative slot for one created with the next batch.
        `org_key`: the row's `organization_key` when the caller has it already."""
        if self.what == ORGANIZATIONS or not record.organization:
            return None
        if org_key is None:
            org_key = organization_key(record.organization)
        key = org_key or fold(record.organization)
        found = self._orgs.get(key)
        if found is None:
            found = -1 - len(self._new_orgs) - len(self._org_ids)
            self._new_orgs.append((found, record.organization[:200]))
            self._orgs[key] = found
        return found if found >= 0 else self._org_ids.get(found, found)

    def _flush_organizations(self) -> None:
        if not self._new_orgs:
            return
        rows = [(name, "") for _slot, name in self._new_orgs]
        ids = self._insert(_table(Organization), ("name", "notes"), rows)
        for (slot, _name), org_id in zip(self._new_orgs, ids, strict=True):
            self._org_ids[slot] = org_id
        self._new_orgs.clear()

    def _create(self, record: Record, org_key: str) -> Ref:
        slot = self._slot
        self._slot += 1
        self._pending_row.append(record.row)
        self._pending.append(
            _NewContact(
                record.name[:200],
                self._org_slot(record, org_key),
                _details_of(record),
                self._notes_of(record),
            )
        )
        if len(self._pending) >= BATCH or self._lead_state is not None:
            self._flush_pending()
        return _new_ref(slot)

    def _update(self, ref: Hashable, record: Record, org_key: str) -> Ref:
        number = cast(Ref, ref)
        new = number < 0
        if new:
            number = _slot_of(number)
        if new and number >= len(self._new_ids):
            pending = self._pending[number - (self._slot - len(self._pending))]
            known = {(k, n or v.lower()) for k, v, n in pending.details}
            pending.details += [d for d in _details_of(record) if (d[0], d[2] or d[1].lower()) not in known]
            pending.notes = merged_notes(pending.notes, self._notes_of(record))
            if pending.organization_id is None:
                pending.organization_id = self._org_slot(record, org_key)
            return cast(Ref, ref)
        owner_id = self._new_ids[number] if new else number
        owner: Person | Organization | None
        if self.what == ORGANIZATIONS:
            owner = self.session.get(Organization, owner_id)
        else:
            owner = self.session.get(Person, owner_id)
        assert owner is not None
        for detail_kind, value, normalized in _details_of(record):
            add_detail(owner, detail_kind, value, normalized)
        owner.notes = merged_notes(owner.notes, self._notes_of(record))
        if isinstance(owner, Person) and owner.organization_id is None:
            owner.organization_id = self._org_id(record, org_key)
        self.session.flush()
        return cast(Ref, ref)

    def _notes_of(self, record: Record) -> str:
        """The row's notes for its person or organisation: a lead's are the lead's own."""
        return "" if self._lead_state is not None else record.notes

    def _person_id(self, ref: Ref) -> int | None:
        if self.what == ORGANIZATIONS:
            return None
        if ref < 0:
            self._flush_pending()
            return self._new_ids[_slot_of(ref)]
        return ref

    def _flush_pending(self) -> None:
        """Insert the pending people or organisations and their details."""
        if not self._pending:
            return
        first_slot = self._slot - len(self._pending)
        self._flush_organizations()
        for pending in self._pending:
            if pending.organization_id is not None and pending.organization_id < 0:
                pending.organization_id = self._org_ids[pending.organization_id]
        if self.what == ORGANIZATIONS:
            named = [(p.name, p.notes) for p in self._pending]
            ids = self._insert(_table(Organization), ("name", "notes"), named)
        else:
            rows = [(p.name, p.organization_id, p.notes) for p in self._pending]
            ids = self._insert(_table(Person), ("name", "organization_id", "notes"), rows)
        owner_column = "organization_id" if self.what == ORGANIZATIONS else "person_id"
        assert len(self._new_ids) == first_slot
        self._new_ids.extend(ids)
        details = [
            (owner_id, kind, value, normalized, position)
            for pending, owner_id in zip(self._pending, ids, strict=True)
            for position, (kind, value, normalized) in enumerate(pending.details)
        ]
        self._pending.clear()
        if not details:
            return
        # Plain driver rows: SQLAlchemy's per-row parameter work was a fifth of the import.
        # Grouped by kind and sorted by the matching form, as the matching index holds them:
        # its pages are visited in order instead of at random (a sixth less time on SQLite); a
        # stable sort, so an owner's details keep their order of kinds, equal keys that of rows.
        mark = self._mark
        self.session.connection().exec_driver_sql(
            f"INSERT INTO contact_details ({owner_column}, kind, label, value, normalized, position)"
            f" VALUES ({mark}, {mark}, '', {mark}, {mark}, {mark})",
            sorted(details, key=_index_order),
        )

    def _insert(self, table: Table, columns: tuple[str, ...], rows: list[tuple[Any, ...]]) -> list[int]:
        """Insert people or organisations (name, notes, and a person's organization_id) as plain
        driver rows with their ids given, and return the ids in order. SQLite: ids after the
        highest (one writer per file holds the database while the import runs); PostgreSQL:
        taken from the table's sequence, as its default would (ascending: `IdRuns`), or for a
        single row (a lead's customer) by the insert's RETURNING, one round trip."""
        connection = self.session.connection()
        if not self._sqlite and len(rows) == 1:
            marks = ", ".join(["%s"] * len(columns))
            inserted = connection.exec_driver_sql(
                f"INSERT INTO {table.name} (archived, {', '.join(columns)})"
                f" VALUES (false, {marks}) RETURNING id",
                rows[0],
            )
            return [int(inserted.scalar_one())]
        if self._sqlite:
            start = int(connection.scalar(select(func.coalesce(func.max(table.c.id), 0))) or 0) + 1
            ids = list(range(start, start + len(rows)))
            archived = "0"
        else:
            ids = list(
                connection.exec_driver_sql(
                    f"SELECT nextval(pg_get_serial_sequence('{table.name}', 'id'))"
                    " FROM generate_series(1, %s) ORDER BY 1",
                    (len(rows),),
                ).scalars()
            )
            archived = "false"
        mark = self._mark

        def insert() -> None:
            # archived as the model's default fills it for a Core insert
            connection.exec_driver_sql(
                f"INSERT INTO {table.name} (id, archived, {', '.join(columns)})"
                f" VALUES ({mark}, {archived}, {', '.join([mark] * len(columns))})",
                [(row_id, *row) for row_id, row in zip(ids, rows, strict=True)],
            )

        if self._bulk_index is not None and ids:
            self._bulk_index.insert(table.name, ids[0], ids[-1], insert)
        else:
            insert()
        return ids

    def summary(self, what: str, rows: int, written: bool, dry_run: bool) -> ImportSummary:
        return ImportSummary(
            what,
            self.created,
            self.updated,
            self.skipped,
            tuple(self.errors),
            tuple(self.duplicates),
            rows,
            written,
            dry_run,
        )


class _LeadState:
    """What creating leads needs once per import: default status and stage, positions,
    source channels and labels by name (created when new)."""

    def __init__(self, session: Session) -> None:
        self.session = session
        status = lookups.first_status_for(session, LIFECYCLE_LEAD)
        stage = lookups.first_stage_of(session, "leads")
        self.status_id = status.id if status else None
        self.stage_id = stage.id if stage else None
        self._positions: dict[int, float] = {}
        self._sources = {fold(s.name): s for s in session.scalars(select(SourceChannel))}
        self._labels = {fold(label.name): label for label in session.scalars(select(Label))}

    def _position(self, stage_id: int | None) -> float:
        if stage_id is None:
            return 0.0
        if stage_id not in self._positions:
            last = self.session.scalar(select(func.max(Job.board_position)).where(Job.stage_id == stage_id))
            self._positions[stage_id] = float(last or 0.0)
        self._positions[stage_id] += 1.0
        return self._positions[stage_id]

    def _source_id(self, name: str) -> int | None:
        if not name:
            return None
        key = fold(name)
        source = self._sources.get(key)
        if source is None:
            position = len(self._sources)
            source = SourceChannel(name=name[:80], position=position)
            self.session.add(source)
            self.session.flush()
            self._sources[key] = source
        return source.id

    def _label(self, name: str) -> Label:
        key = fold(name)
        label = self._labels.get(key)
        if label is None:
            label = Label(name=name[:60])
            self.session.add(label)
            self.session.flush()
            self._labels[key] = label
        return label

    def add_lead(self, record: Record, person_id: int | None, organization_id: int | None) -> None:
        session = self.session
        if person_id is not None and organization_id is None:
            organization_id = session.scalar(select(Person.organization_id).where(Person.id == person_id))
        stage_id = record.stage_id or self.stage_id
        now = utcnow()
        job = Job(
            number=f"~{uuid4().hex[:18]}",  # replaced by J-<id> after the insert
            lifecycle=LIFECYCLE_LEAD,
            title=record.title[:300],
            value_minor=to_minor(record.value, record.currency),
            currency=record.currency,
            expected_close=record.expected_close,
            source_channel_id=self._source_id(record.source),
            status_id=record.status_id or self.status_id,
            stage_id=stage_id,
            board_position=self._position(stage_id),
            person_id=person_id,
            organization_id=organization_id,
            site_address=record.site_address,
            created_at=now,
            updated_at=now,
            version=0,
        )
        job.labels = list({label.id: label for label in map(self._label, record.labels)}.values())
        session.add(job)
        session.flush()
        job.number = format_number(job.id)
        for definition_id, value in record.custom.items():
            if value:
                job.custom_values.append(CustomFieldValue(definition_id=definition_id, value=value))
        history = HistoryWriter(session, job, None)
        history.record("created", "", "lead (imported)")
        if record.notes:  # the row's notes: an internal note on the lead, as one typed in
            note_on(session, job, record.notes, None, history)
        refresh_search_text(session, job)


def iter_errors(summary: ImportSummary) -> Iterator[str]:
    """The errors as lines a user reads: 'row 5, Email: ...'."""
    for error in summary.errors:
        where = f"row {error.row}" + (f", {error.column}" if error.column else "")
        yield f"{where}: {error.message}"
