"""Shared fixtures: real SQLite files and a real PostgreSQL server, headless Qt.

PostgreSQL tests run when GOJEE_TEST_PG_URL names a server database we may empty
(`.ci/run` starts one on 127.0.0.1 and sets it). Set GOJEE_REQUIRE_PG=1 to make its absence
an error instead of a skip (CI does).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("GOJEE_DATA_DIR", str(Path(__file__).resolve().parent / ".data-unset"))

import pytest
from hypothesis import settings
from sqlalchemy import text

from gojee_desktop import locales
from gojee_desktop.models import Base
from gojee_desktop.services.startup import open_app_database
from gojee_desktop.store.database import Database, create_db_engine, open_database

PG_URL = os.environ.get("GOJEE_TEST_PG_URL", "")

# CI (GOJEE_HYPOTHESIS=ci) runs the property tests on a fixed set of examples, the same on
# every run, so a landing never rests on which examples came up; a run without it draws new
# ones each time to find what nobody thought of, and a case it finds is kept as an @example.
settings.register_profile("ci", derandomize=True)
if os.environ.get("GOJEE_HYPOTHESIS") == "ci":
    settings.load_profile("ci")


@pytest.fixture(autouse=True)
def _display_locale() -> Iterator[None]:
    """Every test starts in the fallback locale (en_AU) whatever the machine's LANG says, and
    a test that switches locale cannot leak it into the next."""
    locales.set_system_locale("C")
    locales.set_current_locale(None)
    yield
    locales.set_system_locale("C")
    locales.set_current_locale(None)


@pytest.fixture(autouse=True)
def _isolated_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own data folder (database, settings INI, backups)."""
    folder = tmp_path / "gojee-data"
    folder.mkdir()
    monkeypatch.setenv("GOJEE_DATA_DIR", str(folder))
    monkeypatch.delenv("GOJEE_DATABASE_URL", raising=False)
    return folder


@pytest.fixture(scope="session")
def _sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated, seeded SQLite file; each test copies it instead of migrating again."""
    path = tmp_path_factory.mktemp("template") / "template.sqlite3"
    database = open_app_database(f"sqlite:///{path}")
    with database.engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    database.dispose()
    return path


@pytest.fixture(scope="session")
def _postgres_ready() -> str:
    if not PG_URL:
        if os.environ.get("GOJEE_REQUIRE_PG") == "1":
            pytest.fail("GOJEE_REQUIRE_PG=1 but GOJEE_TEST_PG_URL is not set")
        pytest.skip(
            "PostgreSQL tests need GOJEE_TEST_PG_URL or a local server (`python3 dev.py doctor` says how)"
        )
    engine = create_db_engine(PG_URL)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    database = open_database(PG_URL)
    database.dispose()
    return PG_URL


def _empty_postgres(url: str) -> Database:
    database = open_database(url, migrate=False)
    tables = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
    with database.engine.begin() as connection:
        connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    from gojee_desktop.services.defaults import ensure_defaults

    ensure_defaults(database.sessions)
    return database


def sqlite_copy(template: Path, folder: Path) -> Database:
    target = folder / "gojee.sqlite3"
    shutil.copy(template, target)
    return open_app_database(f"sqlite:///{target}")


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db(
    request: pytest.FixtureRequest, _sqlite_template: Path, _isolated_data_dir: Path
) -> Iterator[Database]:
    """A fresh, migrated, seeded database: a SQLite file, and (second run) PostgreSQL."""
    if request.param == "sqlite":
        database = sqlite_copy(_sqlite_template, _isolated_data_dir)
    else:
        database = _empty_postgres(request.getfixturevalue("_postgres_ready"))
    yield database
    database.dispose()


@pytest.fixture
def sqlite_db(_sqlite_template: Path, _isolated_data_dir: Path) -> Iterator[Database]:
    """A fresh SQLite database only (UI tests, SQLite-specific behaviour)."""
    database = sqlite_copy(_sqlite_template, _isolated_data_dir)
    yield database
    database.dispose()
