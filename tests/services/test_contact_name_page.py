"""A broad name search sorted by name reads its first pages from the name-ordered index on
SQLite (revision 0018, `services.contact_name_page`) and must give exactly the rows, in
exactly the order, of the plain query that sorts every match: same first pages with any
filter, an email part merged in, archived people, accents, lower-case names and ties
between equal names. On PostgreSQL the plain query answers; the pages must agree there too."""

from __future__ import annotations

from dataclasses import replace

import pytest
from sqlalchemy import insert, select, text

from gojee_desktop.models import ContactDetail, Label, Organization, Person
from gojee_desktop.models.contacts import person_labels
from gojee_desktop.services import contact_name_page
from gojee_desktop.services.contact_query import (
    ORGANIZATION,
    PERSON,
    ContactQuery,
    ids_statement,
    list_contact_ids,
    list_contacts,
    name_ordered_page,
)
from gojee_desktop.services.contact_records import (
    ContactChanges,
    create_contact,
    delete_contact,
    update_contact,
)
from gojee_desktop.services.uow import read_only

# "Sam", "Sara" and "Sophie" are most of the people, so "s" has more matches in the "S"
# bucket than are ever sorted at once (the name index is walked there), while "smith" and
# "chen" are spread over every bucket.
FIRST = [
    "Sam",
    "Sara",
    "Sophie",
    "Sam",
    "Sara",
    "Aisha",
    "Ben",
    "Chloé",
    "zoe",
    "Zoë",
    "Émile",
    "Øyvind",
    "O'Neil",
]
LAST = ["Smith", "Chen", "Nguyen", "Smithers", "Brown", "Lee", "Müller", "van der Berg", "Khan"]
PEOPLE = 6_500
QUERIES = ["s", "sa", "sam", "smith", "smi ch", "chen", "ch", "zoë", "mü", "o", "sam smith", "b", "van", "l"]


