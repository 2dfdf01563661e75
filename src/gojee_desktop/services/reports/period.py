"""The period a report covers: a named one (this month, quarter, year, last 12 months) or
custom dates, both ends included, in the user's calendar days."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from gojee_desktop.services.errors import ValidationError

THIS_MONTH, THIS_QUARTER, THIS_YEAR, LAST_12_MONTHS = "month", "quarter", "year", "last12"
PERIOD_NAMES = {
    THIS_MONTH: "This month",
    THIS_QUARTER: "This quarter",
    THIS_YEAR: "This year",
    LAST_12_MONTHS: "Last 12 months",
}


@dataclass(frozen=True)
class Period:
    """From `start` to `end`, both days included."""

    start: date
    end: date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValidationError(
                f"The period ends ({self.end.isoformat()}) before it starts ({self.start.isoformat()})."
            )

    def bounds(self) -> tuple[datetime, datetime]:
        """UTC instants [from, to) covering the period's local days, for timestamp columns."""
        local = datetime.now().astimezone().tzinfo
        begin = datetime.combine(self.start, time(), tzinfo=local).astimezone(UTC)
        end = datetime.combine(self.end + timedelta(days=1), time(), tzinfo=local).astimezone(UTC)
        return begin, end

    def label(self) -> str:
        return f"{self.start.isoformat()} – {self.end.isoformat()}"


def named_period(name: str, today: date) -> Period:
    """One of PERIOD_NAMES, as of `today`."""
    if name == THIS_MONTH:
        return Period(today.replace(day=1), _month_end(today))
    if name == THIS_QUARTER:
        first_month = 3 * ((today.month - 1) // 3) + 1
        start = date(today.year, first_month, 1)
        return Period(start, _month_end(date(today.year, first_month + 2, 1)))
    if name == THIS_YEAR:
        return Period(date(today.year, 1, 1), date(today.year, 12, 31))
    if name == LAST_12_MONTHS:
        return Period(_add_months(today.replace(day=1), -11), _month_end(today))
    raise ValidationError(f"Unknown period '{name}'. Periods: {', '.join(PERIOD_NAMES)}.")


def _month_end(day: date) -> date:
    return _add_months(day.replace(day=1), 1) - timedelta(days=1)


def _add_months(first_of_month: date, months: int) -> date:
    index = first_of_month.year * 12 + first_of_month.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)
