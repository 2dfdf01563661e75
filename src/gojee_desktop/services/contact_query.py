"""Listing and searching people and organisations: filters, sort and paging in SQL, as the
jobs tables do, so the Contacts pages stay quick at half a million people."""

from __future__ import annotations

from array import array
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

from sqlalchemy import Select, and_, any_, false, func, null, or_, select
from sqlalchemy.orm import Session

from gojee_desktop.models import ContactDetail, Job, Organization, Person
from gojee_desktop.models.contacts import organization_labels, person_labels
from gojee_desktop.services.capture.phones import DEFAULT_REGION
from gojee_desktop.services.contact_name_page import first_page_by_name
from gojee_desktop.services.errors import ValidationError
from gojee_desktop.services.lookups import label_by_name
from gojee_desktop.services.uow import read_only
from gojee_desktop.store.contact_fulltext import name_match
from gojee_desktop.store.database import SessionFactory
from gojee_desktop.store.fulltext import sqlite_match_expression

PERSON = "person"
ORGANIZATION = "organization"
KINDS = (PERSON, ORGANIZATION)

#: Sort keys each kind of list can be ordered by.
SORT_KEYS: dict[str, tuple[str, ...]] = {
    PERSON: ("name", "organization", "created"),
    ORGANIZATION: ("name", "created"),
}


@dataclass(frozen=True)
class ContactQuery:
    """Which people (or organisations) a list shows and in which order."""

    kind: str = PERSON
    text: str = ""
    archived: bool | None = False  # False: active only, True: archived only, None: both
    organization_id: int | None = None  # people of one organisation only
    label_ids: tuple[int, ...] = ()  # those carrying every one of these labels only
    sort: str = "name"
    descending: bool = False

    def with_sort(self, sort: str, descending: bool = False) -> ContactQuery:
        return replace(self, sort=sort, descending=descending)


@dataclass(frozen=True)
class ContactRow:
    """What a row of the People or Organisations table shows."""

    id: int
    kind: str
    name: str
    organization: str | None
    email: str
    phone: str
    address: str
    jobs: int
    people: int  # organisations: the people working there; people: 0
    archived: bool


def _dialect(session: Session) -> str:
    return session.get_bind().dialect.name


def _model(kind: str) -> type[Person] | type[Organization]:
    if kind == PERSON:
        return Person
    if kind == ORGANIZATION:
        return Organization
    raise ValidationError(f"Unknown kind of contact '{kind}': use 'person' or 'organization'.")


def _owner_column(kind: str) -> Any:
    return ContactDetail.person_id if kind == PERSON else ContactDetail.organization_id


def _text_condition(kind: str, text: str, dialect: str) -> Any:
    """A name with every word as a word prefix (the full-text index, `store.contact_fulltext`),
    or an email starting with the text, or a phone number starting with the typed digits
    (both indexed ranges on the stored matching form, `_phone_prefixes`)."""
    if not text.strip():
        return None
    model = _model(kind)
    conditions = []
    name = name_match(dialect, model.__tablename__, text, model.id)
    if name is not None:
        conditions.append(name)
    conditions.extend(model.id.in_(owners) for owners in _detail_owners(kind, text))
    return or_(*conditions) if conditions else false()


def _detail_owners(kind: str, text: str) -> list[Select[Any]]:
    """The email and phone parts of a search: for each, SELECT the ids of the contacts with
    such a detail (see `_text_condition`)."""
    owner = _owner_column(kind)
    owners = []
    cleaned = text.strip().casefold()
    if "@" in cleaned or "." in cleaned:
        owners.append(
            select(owner).where(
                ContactDetail.kind == "email",
                ContactDetail.normalized >= cleaned,
                ContactDetail.normalized < cleaned + "\uffff",
            )
        )
    digits = "".join(ch for ch in cleaned if ch.isdigit())
    if len(digits) >= 4 and len(digits) >= len(cleaned.replace(" ", "").lstrip("+")) - 1:
        # One indexed range per prefix: SQLite would scan every phone for an OR of ranges.
        owners.extend(
            select(owner).where(
                ContactDetail.kind == "phone",
                ContactDetail.normalized >= prefix,
                ContactDetail.normalized < prefix + "\uffff",
            )
            for prefix in _phone_prefixes(digits)
        )
    return owners


def _phone_prefixes(digits: str) -> list[str]:
    """The starts of stored E.164 numbers the typed digits can be: typed with the country
    code (61 412…, +61 412…), or as dialled at home (0412… is +61412… in the default region)."""
    national = f"{_country_prefix()}{digits.lstrip('0')}"
    return sorted({f"+{digits}", national})


@lru_cache(maxsize=1)
def _country_prefix() -> str:
    from phonenumbers import country_code_for_region  # on first use: not for the first window

    return f"+{country_code_for_region(DEFAULT_REGION)}"


def prepare_phone_search() -> None:
    """Read the phone-number metadata a search by digits needs (~0.1 s, once a process), so
    a page can have it read on a worker thread before anyone types a number."""
    _country_prefix()


