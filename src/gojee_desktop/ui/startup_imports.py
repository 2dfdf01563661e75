"""Load the Qt-free layers the first window needs (SQLAlchemy, the models, the services),
without PySide's scan of every module imported after it.

Once PySide6 is imported it replaces `builtins.__import__` with its own, which reads the
source of each newly imported module to see whether it mentions PySide6 (for its opt-in
`__feature__` switches, which this app does not use). SQLAlchemy and the app's lower layers
are some 300 modules and several megabytes of source: the scan alone costs about 0.1 s of a
start. These layers never touch Qt (the project's rule: domain code never imports Qt), so
they are imported through Python's own import, which PySide keeps as
`builtins.__orig_import__`; the window is painted before this, so the frame still shows at
once. Without that name (another PySide version) the modules load the ordinary way."""

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
    "gojee_desktop.services.conflicts",
    "gojee_desktop.services.job_snapshot",
    "gojee_desktop.store.migrate",
    "gojee_desktop.store.background_check",
    "gojee_desktop.store.app_version",
)


@contextmanager
def plain_imports() -> Iterator[None]:
    """Import statements in this block use Python's own import (no PySide source scan).
    Only for modules that never import Qt."""
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


def import_qt_free_layers() -> None:
    """Import QT_FREE_LAYERS (a no-op for those already loaded)."""
    with plain_imports():
        for name in QT_FREE_LAYERS:
            importlib.import_module(name)
