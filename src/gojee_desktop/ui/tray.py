"""The system tray entry: *New enquiry…* for the phone call that comes in while Gojee is
minimised or behind another program, and *Show Gojee Desktop*. Only where the desktop has a
tray (Windows, macOS's menu bar, most Linux desktops); elsewhere File › New enquiry… and
Ctrl+Shift+E remain."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QMainWindow, QMenu, QSystemTrayIcon, QWidget

from gojee_desktop.ui.icons import app_icon


def show_window(window: QMainWindow) -> None:
    """Bring the window back in front, from the taskbar or from behind other programs."""
    if window.isMinimized():
        window.showNormal()
    window.show()
    window.raise_()
    window.activateWindow()


def new_enquiry(window: QMainWindow, open_form: Callable[[], QWidget]) -> QWidget:
    """The quick capture form in front (the window back too, so the form has a parent on
    screen: a dialog over a minimised window stays hidden on some desktops)."""
    show_window(window)
    form = open_form()
    form.raise_()
    form.activateWindow()
    return form


def tray_menu(window: QMainWindow, open_form: Callable[[], QWidget]) -> QMenu:
    menu = QMenu(window)
    menu.addAction("New en&quiry…", lambda: new_enquiry(window, open_form))
    menu.addAction("&Show Gojee Desktop", lambda: show_window(window))
    return menu


def install_tray(window: QMainWindow, open_form: Callable[[], QWidget]) -> QSystemTrayIcon | None:
    """The tray icon with its menu (a click on the icon shows the window), or None where the
    desktop has no tray."""
    if not QSystemTrayIcon.isSystemTrayAvailable():
        return None
    tray = QSystemTrayIcon(app_icon(), window)
    tray.setToolTip("Gojee Desktop")
    tray.setContextMenu(tray_menu(window, open_form))
    tray.activated.connect(
        lambda reason: show_window(window) if reason == QSystemTrayIcon.ActivationReason.Trigger else None
    )
    tray.show()
    return tray
