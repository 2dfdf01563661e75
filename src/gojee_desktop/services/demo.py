"""Realistic sample data for a trade business: customers, leads and customer jobs spread over
statuses, stages, labels and team members as in a real business. Fast enough for a million
jobs (bulk inserts in one transaction; on SQLite the full-text index is rebuilt once)."""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import Connection, Table, func, insert, select

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
    job_assignees,
    job_labels,
)
from gojee_desktop.models.jobs import jobs_table
from gojee_desktop.services.errors import ValidationError
from gojee_desktop.services.jobs import NUMBER_PREFIX, format_number
from gojee_desktop.store import fulltext
from gojee_desktop.store.database import Database
from gojee_desktop.store.fulltext import fold

BULK_CACHE_MB = 512

FIRST = [
    "Olivia",
    "Liam",
    "Charlotte",
    "Noah",
    "Amelia",
    "Jack",
    "Isla",
    "William",
    "Mia",
    "Oliver",
    "Ava",
    "Henry",
    "Grace",
    "Leo",
    "Chloe",
    "Thomas",
    "Sophie",
    "James",
    "Ruby",
    "Lucas",
    "Zoe",
    "Ethan",
    "Emily",
    "Mason",
    "Harper",
    "Hugo",
    "Priya",
    "Arjun",
    "Mei",
    "Wei",
    "Sofia",
    "Mateo",
    "Aisha",
    "Omar",
    "Hannah",
    "Daniel",
    "Lily",
    "Samuel",
    "Ella",
    "Max",
    "Ivy",
    "Finn",
    "Maya",
    "Kai",
    "Nina",
    "Ravi",
    "Leila",
    "Tom",
    "Jess",
]
LAST = [
    "Smith",
    "Jones",
    "Williams",
    "Brown",
    "Wilson",
    "Taylor",
    "Johnson",
    "White",
    "Martin",
    "Anderson",
    "Thompson",
    "Nguyen",
    "Thomas",
    "Walker",
    "Harris",
    "Lee",
    "Ryan",
    "Robinson",
    "Kelly",
    "King",
    "Davis",
    "Wright",
    "Evans",
    "Roberts",
    "Green",
    "Hall",
    "Wood",
    "Jackson",
    "Clarke",
    "Patel",
    "Khan",
    "Chen",
    "Singh",
    "Murphy",
    "O'Brien",
    "Russo",
    "Costa",
    "Kowalski",
    "Novak",
    "Fischer",
    "Dubois",
    "Sato",
    "Kim",
]
ORG_WORDS = [
    "Harbour",
    "Coastal",
    "Summit",
    "Northside",
    "Eastgate",
    "Riverbend",
    "Parkview",
    "Bayside",
    "Hilltop",
    "Greenfield",
    "Ironbark",
    "Bluegum",
    "Southern",
    "Westfield",
    "Lakeside",
    "Redgum",
    "Heritage",
    "Horizon",
    "Pinnacle",
    "Silverwater",
]
ORG_KINDS = (
    "Property Group",
    "Strata Management",
    "Builders",
    "Developments",
    "Real Estate",
    "Cafe",
    "Medical Centre",
    "Dental",
    "Physio",
    "Childcare",
    "Body Corporate",
    "Hotel",
    "Fitness",
    "Bakery",
    "Motors",
    "Logistics",
    "School",
    "Church",
    "Vet Clinic",
    "Accountants",
)
STREETS = [
    "George",
    "Church",
    "Victoria",
    "Elizabeth",
    "King",
    "Queen",
    "Station",
    "Park",
    "High",
    "Bridge",
    "Railway",
    "Albert",
    "Beach",
    "Hill",
    "Smith",
    "William",
    "Pitt",
    "Oxford",
    "Bay",
    "Ocean",
    "Forest",
    "River",
    "Mill",
    "Charles",
]
STREET_KINDS = ("St", "Rd", "Ave", "Pde", "Lane", "Cres", "Way", "Dr")
SUBURBS = (
    ("Marrickville", "NSW", "2204"),
    ("Newtown", "NSW", "2042"),
    ("Parramatta", "NSW", "2150"),
    ("Manly", "NSW", "2095"),
    ("Fitzroy", "VIC", "3065"),
    ("Brunswick", "VIC", "3056"),
    ("St Kilda", "VIC", "3182"),
    ("Geelong", "VIC", "3220"),
    ("Paddington", "QLD", "4064"),
    ("Fortitude Valley", "QLD", "4006"),
    ("Fremantle", "WA", "6160"),
    ("Subiaco", "WA", "6008"),
    ("Glenelg", "SA", "5045"),
    ("Norwood", "SA", "5067"),
    ("Hobart", "TAS", "7000"),
    ("Braddon", "ACT", "2612"),
    ("Newcastle", "NSW", "2300"),
    ("Wollongong", "NSW", "2500"),
)
WORK = (
    ("Switchboard upgrade", 1800, 4500),
    ("Kitchen rewire", 2500, 9000),
    ("LED lighting retrofit", 900, 6000),
    ("Bathroom renovation", 12000, 38000),
    ("Deck build", 6000, 22000),
    ("Roof leak repair", 400, 3500),
    ("Hot water system replacement", 1500, 4200),
    ("Split system installation", 1900, 5200),
    ("Solar panel installation", 5500, 16000),
    ("EV charger installation", 1200, 3200),
    ("Office fit-out", 15000, 90000),
    ("Blocked drain clearing", 250, 1200),
    ("Gas heater service", 180, 450),
    ("End of lease clean", 350, 900),
    ("Carpet steam clean", 220, 800),
    ("Window cleaning", 180, 1400),
    ("Fence replacement", 2500, 9500),
    ("Garden landscaping", 3500, 26000),
    ("Painting - interior", 2800, 14000),
    ("Painting - exterior", 4500, 21000),
    ("Smoke alarm compliance", 250, 900),
    ("Data cabling", 1200, 7800),
    ("Security camera install", 1400, 6500),
    ("Pool fence compliance", 600, 4800),
    ("Tiling - laundry", 1600, 5400),
)
LABELS = (
    ("Urgent", "#e53935"),
    ("Commercial", "#5e35b1"),
    ("Residential", "#1e88e5"),
    ("Strata", "#00897b"),
    ("Insurance", "#f4511e"),
    ("Repeat customer", "#43a047"),
    ("VIP", "#fdd835"),
    ("Warranty", "#6d4c41"),
)
TEAM = ("Sam Taylor", "Priya Patel", "Jack Nguyen", "Olivia Brown", "Liam O'Connor")
LOST_REASONS = (
    "Price too high",
    "Went with another company",
    "Project postponed",
    "No response",
    "Out of service area",
)

