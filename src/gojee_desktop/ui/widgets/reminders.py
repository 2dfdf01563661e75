"""Reminders while the window runs: every half minute, activities that fell due since the
last look are announced — through the system tray where there is one, else in a banner at
the top of the window — with Open (the job) and Snooze (ten minutes)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QMenu,
    QPushButton,
    QSizePolicy,
    QSystemTrayIcon,
    QToolBar,
    QWidget,
)

from gojee_desktop.services import activities
from gojee_desktop.services.activities import ActivityInfo
from gojee_desktop.services.errors import GojeeError
from gojee_desktop.ui import theme
from gojee_desktop.ui.context import AppContext
from gojee_desktop.ui.icons import app_icon

CHECK_EVERY_MS = 30_000
SNOOZE = timedelta(minutes=10)


def reminder_text(info: ActivityInfo) -> str:
    when = f" at {info.due_time:%H:%M}" if info.due_time else " today"
    return f"{info.kind.capitalize()}{when}: {info.subject} — {info.job_number} {info.job_title}"


class ReminderBanner(QToolBar):
    """The in-app banner: the reminder, how many more wait, Open and Snooze."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Reminders", parent)
        self.setObjectName("reminderBanner")
        self.setMovable(False)
        theme.set_style(
            self,
            "QToolBar#reminderBanner { background: $reminder_bg;"
            " border-bottom: 1px solid $reminder_border; }",
        )
        self.message = QLabel(self)
        self.message.setObjectName("reminderText")
        self.open_button = QPushButton("&Open", self)
        self.snooze_button = QPushButton("S&nooze 10 min", self)
        self.dismiss_button = QPushButton("Dismiss", self)
        self.addWidget(self.message)
        spacer = QWidget(self)
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.addWidget(spacer)
        for button in (self.open_button, self.snooze_button, self.dismiss_button):
            self.addWidget(button)


class Reminders(QObject):
    """Looks for activities falling due and announces them; `clock` is the local wall clock
    (tests give a fake one and call `check` themselves)."""

    def __init__(
        self,
        context: AppContext,
        window: QMainWindow,
        *,
        clock: Callable[[], datetime] = activities.local_now,
        use_tray: bool | None = None,
        start: bool = True,
    ) -> None:
        super().__init__(window)
        self.context = context
        self.clock = clock
        self._last = clock()
        self._snoozed: dict[int, datetime] = {}
        self.waiting: list[ActivityInfo] = []
        self.banner = ReminderBanner(window)
        window.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.banner)
        self.banner.hide()
        self.banner.open_button.clicked.connect(self.open_current)
        self.banner.snooze_button.clicked.connect(self.snooze_current)
        self.banner.dismiss_button.clicked.connect(self.dismiss_current)
        if use_tray is None:
            use_tray = QSystemTrayIcon.isSystemTrayAvailable()
        self.tray: QSystemTrayIcon | None = None
        if use_tray:
            self.tray = QSystemTrayIcon(app_icon(), self)
            menu = QMenu()
            menu.addAction("Open the job", self.open_current)
            menu.addAction("Snooze 10 minutes", self.snooze_current)
            self.tray.setContextMenu(menu)
            self._tray_menu = menu
            self.tray.messageClicked.connect(self.open_current)
            self.tray.show()
        self.timer = QTimer(self)
        self.timer.setInterval(CHECK_EVERY_MS)
        self.timer.timeout.connect(self.check)
        if start:
            self.timer.start()

    def check(self) -> list[ActivityInfo]:
        """Announce what fell due since the last check, and snoozed ones whose time came."""
        now = self.clock()
        try:
            due = activities.falling_due(self.context.sessions, self._last, now)
            for activity_id, until in list(self._snoozed.items()):
                if until <= now:
                    del self._snoozed[activity_id]
                    with_snoozed = activities.get_activity(self.context.sessions, activity_id)
                    if not with_snoozed.done:
                        due.append(with_snoozed)
        except GojeeError:
            due = []
        self._last = now
        known = {info.id for info in self.waiting}
        fresh = [info for info in due if info.id not in known and info.id not in self._snoozed]
        self.waiting.extend(fresh)
        if fresh:
            self._announce()
        return fresh

    def _announce(self) -> None:
        if not self.waiting:
            self.banner.hide()
            return
        current = self.waiting[0]
        more = len(self.waiting) - 1
        text = reminder_text(current) + (f"   (+{more} more)" if more else "")
        if self.tray is not None:
            self.tray.showMessage("Activity due", text, QSystemTrayIcon.MessageIcon.Information, 15_000)
        else:
            self.banner.message.setText(text)
            self.banner.show()

    def _take(self) -> ActivityInfo | None:
        return self.waiting.pop(0) if self.waiting else None

    def open_current(self) -> None:
        info = self._take()
        if info is not None:
            self.context.signals.open_job_requested.emit(info.job_id)
        self._announce()

    def snooze_current(self) -> None:
        info = self._take()
        if info is not None:
            self._snoozed[info.id] = self.clock() + SNOOZE
        self._announce()

    def dismiss_current(self) -> None:
        self._take()
        self._announce()
