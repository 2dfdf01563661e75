"""Run under xvfb-run by test_keyboard_xvfb: starts the real app on the xcb platform, then
types as a user would with xdotool (Ctrl+N, a title, Ctrl+S, Escape, Ctrl+Q) and prints what
the database holds afterwards as JSON.

    python xvfb_keyboard_app.py DATA_DIR"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import select

from gojee_desktop.models import Job
from gojee_desktop.services import jobs
from gojee_desktop.services.jobs import NewJob
from gojee_desktop.services.startup import open_app_database

TITLE = "Kitchen rewire upstairs"


def xdotool(*args: str) -> str:
    return subprocess.run(["xdotool", *args], capture_output=True, text=True, timeout=30).stdout


def wait_for_window(name: str, timeout: float = 30) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = xdotool("search", "--onlyvisible", "--name", name).split()
        if found:
            return found[-1]
        time.sleep(0.2)
    raise SystemExit(f"no window named {name!r} appeared")


def main() -> None:
    data = Path(sys.argv[1])
    url = f"sqlite:///{data / 'keys.sqlite3'}"
    database = open_app_database(url)
    jobs.create_lead(database.sessions, NewJob(title="Existing lead"))  # no first-run offer
    database.dispose()
    app = subprocess.Popen(
        [sys.executable, "-m", "gojee_desktop", "--database", url, "--size", "1000x600"],
        env={**os.environ, "GOJEE_DATA_DIR": str(data)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        main_window = wait_for_window("^Gojee Desktop$")
        xdotool("windowfocus", "--sync", main_window)
        time.sleep(0.5)
        xdotool("key", "ctrl+n")
        wait_for_window("^New lead")
        time.sleep(0.5)
        xdotool("type", "--delay", "20", TITLE)  # straight away: the first keystroke counts
        xdotool("key", "ctrl+s")
        time.sleep(1.0)
        xdotool("key", "Escape")
        time.sleep(0.5)
        xdotool("windowfocus", "--sync", main_window)
        xdotool("key", "ctrl+q")
        app.wait(timeout=30)
    finally:
        if app.poll() is None:
            app.kill()
    database = open_app_database(url)
    with database.sessions() as session:
        titles = sorted(session.scalars(select(Job.title)))
    database.dispose()
    print(json.dumps({"titles": titles, "exit": app.returncode}))


if __name__ == "__main__":
    main()
