"""First launch on an empty database offers sample data, once."""

from __future__ import annotations

import os
import subprocess
import sys

from PySide6.QtWidgets import QMessageBox
from sqlalchemy import func, select

from gojee_desktop.models import Quote
from gojee_desktop.services import jobs
from gojee_desktop.services.company import get_company
from gojee_desktop.services.job_query import JobQuery, count_jobs
from gojee_desktop.services.jobs import NewJob
from gojee_desktop.ui import first_run
from gojee_desktop.ui.context import AppContext
from gojee_desktop.ui.main_window import MainWindow


def _window(qtbot, database):
    window = MainWindow(AppContext.create(database))
    qtbot.addWidget(window)
    return window


def test_accepting_the_offer_loads_sample_data_once(qtbot, sqlite_db, monkeypatch):
    asked = []
    monkeypatch.setattr(
        QMessageBox, "question", lambda *a, **k: asked.append(a) or QMessageBox.StandardButton.Yes
    )
    changed = []
    window = _window(qtbot, sqlite_db)
    window.context.signals.jobs_changed.connect(changed.append)
    first_run.offer_sample_data(window)
    assert len(asked) == 1
    assert count_jobs(sqlite_db.sessions, JobQuery(lifecycle="lead", archived=None)) == first_run.SAMPLE_LEADS
    assert (
        count_jobs(sqlite_db.sessions, JobQuery(lifecycle="customer_job", archived=None))
        == first_run.SAMPLE_JOBS
    )
    assert changed == [[]]
    with sqlite_db.sessions() as session:  # a sample business quotes too
        assert session.scalar(select(func.count()).select_from(Quote)) > 100
    assert get_company(sqlite_db.sessions).name
    first_run.offer_sample_data(_window(qtbot, sqlite_db))  # never asked twice
    assert len(asked) == 1


def test_declining_writes_nothing_and_is_remembered(qtbot, sqlite_db, monkeypatch):
    asked = []
    monkeypatch.setattr(
        QMessageBox, "question", lambda *a, **k: asked.append(a) or QMessageBox.StandardButton.No
    )
    first_run.offer_sample_data(_window(qtbot, sqlite_db))
    assert count_jobs(sqlite_db.sessions, JobQuery(archived=None)) == 0
    first_run.offer_sample_data(_window(qtbot, sqlite_db))
    assert len(asked) == 1


def test_no_offer_when_the_database_has_jobs(qtbot, sqlite_db, monkeypatch):
    jobs.create_lead(sqlite_db.sessions, NewJob(title="Real work"))
    monkeypatch.setattr(
        QMessageBox, "question", lambda *a, **k: (_ for _ in ()).throw(AssertionError("asked"))
    )
    first_run.offer_sample_data(_window(qtbot, sqlite_db))
    assert count_jobs(sqlite_db.sessions, JobQuery(archived=None)) == 1


def test_the_start_up_import_leaves_the_sample_data_generator_unloaded():
    """Every start imports first_run; only a first run that loads sample data needs the
    demo generator (a fifth of a second of imports)."""
    loaded = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, gojee_desktop.ui.first_run;"
            "print('gojee_desktop.services.demo.generate' in sys.modules)",
        ],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    ).stdout.strip()
    assert loaded == "False"
