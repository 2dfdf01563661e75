"""BOM edits name the stamp of the BOM they were made on: an edit made on a BOM another client
changed since is refused (saying who changed what), nothing of it is written, and the conflict
rows show their lines beside the edit. On SQLite and PostgreSQL; on PostgreSQL also two
clients (two Database objects) racing edits of one BOM."""

from __future__ import annotations

import threading
from decimal import Decimal as D

import pytest
from sqlalchemy import func, select

from gojee_desktop.models import BomLine, JobHistory
from gojee_desktop.services import bom, catalog, jobs
from gojee_desktop.services.bom_conflicts import REMOVED, BomIntent, compare_bom, describe, describe_new
from gojee_desktop.services.bom_lines import LineData
from gojee_desktop.services.errors import StaleBom, StaleRecord
from gojee_desktop.services.jobs import NewJob
from gojee_desktop.store.database import Database, open_database


@pytest.fixture
def job_id(db) -> int:
    job = jobs.create_lead(db.sessions, NewJob(title="Kitchen rewire", currency="AUD"))
    bom.add_lines(db.sessions, job.id, [_line("Cable"), _line("Switch")], section_name="Power")
    return job.id


def _line(description: str, qty: str = "1", cost: str = "10") -> LineData:
    return LineData(description=description, quantity=D(qty), unit_cost=D(cost))


def _counts(db: Database, job_id: int) -> tuple[int, int]:
    """(BOM lines, history entries) of the job."""
    with db.sessions() as session:
        lines = session.scalar(select(func.count(BomLine.id)))
        entries = session.scalar(select(func.count(JobHistory.id)).where(JobHistory.job_id == job_id))
    return int(lines or 0), int(entries or 0)


def test_the_stamp_follows_every_bom_change_and_the_currency_only(db, job_id):
    stamps = [bom.get_bom(db.sessions, job_id).stamp]

    def changed() -> bool:
        stamps.append(bom.get_bom(db.sessions, job_id).stamp)
        return stamps[-1] != stamps[-2]

    view = bom.get_bom(db.sessions, job_id)
    cable, switch = view.sections[0].lines
    jobs.update_job(db.sessions, job_id, {"title": "Another title"})
    assert not changed()  # a job edit beside the BOM leaves BOM edits valid
    bom.edit_line(db.sessions, cable.id, {"quantity": D(3)})
    assert changed()
    bom.move_lines(db.sessions, [switch.id], view.sections[0].id, 0)
    assert changed()
    section = bom.add_section(db.sessions, job_id, "Lighting")
    assert changed()
    bom.rename_section(db.sessions, section, "Lights")
    assert changed()
    bom.move_section(db.sessions, section, 0)
    assert changed()
    bom.add_line(db.sessions, job_id, _line("Downlight"), section_id=section)
    assert changed()
    bom.delete_lines(db.sessions, [cable.id])
    assert changed()
    jobs.update_job(db.sessions, job_id, {"currency": "NZD"})
    assert changed()  # the currency prices every line


def test_an_edit_on_a_bom_changed_elsewhere_is_refused_naming_who_and_writes_nothing(db, job_id):
    alex = catalog.add_item(db.sessions, "user", "Alex Turner")
    seen = bom.get_bom(db.sessions, job_id)
    cable, switch = seen.sections[0].lines
    bom.edit_line(db.sessions, switch.id, {"quantity": D(4)}, actor_id=alex.id)  # the other client
    before = _counts(db, job_id)
    attempts = [
        lambda: bom.add_lines(db.sessions, job_id, [_line("GPO")], expected_stamp=seen.stamp),
        lambda: bom.edit_line(db.sessions, cable.id, {"quantity": D(2)}, expected_stamp=seen.stamp),
        lambda: bom.delete_lines(db.sessions, [cable.id], expected_stamp=seen.stamp),
        lambda: bom.move_lines(db.sessions, [cable.id], seen.sections[0].id, 2, expected_stamp=seen.stamp),
        lambda: bom.add_section(db.sessions, job_id, "Extra", expected_stamp=seen.stamp),
        lambda: bom.rename_section(db.sessions, seen.sections[0].id, "Mains", expected_stamp=seen.stamp),
        lambda: bom.move_section(db.sessions, seen.sections[0].id, 0, expected_stamp=seen.stamp),
        lambda: bom.delete_section(db.sessions, seen.sections[0].id, expected_stamp=seen.stamp),
    ]
    for attempt in attempts:
        with pytest.raises(StaleBom) as refused:
            attempt()
        error = refused.value
        assert isinstance(error, StaleRecord) and error.job_id == job_id
        assert error.actor == "Alex Turner" and error.fields == ("BOM line Switch (1 ea): quantity",)
        assert "changed by someone else" in str(error) and "Alex Turner" in str(error)
    assert _counts(db, job_id) == before  # nothing of any refused edit was written
    after = bom.get_bom(db.sessions, job_id)
    assert [x.data.description for x in after.sections[0].lines] == ["Cable", "Switch"]
    assert after.sections[0].lines[0].data.quantity == D(1) and after.sections[0].name == "Power"
    # made knowingly on the BOM as it is now, the same edit goes through
    bom.edit_line(db.sessions, cable.id, {"quantity": D(2)}, expected_stamp=after.stamp)
    assert bom.get_bom(db.sessions, job_id).sections[0].lines[0].data.quantity == D(2)


