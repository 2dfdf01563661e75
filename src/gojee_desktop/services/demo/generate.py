"""Realistic sample data for a trade business: customers, leads and customer jobs spread over
statuses, stages, labels and team members as in a real business. Fast enough for a million
jobs: one transaction, job rows assembled by the database (`demo.jobs`), and on SQLite the
indexes and the full-text index built once after the load."""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, ExitStack, contextmanager, suppress
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Table, func, insert, select
from sqlalchemy.exc import OperationalError

from gojee_desktop.models import (
    LIFECYCLE_CUSTOMER_JOB,
    LIFECYCLE_LEAD,
    ContactDetail,
    Job,
    JobHistory,
    Label,
    Organization,
    Person,
    Pipeline,
    SourceChannel,
    Stage,
    Status,
    User,
)
from gojee_desktop.models.jobs import jobs_table
from gojee_desktop.services.demo.fulltext import FullTextAside
from gojee_desktop.services.demo.funnel import Plan, StageInfo, StatusInfo, plans_for
from gojee_desktop.services.demo.jobs import DemoCustomer, DemoJobSpec, insert_demo_jobs, insert_rows
from gojee_desktop.services.demo.words import (
    FIRST,
    LABELS,
    LAST,
    ORG_KINDS,
    ORG_WORDS,
    SUBURBS,
    TEAM,
)
from gojee_desktop.services.errors import ValidationError
from gojee_desktop.store import fulltext
from gojee_desktop.store.database import Database
from gojee_desktop.store.fulltext import fold
from gojee_desktop.store.sort_keys import customer_sort_key

BULK_CACHE_MB = 512
STEP_JOBS = "Adding jobs"
STEP_INDEXES = "Building the indexes"
SORT_CACHE_MB = 16
SORT_THREADS = 2
BULK_FTS_AUTOMERGE = 16

BATCH = 20_000
DETAIL_COLUMNS = ("person_id", "organization_id", "kind", "label", "value", "position", "normalized")


@dataclass(frozen=True)
class DemoProgress:
    """How far a demo load has got: the step under way, and how much of it is done."""

    step: str
    done: int
    total: int


@dataclass(frozen=True)
class DemoResult:
    leads: int
    jobs: int
    people: int
    organizations: int


@dataclass
class _Lists:
    lead_plans: list[Plan]
    job_plans: list[Plan]
    channels: list[int]
    labels: list[int]
    users: list[int]


def _ensure_lists(connection: Connection) -> _Lists:
    existing_labels = {name for (name,) in connection.execute(select(Label.name))}
    rows = [{"name": n, "color": c} for n, c in LABELS if n not in existing_labels]
    if rows:
        connection.execute(insert(Label), rows)
    existing_users = {name for (name,) in connection.execute(select(User.name))}
    user_rows: list[dict[str, Any]] = [
        {"name": n, "email": f"{n.split()[0].lower()}@example.com", "active": True}
        for n in TEAM
        if n not in existing_users
    ]
    if user_rows:
        connection.execute(insert(User), user_rows)

    def stages(key: str) -> list[StageInfo]:
        found = connection.execute(
            select(Stage.id, Stage.name, Stage.outcome)
            .join(Pipeline, Pipeline.id == Stage.pipeline_id)
            .where(Pipeline.key == key)
            .order_by(Stage.position)
        ).all()
        return [StageInfo(sid, name, outcome or "") for sid, name, outcome in found]

    statuses = [
        StatusInfo(sid, key, applies)
        for sid, key, applies in connection.execute(
            select(Status.id, Status.key, Status.applies_to).order_by(Status.position)
        )
    ]
    return _Lists(
        lead_plans=plans_for(LIFECYCLE_LEAD, stages("leads"), statuses),
        job_plans=plans_for(LIFECYCLE_CUSTOMER_JOB, stages("jobs"), statuses),
        channels=[sid for (sid,) in connection.execute(select(SourceChannel.id))],
        labels=[lid for (lid,) in connection.execute(select(Label.id))],
        users=[uid for (uid,) in connection.execute(select(User.id).where(User.active.is_(True)))],
    )


