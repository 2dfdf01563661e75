"""Demo jobs assembled by the database itself.

Python draws two seeded random 62-bit numbers per job (the same seed gives the same data);
then one INSERT ... SELECT per table turns them into realistic rows, each pick being one
mixed-radix digit of those numbers looked up in a small temporary table (kinds of work,
suburbs, customers, stages weighted as a funnel, dates ...). Nothing else runs per row in
Python, so a million jobs take seconds. Works on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import (
    BigInteger,
    Column,
    Connection,
    Integer,
    MetaData,
    String,
    Table,
    case,
    cast,
    column,
    false,
    func,
    insert,
    literal,
    null,
    select,
    table,
    true,
)
from sqlalchemy.sql import ColumnElement

from gojee_desktop.models import LIFECYCLE_LEAD, Job, JobHistory, job_assignees, job_labels
from gojee_desktop.services.demo.funnel import TIMES_PER_PLAN, Plan, moment_table
from gojee_desktop.services.demo.words import LOST_REASONS, STREET_KINDS, STREETS, SUBURBS, WORK
from gojee_desktop.services.jobs import NUMBER_PREFIX
from gojee_desktop.store.fulltext import fold

RANDOM_BITS = 62
#: Each digit's base times what came before stays this far under 2**62: bias under 0.1 %.
_HEADROOM = 1000
PICK_BATCH = 100_000
JOB_CHUNK = 100_000  # jobs per INSERT ... SELECT: progress to show, at no measurable cost
PLACES = 4000  # street addresses, each in one of the suburbs
CLOSE_DAYS = range(-45, 121)
CLOSE_UNSET = 30  # of 196 close-date slots: ~15 % of jobs have no expected close date
ARCHIVED_PERCENT = 3
HALF_DOLLAR_ONE_IN = 4


@dataclass(frozen=True)
class DemoCustomer:
    """A demo person as the job rows need them: search words before and after the site."""

    person_id: int
    organization_id: int | None
    words_before_site: str  # " name org-name" (each part with its leading space)
    words_after_site: str  # " org-phone email phone"
    sort_key: str | None  # jobs.customer_sort (`store.sort_keys.customer_sort_key`)


@dataclass(frozen=True)
class DemoJobSpec:
    """What one lifecycle's batch of demo jobs draws from."""

    lifecycle: str
    count: int
    first_id: int
    currency: str
    first_position: float
    plans: Sequence[Plan]  # where jobs sit: stage, status, lost (`demo.funnel`)
    channels: Sequence[int]
    label_sets: Sequence[Sequence[int]]
    users: Sequence[int]
    creator: int | None
    seed: int = 0  # for the dates (the main generator's draws must stay as they are)