#: A label on at most this many records is read first and its records sorted; above it, the
#: list is walked in its order and each record's labels looked up (it meets enough of them
#: soon). See `_label_conditions`.
LABEL_READ_FIRST = 5000


def _label_table(kind: str) -> tuple[Any, Any]:
    tagged = person_labels if kind == PERSON else organization_labels
    return tagged, tagged.c.person_id if kind == PERSON else tagged.c.organization_id


def label_to_read_first(session: Session, query: ContactQuery, for_count: bool = False) -> int | None:
    """The label of the query carried by the fewest records (counted up to
    LABEL_READ_FIRST, so a common label costs no more than a rare one), when it is worth
    reading first: on SQLite always for a count, for a page only when it is small.
    PostgreSQL plans a count well by itself (None then)."""
    if not query.label_ids or (for_count and _dialect(session) == "postgresql"):
        return None
    tagged, _owner = _label_table(query.kind)
    sizes = {
        label_id: int(
            session.scalar(
                select(func.count()).select_from(
                    select(tagged.c.label_id)
                    .where(tagged.c.label_id == label_id)
                    .limit(LABEL_READ_FIRST + 1)
                    .subquery()
                )
            )
            or 0
        )
        for label_id in dict.fromkeys(query.label_ids)
    }
    smallest = min(sizes, key=lambda label_id: sizes[label_id])
    return smallest if for_count or sizes[smallest] <= LABEL_READ_FIRST else None


def _label_conditions(query: ContactQuery, read_first: int | None, dialect: str) -> list[Any]:
    """Every label of the query on the record. The one read first is an IN over its records
    (the database starts from them, then sorts them); the others are a lookup per record
    (the database walks the list in order, by the name index, and stops after a page: a
    label on 40 % of 500,000 people gives its first page at once, where reading its 200,000
    records first and sorting them took a third of a second). PostgreSQL turns an IN into a
    semi-join it may walk in name order too (270 ms for a label on 1 % of 500,000 people):
    there the label read first is an array, which it reads once (34 ms)."""
    tagged, owner = _label_table(query.kind)
    model = _model(query.kind)
    conditions: list[Any] = []
    for label_id in dict.fromkeys(query.label_ids):
        members = select(owner).where(tagged.c.label_id == label_id)
        if label_id == read_first and dialect == "postgresql":
            conditions.append(model.id == any_(func.array(members.scalar_subquery())))
        elif label_id == read_first:
            conditions.append(model.id.in_(members))
        else:
            conditions.append(select(owner).where(owner == model.id, tagged.c.label_id == label_id).exists())
    return conditions


def _filtered(
    query: ContactQuery, columns: Sequence[Any], dialect: str, read_first: int | None = None
) -> Select[Any]:
    model = _model(query.kind)
    if query.sort not in SORT_KEYS[query.kind]:
        raise ValidationError(
            f"Cannot sort by '{query.sort}'. Choose one of: {', '.join(SORT_KEYS[query.kind])}."
        )
    statement = select(*columns).select_from(model)
    conditions: list[Any] = []
    if query.archived is not None:
        conditions.append(model.archived == query.archived)
    if query.organization_id is not None and query.kind == PERSON:
        conditions.append(Person.organization_id == query.organization_id)
    conditions.extend(_label_conditions(query, read_first, dialect))
    text = _text_condition(query.kind, query.text, dialect)
    if text is not None:
        conditions.append(text)
    return statement.where(and_(*conditions)) if conditions else statement


def label_ids(sessions: SessionFactory, names: Sequence[str]) -> tuple[int, ...]:
    """The ids of labels given by name (any case); an unknown name is NotFound."""
    with read_only(sessions) as session:
        return tuple(label_by_name(session, name).id for name in names)


def ids_statement(query: ContactQuery, dialect: str, read_first: int | None = None) -> Select[Any]:
    """SELECT the ids matching the query in its order (id breaks ties); `read_first` from
    `label_to_read_first`."""
    model = _model(query.kind)
    statement = _filtered(query, [model.id], dialect, read_first)
    key: Any
    if query.sort == "name":
        key = model.name
    elif query.sort == "created":
        key = model.id
    else:
        statement = statement.outerjoin(Organization, Organization.id == Person.organization_id)
        key = Organization.name
        if query.descending:
            return statement.order_by(key.desc().nulls_last(), Person.id.desc())
        return statement.order_by(key.asc().nulls_last(), Person.id.asc())
    if query.descending:
        return statement.order_by(key.desc(), model.id.desc())
    return statement.order_by(key.asc(), model.id.asc())


def name_ordered_page(session: Session, query: ContactQuery, offset: int, limit: int) -> list[int] | None:
    """A page of a SQLite name search sorted by name, read from the name-ordered index
    (`services.contact_name_page`) without sorting every match; None when the query is
    not one (another database or sort, no name words, a deep page)."""
    dialect = _dialect(session)
    expression = sqlite_match_expression(query.text) if dialect == "sqlite" else None
    if expression is None or query.sort != "name" or offset < 0 or limit < 0:
        return None
    model = _model(query.kind)
    base = _filtered(replace(query, text=""), [model.id, model.name], dialect)
    details = _detail_owners(query.kind, query.text)
    return first_page_by_name(session, model, base, expression, details, offset, limit, query.descending)