def _next_id(connection: Connection, model: Any) -> int:
    return int(connection.scalar(select(func.coalesce(func.max(model.id), 0))) or 0) + 1


def _phone(rng: random.Random) -> str:
    """An Australian mobile number in a range `phonenumbers` knows as valid."""
    return f"04{rng.randint(10, 40)} {rng.randint(100, 999)} {rng.randint(100, 999)}"


def _phone_words(phone: str) -> tuple[str, str]:
    """(E.164, the search words) of a demo number, worked out without `phonenumbers` (a million
    parses would take a minute): every demo number is a valid Australian one, 0 + 9 digits, so
    this equals `phones.check_phone(...).e164` and what `search_text` indexes."""
    digits = re.sub(r"[^0-9]", "", phone)
    e164 = f"+61{digits[1:]}"
    return e164, f"{phone} {digits} 61{digits[1:]} {digits[1:]}"


def _contacts(
    connection: Connection, rng: random.Random, people: int, organizations: int
) -> list[DemoCustomer]:
    org_start = _next_id(connection, Organization)
    orgs: dict[int, tuple[str, str]] = {}  # id -> (name, searchable contact details)
    org_rows: list[tuple[Any, ...]] = []
    detail_rows: list[tuple[Any, ...]] = []  # DETAIL_COLUMNS
    for offset in range(organizations):
        org_id = org_start + offset
        name = f"{rng.choice(ORG_WORDS)} {rng.choice(ORG_KINDS)}"
        if offset >= len(ORG_WORDS) * len(ORG_KINDS) // 2:
            name = f"{name} {rng.choice(SUBURBS)[0]}"
        office = f"(0{rng.choice((2, 3, 7, 8))}) {rng.randint(8000, 9999)} {rng.randint(1000, 9999)}"
        office_e164, office_words = _phone_words(office)
        orgs[org_id] = (name, office_words)
        org_rows.append((org_id, name))
        detail_rows.append((None, org_id, "phone", "office", office, 0, office_e164))
    org_ids = list(orgs)
    person_start = _next_id(connection, Person)
    people_rows: list[tuple[Any, ...]] = []
    persons: list[tuple[int, str, int | None, str]] = []
    for offset in range(people):
        person_id = person_start + offset
        first, last = rng.choice(FIRST), rng.choice(LAST)
        works_for: int | None = rng.choice(org_ids) if org_ids and rng.random() < 0.35 else None
        people_rows.append((person_id, f"{first} {last}", works_for))
        email = f"{first.lower()}.{last.lower().replace(chr(39), '')}{rng.randint(1, 99)}@example.com"
        phone = _phone(rng)
        phone_e164, phone_words = _phone_words(phone)
        detail_rows.append((person_id, None, "email", "", email, 0, email.casefold()))
        detail_rows.append((person_id, None, "phone", "mobile", phone, 1, phone_e164))
        persons.append((person_id, f"{first} {last}", works_for, f"{email} {phone_words}"))
    for table, columns, rows in (
        (Organization.__table__, ("id", "name"), org_rows),
        (Person.__table__, ("id", "name", "organization_id"), people_rows),
        (ContactDetail.__table__, DETAIL_COLUMNS, detail_rows),
    ):
        for start in range(0, len(rows), BATCH):
            insert_rows(connection, table, columns, rows[start : start + BATCH])
    return [_customer(person, orgs) for person in persons]


def _customer(person: tuple[int, str, int | None, str], orgs: dict[int, tuple[str, str]]) -> DemoCustomer:
    """The person's searchable words, folded once, in `search_text.compose`'s order."""
    person_id, name, org_id, details = person
    org_name, org_details = orgs[org_id] if org_id is not None else ("", "")

    def spaced(*parts: str) -> str:
        return "".join(f" {folded}" for folded in map(fold, parts) if folded)

    return DemoCustomer(
        person_id,
        org_id,
        spaced(name, org_name),
        spaced(org_details, details),
        customer_sort_key(name, org_name),
    )


def _bulk_indexes() -> list[Any]:
    """Secondary indexes of the tables a demo load fills."""
    history = JobHistory.__table__
    assert isinstance(history, Table)
    return [*jobs_table().indexes, *history.indexes]