BATCH = 20_000


@dataclass(frozen=True)
class DemoResult:
    leads: int
    jobs: int
    people: int
    organizations: int


@dataclass
class _Lists:
    lead_stages: list[tuple[int, str, int]]  # id, outcome, weight
    job_stages: list[tuple[int, str, int]]
    lead_statuses: list[int]
    job_statuses: list[int]
    lost_status: int | None
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

    def stages(key: str) -> list[tuple[int, str, int]]:
        found = connection.execute(
            select(Stage.id, Stage.outcome, Stage.position)
            .join(Pipeline, Pipeline.id == Stage.pipeline_id)
            .where(Pipeline.key == key)
            .order_by(Stage.position)
        ).all()
        count = len(found)
        # Earlier stages hold more jobs, as in a real funnel.
        return [
            (sid, outcome or "", max(1, count - index) * 3) for index, (sid, outcome, _) in enumerate(found)
        ]

    statuses = connection.execute(
        select(Status.id, Status.key, Status.applies_to).order_by(Status.position)
    ).all()
    lost = next((sid for sid, key, _ in statuses if key == "lost"), None)
    return _Lists(
        lead_stages=stages("leads"),
        job_stages=stages("jobs"),
        lead_statuses=[
            sid for sid, key, applies in statuses if applies in ("lead", "both") and key != "lost"
        ],
        job_statuses=[sid for sid, key, applies in statuses if applies in ("job", "both") and key != "lost"],
        lost_status=lost,
        channels=[sid for (sid,) in connection.execute(select(SourceChannel.id))],
        labels=[lid for (lid,) in connection.execute(select(Label.id))],
        users=[uid for (uid,) in connection.execute(select(User.id).where(User.active.is_(True)))],
    )


