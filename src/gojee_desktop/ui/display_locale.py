"""The display locale kept per user: read at start-up, changed from Settings.

Empty means the system's locale as Qt reports it (it knows it on Windows and macOS too)."""

from __future__ import annotations

from PySide6.QtCore import QLocale, QSettings

from gojee_desktop import locales

SETTINGS_KEY = "display/locale"


def stored_locale(settings: QSettings) -> str:
    """The chosen locale identifier, or "" for the system's."""
    return str(settings.value(SETTINGS_KEY, "") or "")


def apply_display_locale(settings: QSettings) -> None:
    """Make the stored choice (or the system's locale) the one amounts and dates use."""
    locales.set_system_locale(QLocale.system().name())
    try:
        locales.set_current_locale(stored_locale(settings) or None)
    except locales.LocaleError:
        locales.set_current_locale(None)  # a stale choice: fall back to the system's


def change_display_locale(settings: QSettings, name: str) -> None:
    """Check, keep and apply a new choice ("" for the system's); LocaleError when unknown."""
    identifier = str(locales.parse_locale(name)) if name else ""
    settings.setValue(SETTINGS_KEY, identifier)
    locales.set_current_locale(identifier or None)
