"""Real mouse drags of files onto a table row and a board card, under Xvfb with the xcb
platform (Qt's real drag loop). The files come from a widget that drags URLs as a file
manager does: there is no file manager under bare Xvfb to drag from. Skipped when xvfb-run
is missing, unless GOJEE_REQUIRE_XVFB=1 (CI installs Xvfb and sets it)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from test_board_xvfb import _skip_or_fail

from gojee_desktop import system_libs

SCRIPT = Path(__file__).with_name("xvfb_attach_app.py")


@pytest.mark.xvfb
def test_real_mouse_drags_of_files_attach_to_the_row_and_the_card_under_the_pointer(tmp_path):
    xvfb_run = shutil.which("xvfb-run")
    if xvfb_run is None:
        _skip_or_fail("needs xvfb-run: install xvfb and xauth (`python3 dev.py doctor` gives the command)")
    plugin = system_libs.qt_platform_plugin("xcb")
    missing = system_libs.missing_libraries(plugin) if plugin else []
    if missing:
        _skip_or_fail(f"Qt's xcb plugin lacks {', '.join(missing)}")
    env = {**os.environ, "QT_QPA_PLATFORM": "xcb", "GOJEE_DATA_DIR": str(tmp_path)}
    completed = subprocess.run(
        [xvfb_run, "-a", "-s", "-screen 0 1280x800x24", sys.executable, str(SCRIPT), str(tmp_path)],
        env=env,
        capture_output=True,
        text=True,
        timeout=90,
    )
    assert completed.returncode == 0, completed.stderr
    result = json.loads(completed.stdout.strip().splitlines()[-1])
    assert result["platform"] == "xcb"
    both = ["plan.pdf", "site photo.jpg"]
    row_job, card_job = str(result["row_job"]), str(result["card_job"])
    assert row_job != card_job
    assert result["after_row"] == {i: (both if i == row_job else []) for i in result["after_row"]}
    expected = {i: (both if i in (row_job, card_job) else []) for i in result["after_card"]}
    assert result["after_card"] == expected
    assert result["columns"][1] == []  # a file drop moves no card
    assert result["undo"] == ["Attach site photo.jpg", "Attach plan.pdf"] * 2
    stored = [p for p in (tmp_path / "attachments").rglob("*") if p.is_file()]
    assert len(stored) == 2  # each file once, however many jobs it is on
