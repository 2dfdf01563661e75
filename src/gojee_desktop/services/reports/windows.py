"""A period cut into whole months, read from the running totals, and the ragged ends
around them, read from the jobs themselves.

The totals are kept per UTC month (creation) or calendar month (expected close); a period
is the user's local days, so its ends rarely fall on a month's first instant. What lies
between the first and the last whole month comes from the totals (a few thousand rows at a
million jobs); at most two part-months come from the jobs, through an index on the date.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Generic, TypeVar

from gojee_desktop.services.reports.period import Period

D = TypeVar("D", date, datetime)


@dataclass(frozen=True)
class Window(Generic[D]):
    #: Whole months as 'YYYY-MM' keys, from (included) to (excluded); None when none.
    months: tuple[str, str] | None
    #: Half-open ranges [from, to) outside those months, to read from the jobs.
    ends: tuple[tuple[D, D], ...]


def _first_of_month(value: D) -> D:
    if isinstance(value, datetime):
        return value.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    return value.replace(day=1)


def _next_month(first: D) -> D:
    return (first + timedelta(days=32)).replace(day=1)


def split(start: D, end: D) -> Window[D]:
    """[start, end) as whole months and the part-months around them."""
    first = _first_of_month(start)
    if first < start:
        first = _next_month(first)
    last = _first_of_month(end)
    if first >= last:
        return Window(None, ((start, end),) if start < end else ())
    ends = tuple(r for r in ((start, first), (last, end)) if r[0] < r[1])
    return Window((f"{first:%Y-%m}", f"{last:%Y-%m}"), ends)


def created_window(period: Period) -> Window[datetime]:
    """The period's creation instants (UTC), split on UTC months."""
    begin, end = period.bounds()
    return split(begin, end)


def close_window(period: Period) -> Window[date]:
    """The period's days as expected close dates, split on calendar months."""
    return split(period.start, period.end + timedelta(days=1))
