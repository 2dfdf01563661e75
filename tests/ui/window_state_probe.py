"""Run in a subprocess by test_window_state: one start of the window on a laptop screen.

    python window_state_probe.py DATABASE_URL set    # jobs, a wide navigation, a card selected, close
    python window_state_probe.py DATABASE_URL read   # start again and report what came back

Prints the page, the splitter sizes and the selected job of each page as JSON."""

from __future__ import annotations

import json
import sys

from PySide6.QtWidgets import QApplication

from gojee_desktop.services import jobs
from gojee_desktop.services.jobs import NewJob
from gojee_desktop.services.startup import open_app_database
from gojee_desktop.ui.context import AppContext
from gojee_desktop.ui.main_window import MainWindow


def main() -> None:
    app = QApplication(sys.argv[:1])
    database = open_app_database(sys.argv[1])
    setting = sys.argv[2] == "set"
    if setting:
        for n in range(4):
            jobs.create_customer_job(database.sessions, NewJob(title=f"Job {n}"))
    window = MainWindow(AppContext.create(database))
    window.show_start_page()
    window.show()
    for _ in range(10):
        app.processEvents()
    if setting:
        window.show_page("jobs-board")
        for _ in range(10):
            app.processEvents()
        page = window.pages["jobs"]
        third = page.board.columns[0].model.ids[2]  # a card other than the first
        assert page.select_job(third)
        window.splitter.setSizes([300, window.splitter.width() - 300])
    else:
        for _ in range(20):
            app.processEvents()
    report = {
        "page": window.current_page_name(),
        "splitter": window.splitter.sizes(),
        "selected": {key: page.selected_job_id() for key, page in window.pages.items()},
    }
    window.close()
    database.dispose()
    print(json.dumps(report))


if __name__ == "__main__":
    main()
