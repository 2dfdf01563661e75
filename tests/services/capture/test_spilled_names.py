"""The import's scratch file of names: read back by name in the order entered, then deleted."""

from __future__ import annotations

import pytest

from gojee_desktop.services.capture.duplicates import name_key, organization_key
from gojee_desktop.services.capture.spilled_names import SpilledNames


def test_records_come_back_by_name_in_the_order_entered():
    with SpilledNames() as names:
        names.add([("ann smith", "harbour electrical", 7), ("bob jones", "metro plumbing", 3)])
        names.add([("ann smith", "metro plumbing", -1), ("李 小龍", "東方 建設", -2)])
        names.add([("carol king", "", 9), ("", "metro plumbing", 10)])  # never matched by name
        assert list(names.named({"ann smith", "李 小龍", "nobody"})) == [
            (7, "ann smith", "harbour electrical"),
            (-1, "ann smith", "metro plumbing"),
            (-2, "李 小龍", "東方 建設"),
        ]
        names.add([("ann smith", "harbour electrical", 11)])  # entered after the index was built
        assert [ref for ref, _name, _org in names.named({"ann smith"})] == [7, -1, 11]
        assert list(names.named({"carol king"})) == list(names.named(set())) == []


def test_many_names_are_read_back_in_one_statement():
    """More names than a statement may have variables (999 in older builds, 32,766 now)."""
    people = [(name_key(f"Person {n}"), organization_key(f"Business {n % 7}"), n) for n in range(40_000)]
    with SpilledNames() as names:
        names.add(people)
        wanted = {people[n][0] for n in range(0, 40_000, 3)}
        found = list(names.named(wanted))
    assert [ref for ref, _name, _org in found] == list(range(0, 40_000, 3))


def test_the_file_is_deleted_when_closed_or_on_an_error():
    names = SpilledNames()
    names.add([("ann smith", "harbour electrical", 1)])
    assert names.path.exists()
    names.close()
    assert not names.path.exists()
    with pytest.raises(RuntimeError), SpilledNames() as failing:
        path = failing.path
        raise RuntimeError("the import failed")
    assert not path.exists()
