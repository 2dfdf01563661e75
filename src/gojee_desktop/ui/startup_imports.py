"""Load what the first window needs (SQLAlchemy, the models, the services, the window's own
modules) without PySide's scan of every module imported after it.

Once PySide6 is imported it replaces `builtins.__import__` with its own, which reads the
source of each newly imported module to see whether it mentions PySide6. The answer only
serves PySide's opt-in `__feature__` switches (snake_case names, true properties), chosen per
module: a module it never scanned keeps the selection already in force, which stays the
default as long as no module opts in, and this app never does (`tests/ui/test_startup_imports.py`
checks that no module of the app imports `__feature__`). SQLAlchemy and the app are some 450
modules and several megabytes of source: the scan alone costs about 0.1 s of a start. So they
are imported through Python's own import, which PySide keeps as `builtins.__orig_import__`;
the frame is painted before this, so it still shows at once. Without that name (another
PySide version) the modules load the ordinary way."""

from __future__ import annotations

import builtins
import importlib
from collections.abc import Iterator
from contextlib import contextmanager

#: What the first window imports below the UI, heaviest first.
QT_FREE_LAYERS = (
    "sqlalchemy",
    "sqlalchemy.orm",
    "sqlalchemy.dialects.sqlite",
    "gojee_desktop.store.database",
    "gojee_desktop.models",
    "gojee_desktop.locales",
    "gojee_desktop.services.startup",
    "gojee_desktop.services.job_query",
    "gojee_desktop.services.jobs",
    "gojee_desktop.services.contact_query",
    "gojee_desktop.services.backups",
    "gojee_desktop.services.catalog",
    "gojee_desktop.services.pipelines",
    "gojee_desktop.store.migrate",
    "gojee_desktop.store.background_check",
    "gojee_desktop.store.app_version",
)


#: The window's own modules of the first paint (they import PySide6 themselves).
FIRST_WINDOW = (
    "gojee_desktop.ui.context",
    "gojee_desktop.ui.extensions",
    "gojee_desktop.ui.first_paint",
    "gojee_desktop.ui.main_window",
    "gojee_desktop.ui.instance_guard",
    "gojee_desktop.ui.backup_actions",
    "gojee_desktop.ui.first_run",
    "gojee_desktop.ui.startup_recovery",
)


@contextmanager
def plain_imports() -> Iterator[None]:
    """Import statements in this block use Python's own import (no PySide source scan).
    Only for modules that never opt into PySide's `__feature__`."""
    scanning = builtins.__import__
    plain = getattr(builtins, "__orig_import__", None)
    if plain is None or plain is scanning:
        yield
        return
    builtins.__import__ = plain
    try:
        yield
    finally:
        builtins.__import__ = scanning


def import_first_window() -> None:
    """Import QT_FREE_LAYERS, then FIRST_WINDOW (a no-op for those already loaded)."""
    with plain_imports():
        for name in (*QT_FREE_LAYERS, *FIRST_WINDOW):
            importlib.import_module(name)
