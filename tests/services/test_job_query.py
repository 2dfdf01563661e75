"""Listing and searching: filters, sort, paging and full-text on both databases."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from gojee_desktop.services import catalog, jobs, pipelines
from gojee_desktop.services.contacts import CustomerInput
from gojee_desktop.services.errors import ValidationError
from gojee_desktop.services.job_query import JobQuery, count_jobs, list_job_ids, list_jobs
from gojee_desktop.services.jobs import NewJob


@pytest.fixture
def sample(db):
    urgent = catalog.add_item(db.sessions, "label", "Urgent")
    sam = catalog.add_item(db.sessions, "user", "Sam")
    stages = pipelines.list_stages(db.sessions, "leads")
    made = {
        "kitchen": jobs.create_lead(
            db.sessions,
            NewJob(
                title="Kitchen rewire",
                value=Decimal("5000"),
                customer=CustomerInput(person_name="Zoë Müller", phone="0412 345 678"),
                label_ids=[urgent.id],
                expected_close=date(2027, 1, 10),
            ),
        ),
        "deck": jobs.create_lead(
            db.sessions,
            NewJob(
                title="Deck build",
                value=Decimal("12000"),
                stage_id=stages[2].id,
                customer=CustomerInput(person_name="Bob Smith", email="bob@smith.example"),
                assignee_ids=[sam.id],
                site_address="12 Beach Rd, Manly",
            ),
        ),
        "fence": jobs.create_lead(db.sessions, NewJob(title="Fence", value=Decimal("800"), currency="JPY")),
        "job": jobs.create_customer_job(db.sessions, NewJob(title="Kitchen tiling", value=Decimal("3000"))),
    }
    jobs.archive_job(db.sessions, jobs.create_lead(db.sessions, NewJob(title="Old kitchen enquiry")).id)
    return {"db": db, "urgent": urgent, "sam": sam, "stages": stages, **made}


def titles(db, **kwargs):
    return [r.title for r in list_jobs(db.sessions, JobQuery(**kwargs)).rows]


def test_text_search_is_word_prefix_and_accent_insensitive(sample):
    db = sample["db"]
    assert titles(db, lifecycle="lead", text="kitch") == ["Kitchen rewire"]
    assert titles(db, lifecycle="lead", text="muller") == ["Kitchen rewire"]
    assert titles(db, lifecycle="lead", text="0412345678") == ["Kitchen rewire"]
    assert titles(db, lifecycle="lead", text="smith deck") == ["Deck build"]
    assert titles(db, lifecycle="lead", text="manly") == ["Deck build"]
    assert titles(db, lifecycle="lead", text=sample["deck"].summary.number) == ["Deck build"]
    assert titles(db, lifecycle="lead", text="  ;; ") == ["Kitchen rewire", "Deck build", "Fence"]
    assert titles(db, lifecycle=None, text="kitchen") == ["Kitchen rewire", "Kitchen tiling"]
    assert titles(db, lifecycle="lead", text="kitchen", archived=True) == ["Old kitchen enquiry"]
    assert titles(db, lifecycle="lead", text='"kit* (') == ["Kitchen rewire"]  # syntax is not injected


def test_filters(sample):
    db = sample["db"]
    assert titles(db, lifecycle="lead", label_ids=(sample["urgent"].id,)) == ["Kitchen rewire"]
    assert titles(db, lifecycle="lead", assignee_ids=(sample["sam"].id,)) == ["Deck build"]
    assert titles(db, lifecycle="lead", stage_ids=(sample["stages"][2].id,)) == ["Deck build"]
    assert titles(db, lifecycle="lead", value_min=Decimal("1000"), value_max=Decimal("6000")) == [
        "Kitchen rewire"
    ]
    assert titles(db, lifecycle="lead", value_min=Decimal("700"), value_max=Decimal("900")) == [
        "Fence"
    ]  # 800 JPY
    assert titles(db, lifecycle="lead", close_from=date(2027, 1, 1)) == ["Kitchen rewire"]
    new = catalog.find_status(db.sessions, "new")
    assert count_jobs(db.sessions, JobQuery(lifecycle="lead", status_ids=(new.id,))) == 3
    assert titles(db, lifecycle="customer_job") == ["Kitchen tiling"]


def test_sort_and_paging(sample):
    db = sample["db"]
    assert titles(db, lifecycle="lead", sort="value", descending=True) == [
        "Deck build",
        "Kitchen rewire",
        "Fence",
    ]
    assert titles(db, lifecycle="lead", sort="title") == ["Deck build", "Fence", "Kitchen rewire"]
    assert titles(db, lifecycle="lead", sort="customer") == ["Deck build", "Kitchen rewire", "Fence"]
    assert titles(db, lifecycle="lead", sort="customer", descending=True) == [
        "Kitchen rewire",
        "Deck build",
        "Fence",
    ]
    page = list_jobs(db.sessions, JobQuery(lifecycle="lead", sort="title"), offset=1, limit=1)
    assert (page.total, [r.title for r in page.rows]) == (3, ["Fence"])
    ids = list_job_ids(db.sessions, JobQuery(lifecycle="lead", sort="number", descending=True))
    assert ids == sorted(ids, reverse=True)
    with pytest.raises(ValidationError, match="Cannot sort by"):
        list_jobs(db.sessions, JobQuery(sort="nonsense"))


def test_search_follows_customer_rename(sample):
    from gojee_desktop.services.contacts import rename_person

    db = sample["db"]
    deck = sample["deck"]
    rename_person(db.sessions, deck.summary.person_id, "Robert Jones")
    assert titles(db, lifecycle="lead", text="jones") == ["Deck build"]
    assert titles(db, lifecycle="lead", text="smith deck") == ["Deck build"]  # email still has smith
    assert jobs.get_job(db.sessions, deck.id).version == deck.version  # not a change of the job


def test_search_in_number_order_pages_like_the_full_list(db):
    """The FTS-ordered fast path (number order) gives the same ids and pages as any order."""
    made = [jobs.create_lead(db.sessions, NewJob(title=f"Gutter clean {n}")).id for n in range(7)]
    jobs.create_lead(db.sessions, NewJob(title="Roof tiles"))
    jobs.archive_job(db.sessions, made[3])
    query = JobQuery(lifecycle="lead", text="gutt")
    active = [job_id for job_id in made if job_id != made[3]]
    assert list_job_ids(db.sessions, query) == active
    assert list_job_ids(db.sessions, query, offset=2, limit=3) == active[2:5]
    assert list_job_ids(db.sessions, query.with_sort("number", descending=True)) == active[::-1]
    assert count_jobs(db.sessions, query) == 6


def test_job_id_array_streams_the_same_ids(db):
    from gojee_desktop.services.job_query import job_id_array

    for n in range(7):
        jobs.create_lead(db.sessions, NewJob(title=f"Fence {n}", value=Decimal(n % 3)))
    query = JobQuery(lifecycle="lead", sort="value", descending=True)
    assert list(job_id_array(db.sessions, query, chunk=3)) == list_job_ids(db.sessions, query)


def _customer_order(db, descending=False):
    rows = list_jobs(db.sessions, JobQuery(lifecycle="lead", sort="customer", descending=descending)).rows
    ids = list_job_ids(db.sessions, JobQuery(lifecycle="lead", sort="customer", descending=descending))
    assert ids == [r.id for r in rows]
    return [r.title for r in rows]


def test_customer_sort_is_folded_person_else_organisation_with_none_last(db):
    def lead(title, person="", organization=""):
        customer = CustomerInput(person_name=person, organization_name=organization)
        return jobs.create_lead(db.sessions, NewJob(title=title, customer=customer))

    lead("No customer")
    lead("Bob's", person="Bob")
    lead("Adam's", person="adam")  # lower case: before Bob once folded, after him by bytes
    lead("Émile's", person="Émile Zola")
    lead("Acme's", organization="Acme Pty")  # no person: the organisation's name
    lead("Zed's", person="Zed", organization="Acme Pty")  # the person's name first
    expected = ["Acme's", "Adam's", "Bob's", "Émile's", "Zed's", "No customer"]
    assert _customer_order(db) == expected
    assert _customer_order(db, descending=True) == [*expected[-2::-1], "No customer"]


def test_customer_sort_follows_renames_and_customer_changes(db):
    from gojee_desktop.services.contacts import create_customer, rename_organization, rename_person

    anna = jobs.create_lead(db.sessions, NewJob(title="A", customer=CustomerInput(person_name="Anna")))
    ben = jobs.create_lead(db.sessions, NewJob(title="B", customer=CustomerInput(person_name="Ben")))
    carters = jobs.create_lead(
        db.sessions, NewJob(title="C", customer=CustomerInput(organization_name="Carters"))
    )
    assert _customer_order(db) == ["A", "B", "C"]

    rename_person(db.sessions, anna.summary.person_id, "Zara")
    assert _customer_order(db) == ["B", "C", "A"]
    rename_organization(db.sessions, carters.summary.organization_id, "Aardvark Ltd")
    assert _customer_order(db) == ["C", "B", "A"]
    assert _customer_order(db, descending=True) == ["A", "B", "C"]
    # Renames are not changes of the jobs: an editor open on one can still save.
    assert jobs.get_job(db.sessions, anna.id).version == anna.version
    assert jobs.get_job(db.sessions, carters.id).version == carters.version

    mia, _ = create_customer(db.sessions, CustomerInput(person_name="Mia"))
    assert mia is not None
    ben = jobs.update_job(db.sessions, ben.id, {"person_id": mia.id}, expected_version=ben.version)
    assert _customer_order(db) == ["C", "B", "A"]  # Aardvark, Mia, Zara
    jobs.update_job(db.sessions, ben.id, {"person_id": None}, expected_version=ben.version)
    assert _customer_order(db) == ["C", "A", "B"]  # no customer: last
    assert _customer_order(db, descending=True) == ["A", "C", "B"]  # last both ways
    jobs.update_job(
        db.sessions, anna.id, {"person_id": None, "organization_id": carters.summary.organization_id}
    )
    assert _customer_order(db) == ["A", "C", "B"]  # both "Aardvark Ltd", then by number


def test_fill_customer_sort_recomputes_missing_and_stale_keys(db, monkeypatch):
    from sqlalchemy import update

    from gojee_desktop.models.jobs import jobs_table
    from gojee_desktop.store import sort_keys

    for n, name in enumerate(["Yves", "", "Ulla", "Émile", "", "Ola", "Bea"]):
        jobs.create_lead(db.sessions, NewJob(title=f"J{n}", customer=CustomerInput(person_name=name)))
    expected = _customer_order(db)
    assert expected == ["J6", "J3", "J5", "J2", "J0", "J1", "J4"]
    monkeypatch.setattr(sort_keys, "_CHUNK", 2)  # several chunks where the key is filled in chunks
    with db.engine.begin() as connection:
        connection.execute(update(jobs_table()).values(customer_sort=None))
    assert _customer_order(db) == ["J0", "J1", "J2", "J3", "J4", "J5", "J6"]
    with db.engine.begin() as connection:
        sort_keys.fill_customer_sort(connection)
    assert _customer_order(db) == expected
    with db.engine.begin() as connection:
        connection.execute(update(jobs_table()).values(customer_sort="stale"))
        sort_keys.fill_customer_sort(connection)
    assert _customer_order(db) == expected


def test_first_pages_read_by_indexed_prefixes_equal_the_full_search(sqlite_db, monkeypatch):
    """Words longer than the indexed prefixes: a first page found by walking the 3-letter
    prefix and checking the whole word is the same page as the full search's."""
    from gojee_desktop.services import job_query
    from gojee_desktop.services.demo.generate import generate_demo

    generate_demo(sqlite_db, 400, 100, seed=3)
    jobs.create_lead(sqlite_db.sessions, NewJob(title="Smithfield smit smi"))  # prefixes, not words
    jobs.create_lead(sqlite_db.sessions, NewJob(title="Smile, blacksmith forge"))  # "smith" in a word
    texts = ["smith", "kitchen", "pool fence", "newc", "olivia smith", "smit", "br", "zzzz", "Smith-Jones"]
    texts += ["smith forge", "forge", "acksmith"]
    pages = [(0, 65), (0, 3), (2, 7), (40, 64)]

    def check() -> int:
        used = 0
        for text in texts:
            for lifecycle in ("lead", None):
                query = JobQuery(lifecycle=lifecycle, text=text)
                everything = list_job_ids(sqlite_db.sessions, query)  # no limit: the full search
                for offset, limit in pages:
                    page = list_job_ids(sqlite_db.sessions, query, offset=offset, limit=limit)
                    assert page == everything[offset : offset + limit], (text, offset, limit)
                    with sqlite_db.sessions() as session:
                        used += job_query._page_by_indexed_prefixes(session, query, offset, limit) is not None
        return used

    assert list_job_ids(sqlite_db.sessions, JobQuery(lifecycle="lead", text="smith"))  # found
    assert check() > 40  # the shortcut answered most pages
    monkeypatch.setattr(job_query, "PREFIX_SCAN_CAP", 4)
    assert check() < 20  # with too few candidates read it gives up: the full search answers
