"""Sub-command areas of `gojee`; each module has `register(subparsers)`."""

from __future__ import annotations

from types import ModuleType

from gojee_desktop.commands import (
    activities,
    backup,
    bom,
    capture,
    contacts,
    demo,
    jobs,
    merge,
    quotes,
    report,
    scan,
    stages,
)

COMMAND_MODULES: list[ModuleType] = [
    jobs,
    stages,
    bom,
    quotes,
    activities,
    contacts,
    capture,
    scan,
    merge,
    report,
    demo,
    backup,
]
