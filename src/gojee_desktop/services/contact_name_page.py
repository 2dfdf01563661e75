"""The first rows of a SQLite name search sorted by name, without sorting every match.

A common name ("s", "chen") matches tens of thousands of people; ordering them all by name
before the first page costs 30-80 ms at half a million people, where the Leads table reads
its first page in index order and stops. `store.contact_name_order` keeps a full-text index
whose keys give the matches bucket by bucket, one bucket per first character of the name,
buckets in name order. So the first page is:

- a few thousand matches read in key order (lazily: the prefixes are indexed); if they end
  before the last bucket they touch, all of them sorted by name, LIMIT the page;
- if one bucket has more matches than that, the name index walked through that bucket's
  range of names, keeping the matches (a set read from the index once), stopping at the
  page's end;
- and the next buckets while the page is not full.

Email and phone parts of a search are read as their own ordered first pages, of the people
whose name does not match, and merged.
The rows and their order are exactly those of the plain query (`contact_query.ids_statement`),
which answers whatever this does not cover (another sort, a deep page). Name Z-A reads
the same index backwards."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Integer, Select, column, func, literal_column, select, text
from sqlalchemy.orm import Session

from gojee_desktop.store.contact_fulltext import FTS_TABLES
from gojee_desktop.store.contact_name_order import ID_MASK, ORDER_TABLES, bucket_of, bucket_range

#: Matches read in key order at a time; when they all fit, they are sorted directly.
SORT_MAX = 2_000
#: Rows of a first page this path answers (the tables read their first blocks by offset).
PAGE_MAX = 1_000
#: Reads before leaving a search to the plain query (filters that keep few of the matches).
READS_MAX = 24

_SURROGATES = range(0xD800, 0xE000)


def _walkable(bucket: int) -> bool:
    """Whether the names of a bucket are the range [chr(bucket), chr(bucket + 1))."""
    return 0 < bucket < 0x10FFFF and bucket not in _SURROGATES and bucket + 1 not in _SURROGATES


def first_page_by_name(
    session: Session,
    model: Any,
    base: Select[Any],
    expression: str,
    details: Sequence[Select[Any]],
    offset: int,
    limit: int,
    descending: bool = False,
) -> list[int] | None:
    """Ids of rows `offset` to `offset + limit` of `base` (SELECT id, name with the query's
    other filters) narrowed to names matching the FTS5 `expression` or ids among any of
    `details` (SELECTs of owner ids), in (name, id) order (or its reverse); None when the
    plain query must answer."""
    wanted = offset + limit
    if wanted > PAGE_MAX or (session.scalar(select(func.max(model.id))) or 0) > ID_MASK:
        return None  # a deep page, or ids too large for the index's keys
    ordered = base.order_by(*_order(model, descending))
    named = _name_rows(session, model, ordered, expression, wanted, descending)
    if named is None:
        return None
    rows = named
    if details:
        # Only the owners whose name does not match count: the others are in `named` already
        # if they are on the page ("zoe." for the Zoes' emails: nothing left to sort).
        fts = FTS_TABLES[model.__tablename__]
        named_ids = (
            text(f"SELECT rowid FROM {fts} WHERE {fts} MATCH :named_query")
            .bindparams(named_query=expression)
            .columns(column("rowid", Integer))
        )
        merged = set(named)
        for owners in details:
            others = owners.where(owners.selected_columns[0].not_in(named_ids))
            merged.update(_detail_rows(session, model, ordered, others, wanted, descending))
        rows = sorted(merged, key=lambda row: (row[1], row[0]), reverse=descending)
    return [row_id for row_id, _ in rows[offset:wanted]]


def _order(model: Any, descending: bool) -> tuple[Any, Any]:
    """The plain query's order (`contact_query.ids_statement`): name, then id."""
    if descending:
        return model.name.desc(), model.id.desc()
    return model.name.asc(), model.id.asc()


