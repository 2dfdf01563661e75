"""Reminders with a fake clock: what falls due between two checks is announced once, in the
in-app banner when there is no system tray; Snooze brings it back ten minutes later, Open asks
for the job; done activities are not announced."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from PySide6.QtWidgets import QMainWindow

from gojee_desktop.services import activities
from gojee_desktop.services.activities import ActivityDraft
from gojee_desktop.services.jobs import NewJob, create_lead
from gojee_desktop.ui.widgets.reminders import Reminders


class FakeClock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def setup(qtbot, context):
    clock = FakeClock(datetime(2026, 12, 9, 8, 55))
    window = QMainWindow()
    qtbot.addWidget(window)
    reminders = Reminders(context, window, clock=clock, use_tray=False, start=False)
    window.show()
    job = create_lead(context.sessions, NewJob(title="Hot water")).id
    reminders.window_ref = window  # the window lives as long as the test
    return clock, reminders, job


def _add(context, job, subject, due, at=None):
    draft = ActivityDraft(kind="call", subject=subject, due_date=due, due_time=at)
    return activities.add_activity(context.sessions, job, draft)


def test_falls_due_once_in_the_banner_then_snooze_and_open(qtbot, context, setup):
    clock, reminders, job = setup
    nine = _add(context, job, "Ring Mrs Lee", "2026-12-09", "09:00")
    _add(context, job, "Later today", "2026-12-09", "15:00")
    assert reminders.check() == []
    assert reminders.banner.isHidden()
    clock.advance(minutes=6)  # 09:01
    assert [a.id for a in reminders.check()] == [nine.id]
    assert not reminders.banner.isHidden()
    assert reminders.banner.message.text() == "Call at 09:00: Ring Mrs Lee — J-000001 Hot water"
    clock.advance(minutes=1)
    assert reminders.check() == []  # announced once
    reminders.banner.snooze_button.click()
    assert reminders.banner.isHidden()
    clock.advance(minutes=9)
    assert reminders.check() == []
    clock.advance(minutes=1)  # ten minutes after the snooze
    assert [a.id for a in reminders.check()] == [nine.id]
    with qtbot.waitSignal(context.signals.open_job_requested) as opened:
        reminders.banner.open_button.click()
    assert opened.args == [job]
    assert reminders.banner.isHidden()


def test_done_ones_and_other_days_are_not_announced(context, setup):
    clock, reminders, job = setup
    done = _add(context, job, "Already done", "2026-12-09", "09:00")
    activities.set_activity_done(context.sessions, done.id)
    _add(context, job, "Tomorrow", "2026-12-10", "09:00")
    clock.advance(minutes=10)
    assert reminders.check() == []


def test_whole_day_ones_fall_due_at_midnight_and_several_queue(context, setup):
    clock, reminders, job = setup
    first = _add(context, job, "Permit", "2026-12-10")
    second = _add(context, job, "Early call", "2026-12-10", "00:00")
    clock.now = datetime(2026, 12, 10, 0, 1)
    # Both fall due at midnight; the whole-day one first; the banner says how many wait.
    assert [a.id for a in reminders.check()] == [first.id, second.id]
    assert reminders.banner.message.text().endswith("(+1 more)")
    reminders.banner.dismiss_button.click()
    assert "Early call" in reminders.banner.message.text()