def _next_id(connection: Connection, model: Any) -> int:
    return int(connection.scalar(select(func.coalesce(func.max(model.id), 0))) or 0) + 1


def _address(rng: random.Random) -> str:
    suburb, state, postcode = rng.choice(SUBURBS)
    return (
        f"{rng.randint(1, 240)} {rng.choice(STREETS)} {rng.choice(STREET_KINDS)}, {suburb} {state} {postcode}"
    )


def _phone(rng: random.Random) -> str:
    return f"04{rng.randint(10, 99)} {rng.randint(100, 999)} {rng.randint(100, 999)}"


def _contacts(
    connection: Connection, rng: random.Random, people: int, organizations: int
) -> tuple[list[tuple[int, str, int | None, str]], dict[int, tuple[str, str]]]:
    org_start = _next_id(connection, Organization)
    orgs: dict[int, tuple[str, str]] = {}  # id -> (name, searchable contact details)
    org_rows, detail_rows = [], []
    for offset in range(organizations):
        org_id = org_start + offset
        name = f"{rng.choice(ORG_WORDS)} {rng.choice(ORG_KINDS)}"
        if offset >= len(ORG_WORDS) * len(ORG_KINDS) // 2:
            name = f"{name} {rng.choice(SUBURBS)[0]}"
        office = f"(0{rng.randint(2, 8)}) {rng.randint(8000, 9999)} {rng.randint(1000, 9999)}"
        orgs[org_id] = (name, f"{office} {re.sub(r'[^0-9]', '', office)}")
        org_rows.append({"id": org_id, "name": name})
        detail_rows.append(
            {
                "organization_id": org_id,
                "person_id": None,
                "kind": "phone",
                "label": "office",
                "value": office,
                "position": 0,
            }
        )
    org_ids = list(orgs)
    person_start = _next_id(connection, Person)
    people_rows: list[dict[str, Any]] = []
    persons: list[tuple[int, str, int | None, str]] = []
    for offset in range(people):
        person_id = person_start + offset
        first, last = rng.choice(FIRST), rng.choice(LAST)
        works_for: int | None = rng.choice(org_ids) if org_ids and rng.random() < 0.35 else None
        persons.append((person_id, f"{first} {last}", works_for, ""))
        people_rows.append({"id": person_id, "name": f"{first} {last}", "organization_id": works_for})
        email = f"{first.lower()}.{last.lower().replace(chr(39), '')}{rng.randint(1, 99)}@example.com"
        phone = _phone(rng)
        detail_rows.append(
            {
                "person_id": person_id,
                "organization_id": None,
                "kind": "email",
                "label": "",
                "value": email,
                "position": 0,
            }
        )
        detail_rows.append(
            {
                "person_id": person_id,
                "organization_id": None,
                "kind": "phone",
                "label": "mobile",
                "value": phone,
                "position": 1,
            }
        )
        persons[-1] = (person_id, f"{first} {last}", works_for, f"{email} {phone} {phone.replace(' ', '')}")
    for rows, model in ((org_rows, Organization), (people_rows, Person)):
        for start in range(0, len(rows), BATCH):
            connection.execute(insert(model), rows[start : start + BATCH])
    for start in range(0, len(detail_rows), BATCH):
        connection.execute(insert(ContactDetail), detail_rows[start : start + BATCH])
    return persons, orgs


