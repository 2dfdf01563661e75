"""Searching by job number: "J-000" means numbers, read as id ranges, on both databases."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from gojee_desktop.services.demo.generate import generate_demo
from gojee_desktop.services.job_query import JobQuery, count_jobs, list_job_ids
from gojee_desktop.services.number_search import number_ranges
from gojee_desktop.store.database import Database


@pytest.mark.parametrize(
    ("typed", "ranges"),
    [
        ("J-000", [(0, 999)]),
        ("j-000042", [(42, 42)]),
        ("J 0000", [(0, 99)]),
        (
            "J-2",
            [
                (2, 2),
                (20, 29),
                (200, 299),
                (2000, 2999),
                (20000, 29999),
                (200000, 299999),
                (2000000, 2999999),
                (20000000, 29999999),
                (200000000, 299999999),
                (2000000000, 2**31 - 1),
            ],
        ),
        (
            "J-99999",
            [
                (99999, 99999),
                (999990, 999999),
                (9999900, 9999999),
                (99999000, 99999999),
                (999990000, 999999999),
            ],
        ),
        (
            "j4",
            [
                (4, 4),
                (40, 49),
                (400, 499),
                (4000, 4999),
                (40000, 49999),
                (400000, 499999),
                (4000000, 4999999),
                (40000000, 49999999),
                (400000000, 499999999),
            ],
        ),
    ],
)
def test_number_ranges(typed: str, ranges: list[tuple[int, int]]) -> None:
    assert number_ranges(typed) == ranges


@pytest.mark.parametrize("typed", ["42", "kitchen", "J-", "J-12a", "jo", ""])
def test_other_text_is_not_a_number(typed: str) -> None:
    assert number_ranges(typed) is None


def _ids_by_number(db: Database, prefixes: tuple[str, ...]) -> list[int]:
    """The jobs whose number, or whose number's plain digits, start with a prefix."""
    with db.sessions() as session:
        rows = session.execute(text("SELECT id, number FROM jobs WHERE archived = :no"), {"no": False}).all()
    return sorted(
        job_id
        for job_id, number in rows
        if number.startswith(prefixes[0]) or str(job_id).startswith(prefixes[1])
    )


@pytest.mark.parametrize(
    ("typed", "padded", "plain"),
    [
        ("J-0001", "J-0001", "~"),
        ("j-00012", "J-00012", "~"),
        ("J-3", "J-3", "3"),
        ("J-000150", "J-000150", "~"),
    ],
)
def test_number_search_finds_exactly_those_jobs(db: Database, typed: str, padded: str, plain: str) -> None:
    generate_demo(db, 1500, 500, seed=11)
    expected = _ids_by_number(db, (padded, plain))
    assert expected  # the demo has such numbers
    for sort in ("number", "title"):
        found = list_job_ids(db.sessions, JobQuery(text=typed, sort=sort))
        assert sorted(found) == expected
    assert count_jobs(db.sessions, JobQuery(text=typed)) == len(expected)
    ordered = list_job_ids(db.sessions, JobQuery(text=typed))
    assert ordered == sorted(ordered)
