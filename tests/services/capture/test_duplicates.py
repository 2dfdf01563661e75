"""The duplicate matcher: email (case-insensitive), E.164 phone, close name + organisation."""

from __future__ import annotations

from gojee_desktop.services.capture.duplicates import ContactKey, DuplicateIndex
from gojee_desktop.services.capture.phones import check_phone


def _index() -> DuplicateIndex:
    index = DuplicateIndex()
    index.add(1, ContactKey("Ann Smith", "Smith Builders Pty Ltd", ("Ann@Example.com",), ()))
    index.add(2, ContactKey("Bob Jones", "", (), (check_phone("0412 345 678", "AU").e164,)))
    index.add(3, ContactKey("Carol King", "Harbour Electrical"))
    return index


def test_same_email_in_another_case_matches():
    match = _index().find(ContactKey("A. Smith", "", ("ann@example.COM",)))
    assert match is not None and match.ref == 1 and "email" in match.reason


def test_same_phone_written_internationally_matches():
    typed = check_phone("+61 412 345 678", "AU").e164
    match = _index().find(ContactKey("Robert Jones", "", (), (typed,)))
    assert match is not None and match.ref == 2 and "phone" in match.reason


def test_close_name_at_the_same_organisation_matches():
    index = _index()
    assert index.find(ContactKey("Carol  King.", "harbour electrical")).ref == 3  # type: ignore[union-attr]
    assert index.find(ContactKey("Carole King", "Harbour Electrical")).ref == 3  # type: ignore[union-attr]
    # a close name at the same organisation (legal words ignored), the same name at a close one
    assert index.find(ContactKey("Anne Smith", "Smith Builders")).ref == 1  # type: ignore[union-attr]
    assert index.find(ContactKey("Ann Smith", "Smith Builder")).ref == 1  # type: ignore[union-attr]


def test_different_people_do_not_match():
    index = _index()
    assert index.find(ContactKey("Carol King", "")) is None  # a name alone is not enough
    assert index.find(ContactKey("Dan Brown", "Harbour Electrical")) is None
    assert index.find(ContactKey("Carol King", "Metro Plumbing")) is None
    assert index.find(ContactKey("Bob Jones", "", (), ("+61412345679",))) is None


def test_organisations_match_by_close_name_or_details():
    index = DuplicateIndex()
    index.add_organization(7, ContactKey("Harbour Electrical Pty Ltd", emails=("office@harbour.example",)))
    assert index.find_organization(ContactKey("Harbour Electrical")).ref == 7  # type: ignore[union-attr]
    assert index.find_organization(ContactKey("Other", emails=("OFFICE@harbour.example",))).ref == 7  # type: ignore[union-attr]
    assert index.find_organization(ContactKey("Metro Plumbing")) is None


def test_one_name_at_several_organisations_finds_the_right_record():
    index = DuplicateIndex()
    index.add(1, ContactKey("Ann Smith", "Harbour Electrical"))
    index.add(2, ContactKey("Ann Smith", "Metro Plumbing"))
    index.add(3, ContactKey("Ann Smith"))  # no organisation: never matched by name
    assert index.find(ContactKey("Ann Smith", "Metro Plumbing Pty Ltd")).ref == 2  # type: ignore[union-attr]
    assert index.find(ContactKey("ann smith", "Harbour Electricals")).ref == 1  # type: ignore[union-attr]
    assert index.find(ContactKey("Ann Smith", "")) is None
    assert len(index) == 2


def test_people_entered_one_way_only_match_that_way_only():
    """An import enters earlier people by organisation for good, and by name a chunk at a
    time (the rest wait on disk): each way matches on its own, and forgetting the names
    keeps the organisations."""
    index = DuplicateIndex()
    index.add_at_organization(1, "ann smith", "harbour electrical")
    index.add_at_organization(2, "bob jones", "harbour electrical")
    index.add_name(3, "carol king", "metro plumbing")
    assert index.find(ContactKey("Bob Jonas", "Harbour Electrical")).ref == 2  # type: ignore[union-attr]
    assert index.find(ContactKey("Ann Smith", "Harbour Electricals")) is None  # not entered by name
    assert index.find(ContactKey("Carol King", "Metro Plumbing Co")).ref == 3  # type: ignore[union-attr]
    assert index.find(ContactKey("Carole King", "Metro Plumbing")) is None  # not entered by organisation
    index.forget_names()
    assert index.find(ContactKey("Carol King", "Metro Plumbing Co")) is None
    assert index.find(ContactKey("Ann Smyth", "Harbour Electrical")).ref == 1  # type: ignore[union-attr]
    assert len(index) == 2


def test_a_big_organisation_keeps_every_name_in_order():
    """Names at one organisation wait before they are joined into its one string (a big
    organisation's is not copied at every add): none is lost or moved, wherever it waits."""
    index = DuplicateIndex()
    for n in range(5_000):
        index.add_at_organization(n, f"person {n} family", "big business")
    assert index.find(ContactKey("Person 4999 Family", "Big Business")).ref == 4999  # type: ignore[union-attr]
    index.add_at_organization(5_000, "zed last", "big business")  # waits; found all the same
    assert index.find(ContactKey("Zed Last", "Big Business Pty Ltd")).ref == 5_000  # type: ignore[union-attr]
    assert index.find(ContactKey("Person 17 Family", "Big Business")).ref == 17  # type: ignore[union-attr]
    assert len(index) == 5_001
