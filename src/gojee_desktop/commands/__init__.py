"""Sub-command areas of `gojee`; each module has `register(subparsers)`."""

from __future__ import annotations

from types import ModuleType

from gojee_desktop.commands import backup, bom, capture, contacts, demo, jobs, quotes, report, stages

COMMAND_MODULES: list[ModuleType] = [jobs, contacts, stages, bom, quotes, capture, report, demo, backup]
