"""A real keyboard pass under Xvfb with the xcb platform: Ctrl+N, type a title straight away,
Ctrl+S. The title must land in the new lead (it used to go to the editor's tab bar). Skipped
when xvfb-run or xdotool is missing, unless GOJEE_REQUIRE_XVFB=1."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from gojee_desktop import system_libs

SCRIPT = Path(__file__).with_name("xvfb_keyboard_app.py")


def _skip_or_fail(reason: str) -> None:
    if os.environ.get("GOJEE_REQUIRE_XVFB") == "1":
        pytest.fail(f"GOJEE_REQUIRE_XVFB=1 but the test cannot run: {reason}")
    pytest.skip(reason)


@pytest.mark.xvfb
def test_ctrl_n_then_typing_fills_the_title_on_a_real_display(tmp_path):
    xvfb_run = shutil.which("xvfb-run")
    if xvfb_run is None or shutil.which("xdotool") is None:
        _skip_or_fail("needs xvfb-run and xdotool: install xvfb, xauth and xdotool")
    plugin = system_libs.qt_platform_plugin("xcb")
    missing = system_libs.missing_libraries(plugin) if plugin else []
    if missing:
        _skip_or_fail(f"Qt's xcb plugin lacks {', '.join(missing)}")
    env = {**os.environ, "QT_QPA_PLATFORM": "xcb", "GOJEE_DATA_DIR": str(tmp_path)}
    completed = subprocess.run(
        [xvfb_run, "-a", "-s", "-screen 0 1366x768x24", sys.executable, str(SCRIPT), str(tmp_path)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert completed.returncode == 0, completed.stderr
    result = json.loads(completed.stdout.strip().splitlines()[-1])
    assert result["exit"] == 0
    assert result["titles"] == ["Existing lead", "Kitchen rewire upstairs"]
