"""Denormalised sort keys on `jobs`, so a list sorted by them walks an index instead of
joining and sorting every row.

`jobs.customer_sort` is the job's customer name folded like the search text (lower case,
accents and punctuation gone): the person's name, else the organisation's name, else NULL
(no customer, or a name with nothing left after folding). NULL, never an empty string: an
empty key would sort first, while a job without a customer sorts last both ways (NULLS
LAST, which SQLite serves from the index by reading the NULLs after the others)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, bindparam, column, select, table, update

from gojee_desktop.store.fulltext import fold

_SQLITE_FUNCTION = "gojee_customer_sort"
_CHUNK = 5_000


def customer_sort_key(person_name: str | None, organization_name: str | None) -> str | None:
    """The value of `jobs.customer_sort` for a job with this person and organisation."""
    return fold(person_name or "") or fold(organization_name or "") or None


_jobs = table("jobs", column("id"), column("person_id"), column("organization_id"), column("customer_sort"))
_persons = table("persons", column("id"), column("name"))
_organizations = table("organizations", column("id"), column("name"))


def fill_customer_sort(connection: Connection) -> None:
    """Compute `jobs.customer_sort` from the jobs' customers in bulk (revision 0006's
    backfill). Plain UPDATEs: the jobs' versions do not change."""
    if connection.dialect.name == "sqlite":
        _fill_sqlite(connection)
    else:
        _fill_in_chunks(connection)


def _fill_sqlite(connection: Connection) -> None:
    # One UPDATE, with the key computed by a Python function SQLite calls for each row.
    raw: Any = connection.connection.driver_connection
    raw.create_function(_SQLITE_FUNCTION, 2, customer_sort_key, deterministic=True)
    connection.exec_driver_sql(
        f"UPDATE jobs SET customer_sort = {_SQLITE_FUNCTION}("
        "(SELECT name FROM persons WHERE persons.id = jobs.person_id), "
        "(SELECT name FROM organizations WHERE organizations.id = jobs.organization_id))"
    )


def _fill_in_chunks(connection: Connection) -> None:
    query = (
        select(_jobs.c.id, _jobs.c.customer_sort, _persons.c.name, _organizations.c.name)
        .select_from(_jobs)
        .outerjoin(_persons, _persons.c.id == _jobs.c.person_id)
        .outerjoin(_organizations, _organizations.c.id == _jobs.c.organization_id)
        .order_by(_jobs.c.id)
        .limit(_CHUNK)
    )
    statement = update(_jobs).where(_jobs.c.id == bindparam("job_id")).values(customer_sort=bindparam("key"))
    last = 0
    while rows := connection.execute(query.where(_jobs.c.id > last)).all():
        changes = [
            {"job_id": job_id, "key": key}
            for job_id, current, person, organization in rows
            if (key := customer_sort_key(person, organization)) != current
        ]
        if changes:
            connection.execute(statement, changes)
        last = rows[-1][0]