def _cumulative(items: list[tuple[int, str, int]]) -> list[tuple[float, int, str]]:
    total = float(sum(w for _, _, w in items))
    running, table = 0.0, []
    for stage_id, outcome, weight in items:
        running += weight / total
        table.append((running, stage_id, outcome))
    return table


JOB_COLUMNS = (
    "id",
    "number",
    "lifecycle",
    "title",
    "value_minor",
    "currency",
    "expected_close",
    "source_channel_id",
    "status_id",
    "stage_id",
    "board_position",
    "person_id",
    "organization_id",
    "site_address",
    "lost_reason",
    "archived",
    "archived_at",
    "converted_at",
    "created_at",
    "updated_at",
    "search_text",
    "version",
)


def _job_rows(
    rng: random.Random,
    lists: _Lists,
    persons: list[tuple[int, str, int | None, str]],
    orgs: dict[int, tuple[str, str]],
    count: int,
    lifecycle: str,
    first_id: int,
    currency: str,
    positions: dict[int, float],
    sqlite_text: bool,
) -> Iterator[tuple[tuple[Any, ...], list[int], int]]:
    """Rows in JOB_COLUMNS order, with label ids and an assignee. Uses `random()` arithmetic
    rather than randint/choice: this loop runs a million times."""
    now = datetime.now(UTC)
    today = now.date()
    lead = lifecycle == LIFECYCLE_LEAD
    stages = _cumulative(lists.lead_stages if lead else lists.job_stages)
    statuses = lists.lead_statuses if lead else lists.job_statuses
    rand = rng.random
    as_text = sqlite_text
    # Precomputed timestamps (in SQLite's stored text form when writing raw rows).
    stamps = [now - timedelta(days=n) for n in range(721)]
    stamp_values: list[Any] = [_sqlite_value(t) for t in stamps] if as_text else stamps
    dates = [today + timedelta(days=n) for n in range(-45, 121)]
    date_values: list[Any] = [d.isoformat() for d in dates] if as_text else dates
    false_value: Any = 0 if as_text else False
    true_value: Any = 1 if as_text else True
    sites = [f"{rng.randint(1, 240)} {rng.choice(STREETS)} {rng.choice(STREET_KINDS)}" for _ in range(4000)]
    label_sets: list[list[int]] = (
        [[]] * 5
        + [[x] for x in lists.labels] * 1
        + [rng.sample(lists.labels, k=min(2, len(lists.labels))) for _ in range(4)]
    )
    # Search text folded part by part, once per distinct part: the result equals
    # `search_text.compose` of the whole job (folding never joins words across a space).
    number_prefix = fold(NUMBER_PREFIX)
    work_folded = [fold(work) for work, _low, _high in WORK]
    suburb_folded = [fold(suburb) for suburb, _state, _postcode in SUBURBS]
    site_folded = [fold(site) for site in sites]
    person_folded = [(fold(name), fold(details)) for _id, name, _org, details in persons]
    org_folded = {org_id: fold(name) for org_id, (name, _details) in orgs.items()}
    org_detail_folded = {org_id: fold(details) for org_id, (_name, details) in orgs.items()}
    n_work, n_sub, n_persons, n_status = len(WORK), len(SUBURBS), len(persons), len(statuses)
    n_channels, n_users, n_sites, n_labelsets = (
        len(lists.channels),
        len(lists.users),
        len(sites),
        len(label_sets),
    )
    for offset in range(count):
        job_id = first_id + offset
        work_index = int(rand() * n_work)
        work, low, high = WORK[work_index]
        suburb_index = int(rand() * n_sub)
        suburb = SUBURBS[suburb_index][0]
        person_index = int(rand() * n_persons) if n_persons else -1
        person_id, _name, org_id, _details = persons[person_index] if n_persons else (None, "", None, "")
        person_words, detail_words = person_folded[person_index] if n_persons else ("", "")
        stage_id: int | None = None
        outcome = ""
        pick = rand()
        for bound, sid, meaning in stages:
            if pick <= bound:
                stage_id, outcome = sid, meaning
                break
        status_id = (
            lists.lost_status
            if outcome == "lost"
            else (statuses[int(rand() * n_status)] if n_status else None)
        )
        value = (low + int(rand() * (high - low))) * 100 + (50 if rand() < 0.25 else 0)
        age = int(rand() * 720)
        created = stamp_values[age]
        updated = stamp_values[max(0, age - int(rand() * 30))]
        close = date_values[int(rand() * 166)] if rand() < 0.85 else None
        site_index = int(rand() * n_sites)
        site = f"{sites[site_index]}, {suburb}"
        title = f"{work} - {suburb}"
        number = format_number(job_id)
        key = stage_id or 0
        position = positions.get(key, 0.0) + 1.0
        positions[key] = position
        archived = rand() < 0.03
        row = (
            job_id,
            number,
            lifecycle,
            title,
            value,
            currency,
            close,
            lists.channels[int(rand() * n_channels)] if n_channels else None,
            status_id,
            stage_id,
            position,
            person_id,
            org_id,
            site,
            LOST_REASONS[int(rand() * len(LOST_REASONS))] if outcome == "lost" else "",
            true_value if archived else false_value,
            updated if archived else None,
            None if lead else updated,
            created,
            updated,
            " ".join(
                part
                for part in (
                    f"{number_prefix} {job_id:06d} {job_id}",
                    work_folded[work_index],
                    suburb_folded[suburb_index],
                    person_words,
                    org_folded.get(org_id, "") if org_id else "",
                    site_folded[site_index],
                    suburb_folded[suburb_index],
                    org_detail_folded.get(org_id, "") if org_id else "",
                    detail_words,
                )
                if part
            ),
            1,
        )
        user = lists.users[int(rand() * n_users)] if n_users else 0
        yield row, label_sets[int(rand() * n_labelsets)], user


