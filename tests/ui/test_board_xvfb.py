"""One real mouse drag on a board, under Xvfb with the xcb platform (a real QDrag loop,
which the offscreen platform cannot run). Skipped when xvfb-run is missing, unless
GOJEE_REQUIRE_XVFB=1 (CI installs Xvfb and sets it)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from gojee_desktop import system_libs

SCRIPT = Path(__file__).with_name("xvfb_drag_app.py")


def _skip_or_fail(reason: str) -> None:
    if os.environ.get("GOJEE_REQUIRE_XVFB") == "1":
        pytest.fail(f"GOJEE_REQUIRE_XVFB=1 but the test cannot run: {reason}")
    pytest.skip(reason)


@pytest.mark.xvfb
def test_real_mouse_drags_move_cards_and_delete_nothing(tmp_path):
    xvfb_run = shutil.which("xvfb-run")
    if xvfb_run is None:
        _skip_or_fail("needs xvfb-run: install xvfb and xauth (`python3 dev.py doctor` gives the command)")
    plugin = system_libs.qt_platform_plugin("xcb")
    missing = system_libs.missing_libraries(plugin) if plugin else []
    if missing:
        family = system_libs.distribution_family()
        needed = system_libs.describe(missing, family)
        _skip_or_fail(
            f"Qt's xcb plugin lacks {', '.join(missing)}: {system_libs.install_command(needed, family)}"
        )
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "xcb",
        "GOJEE_DATA_DIR": str(tmp_path),
    }
    completed = subprocess.run(
        [xvfb_run, "-a", "-s", "-screen 0 1280x800x24", sys.executable, str(SCRIPT), str(tmp_path)],
        env=env,
        capture_output=True,
        text=True,
        timeout=90,
    )
    assert completed.returncode == 0, completed.stderr
    result = json.loads(completed.stdout.strip().splitlines()[-1])
    first, second, third = result["ids"]
    assert result["platform"] == "xcb"
    assert result["jobs"] == 3  # a move-drag never deletes a job
    assert result["after_one"] == [[first, third], [], [second]]
    assert result["columns"] == [[], [first, third], [second]]  # two selected cards, one drag
    assert result["stage"] == result["target_stage"]
