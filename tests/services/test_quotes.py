"""Quotes on SQLite and PostgreSQL: numbering, revisions, read-only rules, freeze, job
status and history, comparison."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from gojee_desktop.services import bom, quotes
from gojee_desktop.services.bom_lines import LineData
from gojee_desktop.services.errors import NotFound, RuleViolation, ValidationError
from gojee_desktop.services.jobs import NewJob, create_lead, get_job
from gojee_desktop.services.price_book import PriceItem, delete_item, list_items, save_item
from gojee_desktop.services.quote_compare import compare_quotes


@pytest.fixture
def job_id(db) -> int:
    job = create_lead(db.sessions, NewJob(title="Deck lights", site_address="1 Beach Rd"))
    bom.add_lines(
        db.sessions,
        job.id,
        [
            LineData(
                item_code="LED-1", description="LED downlight", quantity=D(6), unit_cost=D("20"), markup=D(50)
            ),
            LineData(kind="labour", description="Install", quantity=D("2.5"), unit="h", unit_cost=D(90)),
        ],
        section_name="Lighting",
    )
    return job.id


def test_numbering_snapshot_and_totals(db, job_id):
    quote = quotes.create_quote(db.sessions, job_id, valid_days=14)
    assert quote.number == f"Q-{job_id:06d}-1"
    assert quote.summary.status == "draft"
    assert (quote.summary.valid_until - quote.summary.issue_date).days == 14
    assert quote.site == "1 Beach Rd"
    assert [x.data.description for x in quote.lines] == ["LED downlight", "Install"]
    assert quote.totals.subtotal == D("405.00")  # 6 × 30 + 2.5 × 90
    # The snapshot does not follow later BOM edits.
    line_id = bom.get_bom(db.sessions, job_id).sections[0].lines[0].id
    bom.update_line(db.sessions, line_id, {"quantity": D(8)})
    assert quotes.get_quote(db.sessions, quote.number).totals.subtotal == D("405.00")
    with pytest.raises(RuleViolation, match="revise"):
        quotes.create_quote(db.sessions, job_id)


def test_empty_bom_cannot_be_quoted(db):
    job = create_lead(db.sessions, NewJob(title="Nothing yet"))
    with pytest.raises(ValidationError, match="no lines"):
        quotes.create_quote(db.sessions, job.id)
    assert quotes.list_quotes(db.sessions, job.id) == []


def test_sending_and_accepting_set_the_job_status_with_history_and_freeze(db, job_id):
    quote = quotes.create_quote(db.sessions, job_id)
    quotes.set_quote_status(db.sessions, quote.number, "sent")
    detail = get_job(db.sessions, job_id)
    assert detail.summary.status == "Quoted"
    quotes.set_quote_status(db.sessions, quote.number, "accepted")
    detail = get_job(db.sessions, job_id)
    assert detail.summary.status == "Approved"
    status_changes = [(h.old_value, h.new_value) for h in detail.history if h.field == "status"]
    assert status_changes[-2:] == [("New", "Quoted"), ("Quoted", "Approved")]
    assert any(h.field == "quote" and h.new_value.endswith("accepted") for h in detail.history)
    view = bom.get_bom(db.sessions, job_id)
    assert view.frozen_by == quote.number
    with pytest.raises(RuleViolation, match="frozen"):
        bom.add_line(db.sessions, job_id, LineData(description="More"))
    with pytest.raises(RuleViolation, match="frozen"):
        bom.update_line(db.sessions, view.sections[0].lines[0].id, {"quantity": D(1)})
    with pytest.raises(RuleViolation, match="cannot become"):
        quotes.set_quote_status(db.sessions, quote.number, "declined")
    # A new revision unfreezes the BOM; the accepted one stays as it was.
    revised = quotes.revise_quote(db.sessions, quote.number)
    assert revised.number == f"Q-{job_id:06d}-2"
    assert not bom.get_bom(db.sessions, job_id).frozen
    old = quotes.get_quote(db.sessions, quote.number)
    assert old.summary.status == "accepted" and old.summary.read_only


def test_old_revisions_are_read_only(db, job_id):
    first = quotes.create_quote(db.sessions, job_id)
    quotes.update_quote(db.sessions, first.number, {"intro": "Hello <there>", "hide_unit_prices": True})
    second = quotes.revise_quote(db.sessions, first.number)
    assert second.intro == "Hello <there>" and second.hide_unit_prices
    for action in (
        lambda: quotes.update_quote(db.sessions, first.number, {"intro": "x"}),
        lambda: quotes.set_quote_status(db.sessions, first.number, "sent"),
        lambda: quotes.revise_quote(db.sessions, first.number),
    ):
        with pytest.raises(RuleViolation):
            action()
    summaries = quotes.list_quotes(db.sessions, job_id)
    assert [(s.revision, s.latest, s.read_only) for s in summaries] == [(2, True, False), (1, False, True)]


def test_compare_shows_added_removed_and_changed_lines(db, job_id):
    first = quotes.create_quote(db.sessions, job_id)
    view = bom.get_bom(db.sessions, job_id)
    led, install = view.sections[0].lines
    bom.update_line(db.sessions, led.id, {"quantity": D(10)})
    bom.delete_lines(db.sessions, [install.id])
    bom.add_line(
        db.sessions, job_id, LineData(description="Transformer", unit_cost=D(40)), section_name="Lighting"
    )
    second = quotes.revise_quote(db.sessions, first.number)
    changes = compare_quotes(db.sessions, first.number, second.number)
    summary = sorted((c.change, c.description) for c in changes)
    assert summary == [("added", "Transformer"), ("changed", "LED downlight"), ("removed", "Install")]
    changed = next(c for c in changes if c.change == "changed")
    assert changed.fields == (("quantity", "6", "10"),)


def test_unknown_quotes(db, job_id):
    with pytest.raises(ValidationError, match="not a quote number"):
        quotes.get_quote(db.sessions, "Q42")
    with pytest.raises(NotFound, match="Q-000999-1"):
        quotes.get_quote(db.sessions, "q-999-1")
    with pytest.raises(NotFound, match="no revision 3"):
        quotes.quote_of_job(db.sessions, job_id, 3)


def test_price_book_items(db):
    item = save_item(
        db.sessions,
        PriceItem(
            code="CBL-2.5",
            description="TPS cable 2.5mm²",
            unit="m",
            unit_cost=D("2.10"),
            markup=D(40),
            tax_rate=D(10),
        ),
    )
    with pytest.raises(ValidationError, match="already has"):
        save_item(db.sessions, PriceItem(code="cbl-2.5", description="dup"))
    with pytest.raises(ValidationError, match="cannot be negative"):
        save_item(db.sessions, PriceItem(code="NEG", description="x", unit_cost=D(-1)))
    assert [i.code for i in list_items(db.sessions, "cable")] == ["CBL-2.5"]
    line = item.as_line(D(30))
    assert (line.item_code, line.unit, line.markup) == ("CBL-2.5", "m", D(40))
    delete_item(db.sessions, item.id or 0)
    assert list_items(db.sessions) == []
