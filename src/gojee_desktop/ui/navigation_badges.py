"""The navigation pane's icons and live count badges (active leads, customer jobs, people,
organisations). Counts run on a worker thread a moment after anything changes, so a burst of
edits costs one recount and the window never waits for a COUNT over a million jobs."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import QTreeWidget, QTreeWidgetItem

from gojee_desktop.config import resources_dir
from gojee_desktop.models import LIFECYCLE_CUSTOMER_JOB, LIFECYCLE_LEAD
from gojee_desktop.services.contact_query import ORGANIZATION, PERSON, ContactQuery, count_contacts
from gojee_desktop.services.job_query import JobQuery, count_jobs
from gojee_desktop.store.database import SessionFactory
from gojee_desktop.ui.after_paint import after_first_paint
from gojee_desktop.ui.signals import AppSignals
from gojee_desktop.ui.widgets.tree_items import keyed_items

#: The column of the navigation tree that shows the counts.
BADGE_COLUMN = 1
#: Pause after a change before counting again.
RECOUNT_DELAY_MS = 400

ICONS = {
    "dashboard": "nav-dashboard.svg",
    "leads": "nav-leads.svg",
    "jobs": "nav-jobs.svg",
    "activities": "calendar.svg",
    "people": "nav-people.svg",
    "organizations": "nav-organizations.svg",
}

COUNTERS: dict[str, Callable[[SessionFactory], int]] = {
    "leads": lambda sessions: count_jobs(sessions, JobQuery(lifecycle=LIFECYCLE_LEAD)),
    "jobs": lambda sessions: count_jobs(sessions, JobQuery(lifecycle=LIFECYCLE_CUSTOMER_JOB)),
    "people": lambda sessions: count_contacts(sessions, ContactQuery(kind=PERSON)),
    "organizations": lambda sessions: count_contacts(sessions, ContactQuery(kind=ORGANIZATION)),
}


def navigation_icon_paths() -> dict[str, Path]:
    """The SVG of each page's icon in the navigation (shipped in resources/icons)."""
    return {key: resources_dir() / "icons" / name for key, name in ICONS.items()}


def badge_text(count: int) -> str:
    """A count as a badge shows it: 987, 12.3k, 1.2M."""
    if count < 10_000:
        return f"{count:,}"
    if count < 1_000_000:
        return f"{count / 1000:.1f}k".replace(".0k", "k")
    return f"{count / 1_000_000:.1f}M".replace(".0M", "M")


class _Signals(QObject):
    counted = Signal(dict)


class _CountTask(QRunnable):
    def __init__(self, sessions: SessionFactory, keys: list[str], signals: _Signals) -> None:
        super().__init__()
        self._sessions, self._keys, self._signals = sessions, keys, signals

    def run(self) -> None:
        counts: dict[str, int] = {}
        for key in self._keys:
            with contextlib.suppress(Exception):  # a badge left as it was beats an error box
                counts[key] = COUNTERS[key](self._sessions)
        with contextlib.suppress(RuntimeError):  # the window closed meanwhile
            self._signals.counted.emit(counts)


class NavigationBadges(QObject):
    """Keeps the count column of the navigation tree up to date."""

    def __init__(
        self, tree: QTreeWidget, sessions: SessionFactory, signals: AppSignals, page_role: int
    ) -> None:
        super().__init__(tree)
        self._tree = tree
        self._sessions = sessions
        self._page_role = page_role
        self._signals = _Signals()
        self._signals.counted.connect(self._show)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(RECOUNT_DELAY_MS)
        self._timer.timeout.connect(self.recount_now)
        signals.jobs_changed.connect(lambda _ids: self._timer.start())
        signals.jobs_removed.connect(lambda _ids: self._timer.start())
        signals.contacts_changed.connect(lambda _kind: self._timer.start())
        self.counts: dict[str, int] = {}
        # The first counts once the window is on screen: at a million jobs they would take a
        # core from its first paint.
        after_first_paint(tree.viewport(), self.recount_now)

    def _items(self) -> dict[str, QTreeWidgetItem]:
        return keyed_items(self._tree, self._page_role)

    def recount_now(self) -> None:
        keys = [key for key in self._items() if key in COUNTERS]
        if keys:
            QThreadPool.globalInstance().start(_CountTask(self._sessions, keys, self._signals))

    def _show(self, counts: dict[str, int]) -> None:
        self.counts.update(counts)
        for key, item in self._items().items():
            if key in counts:
                item.setText(BADGE_COLUMN, badge_text(counts[key]))
                item.setTextAlignment(
                    BADGE_COLUMN, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                )
                item.setToolTip(BADGE_COLUMN, f"{counts[key]:,} active")
