"""Do / undo / redo of every BOM and quote edit on SQLite and PostgreSQL, through the
services the GUI commands call; the history they leave; line versions refusing stale saves."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from gojee_desktop.services import bom, quotes
from gojee_desktop.services.bom_lines import LineData
from gojee_desktop.services.errors import RuleViolation, StaleRecord
from gojee_desktop.services.jobs import NewJob, create_lead, get_job
from gojee_desktop.services.quote_undo import undo_status_change, withdraw_quote
from gojee_desktop.store.database import open_database


@pytest.fixture
def job_id(db) -> int:
    job = create_lead(db.sessions, NewJob(title="Shed power", currency="AUD"))
    bom.add_lines(
        db.sessions,
        job.id,
        [LineData(description=d, quantity=D(2), unit="m", unit_cost=D(10)) for d in ("A", "B", "C")],
        section_name="Power",
    )
    bom.add_line(db.sessions, job.id, LineData(description="X", unit_cost=D(5)), section_name="Lights")
    return job.id


def state(db, job_id) -> list[tuple[int, str, list[tuple[int, str, str]]]]:
    """Sections (id, name) with lines (id, description, quantity) in order."""
    view = bom.get_bom(db.sessions, job_id)
    return [
        (s.id, s.name, [(x.id, x.data.description, format(x.data.quantity, "f")) for x in s.lines])
        for s in view.sections
    ]


def ids(db, job_id) -> dict[str, int]:
    return {x.data.description: x.id for s in bom.get_bom(db.sessions, job_id).sections for x in s.lines}


def history(db, job_id) -> list[tuple[str, str, str]]:
    return [(h.field, h.old_value, h.new_value) for h in get_job(db.sessions, job_id).history]


def test_add_lines_undo_redo_keeps_ids(db, job_id):
    before = state(db, job_id)
    power = before[0][0]
    new = bom.add_lines(
        db.sessions,
        job_id,
        [LineData(description="N1"), LineData(description="N2")],
        section_id=power,
        position=1,
    )
    after = state(db, job_id)
    deleted = bom.delete_lines(db.sessions, new)  # undo
    assert state(db, job_id) == before
    assert bom.restore_lines(db.sessions, deleted) == new  # redo
    assert state(db, job_id) == after
    assert [x[1] for x in after[0][2]] == ["A", "N1", "N2", "B", "C"]


def test_delete_lines_undo_restores_ids_versions_and_later_edits_still_apply(db, job_id):
    line = ids(db, job_id)
    edit = bom.edit_line(db.sessions, line["B"], {"quantity": D(7)})
    before = state(db, job_id)
    deleted = bom.delete_lines(db.sessions, [line["C"], line["B"], line["X"]])
    assert [x[1] for s in state(db, job_id) for x in s[2]] == ["A"]
    assert bom.restore_lines(db.sessions, deleted) == [line["B"], line["C"], line["X"]]
    assert state(db, job_id) == before
    # The cell edit made before the delete can still be undone with its version.
    bom.edit_line(db.sessions, line["B"], {"quantity": edit.old.quantity}, expected_version=edit.version)
    assert state(db, job_id)[0][2][1] == (line["B"], "B", "2")


def test_section_add_and_delete_round_trip(db, job_id):
    before = state(db, job_id)
    section_id = bom.add_section(db.sessions, job_id, "Outside", position=1)
    with_section = state(db, job_id)
    assert [s[1] for s in with_section] == ["Power", "Outside", "Lights"]
    removed = bom.delete_section(db.sessions, section_id)  # undo of add
    assert state(db, job_id) == before
    assert bom.restore_section(db.sessions, removed) == section_id  # redo
    assert state(db, job_id) == with_section
    power = before[0][0]
    gone = bom.delete_section(db.sessions, power)  # delete a section with lines
    assert [s[1] for s in state(db, job_id)] == ["Outside", "Lights"]
    assert bom.restore_section(db.sessions, gone) == power
    assert state(db, job_id) == with_section


def test_moves_return_the_order_they_replaced(db, job_id):
    line = ids(db, job_id)
    before = state(db, job_id)
    lights = before[1][0]
    previous = bom.move_lines(db.sessions, [line["A"]], lights, 0)
    moved = state(db, job_id)
    assert [x[1] for x in moved[1][2]] == ["A", "X"]
    replaced = bom.restore_layout(db.sessions, job_id, previous)  # undo
    assert state(db, job_id) == before
    bom.restore_layout(db.sessions, job_id, replaced)  # redo
    assert state(db, job_id) == moved
    previous = bom.move_section(db.sessions, lights, 0)
    assert [s[1] for s in state(db, job_id)] == ["Lights", "Power"]
    bom.restore_layout(db.sessions, job_id, previous)
    assert state(db, job_id) == moved


def test_cell_edit_round_trip_and_stale_version_is_refused(db, job_id):
    line = ids(db, job_id)
    info = bom.get_bom(db.sessions, job_id).sections[0].lines[0]
    first = bom.edit_line(db.sessions, line["A"], {"quantity": D("2.5")}, expected_version=info.version)
    assert first.version == info.version + 1
    # A second session that read the line before this save is refused and writes nothing.
    with pytest.raises(StaleRecord, match=r"changed by someone else.*[Rr]eload"):
        bom.edit_line(db.sessions, line["A"], {"quantity": D(9)}, expected_version=info.version)
    assert state(db, job_id)[0][2][0][2] == "2.5"
    undone = bom.edit_line(db.sessions, line["A"], {"quantity": D(2)}, expected_version=first.version)
    assert state(db, job_id)[0][2][0][2] == "2"
    bom.edit_line(db.sessions, line["A"], {"quantity": D("2.5")}, expected_version=undone.version)
    assert state(db, job_id)[0][2][0][2] == "2.5"


def test_bom_changes_are_in_the_job_history(db, job_id):
    line = ids(db, job_id)
    bom.update_line(db.sessions, line["A"], {"quantity": D(3), "unit_price": D("12.5")})
    bom.update_line(db.sessions, line["A"], {"unit_price": None})
    bom.delete_lines(db.sessions, [line["C"]])
    entries = history(db, job_id)
    assert ("BOM line added", "", "A (2 m)") in entries
    assert ("BOM line added", "", "X (1 ea)") in entries
    assert ("BOM line A (2 m): quantity", "2", "3") in entries
    assert ("BOM line A (2 m): unit price", "cost + markup", "12.5") in entries
    assert ("BOM line A (3 m): unit price", "12.5", "cost + markup") in entries
    assert entries[-1] == ("BOM line removed", "C (2 m)", "")


def test_quote_create_and_revise_undo_redo(db, job_id):
    quote = quotes.create_quote(db.sessions, job_id)
    assert withdraw_quote(db.sessions, quote.number) == job_id
    assert quotes.list_quotes(db.sessions, job_id) == []
    again = quotes.create_quote(db.sessions, job_id)  # redo
    assert again.number == quote.number
    quotes.set_quote_status(db.sessions, quote.number, "accepted")
    revised = quotes.revise_quote(db.sessions, quote.number)
    assert bom.get_bom(db.sessions, job_id).frozen_by is None
    withdraw_quote(db.sessions, revised.number)  # undo of revise: frozen again
    assert [q.number for q in quotes.list_quotes(db.sessions, job_id)] == [quote.number]
    assert bom.get_bom(db.sessions, job_id).frozen_by == quote.number
    assert quotes.revise_quote(db.sessions, quote.number).number == revised.number  # redo
    with pytest.raises(RuleViolation, match="newest"):
        withdraw_quote(db.sessions, quote.number)
    entries = [e for e in history(db, job_id) if e[0] == "quote"]
    assert entries[1] == ("quote", f"{quote.number} drafted", f"{quote.number} withdrawn")


def test_quote_status_undo_restores_quote_job_status_and_value(db, job_id):
    quote = quotes.create_quote(db.sessions, job_id)
    job = get_job(db.sessions, job_id).summary
    sent = quotes.change_quote_status(db.sessions, quote.number, "sent")
    assert get_job(db.sessions, job_id).summary.status == "Quoted"
    undo_status_change(db.sessions, sent)
    restored = get_job(db.sessions, job_id).summary
    assert (restored.status, quotes.get_quote(db.sessions, quote.number).summary.status) == (
        job.status,
        "draft",
    )
    sent = quotes.change_quote_status(db.sessions, quote.number, "sent")  # redo
    accepted = quotes.change_quote_status(db.sessions, quote.number, "accepted")
    summary = get_job(db.sessions, job_id).summary
    assert (summary.status, summary.value) == ("Approved", D("65.00"))  # 3 × 2 × 10 + 5
    assert bom.get_bom(db.sessions, job_id).frozen
    assert ("value", format(job.value, "f"), "65.00") in history(db, job_id)
    undo_status_change(db.sessions, accepted)
    summary = get_job(db.sessions, job_id).summary
    assert (summary.status, summary.value) == ("Quoted", job.value)
    assert not bom.get_bom(db.sessions, job_id).frozen
    assert quotes.get_quote(db.sessions, quote.number).summary.status == "sent"
    with pytest.raises(RuleViolation, match="changed meanwhile"):
        undo_status_change(db.sessions, accepted)


def test_two_sessions_editing_one_line_the_second_save_is_refused(db, job_id):
    """Two app instances (separate engines) on one database both load the BOM, then save."""
    other = open_database(db.engine.url.render_as_string(hide_password=False), migrate=False)
    try:
        mine = bom.get_bom(db.sessions, job_id).sections[0].lines[0]
        theirs = bom.get_bom(other.sessions, job_id).sections[0].lines[0]
        bom.edit_line(other.sessions, theirs.id, {"unit_cost": D(12)}, expected_version=theirs.version)
        with pytest.raises(StaleRecord, match="changed by someone else") as refused:
            bom.edit_line(db.sessions, mine.id, {"unit_cost": D(99)}, expected_version=mine.version)
        assert "Reload the BOM" in str(refused.value)
        saved = bom.get_bom(db.sessions, job_id).sections[0].lines[0]
        assert (saved.data.unit_cost, saved.version) == (D(12), mine.version + 1)
        # Undo steps are checked against the values they expect to find, not versions.
        with pytest.raises(StaleRecord):
            bom.edit_line(db.sessions, mine.id, {"unit_cost": D(10)}, expected_values={"unit_cost": D(99)})
    finally:
        other.dispose()
