"""Folding is what makes SQLite and PostgreSQL find the same jobs: check its rules."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from sqlalchemy import text

from gojee_desktop.services import jobs
from gojee_desktop.services.demo.generate import generate_demo
from gojee_desktop.services.job_query import JobQuery, count_jobs, list_job_ids
from gojee_desktop.services.jobs import NewJob
from gojee_desktop.store import fulltext
from gojee_desktop.store.database import Database
from gojee_desktop.store.fulltext import fold, search_terms


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Zoë Müller-Smith, zoe@x.com", "zoe muller smith zoe x com"),
        ("ŞEKER İstanbul", "seker istanbul"),
        ("Crème brûlée_Co", "creme brulee co"),
        ("ABC def_1  J-000042", "abc def 1 j 000042"),
        ("", ""),
        ("  ,;  ", ""),
    ],
)
def test_fold_lowercases_strips_accents_and_punctuation(text: str, folded: str) -> None:
    assert fold(text) == folded


def test_ascii_and_accented_spellings_fold_alike() -> None:
    assert fold("Zoë") == fold("ZOE") == "zoe"


def test_search_terms_are_folded_words() -> None:
    assert search_terms("  Müller   0412-345 ") == ["muller", "0412", "345"]


def test_head_has_the_lean_index_and_searches_survive_the_switch(sqlite_db: Database) -> None:
    with sqlite_db.engine.connect() as connection:
        ddl = connection.execute(text("SELECT sql FROM sqlite_master WHERE name = 'job_fts'")).scalar_one()
    assert "detail=none" in ddl and "columnsize=0" in ddl and "prefix='2 3'" in ddl
    generate_demo(sqlite_db, 300, 50, seed=9)
    queries = [
        JobQuery(text=t, archived=None)
        for t in ("smi", "smith", "kitchen fitz", "0412", "br", "zz", "kit de")
    ]
    lean = [list_job_ids(sqlite_db.sessions, q) for q in queries]
    for options in (fulltext.FTS_OPTIONS_0001, fulltext.FTS_OPTIONS_0005):
        with sqlite_db.engine.begin() as connection:
            fulltext.recreate_sqlite_fts(connection, options)
        assert [list_job_ids(sqlite_db.sessions, q) for q in queries] == lean
    assert count_jobs(sqlite_db.sessions, queries[0]) == len(lean[0]) > 0
    assert lean[0] and lean[1] and lean[4]  # "smi", "smith" and "br" find jobs
    # Triggers keep the index in step after the switch: a new job is found at once.
    with sqlite_db.engine.begin() as connection:
        fulltext.recreate_sqlite_fts(connection, fulltext.FTS_OPTIONS_0007)
    jobs.create_lead(sqlite_db.sessions, NewJob(title="Quokka enclosure"))
    assert count_jobs(sqlite_db.sessions, JobQuery(text="quok")) == 1


def test_a_bulk_rebuild_leaves_a_sound_index_with_the_default_merge_setting(sqlite_db: Database) -> None:
    generate_demo(sqlite_db, 6000, 0, seed=4)  # over the bulk threshold: rebuilt with automerge 16
    with sqlite_db.engine.connect() as connection:
        config = dict(connection.exec_driver_sql("SELECT k, v FROM job_fts_config").all())
        # Raises if the index and the jobs table disagree.
        connection.exec_driver_sql("INSERT INTO job_fts(job_fts, rank) VALUES ('integrity-check', 1)")
        indexed = connection.exec_driver_sql("SELECT count(*) FROM job_fts WHERE job_fts MATCH 'j*'").scalar()
    assert config["automerge"] == 4
    assert indexed == 6000


def test_a_bulk_load_beside_existing_jobs_indexes_old_and_new(sqlite_db: Database) -> None:
    generate_demo(sqlite_db, 200, 0, seed=4)  # small: indexed by the triggers
    generate_demo(sqlite_db, 6000, 0, seed=5)  # bulk into a table with jobs: rebuilt in place
    with sqlite_db.engine.connect() as connection:
        connection.exec_driver_sql("INSERT INTO job_fts(job_fts, rank) VALUES ('integrity-check', 1)")
        indexed = connection.exec_driver_sql("SELECT count(*) FROM job_fts WHERE job_fts MATCH 'j*'").scalar()
    assert indexed == 6200


MATCHING = "SELECT count(*) FROM job_fts WHERE job_fts MATCH ?"


def test_a_bulk_load_into_an_empty_table_adopts_an_index_built_by_another_process(
    sqlite_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    from gojee_desktop.services.demo import generate as demo

    def rebuild_in_place(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("the index built aside should have been adopted")

    monkeypatch.setattr(demo.fulltext, "rebuild_sqlite_fts", rebuild_in_place)
    generate_demo(sqlite_db, 5000, 1500, seed=6)  # over the bulk threshold, into an empty table
    with sqlite_db.engine.connect() as connection:
        # Raises if the adopted index and the jobs' search texts disagree in any way.
        connection.exec_driver_sql("INSERT INTO job_fts(job_fts, rank) VALUES ('integrity-check', 1)")
        indexed = connection.exec_driver_sql("SELECT count(*) FROM job_fts WHERE job_fts MATCH 'j*'").scalar()
        smiths = connection.exec_driver_sql(
            "SELECT count(*) FROM jobs WHERE ' ' || search_text || ' ' LIKE '% smith %'"
        ).scalar()
        found = connection.exec_driver_sql(MATCHING, ("smith",)).scalar()
    assert indexed == 6500
    assert found == smiths > 0
    # Writes after the load keep the index in step (the triggers are back).
    jobs.create_lead(sqlite_db.sessions, NewJob(title="Zzyzx special"))
    with sqlite_db.engine.connect() as connection:
        assert connection.exec_driver_sql(MATCHING, ("zzyzx",)).scalar() == 1


def test_when_the_worker_is_too_slow_the_index_is_rebuilt_in_place(
    sqlite_db: Database, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from gojee_desktop.services.demo import fulltext as demo_fulltext

    monkeypatch.setattr(demo_fulltext, "WORKER_TIMEOUT_S", 0)  # give up on the worker at once
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))  # where the scratch folder goes
    generate_demo(sqlite_db, 6000, 0, seed=8)
    with sqlite_db.engine.connect() as connection:
        connection.exec_driver_sql("INSERT INTO job_fts(job_fts, rank) VALUES ('integrity-check', 1)")
        assert connection.exec_driver_sql(MATCHING, ("j*",)).scalar() == 6000
    assert not list(tmp_path.glob("gojee-demo-fts-*"))  # the scratch folder is gone
