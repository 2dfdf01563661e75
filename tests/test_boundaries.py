"""Architecture rules that must hold: nothing below models/, services/, store/, documents/
or commands/ imports Qt, so the domain runs headless (the `gojee` command, servers, tests)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import gojee_desktop

PACKAGE = Path(gojee_desktop.__file__).resolve().parent
QT_FREE = ["models", "services", "store", "documents", "commands"]
QT_FREE_MODULES = ["money.py", "config.py", "cli.py", "pricing.py"]


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def _qt_free_files() -> list[Path]:
    files = [p for folder in QT_FREE if (PACKAGE / folder).exists() for p in (PACKAGE / folder).rglob("*.py")]
    files += [PACKAGE / name for name in QT_FREE_MODULES if (PACKAGE / name).exists()]
    return files


def test_domain_never_imports_qt():
    files = _qt_free_files()
    assert len(files) > 20  # the check looks at real code
    offenders = {
        str(path.relative_to(PACKAGE)): sorted(
            n for n in _imports(path) if n.split(".")[0] in ("PySide6", "shiboken6")
        )
        for path in files
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_domain_never_imports_the_ui_package():
    offenders = [
        str(path.relative_to(PACKAGE))
        for path in _qt_free_files()
        if any(n.startswith("gojee_desktop.ui") for n in _imports(path))
    ]
    assert offenders == []


# A session or connection opened by hand (`make_read_only(` is a different word).
SESSION_USE = re.compile(r"\b(unit_of_work|read_only)\(|\.sessions\(\)|engine\.connect")


def test_widgets_never_open_sessions():
    """UI code goes through services: no session factory calls or unit_of_work in ui/."""
    offenders = []
    for path in (PACKAGE / "ui").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        if SESSION_USE.search(text):
            offenders.append(str(path.relative_to(PACKAGE)))
    assert offenders == []


def test_the_store_knows_nothing_above_it():
    """store/ (engine, migrations, files on disk) imports neither services, commands,
    documents nor the UI: those are built on the store, never the other way round."""
    above = (
        "gojee_desktop.services",
        "gojee_desktop.commands",
        "gojee_desktop.documents",
        "gojee_desktop.ui",
    )
    offenders = {
        str(path.relative_to(PACKAGE)): sorted(n for n in _imports(path) if n.startswith(above))
        for path in (PACKAGE / "store").rglob("*.py")
    }
    assert {k: v for k, v in offenders.items() if v} == {}
