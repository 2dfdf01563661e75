"""The first window's modules load without PySide's per-module source scan; the layers below
the UI stay Qt-free, and no module of the app opts into PySide's `__feature__` switches (a
module the scan skipped would not follow them)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import gojee_desktop

_LAYERS_ALONE = """
import sys
from gojee_desktop.ui.startup_imports import QT_FREE_LAYERS
import importlib
for name in QT_FREE_LAYERS:
    importlib.import_module(name)
print("qt:", sorted(name for name in sys.modules if name.startswith(("PySide6", "shiboken6"))))
"""

_AFTER_PYSIDE = """
import builtins, sys
import PySide6.QtWidgets
scanning = builtins.__import__
from gojee_desktop.ui.startup_imports import import_first_window
import_first_window()
feature = sys.modules["shibokensupport.feature"]
print("restored:", builtins.__import__ is scanning)
loaded = ("sqlalchemy.orm.mapper", "gojee_desktop.ui.main_window")
print("scanned:", [name for name in loaded if name in feature.pyside_feature_dict])
import json  # an ordinary import afterwards is scanned again
print("json scanned:", "json" in feature.pyside_feature_dict)
"""


def _run(code: str) -> list[str]:
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()


def test_the_layers_loaded_without_the_scan_never_import_qt():
    assert _run(_LAYERS_ALONE) == ["qt: []"]


def test_the_layers_skip_the_scan_and_the_import_hook_comes_back():
    assert _run(_AFTER_PYSIDE) == ["restored: True", "scanned: []", "json scanned: True"]


def test_no_module_of_the_app_opts_into_pyside_features():
    package = Path(gojee_desktop.__file__).parent
    users = [p.name for p in package.rglob("*.py") if "from __feature__" in p.read_text(encoding="utf-8")]
    assert users == []
