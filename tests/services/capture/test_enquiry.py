"""Quick capture's service: the lead, its caller and its note in one transaction."""

from __future__ import annotations

import pytest

from gojee_desktop.services import contacts
from gojee_desktop.services.activities.notes import list_notes
from gojee_desktop.services.capture.enquiry import Enquiry, capture_enquiry
from gojee_desktop.services.errors import ValidationError
from gojee_desktop.services.job_query import JobQuery, count_jobs


def test_the_note_is_the_lead_s_first_internal_note(db):
    detail = capture_enquiry(db.sessions, Enquiry(name="Bob Jones", phone="0412 345 678", note="Deck quote"))
    assert detail.summary.title == "Enquiry from Bob Jones"
    assert [note.body for note in list_notes(db.sessions, detail.id)] == ["Deck quote"]
    assert [(h.field, h.new_value) for h in detail.history][-1] == ("note", "Deck quote")


def test_a_note_that_fails_leaves_no_lead_and_no_caller(db):
    with pytest.raises(ValidationError, match="A note needs some text"):
        capture_enquiry(db.sessions, Enquiry(name="Bob Jones", note="\x01\x02"))  # nothing printable
    assert count_jobs(db.sessions, JobQuery(lifecycle="lead")) == 0
    assert contacts.search_people(db.sessions, "") == []