def _bump_sequences(connection: Connection) -> None:
    for table in ("jobs", "persons", "organizations", "contact_details", "job_history", "labels", "users"):
        connection.exec_driver_sql(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
            f"COALESCE((SELECT MAX(id) FROM {table}), 1))"
        )


@contextmanager
def _pragmas(
    connection: Connection, settings: dict[str, object], *, outside_transaction: bool
) -> Iterator[None]:
    """SQLite settings changed for a while, then put back as they were: the connection goes
    back to the pool, where the app expects its own. Some settings only change outside a
    transaction; those are committed around."""
    before = {name: connection.exec_driver_sql(f"PRAGMA {name}").scalar() for name in settings}

    def apply(values: dict[str, object]) -> None:
        for name, value in values.items():
            connection.exec_driver_sql(f"PRAGMA {name}={value}")
        if outside_transaction:
            connection.commit()

    apply(settings)
    try:
        yield
    finally:
        apply(before)


def _page_cache(connection: Connection, megabytes: int) -> AbstractContextManager[None]:
    """SQLite's page cache at `megabytes` for a while."""
    return _pragmas(connection, {"cache_size": -megabytes * 1024}, outside_transaction=False)


@contextmanager
def _rollback_journal(connection: Connection) -> Iterator[None]:
    """A rollback journal instead of WAL while this connection bulk-loads: each new page is
    then written once, to the file, rather than to the WAL and again to the file (a million
    jobs write ~800 MB). Still crash-safe. Changing the mode needs the only connection to the
    file; if another is open (say the app), the load simply runs in WAL mode."""
    before = connection.exec_driver_sql("PRAGMA journal_mode").scalar()
    # Without waiting; if another connection has the file open, this stays in WAL mode.
    with _pragmas(connection, {"busy_timeout": 0}, outside_transaction=True), suppress(OperationalError):
        connection.exec_driver_sql("PRAGMA journal_mode=TRUNCATE")
    try:
        yield
    finally:
        connection.exec_driver_sql(f"PRAGMA journal_mode={before or 'WAL'}")
        connection.commit()


def _sorting_in_threads(connection: Connection) -> AbstractContextManager[None]:
    """Temporary files for SQLite's sorter, and helper threads: index builds then sort in
    chunks the size of the page cache on both cores (at a million jobs, 13 index builds took
    28 s with the app's in-memory temp store, 12 s like this with a 16 MB cache). The demo's
    lookup tables are temporary too: a temp cache that holds them keeps them off disk."""
    settings: dict[str, object] = {
        "temp_store": "FILE",
        "threads": SORT_THREADS,
        "temp.cache_size": -BULK_CACHE_MB * 1024,
    }
    return _pragmas(connection, settings, outside_transaction=True)


def _foreign_keys_unchecked(connection: Connection) -> AbstractContextManager[None]:
    """Foreign keys unchecked while this connection bulk-loads: every id the demo rows point
    at was read or written in the same transaction, and SQLite would otherwise look up five
    parent rows per job."""
    return _pragmas(connection, {"foreign_keys": "OFF"}, outside_transaction=True)


def _full_text_aside(
    connection: Connection, rng: random.Random, specs: list[DemoJobSpec], customers: list[DemoCustomer]
) -> FullTextAside | None:
    ddl = fulltext.sqlite_fts_ddl(connection)
    if not ddl or not FullTextAside.available():
        return None
    return FullTextAside(ddl, BULK_FTS_AUTOMERGE, rng.getstate(), specs, customers)


def _label_sets(rng: random.Random, labels: list[int]) -> list[list[int]]:
    """Half the jobs unlabelled, most of the rest with one label, a few with two."""
    singles = [[label] for label in labels]
    pairs = [rng.sample(labels, k=min(2, len(labels))) for _ in range(4)] if labels else []
    return [[] for _ in range(5)] + singles + pairs


