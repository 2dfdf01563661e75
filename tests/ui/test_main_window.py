"""The window shell: pages by name, navigation, menus, remembered geometry and page,
`--self-test` and `--screenshot` through the real entry point."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from gojee_desktop.services import jobs
from gojee_desktop.services.jobs import NewJob
from gojee_desktop.ui.context import AppContext
from gojee_desktop.ui.main_window import PAGE_NAMES, MainWindow


@pytest.fixture
def window(qtbot, sqlite_db):
    context = AppContext.create(sqlite_db)
    main = MainWindow(context)
    qtbot.addWidget(main)
    main.show_page("leads")
    main.show()
    return main


@pytest.mark.parametrize("name", ["leads", "leads-board", "jobs", "jobs-board"])
def test_every_pipeline_page_opens_by_name(window, name):
    window.show_page(name)
    assert window.current_page_name() == name
    expected = "Leads" if name.startswith("leads") else "Customer Jobs"
    assert window.current_page().title == expected
    assert window.navigation.currentItem().text(0) == expected


def test_unknown_page_is_refused(window):
    with pytest.raises(KeyError, match="Unknown page 'nope'"):
        window.show_page("nope")


def test_navigation_switches_pages(window):
    items = window._navigation_items()
    assert [item.text(0) for item in items] == [
        "Dashboard",
        "Leads",
        "Activities",
        "Customer Jobs",
        "People",
        "Organisations",
    ]
    window.navigation.setCurrentItem(items[2])
    assert window.current_page_name() == "activities"
    window.navigation.setCurrentItem(items[3])
    assert window.current_page_name() == "jobs"
    window.navigation.setCurrentItem(items[1])
    assert window.current_page_name() == "leads"
    window.navigation.setCurrentItem(items[0])
    assert window.current_page_name() == "dashboard"


def test_the_dashboard_opens_first_when_shown_and_drills_down_to_the_table(qtbot, window):
    from decimal import Decimal

    from gojee_desktop.services import pipelines

    quoting = next(
        s.id for s in pipelines.list_stages(window.context.sessions, "leads") if s.name == "Quoting"
    )
    for title in ("Hot water", "Switchboard"):
        jobs.create_lead(window.context.sessions, NewJob(title=title, value=Decimal(500), stage_id=quoting))
    jobs.create_lead(window.context.sessions, NewJob(title="Elsewhere"))
    assert window.dashboard is None  # nothing of the dashboard is built until it is shown
    window.show_page("dashboard")
    assert window.dashboard is not None and window.stack.currentWidget() is window.dashboard
    assert window.navigation.currentItem().text(0) == "Dashboard"
    with qtbot.waitSignal(window.dashboard.loaded, timeout=10_000):
        pass
    window.dashboard.wait()
    figures = window.dashboard.figures
    (row,) = [f for f in figures.pipeline if f.stage_id == quoting]
    window.dashboard._open_stage(figures, row)  # what a click on the Quoting bar does
    assert window.current_page_name() == "leads"
    page = window.current_page()
    assert page.query().figure.stage == quoting
    chip = page.filters.figure_chip  # the filter bar shows it, and keeps it
    assert chip.isVisible() and "Quoting" in chip.text()
    assert page.filters.apply(page.query()).figure == page.query().figure
    qtbot.waitUntil(lambda: page.row_count() == 2)
    window.show_page("dashboard")
    window._show_mode("table")  # Ctrl+Shift+T from the dashboard: the last pipeline page's table
    assert window.current_page_name() == "leads"


def test_the_chart_library_loads_only_with_the_dashboard():
    loaded = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, gojee_desktop.ui.main_window; print('PySide6.QtCharts' in sys.modules)",
        ],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    ).stdout.strip()
    assert loaded == "False"


def test_menus_and_undo_actions_exist(window):
    titles = [a.text() for a in window.menuBar().actions()]
    assert titles[:4] == ["&File", "&Edit", "&View", "&Help"]
    assert window.undo_action.shortcut().toString() == "Ctrl+Z"
    assert "Ctrl+Shift+Z" in [s.toString() for s in window.redo_action.shortcuts()]
    assert not window.undo_action.isEnabled()  # nothing to undo yet


def test_geometry_and_page_are_remembered(qtbot, sqlite_db):
    first = MainWindow(AppContext.create(sqlite_db))
    qtbot.addWidget(first)
    first.show_page("jobs-board")
    first.resize(701, 523)  # fits the small offscreen screen
    first.close()
    second_context = AppContext.create(sqlite_db)
    second = MainWindow(second_context)
    qtbot.addWidget(second)
    assert (second.size().width(), second.size().height()) == (701, 523)
    assert second_context.settings.value("window/page") == "jobs-board"


def test_status_bar_names_the_database(window, sqlite_db):
    assert str(sqlite_db.engine.url.database) in window._database_label.text()


def _run_app(args: list[str], data_dir: Path) -> subprocess.CompletedProcess[str]:
    env = {"QT_QPA_PLATFORM": "offscreen", "GOJEE_DATA_DIR": str(data_dir), "PATH": "/usr/bin:/bin"}
    return subprocess.run(
        [sys.executable, "-m", "gojee_desktop", *args], env=env, capture_output=True, text=True, timeout=120
    )


def test_self_test_exits_zero(tmp_path: Path):
    result = _run_app(["--self-test"], tmp_path)
    assert result.returncode == 0, result.stderr
    assert "self-test: ok" in result.stdout
    assert (tmp_path / "gojee.sqlite3").exists()


def test_screenshot_renders_the_page(tmp_path: Path):
    database_url = f"sqlite:///{tmp_path / 'shot.sqlite3'}"
    from gojee_desktop.services.startup import open_app_database

    database = open_app_database(database_url)
    jobs.create_lead(database.sessions, NewJob(title="Visible lead"))
    database.dispose()
    shot = tmp_path / "shot.png"
    result = _run_app(["--database", database_url, "--page", "jobs", "--screenshot", str(shot)], tmp_path)
    assert result.returncode == 0, result.stderr
    image = QImage(str(shot))
    assert image.width() > 600 and image.height() > 400
    colours = {image.pixel(x, y) for x in range(0, image.width(), 25) for y in range(0, image.height(), 25)}
    assert len(colours) > 3  # not a blank picture


def test_unknown_page_on_the_command_line(tmp_path: Path):
    result = _run_app(["--page", "nowhere", "--self-test"], tmp_path)
    assert result.returncode == 2
    assert "unknown page 'nowhere'" in result.stderr


def test_page_names_cover_the_issue():
    assert {"leads", "jobs", "leads-board", "jobs-board"} <= set(PAGE_NAMES)