def _email_start(n: int) -> str:
    """ "late.N@" for the Zoës and Øyvinds (late in name order, so a walk from the top finds
    none of them), "zoe.N@" for the lower-case zoes (whose name matches "zoe" too),
    "sales.N@" for the others (spread over every name)."""
    first = FIRST[(n // 3) % len(FIRST)]
    return {"Zoë": "late.", "Øyvind": "late.", "zoe": "zoe."}.get(first, "sales.")


@pytest.fixture
def people(db):
    """PEOPLE people (every 17th archived, every 5th at an organisation, every 7th labelled,
    each with an email, equal names in runs so ties are broken by id) and a few
    organisations."""
    with db.engine.begin() as connection:
        connection.execute(
            insert(Organization),
            [{"id": n, "name": f"{LAST[n % len(LAST)]} Builders {n}"} for n in range(1, 41)],
        )
        connection.execute(
            insert(Person),
            [
                {
                    "id": n,
                    "name": f"{FIRST[(n // 3) % len(FIRST)]} {LAST[(n * 7) % len(LAST)]}",
                    "archived": n % 17 == 0,
                    "organization_id": 1 + n % 40 if n % 5 == 0 else None,
                }
                for n in range(1, PEOPLE + 1)
            ],
        )
        emails = {n: f"{_email_start(n)}{n}@example.com" for n in range(1, PEOPLE + 1)}
        connection.execute(
            insert(ContactDetail),
            [{"person_id": n, "kind": "email", "value": e, "normalized": e} for n, e in emails.items()],
        )
        label = connection.execute(insert(Label).values(name="Builder").returning(Label.id)).scalar_one()
        connection.execute(
            insert(person_labels), [{"person_id": n, "label_id": label} for n in range(1, PEOPLE + 1, 7)]
        )
    return label


def _plain(db, query: ContactQuery, offset: int, limit: int) -> list[int]:
    """The rows as the plain query gives them: every match sorted, then OFFSET/LIMIT."""
    with read_only(db.sessions) as session:
        dialect = session.get_bind().dialect.name
        return list(session.scalars(ids_statement(query, dialect).offset(offset).limit(limit)))


def _fast(db, query: ContactQuery, offset: int, limit: int) -> list[int] | None:
    with read_only(db.sessions) as session:
        return name_ordered_page(session, query, offset, limit)


def test_a_broad_search_gives_the_plain_querys_first_pages(db, people):
    sqlite = db.engine.dialect.name == "sqlite"
    for typed in QUERIES:
        for descending in (False, True):
            query = ContactQuery(kind=PERSON, text=typed, descending=descending)
            assert _plain(db, query, 0, 65), typed  # every search here finds people
            for offset in (0, 64, 256):
                expected = _plain(db, query, offset, 64)
                assert list_contact_ids(db.sessions, query, offset, 64) == expected, (query, offset)
                if sqlite:  # the name-ordered index answered, not the plain query
                    assert _fast(db, query, offset, 64) == expected, (query, offset)


def test_the_s_bucket_is_walked_and_still_exact(sqlite_db):
    """More matches in one first-letter bucket than are sorted at once: the page is read by
    walking the name index through the bucket, and equals the sorted matches."""
    with sqlite_db.engine.begin() as connection:
        connection.execute(
            insert(Person),
            [{"name": f"Sam {LAST[n % len(LAST)]} {n % 3}"} for n in range(contact_name_page.SORT_MAX + 500)],
        )
    query = ContactQuery(kind=PERSON, text="sam")
    with read_only(sqlite_db.sessions) as session:
        keys = session.scalars(
            text("SELECT count(*) FROM person_name_fts WHERE person_name_fts MATCH 'sam*'")
        )
        assert keys.one() > contact_name_page.SORT_MAX
    for offset in (0, 64, 700):
        assert _fast(sqlite_db, query, offset, 64) == _plain(sqlite_db, query, offset, 64)
        backwards = replace(query, descending=True)
        assert _fast(sqlite_db, backwards, offset, 64) == _plain(sqlite_db, backwards, offset, 64)


def test_filters_and_an_email_part_give_the_same_pages(db, people):
    label = people
    cases = [
        ContactQuery(kind=PERSON, text="s", archived=None),
        ContactQuery(kind=PERSON, text="s", archived=True),
        ContactQuery(kind=PERSON, text="smith", archived=True),
        ContactQuery(kind=PERSON, text="sa", organization_id=5),
        ContactQuery(kind=PERSON, text="s", label_ids=(label,)),
        # Email parts: spread over the names (the name index walked), few, or all late in
        # name order; alone, or merged with the people whose name matches.
        ContactQuery(kind=PERSON, text="sales."),
        ContactQuery(kind=PERSON, text="sales.", archived=True),
        ContactQuery(kind=PERSON, text="sales.", archived=True, organization_id=5),
        ContactQuery(kind=PERSON, text="sales.1", archived=None),
        ContactQuery(kind=PERSON, text="sam.smith"),
        ContactQuery(kind=PERSON, text="zoe."),
        ContactQuery(kind=PERSON, text="zoe.1"),
        ContactQuery(kind=PERSON, text="late."),
        ContactQuery(kind=PERSON, text="late.", archived=None),
        ContactQuery(kind=ORGANIZATION, text="b"),
        ContactQuery(kind=ORGANIZATION, text="smith build"),
    ]
    for query in cases + [replace(query, descending=True) for query in cases]:
        for offset in (0, 64):
            expected = _plain(db, query, offset, 64)
            assert list_contact_ids(db.sessions, query, offset, 64) == expected, (query, offset)
    rows, total = list_contacts(db.sessions, ContactQuery(kind=PERSON, text="chen"), offset=0, limit=30)
    assert [row.id for row in rows] == _plain(db, ContactQuery(kind=PERSON, text="chen"), 0, 30)
    assert total > 30


def test_other_sorts_and_deep_pages_are_left_to_the_plain_query(sqlite_db, people):
    query = ContactQuery(kind=PERSON, text="s")
    assert _fast(sqlite_db, replace(query, sort="organization"), 0, 64) is None
    assert _fast(sqlite_db, query, contact_name_page.PAGE_MAX, 64) is None
    with sqlite_db.engine.begin() as connection:  # an id beyond the index's keys
        connection.execute(insert(Person).values(id=2**42 + 5, name="Sam Huge"))
    assert _fast(sqlite_db, query, 0, 64) is None
    assert list_contact_ids(sqlite_db.sessions, query, 0, 64) == _plain(sqlite_db, query, 0, 64)
    for changed in (replace(query, sort="organization"), replace(query, sort="created", descending=True)):
        assert list_contact_ids(sqlite_db.sessions, changed, 0, 64) == _plain(sqlite_db, changed, 0, 64)


def test_the_name_ordered_index_follows_renames_and_deletes(sqlite_db):
    first = create_contact(sqlite_db.sessions, PERSON, ContactChanges(name="Aaron Quill"))
    create_contact(sqlite_db.sessions, PERSON, ContactChanges(name="Zed Quill"))
    create_contact(sqlite_db.sessions, PERSON, ContactChanges(name="Mia Quillon"))
    query = ContactQuery(kind=PERSON, text="quil")

    def names() -> list[str]:
        ids = _fast(sqlite_db, query, 0, 10)
        assert ids is not None
        with read_only(sqlite_db.sessions) as session:
            by_id = dict(
                session.execute(select(Person.id, Person.name).where(Person.id.in_(ids))).tuples().all()
            )
        return [by_id[i] for i in ids]

    assert names() == ["Aaron Quill", "Mia Quillon", "Zed Quill"]
    update_contact(sqlite_db.sessions, PERSON, first.id, ContactChanges(name="Zara Quill"))  # another bucket
    assert names() == ["Mia Quillon", "Zara Quill", "Zed Quill"]
    delete_contact(sqlite_db.sessions, PERSON, first.id)
    assert names() == ["Mia Quillon", "Zed Quill"]
    with sqlite_db.engine.connect() as connection:
        for fts in ("person_name_fts", "organization_name_fts"):
            connection.exec_driver_sql(
                f"INSERT INTO {fts}({fts}, rank) VALUES ('integrity-check', 0)"
            ).close()