def _detail_rows(
    session: Session, model: Any, ordered: Select[Any], owners: Select[Any], wanted: int, descending: bool
) -> list[tuple[int, str]]:
    """The first `wanted` rows of `base` whose id is among `owners` (an email or phone part).

    Spread owners (a phone prefix: a few thousand people anywhere in the alphabet) are
    found by walking the name index from the top, testing each id, over at most four times
    the rows that should hold the page if they are evenly spread; when that is not enough
    (owners that share a name, such as every Zoe's "zoe." email) or would not pay, every
    owner is looked up and the top rows sorted."""
    size = session.scalar(select(func.count()).select_from(owners.subquery())) or 0
    if not size:
        return []
    highest = session.scalar(select(func.max(model.id))) or 0
    walk = 4 * wanted * highest // size
    if walk < 3 * size:
        bound = session.scalar(ordered.with_only_columns(model.name).offset(walk).limit(1))
        walked = ordered.where((model.id + literal_column("0")).in_(owners))
        if bound is None:  # the walk reaches the last row
            return list(session.execute(walked.limit(wanted)).tuples())
        within = model.name >= bound if descending else model.name <= bound
        rows = list(session.execute(walked.where(within).limit(wanted)).tuples())
        if len(rows) == wanted:
            return rows
    return list(session.execute(ordered.where(model.id.in_(owners)).limit(wanted)).tuples())


def _name_rows(
    session: Session, model: Any, ordered: Select[Any], expression: str, wanted: int, descending: bool
) -> list[tuple[int, str]] | None:
    fts = ORDER_TABLES[model.__tablename__]
    if descending:
        read = text(
            f"SELECT rowid FROM {fts} WHERE {fts} MATCH :q AND rowid <= :start ORDER BY rowid DESC LIMIT :n"
        )
        start = 2**63 - 1
    else:
        read = text(
            f"SELECT rowid FROM {fts} WHERE {fts} MATCH :q AND rowid >= :start ORDER BY rowid LIMIT :n"
        )
        start = 0
    found: list[tuple[int, str]] = []
    for _ in range(READS_MAX):
        keys = list(session.scalars(read, {"q": expression, "start": start, "n": SORT_MAX + 1}))
        if not keys:
            return found
        need = wanted - len(found)
        last = bucket_of(keys[-1])
        low, high = bucket_range(last)
        if len(keys) <= SORT_MAX:  # every match from `start` on
            found.extend(_sorted(session, ordered, model, keys, need))
            return found
        head = [key for key in keys if bucket_of(key) != last]  # the buckets read whole
        if head:
            found.extend(_sorted(session, ordered, model, head, need))
            start = high if descending else low
        else:  # one bucket with more matches than SORT_MAX: walk its names
            if not _walkable(last):
                return None
            found.extend(_walked(session, ordered, model, fts, expression, last, need))
            start = low - 1 if descending else high + 1
        if len(found) >= wanted:
            return found[:wanted]
    return None


def _sorted(
    session: Session, ordered: Select[Any], model: Any, keys: list[int], need: int
) -> list[tuple[int, str]]:
    # One JSON parameter, not thousands: the statement stays the same and SQLite's cache keeps it.
    ids = text("SELECT value FROM json_each(:sort_ids)").bindparams(
        sort_ids=json.dumps([key & ID_MASK for key in keys])
    )
    return list(session.execute(ordered.where(model.id.in_(ids)).limit(need)).tuples())


def _walked(
    session: Session, ordered: Select[Any], model: Any, fts: str, expression: str, bucket: int, need: int
) -> list[tuple[int, str]]:
    low, high = bucket_range(bucket)
    matches = text(
        f"SELECT rowid & {ID_MASK} FROM {fts} WHERE {fts} MATCH :walk_query "
        "AND rowid BETWEEN :walk_low AND :walk_high"
    ).bindparams(walk_query=expression, walk_low=low, walk_high=high)
    # `id + 0`: not the rowid, so SQLite walks the name index and tests each id in the set.
    statement = ordered.where(
        model.name >= chr(bucket),
        model.name < chr(bucket + 1),
        (model.id + literal_column("0")).in_(matches),
    ).limit(need)
    return list(session.execute(statement).tuples())
