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

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Generic, TypeVar

from gojee_desktop.services.reports.period import Period

D = TypeVar("D", date, datetime)


@dataclass(frozen=True)
class Window(Generic[D]):
    #: Whole months as 'YYYY-MM' keys, from (included) to (excluded); None when none.
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
    from its smaller side."""
    head = _first_of_month(start)
    first = head if head == start else _next_month(head)
    last = _first_of_month(end)
    if first >= last:
        return Window(None, ((start, end),) if start < end else ())
    ends: list[tuple[D, D]] = []
    minus: list[tuple[D, D]] = []
    if start < first:  # the period starts inside the month from `head`
        if start - head < first - start:
            first = head
            minus.append((head, start))
        else:
            ends.append((start, first))
    if last < end:  # and ends inside the month from `last`
        after = _next_month(last)
        if after - end < end - last:
            minus.append((end, after))
            last = after
        else:
            ends.append((last, end))
    return Window((f"{first:%Y-%m}", f"{last:%Y-%m}"), tuple(ends), tuple(minus))


def created_window(period: Period) -> Window[datetime]:
    """The period's creation instants (UTC), split on UTC months."""
    begin, end = period.bounds()
    return split(begin, end)


def close_window(period: Period) -> Window[date]:
    """The period's days as expected close dates, split on calendar months."""
    return split(period.start, period.end + timedelta(days=1))