class _Digits:
    """Successive mixed-radix digits of the random columns: `take(n)` is uniform in 0..n-1."""

    def __init__(self, columns: Sequence[ColumnElement[int]]) -> None:
        self._columns = list(columns)
        self._index = 0
        self._divisor = 1

    def take(self, base: int) -> ColumnElement[int]:
        base = max(base, 1)
        if self._divisor * base * _HEADROOM > 2**RANDOM_BITS:
            self._index += 1
            self._divisor = 1
            if self._index >= len(self._columns):
                raise ValueError("Not enough random bits for the demo picks.")
        column = self._columns[self._index]
        digit = (column // self._divisor) % base if self._divisor > 1 else column % base
        self._divisor *= base
        return digit


class _Lookups:
    """Temporary tables, each keyed 0..n-1 by `k`, created in one connection and dropped after."""

    def __init__(self, connection: Connection) -> None:
        self._connection = connection
        self._metadata = MetaData()
        self.tables: list[Table] = []

    def add(self, name: str, columns: Sequence[Column[Any]], rows: Sequence[dict[str, Any]]) -> Table:
        table = Table(f"demo_{name}", self._metadata, *columns, prefixes=["TEMPORARY"])
        table.create(self._connection)
        self.tables.append(table)
        if rows:
            self._connection.execute(insert(table), list(rows))
        return table

    def keyed(self, name: str, columns: Sequence[Column[Any]], values: Sequence[tuple[Any, ...]]) -> Table:
        names = [column.name for column in columns]
        rows = [{"k": k, **dict(zip(names, value, strict=True))} for k, value in enumerate(values)]
        return self.add(name, [Column("k", Integer, primary_key=True), *columns], rows)

    def drop(self) -> None:
        for lookup in reversed(self.tables):
            lookup.drop(self._connection)


@contextmanager
def _lookups(connection: Connection) -> Iterator[_Lookups]:
    lookups = _Lookups(connection)
    try:
        yield lookups
    finally:
        lookups.drop()


def _job_type(name: str) -> Any:
    return Job.__table__.c[name].type


def _zero_padded(number: ColumnElement[int], dialect: str) -> ColumnElement[str]:
    """The id with at least six digits, as `format_number` writes it."""
    if dialect == "sqlite":
        return func.printf("%06d", number)
    text = cast(number, String)
    return case((number < 1_000_000, func.lpad(text, 6, "0")), else_=text)


def _text(dialect: str, *parts: str | ColumnElement[Any]) -> ColumnElement[str]:
    """Literal strings and SQL values joined: one `printf` on SQLite (a single allocation,
    about three times faster than a chain of `||`), `concat` elsewhere."""
    if dialect == "sqlite":
        template = "".join(part.replace("%", "%%") if isinstance(part, str) else "%s" for part in parts)
        return func.printf(template, *[part for part in parts if not isinstance(part, str)])
    return func.concat(*[literal(part, String) if isinstance(part, str) else part for part in parts])


def _search_text(dialect: str, job_id: ColumnElement[int], sources: _TextSources) -> ColumnElement[str]:
    """`search_text.compose` of a demo job: number, work, suburb, customer, site, details."""
    return _text(
        dialect,
        f"{fold(NUMBER_PREFIX)} ",
        _zero_padded(job_id, dialect),
        " ",
        cast(job_id, String),
        " ",
        sources.work.c.folded,
        " ",
        sources.place.c.folded_suburb,
        sources.customer.c.before_site,
        " ",
        sources.place.c.folded_site,
        sources.customer.c.after_site,
    )


@dataclass(frozen=True)
class _TextSources:
    """The random picks and the lookups a job's search text is made of, with the first three
    digits of the picks (kind of work, place, customer) already taken."""

    picks: Table
    work: Table
    place: Table
    customer: Table
    digits: _Digits
    work_k: ColumnElement[int]
    place_k: ColumnElement[int]
    customer_k: ColumnElement[int]

    def joined(self) -> Any:
        return (
            self.picks.join(self.work, self.work.c.k == self.work_k)
            .join(self.place, self.place.c.k == self.place_k)
            .join(self.customer, self.customer.c.k == self.customer_k)
        )


def _text_sources(
    connection: Connection,
    lookups: _Lookups,
    rng: random.Random,
    count: int,
    customers: Sequence[DemoCustomer],
) -> _TextSources:
    """Draw the picks and make the text lookups. These are a batch's only uses of `rng`, so
    a copy of its state replays them exactly (`insert_demo_search_texts`)."""
    picks = lookups.add(
        "picks",
        [Column("i", Integer, primary_key=True), Column("r1", BigInteger), Column("r2", BigInteger)],
        [],
    )
    _fill_picks(connection, picks, rng, count)
    work = lookups.keyed(
        "work",
        [
            Column("title", String),
            Column("folded", String),
            Column("low", Integer),
            Column("high", Integer),
        ],
        [(title, fold(title), low, high) for title, low, high in WORK],
    )
    place = lookups.keyed(
        "place",
        [
            Column("suburb", String),
            Column("site_address", String),
            Column("folded_suburb", String),
            Column("folded_site", String),
        ],
        _places(rng),
    )
    customer = lookups.keyed(
        "customer",
        [
            Column("person_id", Integer),
            Column("organization_id", Integer),
            Column("before_site", String),
            Column("after_site", String),
            Column("sort_key", String),
        ],
        [
            (c.person_id, c.organization_id, c.words_before_site, c.words_after_site, c.sort_key)
            for c in customers
        ],
    )
    digits = _Digits([picks.c.r1, picks.c.r2])
    work_k, place_k = digits.take(len(WORK)), digits.take(PLACES)
    customer_k = digits.take(len(customers))
    return _TextSources(picks, work, place, customer, digits, work_k, place_k, customer_k)


def insert_demo_search_texts(
    connection: Connection,
    rng: random.Random,
    spec: DemoJobSpec,
    customers: Sequence[DemoCustomer],
    fts_table: str,
) -> None:
    """Index straight into the SQLite full-text table `fts_table` the search texts that
    `insert_demo_jobs` writes for the same `rng` state, spec and customers."""
    if spec.count <= 0:
        return
    with _lookups(connection) as lookups:
        sources = _text_sources(connection, lookups, rng, spec.count, customers)
        job_id = sources.picks.c.i + spec.first_id
        target = table(fts_table, column("rowid"), column("search_text"))
        texts = select(job_id, _search_text("sqlite", job_id, sources)).select_from(sources.joined())
        connection.execute(insert(target).from_select(["rowid", "search_text"], texts))


def _places(rng: random.Random) -> list[tuple[str, str, str, str]]:
    """Job sites: (suburb, site address, folded suburb, folded street and suburb)."""
    places = []
    for _ in range(PLACES):
        suburb = rng.choice(SUBURBS)[0]
        street = f"{rng.randint(1, 240)} {rng.choice(STREETS)} {rng.choice(STREET_KINDS)}"
        places.append((suburb, f"{street}, {suburb}", fold(suburb), f"{fold(street)} {fold(suburb)}"))
    return places


def insert_rows(
    connection: Connection, table: Any, columns: Sequence[str], rows: Sequence[tuple[Any, ...]]
) -> None:
    """Executemany of plain tuples: raw DB-API on SQLite (no per-row SQLAlchemy work, ~3x
    faster), SQLAlchemy Core elsewhere. Only for values stored as they are (ids, text)."""
    if not rows:
        return
    if connection.dialect.name == "sqlite":
        marks = ", ".join("?" * len(columns))
        connection.exec_driver_sql(f"INSERT INTO {table.name} ({', '.join(columns)}) VALUES ({marks})", rows)
    else:
        connection.execute(insert(table), [dict(zip(columns, row, strict=True)) for row in rows])


def _fill_picks(connection: Connection, picks: Table, rng: random.Random, count: int) -> None:
    draw = rng.getrandbits
    for start in range(0, count, PICK_BATCH):
        stop = min(count, start + PICK_BATCH)
        rows = [(i, draw(RANDOM_BITS), draw(RANDOM_BITS)) for i in range(start, stop)]
        insert_rows(connection, picks, ("i", "r1", "r2"), rows)


def insert_demo_jobs(
    connection: Connection,
    rng: random.Random,
    spec: DemoJobSpec,
    customers: Sequence[DemoCustomer],
    on_jobs: Callable[[int], None] | None = None,
) -> None:
    """Insert `spec.count` jobs with their labels, assignees and a "created" history entry.
    The jobs go in chunks of JOB_CHUNK, each reported to `on_jobs` (for a progress bar)."""
    if spec.count <= 0:
        return
    if not customers:
        raise ValueError("Demo jobs need at least one customer.")
    dialect = connection.dialect.name
    now = datetime.now(UTC)
    today = now.date()
    lead = spec.lifecycle == LIFECYCLE_LEAD
    with _lookups(connection) as lookups:
        sources = _text_sources(connection, lookups, rng, spec.count, customers)
        picks, work, place, customer = sources.picks, sources.work, sources.place, sources.customer
        plan = lookups.keyed(
            "plan",
            [
                Column("plan_k", Integer),
                Column("stage_id", Integer),
                Column("status_id", Integer),
                Column("lost", Integer),
            ],
            [
                (index, p.stage_id, p.status_id, int(p.lost))
                for index, p in enumerate(spec.plans)
                for _ in range(p.weight)
            ],
        )
        channel = lookups.keyed("channel", [Column("channel_id", Integer)], [(c,) for c in spec.channels])
        reason = lookups.keyed("reason", [Column("reason", String)], [(r,) for r in LOST_REASONS])
        times = lookups.keyed(
            "times",
            [
                Column("created", _job_type("created_at")),
                Column("converted", _job_type("converted_at")),
                Column("updated", _job_type("updated_at")),
            ],
            moment_table(random.Random(spec.seed), spec.plans, lead, now),
        )
        close = lookups.keyed(
            "close",
            [Column("day", _job_type("expected_close"))],
            [(today + timedelta(days=n),) for n in CLOSE_DAYS] + [(None,)] * CLOSE_UNSET,
        )
        label_set = lookups.add(
            "label_set",
            [Column("set_k", Integer, primary_key=True), Column("label_id", Integer, primary_key=True)],
            [
                {"set_k": k, "label_id": label_id}
                for k, labels in enumerate(spec.label_sets)
                for label_id in labels
            ],
        )
        user = lookups.keyed("user", [Column("user_id", Integer)], [(u,) for u in spec.users])

        digits = sources.digits
        plan_k, value_k = digits.take(sum(p.weight for p in spec.plans)), digits.take(1000)
        half_k, times_k = digits.take(HALF_DOLLAR_ONE_IN), digits.take(TIMES_PER_PLAN)
        close_k = digits.take(len(CLOSE_DAYS) + CLOSE_UNSET)
        channel_k, archived_k = digits.take(len(spec.channels)), digits.take(100)
        reason_k, label_set_k = digits.take(len(LOST_REASONS)), digits.take(len(spec.label_sets))
        user_k = digits.take(len(spec.users))

        job_id = picks.c.i + spec.first_id
        lost = plan.c.lost == 1
        archived = archived_k < ARCHIVED_PERCENT
        rows = select(
            job_id,
            _text(dialect, NUMBER_PREFIX, _zero_padded(job_id, dialect)),
            literal(spec.lifecycle),
            _text(dialect, work.c.title, " - ", place.c.suburb),
            (work.c.low + value_k * (work.c.high - work.c.low) // 1000) * 100
            + case((half_k == 0, 50), else_=0),
            literal(spec.currency),
            close.c.day,
            channel.c.channel_id,
            plan.c.status_id,
            plan.c.stage_id,
            picks.c.i + spec.first_position,
            customer.c.person_id,
            customer.c.organization_id,
            place.c.site_address,
            case((lost, reason.c.reason), else_=literal("")),
            case((archived, true()), else_=false()),
            case((archived, times.c.updated), else_=null()),
            null() if lead else times.c.converted,
            times.c.created,
            times.c.updated,
            _search_text(dialect, job_id, sources),
            customer.c.sort_key,
            literal(1),
        ).select_from(
            sources.joined()
            .join(plan, plan.c.k == plan_k)
            .join(times, times.c.k == plan.c.plan_k * TIMES_PER_PLAN + times_k)
            .join(close, close.c.k == close_k)
            .join(reason, reason.c.k == reason_k)
            .outerjoin(channel, channel.c.k == channel_k)
        )
        for start in range(0, spec.count, JOB_CHUNK):
            stop = min(spec.count, start + JOB_CHUNK)
            chunk = rows.where(picks.c.i >= start, picks.c.i < stop)
            connection.execute(insert(Job).from_select(JOB_COLUMNS, chunk))
            if on_jobs:
                on_jobs(stop - start)
        connection.execute(
            insert(job_labels).from_select(
                ["job_id", "label_id"],
                select(job_id, label_set.c.label_id).select_from(
                    picks.join(label_set, label_set.c.set_k == label_set_k)
                ),
            )
        )
        connection.execute(
            insert(job_assignees).from_select(
                ["job_id", "user_id"],
                select(job_id, user.c.user_id).select_from(picks.join(user, user.c.k == user_k)),
            )
        )
        jobs = Job.__table__.c
        connection.execute(
            insert(JobHistory).from_select(
                ["job_id", "at", "user_id", "actor", "field", "old_value", "new_value"],
                select(
                    jobs.id,
                    jobs.created_at,
                    literal(spec.creator, Integer),
                    literal("Demo data"),
                    literal("created"),
                    literal(""),
                    literal("lead" if lead else "customer job"),
                ).where(jobs.id >= spec.first_id, jobs.id < spec.first_id + spec.count),
            )
        )


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
    "customer_sort",
    "version",
)
