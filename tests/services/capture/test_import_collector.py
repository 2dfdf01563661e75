"""The import pauses Python's cycle collector while it runs and leaves it as it found it,
also when it is cancelled."""

from __future__ import annotations

import gc

import pytest
from capture_files import PEOPLE_ROWS, many_people, write_csv

from gojee_desktop.services.capture.importer import ImportCancelled, ImportOptions, run_import
from gojee_desktop.services.capture.mapping import PEOPLE, auto_map
from gojee_desktop.services.capture.readers import open_table


@pytest.fixture
def collector_enabled():
    was = gc.isenabled()
    gc.enable()
    yield
    if not was:
        gc.disable()


def test_the_collector_is_paused_during_an_import_and_enabled_after_it(db, tmp_path, collector_enabled):
    states: list[bool] = []

    def progress(_done: int) -> bool:
        states.append(gc.isenabled())
        return True

    table = open_table(write_csv(tmp_path / "people.csv", many_people(600)))
    summary = run_import(db.sessions, table, ImportOptions(auto_map(table.headers, PEOPLE)), progress)
    assert summary.written and summary.created == 600
    assert states[:-1] and not any(states[:-1])  # paused while rows were read and written
    assert gc.isenabled()


def test_a_cancelled_import_enables_the_collector_again(db, tmp_path, collector_enabled):
    table = open_table(write_csv(tmp_path / "people.csv", many_people(600)))
    with pytest.raises(ImportCancelled):
        run_import(db.sessions, table, ImportOptions(auto_map(table.headers, PEOPLE)), lambda _done: False)
    assert gc.isenabled()


def test_an_import_leaves_a_paused_collector_paused(db, tmp_path, collector_enabled):
    gc.disable()
    table = open_table(write_csv(tmp_path / "people.csv", PEOPLE_ROWS))
    run_import(db.sessions, table, ImportOptions(auto_map(table.headers, PEOPLE)))
    assert not gc.isenabled()
    gc.enable()