def _page_ids(session: Session, query: ContactQuery, offset: int, limit: int | None) -> list[int]:
    """One page of ids in the query's order, with the same rows as `ids_statement`."""
    if limit is not None and (page := name_ordered_page(session, query, offset, limit)) is not None:
        return page
    read_first = label_to_read_first(session, query)
    statement = ids_statement(query, _dialect(session), read_first).offset(offset)
    if limit is not None:
        statement = statement.limit(limit)
    return list(session.scalars(statement))


def list_contact_ids(
    sessions: SessionFactory, query: ContactQuery, offset: int = 0, limit: int | None = None
) -> list[int]:
    with read_only(sessions) as session:
        return _page_ids(session, query, offset, limit)


def contact_id_array(sessions: SessionFactory, query: ContactQuery, chunk: int = 20_000) -> array[int]:
    """Every matching id in order, as a compact array (what a table needs to reach any row)."""
    ids = array("q")
    with read_only(sessions) as session:
        # Every id is wanted: reading the smallest label first is the cheaper way.
        read_first = label_to_read_first(session, query, for_count=True)
        result = session.connection().execute(ids_statement(query, _dialect(session), read_first))
        cursor = result.cursor
        assert cursor is not None
        while rows := cursor.fetchmany(chunk):
            ids.extend(row[0] for row in rows)
        result.close()
    return ids


def count_contacts(sessions: SessionFactory, query: ContactQuery) -> int:
    model = _model(query.kind)
    with read_only(sessions) as session:
        read_first = label_to_read_first(session, query, for_count=True)
        return int(
            session.scalar(_filtered(query, [func.count(model.id)], _dialect(session), read_first)) or 0
        )


def rows_for_ids(session: Session, kind: str, ids: Sequence[int]) -> list[ContactRow]:
    """The rows of `ids` in that order: one query for the records, one for their details,
    one for their job counts (and one for an organisation's people)."""
    if not ids:
        return []
    wanted = list(ids)
    records: Sequence[Any]
    if kind == PERSON:
        records = session.execute(
            select(Person.id, Person.name, Organization.name, Person.archived)
            .outerjoin(Organization, Organization.id == Person.organization_id)
            .where(Person.id.in_(wanted))
        ).all()
    else:
        records = session.execute(
            select(Organization.id, Organization.name, null(), Organization.archived).where(
                Organization.id.in_(wanted)
            )
        ).all()
    owner = _owner_column(kind)
    first: dict[tuple[int, str], str] = {}
    for owner_id, detail_kind, value in session.execute(
        select(owner, ContactDetail.kind, ContactDetail.value)
        .where(owner.in_(wanted))
        .order_by(owner, ContactDetail.position, ContactDetail.id)
    ):
        first.setdefault((owner_id, detail_kind), value)
    job_owner = Job.person_id if kind == PERSON else Job.organization_id
    jobs: dict[Any, Any] = dict(
        session.execute(
            select(job_owner, func.count(Job.id)).where(job_owner.in_(wanted)).group_by(job_owner)
        )
        .tuples()
        .all()
    )
    people: dict[Any, Any] = {}
    if kind == ORGANIZATION:
        people = dict(
            session.execute(
                select(Person.organization_id, func.count(Person.id))
                .where(Person.organization_id.in_(wanted))
                .group_by(Person.organization_id)
            )
            .tuples()
            .all()
        )
    by_id = {
        record_id: ContactRow(
            id=record_id,
            kind=kind,
            name=name,
            organization=organization,
            email=first.get((record_id, "email"), ""),
            phone=first.get((record_id, "phone"), ""),
            address=first.get((record_id, "address"), "").replace("\n", ", "),
            jobs=int(jobs.get(record_id, 0)),
            people=int(people.get(record_id, 0)),
            archived=bool(archived),
        )
        for record_id, name, organization, archived in records
    }
    return [by_id[i] for i in wanted if i in by_id]


def get_rows(sessions: SessionFactory, kind: str, ids: Sequence[int]) -> list[ContactRow]:
    with read_only(sessions) as session:
        return rows_for_ids(session, kind, ids)


def list_contacts(
    sessions: SessionFactory, query: ContactQuery, offset: int = 0, limit: int = 100
) -> tuple[list[ContactRow], int]:
    """One page of rows and the total count, in one read transaction."""
    if limit < 0 or offset < 0:
        raise ValidationError("Offset and limit cannot be negative.")
    model = _model(query.kind)
    with read_only(sessions) as session:
        ids = _page_ids(session, query, offset, limit)
        counted = label_to_read_first(session, query, for_count=True)
        total = int(session.scalar(_filtered(query, [func.count(model.id)], _dialect(session), counted)) or 0)
        return rows_for_ids(session, query.kind, ids), total
