"""The Alembic chain: empty -> head works, head matches the ORM tables, down and up again,
and the start-up upgrade backs up an existing SQLite file first."""

from __future__ import annotations

import itertools
import sqlite3
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect

from gojee_desktop.models import Base
from gojee_desktop.services.startup import open_app_database
from gojee_desktop.store.database import create_db_engine
from gojee_desktop.store.fulltext import include_name
from gojee_desktop.store.migrate import alembic_config, current_revision, head_revision, upgrade_to_head


def test_revision_chain_is_linear_with_one_head():
    script = ScriptDirectory.from_config(alembic_config())
    heads = script.get_heads()
    assert len(heads) == 1
    revisions = list(script.walk_revisions())
    assert revisions[-1].down_revision is None
    for newer, older in itertools.pairwise(revisions):
        assert newer.down_revision == older.revision


def _diff(engine) -> list:
    with engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "include_name": include_name}
        )
        return compare_metadata(context, Base.metadata)


def test_upgrade_from_empty_to_head_matches_the_models_on_sqlite(tmp_path: Path):
    engine = create_db_engine(f"sqlite:///{tmp_path / 'm.sqlite3'}")
    upgrade_to_head(engine)
    assert current_revision(engine) == head_revision()
    assert _diff(engine) == []
    tables = set(inspect(engine).get_table_names())
    assert {"jobs", "job_history", "stages", "job_fts"} <= tables
    engine.dispose()


@pytest.mark.postgres
def test_head_matches_the_models_on_postgres(_postgres_ready):
    engine = create_db_engine(_postgres_ready)
    assert current_revision(engine) == head_revision()
    assert _diff(engine) == []
    indexes = {i["name"] for i in inspect(engine).get_indexes("jobs")}
    assert "ix_jobs_list" in indexes
    engine.dispose()


def test_downgrade_to_base_and_up_again(tmp_path: Path):
    engine = create_db_engine(f"sqlite:///{tmp_path / 'd.sqlite3'}")
    upgrade_to_head(engine)
    config = alembic_config(engine)
    command.downgrade(config, "base")
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    command.upgrade(config, "head")
    assert _diff(engine) == []
    engine.dispose()


def test_existing_file_is_backed_up_before_an_upgrade(tmp_path: Path):
    path = tmp_path / "old.sqlite3"
    engine = create_db_engine(f"sqlite:///{path}")
    first = ScriptDirectory.from_config(alembic_config()).get_base()
    command.upgrade(alembic_config(engine), first)
    engine.dispose()
    if first == head_revision():
        pytest.skip("needs a second revision to upgrade across")
    database = open_app_database(f"sqlite:///{path}")
    backups = list((tmp_path / "backups").glob(f"old-*-before-upgrade-from-{first}.sqlite3"))
    assert len(backups) == 1
    # Written with SQLite's backup API and verified: a sound file at the old revision.
    with sqlite3.connect(backups[0]) as copy:
        assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert copy.execute("SELECT version_num FROM alembic_version").fetchone()[0] == first
    assert current_revision(database.engine) == head_revision()
    database.dispose()


def test_sqlite_connections_are_tuned(sqlite_db):
    with sqlite_db.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == 5000


def test_default_database_lives_in_the_data_dir(_isolated_data_dir: Path):
    database = open_app_database()
    assert Path(database.engine.url.database or "") == _isolated_data_dir / "gojee.sqlite3"
    assert (_isolated_data_dir / "gojee.sqlite3").exists()
    database.dispose()


