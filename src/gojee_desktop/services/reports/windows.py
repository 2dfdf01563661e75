"""A period cut into whole months, read from the running totals, and the ragged ends
around them, read from the jobs themselves.

The totals are kept per UTC month (creation) or calendar month (expected close); a period
is the user's local days, so its ends rarely fall on a month's first instant. What lies
between the first and the last whole month comes from the totals (a few thousand rows at a
million jobs); at most two part-months come from the jobs, through an index on the date.
Each part-month is read from its smaller side: the days inside the period are added, or the
whole month is taken from the totals and the days outside the period taken away (a period
from the 3rd, or to the 28th, reads two or three days of jobs, not four weeks).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Generic, TypeVar

from gojee_desktop.services.reports.period import Period

D = TypeVar("D", date, datetime)


@dataclass(frozen=True)
class Window(Generic[D]):
    #: Whole months as 'YYYY-MM' keys (or days, 'YYYY-MM-DD'), from (included) to
    #: (excluded); None when none.
    months: tuple[str, str] | None
    #: Half-open ranges [from, to) outside those months, to read from the jobs and add.
    ends: tuple[tuple[D, D], ...]
    #: Half-open ranges inside those months but outside the period: read from the jobs and
    #: taken away.
    minus: tuple[tuple[D, D], ...] = ()

    def ranges(self) -> list[tuple[D, D, int]]:
        """Every range to read from the jobs, with 1 to add it or -1 to take it away."""
        return [(a, b, 1) for a, b in self.ends] + [(a, b, -1) for a, b in self.minus]


def _first_of_month(value: D) -> D:
    if isinstance(value, datetime):
        return value.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    return value.replace(day=1)


def _next_month(first: D) -> D:
    return (first + timedelta(days=32)).replace(day=1)


def split(start: D, end: D) -> Window[D]:
    """[start, end) as whole months and the part-months around them, each part-month read
    from its smaller side (`_split`)."""
    return _split(start, end, _first_of_month, _next_month, "%Y-%m")


def split_days(start: datetime, end: datetime) -> Window[datetime]:
    """[start, end) as whole (UTC) days, keys 'YYYY-MM-DD', and the part-days around them,
    each read from its smaller side: a part-month of a local period reads whole days from
    day totals and at most twelve hours of jobs at each end."""

    def day(value: datetime) -> datetime:
        return value.replace(hour=0, minute=0, second=0, microsecond=0)

    return _split(start, end, day, lambda first: first + timedelta(days=1), "%Y-%m-%d")


def _split(start: D, end: D, floor: Callable[[D], D], after: Callable[[D], D], key: str) -> Window[D]:
    """[start, end) as whole units (months or days: `floor` gives a value's unit, `after` the
    next unit's first instant from a unit's first) and the part-units around them.

    Each end is either read inside the period (days added to the months after or before it)
    or its whole month is taken and the days outside the period taken away. Of the four
    choices, those whose months do not overlap are exact (months + added - taken away is
    the period), and the one reading the fewest days wins (a tie keeps the earlier: days
    added, or the period as one range). So a period inside one month, or across two without a
    whole one between, reads at most half a month at each end too, not weeks of jobs."""
    if start >= end:
        return Window(None, ())
    head, tail = floor(start), floor(end)
    # Each end's choices: (first or last whole unit, range added, range taken away).
    starts: list[tuple[D, tuple[D, D] | None, tuple[D, D] | None]] = [(start, None, None)]
    if head != start:
        starts = [(after(head), (start, after(head)), None), (head, None, (head, start))]
    ends: list[tuple[D, tuple[D, D] | None, tuple[D, D] | None]] = [(end, None, None)]
    if tail != end:
        ends = [(tail, (tail, end), None), (after(tail), None, (end, after(tail)))]
    best: Window[D] = Window(None, ((start, end),))
    cost = end - start
    for first, add_first, minus_first in starts:
        for last, add_last, minus_last in ends:
            if first > last:
                continue  # the months would overlap: not exact
            added = tuple(r for r in (add_first, add_last) if r)
            taken = tuple(r for r in (minus_first, minus_last) if r)
            reads = sum((b - a for a, b in added + taken), end - end)
            if reads < cost:
                months = (format(first, key), format(last, key)) if first < last else None
                best, cost = Window(months, added, taken), reads
    return best


def created_window(period: Period) -> Window[datetime]:
    """The period's creation instants (UTC), split on UTC months."""
    begin, end = period.bounds()
    return split(begin, end)


def close_window(period: Period) -> Window[date]:
    """The period's days as expected close dates, split on calendar months."""
    return split(period.start, period.end + timedelta(days=1))
