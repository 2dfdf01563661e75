"""Where features plug extra tabs into the job editor and pages into the Settings dialog.

A module of its own, light to import, so registering at start-up does not load the editor
and the dialog themselves (they are imported when first opened)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QWidget

from gojee_desktop.ui.context import AppContext

TabFactory = Callable[[AppContext, int], tuple[QWidget, str]]
PageFactory = Callable[[AppContext], tuple[QWidget, str]]

#: Extra tabs for every opened job (BOM, quotes, ...): called with (context, job_id).
EDITOR_TAB_FACTORIES: list[TabFactory] = []
#: Extra settings pages (stages, quote defaults, ...), created for every opened dialog.
SETTINGS_PAGE_FACTORIES: list[PageFactory] = []