def generate_demo(
    database: Database,
    leads: int,
    jobs: int,
    *,
    seed: int = 42,
    currency: str = "AUD",
    progress: Callable[[DemoProgress], None] | None = None,
) -> DemoResult:
    """Add `leads` leads and `jobs` customer jobs with customers, in one transaction.
    `progress` hears of each step: adding jobs, then (for a big load) indexing."""

    def report(step: str, done: int, of: int) -> None:
        if progress:
            progress(DemoProgress(step, done, of))

    if leads < 0 or jobs < 0:
        raise ValidationError("The number of leads and jobs cannot be negative.")
    if leads + jobs > 5_000_000:
        raise ValidationError("At most 5,000,000 demo jobs at once.")
    rng = random.Random(seed)
    total = leads + jobs
    people = max(1, min(total, 50_000) * 7 // 10) if total else 0
    organizations = max(1, people // 8) if total else 0
    sqlite = database.dialect == "sqlite"
    bulk = sqlite and total > 5000
    if bulk:
        database.dispose()  # idle pooled connections would keep the file in WAL mode
    with database.engine.connect() as connection, ExitStack() as stack:
        if bulk:
            stack.enter_context(_rollback_journal(connection))
            stack.enter_context(_foreign_keys_unchecked(connection))
            stack.enter_context(_sorting_in_threads(connection))
        stack.enter_context(connection.begin())
        lists = _ensure_lists(connection)
        customers = _contacts(connection, rng, people, organizations)
        creator = connection.scalar(select(User.id).order_by(User.id).limit(1))
        if bulk:
            # A big page cache while loading and indexing: ~20% faster at 400,000 jobs.
            stack.enter_context(_page_cache(connection, BULK_CACHE_MB))
            # Loading into an unindexed table, then indexing once, is several times faster.
            fulltext.drop_sqlite_triggers(connection)
            for index in _bulk_indexes():
                connection.exec_driver_sql(f"DROP INDEX IF EXISTS {index.name}")
        first = _next_id(connection, Job)
        position = float(connection.scalar(select(func.coalesce(func.max(Job.board_position), 0))) or 0)
        label_sets = _label_sets(rng, lists.labels)
        specs = []
        for lifecycle, count, offset in ((LIFECYCLE_LEAD, leads, 0), (LIFECYCLE_CUSTOMER_JOB, jobs, leads)):
            lead = lifecycle == LIFECYCLE_LEAD
            specs.append(
                DemoJobSpec(
                    lifecycle=lifecycle,
                    count=count,
                    first_id=first + offset,
                    currency=currency,
                    first_position=position + offset + 1,
                    plans=lists.lead_plans if lead else lists.job_plans,
                    channels=lists.channels,
                    label_sets=label_sets,
                    users=lists.users,
                    creator=creator,
                    seed=rng.getrandbits(64),
                )
            )
        # Into an empty jobs table, the full-text index is built by another process meanwhile.
        aside = _full_text_aside(connection, rng, specs, customers) if bulk and first == 1 else None
        if aside:
            stack.callback(aside.discard)
        done = 0

        def jobs_added(count: int) -> None:
            nonlocal done
            done += count
            report(STEP_JOBS, done, total)

        report(STEP_JOBS, 0, total)
        for spec in specs:
            insert_demo_jobs(connection, rng, spec, customers, on_jobs=jobs_added)
        if bulk:
            indexes = _bulk_indexes()
            with _page_cache(connection, SORT_CACHE_MB):  # the sorter's chunk size
                for built, index in enumerate(indexes):
                    report(STEP_INDEXES, built, len(indexes) + 1)
                    index.create(connection)
            report(STEP_INDEXES, len(indexes), len(indexes) + 1)
            if not (aside and aside.adopt_into(connection)):
                fulltext.rebuild_sqlite_fts(connection, automerge=BULK_FTS_AUTOMERGE)
            report(STEP_INDEXES, len(indexes) + 1, len(indexes) + 1)
        if database.dialect == "postgresql":
            _bump_sequences(connection)
    if sqlite:
        with database.engine.connect() as connection:
            # Sampled statistics: enough for the planner, a fraction of a full scan's time.
            connection.exec_driver_sql("PRAGMA analysis_limit=2000")
            connection.exec_driver_sql("ANALYZE")
    return DemoResult(leads=leads, jobs=jobs, people=people, organizations=organizations)