def test_environment_variable_overrides_the_default(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    target = tmp_path / "elsewhere.sqlite3"
    monkeypatch.setenv("GOJEE_DATABASE_URL", f"sqlite:///{target}")
    database = open_app_database()
    assert target.exists()
    database.dispose()


def test_head_read_from_the_files_is_alembics_head(tmp_path):
    """The start-up fast path (no Alembic import when already at head) agrees with Alembic."""
    from gojee_desktop.store.migrate import head_from_files, stored_revision

    assert head_from_files() == head_revision()
    engine = create_db_engine(f"sqlite:///{tmp_path / 'fresh.sqlite3'}")
    assert stored_revision(engine) is None  # no table yet: Alembic runs
    upgrade_to_head(engine)
    assert stored_revision(engine) == head_revision()
    engine.dispose()


def test_upgrade_to_0006_fills_the_customer_sort_key(tmp_path: Path):
    from gojee_desktop.services import jobs
    from gojee_desktop.services.contacts import CustomerInput
    from gojee_desktop.services.job_query import JobQuery, list_job_ids

    database = open_app_database(f"sqlite:///{tmp_path / 'c.sqlite3'}")
    for name in ("Zoë", "", "anna", "Bob"):
        customer = CustomerInput(person_name=name)
        jobs.create_lead(database.sessions, jobs.NewJob(title=name or "none", customer=customer))
    query = JobQuery(lifecycle="lead", sort="customer")
    expected = list_job_ids(database.sessions, query)
    config = alembic_config(database.engine)
    command.downgrade(config, "0005")
    assert "customer_sort" not in {c["name"] for c in inspect(database.engine).get_columns("jobs")}
    command.upgrade(config, "head")
    assert _diff(database.engine) == []
    assert list_job_ids(database.sessions, query) == expected == [3, 4, 1, 2]
    database.dispose()


@pytest.mark.postgres
def test_customer_sort_key_compares_bytes_on_postgres(_postgres_ready):
    """Whatever the server's collation, customer order is byte order, as on SQLite."""
    engine = create_db_engine(_postgres_ready)
    with engine.connect() as connection:
        collation = connection.exec_driver_sql(
            "SELECT collation_name FROM information_schema.columns "
            "WHERE table_name = 'jobs' AND column_name = 'customer_sort'"
        ).scalar_one()
    engine.dispose()
    assert collation == "C"


def test_upgrade_to_0012_keeps_every_job_linked_to_its_customer(tmp_path: Path):
    """Revision 0012 adds columns to persons and organisations in place: a table copy on
    SQLite would drop the old table and, with foreign keys on, clear the jobs' links."""
    from gojee_desktop.services import jobs
    from gojee_desktop.services.contacts import CustomerInput

    database = open_app_database(f"sqlite:///{tmp_path / 'k.sqlite3'}")
    customer = CustomerInput(person_name="Ann Smith", organization_name="Smith Builders")
    lead = jobs.create_lead(database.sessions, jobs.NewJob(title="Deck", customer=customer))
    config = alembic_config(database.engine)
    command.downgrade(config, "0009")
    assert "archived" not in {c["name"] for c in inspect(database.engine).get_columns("persons")}
    command.upgrade(config, "head")
    assert _diff(database.engine) == []
    summary = jobs.get_job(database.sessions, lead.id).summary
    assert (summary.customer, summary.organization) == ("Ann Smith", "Smith Builders")
    database.dispose()


def test_upgrade_to_0017_keeps_custom_fields_on_jobs(db):
    """Revision 0017 (custom fields of people and organisations) leaves the fields defined
    before it on jobs, with their values, on SQLite and PostgreSQL."""
    from sqlalchemy import text

    from gojee_desktop.services import catalog, jobs

    field = catalog.add_custom_field(db.sessions, "Gate code", "text")
    lead = jobs.create_lead(db.sessions, jobs.NewJob(title="Deck", custom_fields={field.id: "1234"}))
    config = alembic_config(db.engine)
    command.downgrade(config, "0016")
    assert "applies_to" not in {c["name"] for c in inspect(db.engine).get_columns("custom_field_definitions")}
    command.upgrade(config, "head")
    assert _diff(db.engine) == []
    with db.engine.connect() as connection:
        assert connection.execute(
            text("SELECT applies_to FROM custom_field_definitions")
        ).scalars().all() == ["job"]
    assert [f.name for f in catalog.list_custom_fields(db.sessions)] == ["Gate code"]
    assert catalog.list_custom_fields(db.sessions, "person") == []
    assert jobs.get_job(db.sessions, lead.id).custom_fields == {field.id: "1234"}


def test_upgrade_to_0016_fills_the_assignee_totals_and_keeps_them(tmp_path: Path):
    """Revision 0016 fills the per-assignee totals from the jobs already there (written at
    0015, with no trigger to count them), and its triggers count what comes after."""
    from decimal import Decimal

    from gojee_desktop.services import catalog, jobs
    from gojee_desktop.store import assignee_totals

    database = open_app_database(f"sqlite:///{tmp_path / 'a.sqlite3'}")
    config = alembic_config(database.engine)
    command.downgrade(config, "0015")
    assert "report_assignee_totals" not in inspect(database.engine).get_table_names()
    ana = catalog.add_item(database.sessions, "user", "Ana").id
    me = next(u.id for u in catalog.list_items(database.sessions, "user") if u.name == "Me")
    for value, assignees in (("10", [ana]), ("5.50", []), ("1", [ana, me])):
        jobs.create_lead(
            database.sessions, jobs.NewJob(title=value, value=Decimal(value), assignee_ids=assignees)
        )
    command.upgrade(config, "head")
    assert _diff(database.engine) == []

    def kept() -> list[tuple[int, int, int]]:
        with database.engine.connect() as connection:
            table = sorted(
                tuple(r) for r in connection.exec_driver_sql("SELECT * FROM report_assignee_totals")
            )
            fresh = connection.exec_driver_sql(assignee_totals.fresh_totals_sql("sqlite"))
            assert table == sorted(tuple(r) for r in fresh)
            return sorted((user, n, value) for _, user, _, n, _, value in table)

    assert kept() == sorted([(0, 1, 550), (me, 1, 100), (ana, 2, 1100)])
    jobs.create_lead(database.sessions, jobs.NewJob(title="later", value=Decimal("2"), assignee_ids=[me]))
    assert kept() == sorted([(0, 1, 550), (me, 2, 300), (ana, 2, 1100)])
    database.dispose()


def test_upgrade_to_0019_fills_the_daily_assignee_totals_and_keeps_them(tmp_path: Path):
    """Revision 0019 fills the per-assignee totals per day from the jobs already there, its
    triggers count what comes after, and its downgrade takes table and triggers away."""
    from decimal import Decimal

    from gojee_desktop.services import catalog, jobs
    from gojee_desktop.store import assignee_totals

    database = open_app_database(f"sqlite:///{tmp_path / 'a.sqlite3'}")
    config = alembic_config(database.engine)
    command.downgrade(config, "0018")
    assert "report_assignee_days" not in inspect(database.engine).get_table_names()
    ana = catalog.add_item(database.sessions, "user", "Ana").id
    for value, assignees in (("10", [ana]), ("5.50", [])):
        jobs.create_lead(
            database.sessions, jobs.NewJob(title=value, value=Decimal(value), assignee_ids=assignees)
        )
    command.upgrade(config, "head")
    assert _diff(database.engine) == []

    def kept() -> list[tuple[int, int, int]]:
        with database.engine.connect() as connection:
            table = sorted(tuple(r) for r in connection.exec_driver_sql("SELECT * FROM report_assignee_days"))
            fresh = connection.exec_driver_sql(
                assignee_totals.fresh_totals_sql("sqlite", assignee_totals.DAYS)
            )
            assert table == sorted(tuple(r) for r in fresh)
            return sorted((user, n, value) for _, user, _, n, _, value in table)

    assert kept() == sorted([(0, 1, 550), (ana, 1, 1000)])
    jobs.create_lead(database.sessions, jobs.NewJob(title="later", value=Decimal("2"), assignee_ids=[ana]))
    assert kept() == sorted([(0, 1, 550), (ana, 2, 1200)])
    command.downgrade(config, "0018")
    assert "report_assignee_days" not in inspect(database.engine).get_table_names()
    jobs.create_lead(database.sessions, jobs.NewJob(title="after", value=Decimal("1"), assignee_ids=[ana]))
    database.dispose()