def test_conflict_rows_show_their_lines_beside_the_edit(db, job_id):
    seen = bom.get_bom(db.sessions, job_id)
    cable, switch = seen.sections[0].lines
    bom.edit_line(db.sessions, switch.id, {"quantity": D(4)})  # theirs
    bom.add_line(db.sessions, job_id, _line("Their GPO"))
    mine = cable.data.with_changes(quantity=D(2))
    intent = BomIntent(
        lines={cable.id: describe(seen, cable.id, mine)}, added=(describe_new(seen, _line("My GPO"), None),)
    )
    conflict = compare_bom(db.sessions, seen, intent)
    rows = {(r.label, r.was, r.theirs, r.yours) for r in conflict.fields}
    assert conflict.number == seen.job_number
    assert (
        "Cable (1 ea)",
        "Cable (1 ea) · 10.00 · Power",
        "Cable (1 ea) · 10.00 · Power",
        "Cable (2 ea) · 20.00 · Power",
    ) in {(r[0], r[1], r[2], r[3]) for r in rows}
    assert (
        "Switch (1 ea)",
        "Switch (1 ea) · 10.00 · Power",
        "Switch (4 ea) · 40.00 · Power",
        "Switch (1 ea) · 10.00 · Power",
    ) in rows
    assert ("Their GPO (1 ea)", "—", "Their GPO (1 ea) · 10.00 · Power", "—") in rows
    assert ("New line", "—", "—", "My GPO (1 ea) · 10.00 · Power") in rows
    assert len(rows) == 4  # only the lines that differ


def test_conflict_rows_for_removed_lines_and_sections(db, job_id):
    seen = bom.get_bom(db.sessions, job_id)
    cable, switch = seen.sections[0].lines
    bom.delete_lines(db.sessions, [switch.id])  # theirs
    bom.rename_section(db.sessions, seen.sections[0].id, "Mains")
    conflict = compare_bom(db.sessions, seen, BomIntent(lines={cable.id: REMOVED}))
    rows = {(r.label, r.was, r.theirs, r.yours) for r in conflict.fields}
    assert ("Section Power", "Power", "Mains", "Power") in rows
    assert (
        "Switch (1 ea)",
        "Switch (1 ea) · 10.00 · Power",
        REMOVED,
        "Switch (1 ea) · 10.00 · Power",
    ) in rows
    assert ("Cable (1 ea)", "Cable (1 ea) · 10.00 · Power", "Cable (1 ea) · 10.00 · Mains", REMOVED) in rows


def _add_with_stamp(url: str, job_id: int, stamp: str, text: str, results: list, barrier: threading.Barrier):
    database = open_database(url, migrate=False)
    try:
        barrier.wait(timeout=30)
        try:
            bom.add_lines(database.sessions, job_id, [_line(text)], expected_stamp=stamp)
            results.append(("added", text))
        except StaleBom:
            results.append(("refused", text))
    except BaseException as exc:  # reported to the test
        results.append(("failed", repr(exc)))
    finally:
        database.dispose()


ROUNDS = 25


@pytest.mark.postgres
def test_two_clients_racing_bom_edits_one_wins_the_other_is_refused_whole(db: Database, job_id):
    if db.dialect != "postgresql":
        pytest.skip("team mode is PostgreSQL; a file has one writer at a time")
    for round_number in range(ROUNDS):
        seen = bom.get_bom(db.sessions, job_id)  # both windows show this BOM
        lines, entries = _counts(db, job_id)
        results: list = []
        barrier = threading.Barrier(2)
        threads = [
            threading.Thread(
                target=_add_with_stamp,
                args=(db.url, job_id, seen.stamp, f"{who} {round_number}", results, barrier),
            )
            for who in ("first", "second")
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        assert sorted(kind for kind, _ in results) == ["added", "refused"], results
        winner = next(text for kind, text in results if kind == "added")
        assert _counts(db, job_id) == (lines + 1, entries + 1)  # the refused edit wrote nothing
        assert bom.get_bom(db.sessions, job_id).sections[0].lines[-1].data.description == winner
