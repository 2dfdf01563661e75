"""The local wall clock activities are due by (tests replace `system_now`, which every
reader of the clock goes through, however it imported `local_now`)."""

from __future__ import annotations

from datetime import date, datetime, timedelta


def system_now() -> datetime:
    return datetime.now().replace(microsecond=0)


def local_now() -> datetime:
    """Now on the user's wall clock, without a time zone (due days and times are local)."""
    return system_now()


def today() -> date:
    return local_now().date()


def end_of_week(day: date) -> date:
    """The Sunday of the week holding `day` (weeks run Monday to Sunday)."""
    return day + timedelta(days=6 - day.weekday())


def day_for_group(scope: str, day: date) -> date | None:
    """The due day an activity dragged into a group of the Activities page gets, seen from
    `day` (today): Overdue yesterday, Today today, This week tomorrow, Later the Monday after
    this week; None for This week on a Sunday (no day of the week is left)."""
    if scope == "overdue":
        return day - timedelta(days=1)
    if scope == "today":
        return day
    if scope == "this_week":
        tomorrow = day + timedelta(days=1)
        return tomorrow if tomorrow <= end_of_week(day) else None
    if scope == "later":
        return end_of_week(day) + timedelta(days=1)
    return None
