"""Run a small Qt script on a real X display (Xvfb, the xcb platform) and read the JSON line
it prints last: the real-mouse and real-keyboard tests share this. Skipped when Xvfb (or
xdotool, or a library Qt's xcb plugin needs) is missing, unless GOJEE_REQUIRE_XVFB=1 (CI
installs them and sets it): then the test fails and says what is missing."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from gojee_desktop import system_libs


def skip_or_fail(reason: str) -> None:
    if os.environ.get("GOJEE_REQUIRE_XVFB") == "1":
        pytest.fail(f"GOJEE_REQUIRE_XVFB=1 but the test cannot run: {reason}")
    pytest.skip(reason)


def run_on_xvfb(
    script: Path, data_dir: Path, *, screen: str = "1280x800", xdotool: bool = False, timeout: int = 90
) -> dict[str, Any]:
    """`script DATA_DIR` under xvfb-run with a `screen` (WIDTHxHEIGHT) display; its result."""
    xvfb_run = shutil.which("xvfb-run")
    if xvfb_run is None:
        skip_or_fail("needs xvfb-run: install xvfb and xauth (`python3 dev.py doctor` gives the command)")
    if xdotool and shutil.which("xdotool") is None:
        skip_or_fail("needs xdotool: install xdotool (`python3 dev.py doctor` gives the command)")
    plugin = system_libs.qt_platform_plugin("xcb")
    missing = system_libs.missing_libraries(plugin) if plugin else []
    if missing:
        family = system_libs.distribution_family()
        needed = system_libs.describe(missing, family)
        skip_or_fail(
            f"Qt's xcb plugin lacks {', '.join(missing)}: {system_libs.install_command(needed, family)}"
        )
    assert xvfb_run is not None
    env = {**os.environ, "QT_QPA_PLATFORM": "xcb", "GOJEE_DATA_DIR": str(data_dir)}
    completed = subprocess.run(
        [xvfb_run, "-a", "-s", f"-screen 0 {screen}x24", sys.executable, str(script), str(data_dir)],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert completed.returncode == 0, completed.stderr
    result: dict[str, Any] = json.loads(completed.stdout.strip().splitlines()[-1])
    return result
