"""Sub-command areas of `gojee`; each module has `register(subparsers)`."""

from __future__ import annotations

from types import ModuleType

from gojee_desktop.commands import activities, bom, demo, jobs, quotes, stages

COMMAND_MODULES: list[ModuleType] = [jobs, stages, bom, quotes, activities, demo]