def _sqlite_value(value: Any) -> Any:
    """What SQLAlchemy would store in SQLite for this value (its DATETIME/DATE text forms)."""
    if isinstance(value, datetime):
        return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return int(value)
    return value


class _BulkWriter:
    """Executemany of plain tuples: raw DB-API on SQLite (rows already in stored form, no
    per-row SQLAlchemy work), SQLAlchemy Core elsewhere."""

    def __init__(self, connection: Connection) -> None:
        self._connection = connection
        self._sqlite = connection.dialect.name == "sqlite"

    def write(self, table: Any, columns: tuple[str, ...], rows: list[tuple[Any, ...]]) -> None:
        if not rows:
            return
        if self._sqlite:
            sql = f"INSERT INTO {table.name} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
            self._connection.exec_driver_sql(sql, rows)
        else:
            self._connection.execute(insert(table), [dict(zip(columns, row, strict=True)) for row in rows])


@dataclass
class _Batch:
    """The rows of up to BATCH jobs, for each table a job touches."""

    jobs: list[tuple[Any, ...]]
    labels: list[tuple[Any, ...]]
    assignees: list[tuple[Any, ...]]
    history: list[tuple[Any, ...]]


def _batches(rows: Iterator[tuple[tuple[Any, ...], list[int], int]], creator: int | None) -> Iterator[_Batch]:
    batch = _Batch([], [], [], [])
    for row, label_ids, user in rows:
        job_id = row[0]
        batch.jobs.append(row)
        batch.labels.extend((job_id, label_id) for label_id in label_ids)
        if user:
            batch.assignees.append((job_id, user))
        kind = "lead" if row[2] == LIFECYCLE_LEAD else "customer job"
        batch.history.append((job_id, row[18], creator, "Demo data", "created", "", kind))
        if len(batch.jobs) >= BATCH:
            yield batch
            batch = _Batch([], [], [], [])
    if batch.jobs:
        yield batch


