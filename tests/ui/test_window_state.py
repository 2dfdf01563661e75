"""The window as it was left: page, navigation splitter and the selected job of each page
come back after a restart: a second MainWindow on a fresh context in the same test, and two
runs of the app's process on a laptop-sized screen (the in-process screen of 800 px leaves
the navigation no room to be wider than its minimum)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from gojee_desktop.services import jobs
from gojee_desktop.services.contact_query import PERSON
from gojee_desktop.services.contact_records import ContactChanges, create_contact
from gojee_desktop.services.jobs import NewJob
from gojee_desktop.ui.context import AppContext
from gojee_desktop.ui.main_window import MainWindow


def _start(qtbot, sqlite_db, page: str | None = None) -> MainWindow:
    window = MainWindow(AppContext.create(sqlite_db))
    qtbot.addWidget(window)
    window.show_start_page(page)
    window.show()
    qtbot.waitExposed(window)
    return window


def test_page_splitter_and_selected_jobs_come_back_after_a_restart(qtbot, sqlite_db):
    leads = [jobs.create_lead(sqlite_db.sessions, NewJob(title=f"Lead {n}")).id for n in range(5)]
    sessions = sqlite_db.sessions
    customer_jobs = [jobs.create_customer_job(sessions, NewJob(title=f"Job {n}")).id for n in range(3)]

    first = _start(qtbot, sqlite_db)
    assert first.current_page_name() == "leads"  # nothing remembered yet
    assert first.pages["leads"].select_job(leads[3])
    first.show_page("jobs-board")
    jobs_page = first.pages["jobs"]
    qtbot.waitUntil(lambda: any(c.model.rowCount() for c in jobs_page.board.columns), timeout=5000)
    assert jobs_page.select_job(customer_jobs[1])
    assert jobs_page.selected_job_id() == customer_jobs[1]
    sizes = first.splitter.sizes()
    first.close()

    second = _start(qtbot, sqlite_db)
    assert second.current_page_name() == "jobs-board"
    assert second.splitter.sizes() == sizes  # wider splits: the subprocess test below
    qtbot.waitUntil(lambda: second.pages["jobs"].selected_job_id() == customer_jobs[1], timeout=5000)
    second.show_page("leads")
    assert second.pages["leads"].selected_job_id() == leads[3]
    second.pages["leads"].select_job(leads[0])
    second.close()

    third = _start(qtbot, sqlite_db, page="leads")  # --page wins over the remembered page
    assert third.current_page_name() == "leads"
    assert third.pages["leads"].selected_job_id() == leads[0]
    third.close()


def test_a_remembered_job_that_is_gone_selects_nothing(qtbot, sqlite_db):
    lead = jobs.create_lead(sqlite_db.sessions, NewJob(title="Soon deleted")).id
    first = _start(qtbot, sqlite_db)
    assert first.pages["leads"].select_job(lead)
    first.close()
    jobs.delete_job(sqlite_db.sessions, lead)
    second = _start(qtbot, sqlite_db)
    assert second.current_page_name() == "leads"
    assert second.pages["leads"].selected_job_id() is None


def test_the_selected_person_comes_back_after_a_restart(qtbot, sqlite_db):
    people = [
        create_contact(sqlite_db.sessions, PERSON, ContactChanges(name=f"Person {n}")).id for n in range(4)
    ]
    first = _start(qtbot, sqlite_db, page="people")
    page = first.contact_pages["people"]
    qtbot.waitUntil(lambda: page.model.rowCount() == 4, timeout=5000)
    assert page.select_contact(people[2])
    first.close()

    second = _start(qtbot, sqlite_db)
    assert second.current_page_name() == "people"
    again = second.contact_pages["people"]
    qtbot.waitUntil(lambda: again.current_id() == people[2], timeout=5000)
    second.close()


def _run_probe(tmp_path: Path, *args: str) -> dict[str, object]:
    config = tmp_path / "laptop.json"
    screen = {"name": "laptop", "x": 0, "y": 0, "width": 1366, "height": 768, "logicalDpi": 96, "dpr": 1}
    config.write_text(json.dumps({"screens": [screen]}))
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": f"offscreen:configfile={config}",
        "GOJEE_DATA_DIR": str(tmp_path / "data"),
    }
    url = f"sqlite:///{tmp_path / 'state.sqlite3'}"
    probe = Path(__file__).with_name("window_state_probe.py")
    result = subprocess.run(
        [sys.executable, str(probe), url, *args], env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_splitter_and_board_selection_survive_a_restart_of_the_app(tmp_path):
    first = _run_probe(tmp_path, "set")
    assert first["splitter"][0] == 300 and first["page"] == "jobs-board"
    second = _run_probe(tmp_path, "read")
    assert second["splitter"] == first["splitter"]
    assert second["page"] == "jobs-board"
    assert second["selected"] == first["selected"] and second["selected"]["jobs"] is not None
