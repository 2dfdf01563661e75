"""Start-up: the frame is painted before the heavy imports, the full window replaces it, and a
page's board is built only when first shown."""

from __future__ import annotations

import gc
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

from PySide6.QtWidgets import QApplication

from db_damage import add_leads, damage_file
from gojee_desktop.app import main
from gojee_desktop.services.jobs import NewJob, create_lead
from gojee_desktop.services.startup import open_app_database
from gojee_desktop.ui.main_window import PAGE_ROLE, MainWindow
from gojee_desktop.ui.pages.pipeline_page import MODE_BOARD, MODE_TABLE
from gojee_desktop.ui.startup_shell import StartupShell


def test_frame_paints_first_then_the_window_replaces_it(qapp, sqlite_db, capfd, monkeypatch):
    monkeypatch.setenv("GOJEE_FIRST_PAINT", "print")
    assert main(["--database", sqlite_db.url, "--page", "leads", "--self-test"]) == 0
    lines = [line for line in capfd.readouterr().out.splitlines() if line.startswith("first-paint")]
    assert lines[0] == "first-paint: shell"
    assert "first-paint: page" in lines
    assert not [w for w in QApplication.topLevelWidgets() if isinstance(w, StartupShell) and w.isVisible()]
    assert gc.isenabled()  # off during the start only
    assert gc.get_freeze_count() == 0  # the start's objects handed back when the app ends


def _window_on_leads(qtbot, context) -> MainWindow:
    """The main window shown on the Leads page."""
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.show_page("leads")
    window.show()
    qtbot.waitExposed(window)
    return window


def test_board_is_built_on_first_use(qtbot, context, some_leads):
    window = _window_on_leads(qtbot, context)
    page = window.current_page()
    assert page._board is None and page.mode() == MODE_TABLE
    page.search.setText("kitchen")
    window.show_page("leads-board")
    assert page._board is not None and page.mode() == MODE_BOARD
    qtbot.waitUntil(lambda: page.board.summary.text() == "2 cards", timeout=3000)


def test_customer_jobs_page_is_built_when_first_shown_and_moves_nothing(qtbot, context, some_leads):
    window = _window_on_leads(qtbot, context)
    assert list(window.pages.built()) == ["leads"]
    minimum, size = window.minimumSizeHint(), window.size()
    window.page_actions["jobs"].trigger()  # View › Customer Jobs (its Ctrl+number)
    qtbot.wait(100)  # the layout takes in the new page
    assert list(window.pages.built()) == ["leads", "jobs"]
    assert window.current_page_name() == "jobs" and window.current_page().title == "Customer Jobs"
    # The same minimum (and so the same first size and place) whichever pipeline pages exist.
    assert window.minimumSizeHint() == minimum and window.size() == size


#: Libraries the first window must not import: each costs tens of milliseconds (icalendar
#: ~0.1 s) and is needed only by a feature the user has yet to open (calendar export, phone
#: and email checks, duplicate matching, migrations, PDFs, spreadsheets, charts, scans).
HEAVY_AT_START = (
    "alembic",
    "mako",
    "icalendar",
    "phonenumbers",
    "email_validator",
    "rapidfuzz",
    "reportlab",
    "openpyxl",
    "python_calamine",
    "clevercsv",
    "charset_normalizer",
    "vobject",
    "PIL",
    "keyring",
    "psycopg",
    "pytesseract",
    "PySide6.QtCharts",
    "PySide6.QtPdf",
    # The app's own: the dashboard's figures and the lead-to-job conversion window; the
    # activities' and contacts' services, the job commands, the conflict dialog and the
    # reminders (loaded by the first edit, drop or conflict, or once the window is painted).
    "gojee_desktop.services.reports",
    "gojee_desktop.ui.conversion",
    "gojee_desktop.services.activities.activities",
    "gojee_desktop.services.activities.attachments",
    "gojee_desktop.services.activities.records",
    "gojee_desktop.services.contacts",
    "gojee_desktop.ui.commands.job",
    "gojee_desktop.ui.dialogs.conflict_dialog",
    "gojee_desktop.ui.widgets.attachment_actions",
    "gojee_desktop.ui.widgets.reminders",
    # The crash log's rotating file (with socket, pickle and queue): opened by the first error.
    "logging.handlers",
)

# The real start (interactive, as the benchmark runs it); at the first painted page the app
# leaves through os._exit, which reports what had been imported by then.
_PROBE = """
import os, sys
heavy = {heavy!r}
leave = os._exit


def report(code):
    print("control:", "sqlalchemy" in sys.modules, flush=True)
    print("loaded:", " ".join(name for name in heavy if name in sys.modules), flush=True)
    leave(code)


os._exit = report
from gojee_desktop.app import main

sys.exit(main(sys.argv[1:]))
"""


