"""The jobs behind one figure of the dashboard (a bar, a slice), as a filter a job list can
apply: the same conditions the figure counted with, so the list shows exactly those jobs.
It carries its own words (`label`) for the chip the list shows while it applies."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import and_, func, or_, select

from gojee_desktop.models import LIFECYCLE_LEAD, Job, job_assignees
from gojee_desktop.models.report_totals import LOST_REASON_KEY_CHARS
from gojee_desktop.services.reports.period import Period

ANY = "any"


@dataclass(frozen=True)
class FigureFilter:
    """Conditions on the jobs; None (or empty) leaves that side open."""

    label: str
    created_from: datetime | None = None  # the cohort: created in [from, to), leads or converted
    created_to: datetime | None = None
    converted: bool | None = None
    #: Leads lost: the lost status or a lost stage (ids as the figure read them).
    lost: bool | None = None
    #: Neither the lost status nor a lost stage, whatever the lifecycle (the pipeline now).
    not_lost: bool = False
    lost_status_ids: tuple[int, ...] = ()
    lost_stage_ids: tuple[int, ...] = ()
    lost_reason: str | None = None  # trimmed; '' for none given
    currency: str | None = None
    source: int | str | None = ANY  # an id, None for "no source"
    assignee: int | str | None = ANY  # an id, None for "unassigned"
    stage: int | str | None = ANY  # an id, None for "no stage"
    close_from: date | None = None  # the forecast: open leads in a stage closing in these days
    close_to: date | None = None

    def conditions(self) -> list[Any]:
        """SQL conditions on `Job`, ANDed by the list's query."""
        found: list[Any] = []
        if self.created_from is not None and self.created_to is not None:
            found += [
                Job.created_at >= self.created_from,
                Job.created_at < self.created_to,
                or_(Job.lifecycle == LIFECYCLE_LEAD, Job.converted_at > Job.created_at),
            ]
        if self.converted is not None:
            was = Job.converted_at > Job.created_at
            found.append(was if self.converted else or_(Job.converted_at.is_(None), ~was))
        if self.lost is not None:
            lost = and_(Job.lifecycle == LIFECYCLE_LEAD, self._lost_meaning())
            found.append(lost if self.lost else ~lost)
        if self.not_lost:
            found.append(~self._lost_meaning())
        if self.stage != ANY:
            found.append(Job.stage_id.is_(None) if self.stage is None else Job.stage_id == self.stage)
        if self.lost_reason is not None:
            found.append(
                func.substr(func.trim(Job.lost_reason), 1, LOST_REASON_KEY_CHARS) == self.lost_reason
            )
        if self.currency is not None:
            found.append(Job.currency == self.currency)
        if self.source != ANY:
            source = Job.source_channel_id
            found.append(source.is_(None) if self.source is None else source == self.source)
        if self.assignee != ANY:
            assigned = select(job_assignees.c.job_id)
            if self.assignee is None:
                found.append(~Job.id.in_(assigned))
            else:
                found.append(Job.id.in_(assigned.where(job_assignees.c.user_id == self.assignee)))
        if self.close_from is not None and self.close_to is not None:
            found += [
                Job.lifecycle == LIFECYCLE_LEAD,
                Job.stage_id.is_not(None),
                Job.expected_close >= self.close_from,
                Job.expected_close <= self.close_to,
                ~self._lost_meaning(),
            ]
        return found

    def _lost_meaning(self) -> Any:
        parts = []
        if self.lost_status_ids:
            parts.append(func.coalesce(Job.status_id, 0).in_(self.lost_status_ids))
        if self.lost_stage_ids:
            parts.append(func.coalesce(Job.stage_id, 0).in_(self.lost_stage_ids))
        return or_(*parts) if parts else and_(Job.id.is_(None), Job.id.is_not(None))


def cohort_filter(period: Period, label: str, **conditions: Any) -> FigureFilter:
    """The period's cohort (leads created in it, converted or not) with more conditions."""
    begin, end = period.bounds()
    return FigureFilter(label, created_from=begin, created_to=end, **conditions)


def month_days(month: str, period: Period) -> tuple[date, date]:
    """A 'YYYY-MM' close month's days within the period."""
    year, number = (int(part) for part in month.split("-"))
    first = date(year, number, 1)
    after = date(year + number // 12, number % 12 + 1, 1)
    last = date.fromordinal(after.toordinal() - 1)
    return max(first, period.start), min(last, period.end)