def _insert_jobs(
    connection: Connection,
    rows: Iterator[tuple[tuple[Any, ...], list[int], int]],
    creator: int | None,
    progress: Callable[[int], None] | None,
) -> int:
    writer = _BulkWriter(connection)
    done = 0
    for batch in _batches(rows, creator):
        writer.write(Job.__table__, JOB_COLUMNS, batch.jobs)
        writer.write(job_labels, ("job_id", "label_id"), batch.labels)
        writer.write(job_assignees, ("job_id", "user_id"), batch.assignees)
        writer.write(
            JobHistory.__table__,
            ("job_id", "at", "user_id", "actor", "field", "old_value", "new_value"),
            batch.history,
        )
        done += len(batch.jobs)
        if progress:
            progress(done)
    return done


def _BULK_INDEXES() -> list[Any]:
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
def _page_cache(connection: Connection, megabytes: int) -> Iterator[None]:
    """SQLite's page cache at `megabytes` for a while, then as it was (the connection goes
    back to the pool, where the app expects its own size)."""
    before = connection.exec_driver_sql("PRAGMA cache_size").scalar()
    connection.exec_driver_sql(f"PRAGMA cache_size=-{megabytes * 1024}")
    try:
        yield
    finally:
        connection.exec_driver_sql(f"PRAGMA cache_size={int(before or -2000)}")


def generate_demo(
    database: Database,
    leads: int,
    jobs: int,
    *,
    seed: int = 42,
    currency: str = "AUD",
    progress: Callable[[int], None] | None = None,
) -> DemoResult:
    """Add `leads` leads and `jobs` customer jobs with customers, in one transaction."""
    if leads < 0 or jobs < 0:
        raise ValidationError("The number of leads and jobs cannot be negative.")
    if leads + jobs > 5_000_000:
        raise ValidationError("At most 5,000,000 demo jobs at once.")
    rng = random.Random(seed)
    total = leads + jobs
    people = max(1, min(total, 50_000) * 7 // 10) if total else 0
    organizations = max(1, people // 8) if total else 0
    sqlite = database.dialect == "sqlite"
    with database.engine.begin() as connection, ExitStack() as stack:
        lists = _ensure_lists(connection)
        persons, orgs = _contacts(connection, rng, people, organizations)
        creator = connection.scalar(select(User.id).order_by(User.id).limit(1))
        bulk = sqlite and total > 5000
        if bulk:
            # A big page cache while loading and indexing: ~20% faster at 400,000 jobs.
            stack.enter_context(_page_cache(connection, BULK_CACHE_MB))
            # Loading into an unindexed table, then indexing once, is several times faster.
            fulltext.drop_sqlite_triggers(connection)
            for index in _BULK_INDEXES():
                connection.exec_driver_sql(f"DROP INDEX IF EXISTS {index.name}")
        positions: dict[int, float] = {
            stage_id: float(position or 0)
            for stage_id, position in connection.execute(
                select(Job.stage_id, func.max(Job.board_position)).group_by(Job.stage_id)
            )
            if stage_id is not None
        }
        first = _next_id(connection, Job)
        done = _insert_jobs(
            connection,
            _job_rows(rng, lists, persons, orgs, leads, LIFECYCLE_LEAD, first, currency, positions, sqlite),
            creator,
            progress,
        )
        base = done
        _insert_jobs(
            connection,
            _job_rows(
                rng,
                lists,
                persons,
                orgs,
                jobs,
                LIFECYCLE_CUSTOMER_JOB,
                first + leads,
                currency,
                positions,
                sqlite,
            ),
            creator,
            (lambda n: progress(base + n)) if progress else None,
        )
        if bulk:
            for index in _BULK_INDEXES():
                index.create(connection)
            fulltext.rebuild_sqlite_fts(connection)
        if database.dialect == "postgresql":
            _bump_sequences(connection)
    if sqlite:
        with database.engine.connect() as connection:
            # Sampled statistics: enough for the planner, a fraction of a full scan's time.
            connection.exec_driver_sql("PRAGMA analysis_limit=2000")
            connection.exec_driver_sql("ANALYZE")
    return DemoResult(leads=leads, jobs=jobs, people=people, organizations=organizations)