def _app_env(tmp_path: Path, first_paint: str) -> dict[str, str]:
    """The environment of an app started in its own process: headless, its own data folder
    (the sample data already offered), first-paint markers on."""
    data = tmp_path / "data"
    data.mkdir()
    (data / "gojee-desktop.ini").write_text("[first_run]\nsample_data_offered=true\n", encoding="utf-8")
    return {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "GOJEE_DATA_DIR": str(data),
        "GOJEE_FIRST_PAINT": first_paint,
    }


def test_the_first_window_imports_none_of_the_heavy_libraries(tmp_path: Path):
    url = f"sqlite:///{tmp_path / 'start.sqlite3'}"
    database = open_app_database(url)
    for title in ("Kitchen rewire", "Roof leak repair"):
        create_lead(database.sessions, NewJob(title=title, value=Decimal("1250.50"), currency="AUD"))
    database.dispose()
    env = _app_env(tmp_path, "exit")
    probe = _PROBE.format(heavy=HEAVY_AT_START)
    result = subprocess.run(
        [sys.executable, "-c", probe, "--database", url, "--page", "leads"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    lines = result.stdout.splitlines()
    assert "first-paint: page" in lines, result.stderr
    assert "control: True" in lines  # the probe sees what was imported
    loaded = next(line for line in lines if line.startswith("loaded:"))
    assert loaded.split()[1:] == []


# The interactive start again, reporting when the reminders start (then leaving).
_REMINDERS_PROBE = """
import os, sys
from gojee_desktop import app

start = app.start_reminders


def started(window):
    start(window)
    print("reminders:", type(window.reminders).__name__, flush=True)
    os._exit(0)


app.start_reminders = started
sys.exit(app.main(sys.argv[1:]))
"""


def test_reminders_start_once_the_window_and_its_page_are_painted(tmp_path: Path):
    url = f"sqlite:///{tmp_path / 'start.sqlite3'}"
    open_app_database(url).dispose()
    env = _app_env(tmp_path, "print")
    result = subprocess.run(
        [sys.executable, "-c", _REMINDERS_PROBE, "--database", url, "--page", "leads"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    lines = [line for line in result.stdout.splitlines() if line.startswith(("first-paint", "reminders"))]
    assert lines[-2:] == ["first-paint: page", "reminders: Reminders"], result.stderr


def test_self_test_fails_on_a_damaged_file(tmp_path: Path):
    """--self-test checks the file before the window (no check beside it): damage fails it."""
    url = f"sqlite:///{tmp_path / 'damaged.sqlite3'}"
    database = open_app_database(url)
    add_leads(database, 300)
    database.dispose()
    damage_file(tmp_path / "damaged.sqlite3")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "GOJEE_DATA_DIR": str(tmp_path / "data")}
    result = subprocess.run(
        [sys.executable, "-m", "gojee_desktop", "--database", url, "--self-test"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    assert "is damaged" in result.stderr and "self-test: ok" not in result.stdout


def test_background_work_waits_for_the_first_paint(qtbot):
    from PySide6.QtWidgets import QLabel

    from gojee_desktop.ui.after_paint import after_first_paint

    shown, hidden = QLabel("painted"), QLabel("never shown")
    qtbot.addWidget(shown)
    qtbot.addWidget(hidden)
    calls: list[str] = []
    after_first_paint(shown, lambda: calls.append("shown"), latest_ms=5000)
    after_first_paint(hidden, lambda: calls.append("hidden"), latest_ms=300)
    qtbot.wait(50)
    assert calls == []  # nothing before a paint, even with the event loop running
    shown.show()
    qtbot.waitUntil(lambda: calls == ["shown"], timeout=2000)  # long before its 5 s deadline
    qtbot.waitUntil(lambda: calls == ["shown", "hidden"], timeout=2000)  # the deadline
    shown.repaint()
    qtbot.wait(50)
    assert calls == ["shown", "hidden"]  # once only


def test_navigation_counts_start_after_the_window_is_painted(qtbot, context, some_leads):
    from gojee_desktop.ui.navigation_badges import BADGE_COLUMN

    window = MainWindow(context)
    qtbot.addWidget(window)
    window.show_page("leads")
    qtbot.wait(100)
    leads = next(item for item in window._navigation_items() if item.data(0, PAGE_ROLE) == "leads")
    assert leads.text(BADGE_COLUMN) == ""  # no COUNT competes with building the window
    window.show()
    qtbot.waitUntil(lambda: leads.text(BADGE_COLUMN) == "5", timeout=3000)


def test_start_objects_are_set_aside_once_the_window_is_painted(qapp, sqlite_db, monkeypatch):
    from gojee_desktop import collector

    frozen: list[int] = []
    keep = collector.keep_start_objects

    def keep_and_count(collecting: bool = True) -> None:
        keep(collecting)
        frozen.append(gc.get_freeze_count())

    monkeypatch.setattr(collector, "keep_start_objects", keep_and_count)
    assert main(["--database", sqlite_db.url, "--page", "people", "--self-test"]) == 0
    assert len(frozen) == 1 and frozen[0] > 0  # once, when the window had been painted
    assert gc.get_freeze_count() == 0 and gc.isenabled()
