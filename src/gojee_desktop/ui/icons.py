"""Icons shipped in the package."""

from __future__ import annotations

from PySide6.QtGui import QIcon

from gojee_desktop.config import resources_dir


def app_icon() -> QIcon:
    return QIcon(str(resources_dir() / "icons" / "gojee.svg"))


def calendar_icon() -> QIcon:
    """A vector icon, crisp at any scale."""
    return QIcon(str(resources_dir() / "icons" / "calendar.svg"))
