"""The dashboard's figures, each one SQL aggregate, for the page and `gojee report` alike.

What each figure means (the README repeats it for users):
- *pipeline*: open jobs now (not archived, not lost), per pipeline, stage and currency.
- *forecast*: open leads expected to close in the period, value × their stage's win
  probability, per close month and currency (leads in a lost stage or status count 0).
- The rest follow the period's *cohort*: the leads created in the period (a customer job
  created directly was never a lead). *Conversion* is how many of them were converted
  (a won lead becomes a customer job) and the median days it took; *won/lost* counts the
  converted ones and the lost ones (lost status or a lost stage) with their reasons;
  *by source* and *by assignee* split the cohort.
Amounts are per currency: nothing is converted between currencies.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, TypeVar

from sqlalchemy import Numeric, String, and_, case, cast, func, literal, or_, select
from sqlalchemy.orm import Session

from gojee_desktop.models import (
    LIFECYCLE_LEAD,
    Job,
    Pipeline,
    SourceChannel,
    Stage,
    Status,
    User,
    job_assignees,
)
from gojee_desktop.money import from_minor
from gojee_desktop.services.reports.period import Period
from gojee_desktop.services.uow import read_only
from gojee_desktop.store.database import SessionFactory

NO_STAGE = "No stage"
NO_SOURCE = "No source"
UNASSIGNED = "Unassigned"
NO_REASON = "No reason given"

T = TypeVar("T")


@dataclass(frozen=True)
class StageFigure:
    pipeline: str  # 'leads' | 'jobs'
    stage: str
    stage_id: int | None
    count: int
    value: Decimal
    currency: str


@dataclass(frozen=True)
class ForecastFigure:
    month: str  # 'YYYY-MM'
    currency: str
    weighted_value: Decimal


@dataclass(frozen=True)
class Conversion:
    created: int
    converted: int
    rate: Decimal  # 0.2500 = 25 %; 0 when nothing was created
    median_days: Decimal | None  # None when nothing was converted


@dataclass(frozen=True)
class WonLost:
    won: int
    lost: int
    reasons: dict[str, int]


@dataclass(frozen=True)
class GroupFigure:
    """One source channel's or assignee's share of the cohort, in one currency."""

    name: str
    key_id: int | None
    count: int
    converted: int
    value: Decimal
    currency: str


@dataclass(frozen=True)
class DashboardFigures:
    period: Period
    pipeline: list[StageFigure]
    forecast: list[ForecastFigure]
    conversion: Conversion
    won_lost: WonLost
    by_source: list[GroupFigure]
    timings_ms: dict[str, float] = field(default_factory=dict, compare=False)


def dashboard_figures(sessions: SessionFactory, period: Period) -> DashboardFigures:
    """Every figure of the dashboard for `period` but the per-assignee split (see
    `assignee_figures`). The aggregates run on two connections at once, so a big database is
    read on both cores; each read is one read-only session."""
    with read_only(sessions) as session:
        lost = _LostMeaning.read(session)
        sources = _sources(session)
    timings: dict[str, float] = {}
    lanes: list[list[tuple[str, Callable[[Session], Any]]]] = [
        [
            ("cohort", lambda s: _cohort(s, period, lost)),
            ("lost reasons", lambda s: _lost_reasons(s, period, lost)),
        ],
        [
            ("pipeline", lambda s: _pipeline(s, lost)),
            ("forecast", lambda s: _forecast(s, period, lost)),
            ("median days", lambda s: _median_days(s, period)),
        ],
    ]

    def run(lane: list[tuple[str, Callable[[Session], Any]]]) -> dict[str, Any]:
        results: dict[str, Any] = {}
        with read_only(sessions) as lane_session:
            for name, compute in lane:
                started = time.perf_counter()
                results[name] = compute(lane_session)
                timings[name] = (time.perf_counter() - started) * 1000
        return results

    with ThreadPoolExecutor(max_workers=len(lanes), thread_name_prefix="report") as pool:
        results: dict[str, Any] = {}
        for part in pool.map(run, lanes):
            results.update(part)
    cohort: list[_CohortRow] = results["cohort"]
    created = sum(row.count for row in cohort)
    converted = sum(row.converted for row in cohort)
    return DashboardFigures(
        period=period,
        pipeline=results["pipeline"],
        forecast=results["forecast"],
        conversion=Conversion(created, converted, _rate(converted, created), results["median days"]),
        won_lost=WonLost(
            won=converted, lost=sum(row.lost for row in cohort), reasons=results["lost reasons"]
        ),
        by_source=_group_by_source(cohort, sources),
        timings_ms=timings,
    )


def assignee_figures(sessions: SessionFactory, period: Period) -> list[GroupFigure]:
    """The period's leads per assignee (a lead with two assignees counts for both). Apart
    from `dashboard_figures` because it joins every lead of the period to its assignees:
    the slowest figure on a big database, so a page can show the rest first."""
    with read_only(sessions) as session:
        return _by_assignee(session, period)


@dataclass(frozen=True)
class _LostMeaning:
    """The ids that mean lost: the 'lost' status and every stage whose outcome is lost."""

    status_ids: tuple[int, ...]
    stage_ids: tuple[int, ...]

    @classmethod
    def read(cls, session: Session) -> _LostMeaning:
        statuses = tuple(session.scalars(select(Status.id).where(Status.key == "lost")))
        stages = tuple(session.scalars(select(Stage.id).where(Stage.outcome == "lost")))
        return cls(statuses, stages)

    def condition(self) -> Any:
        parts = []
        if self.status_ids:
            parts.append(Job.status_id.in_(self.status_ids))
        if self.stage_ids:
            parts.append(Job.stage_id.in_(self.stage_ids))
        return or_(*parts) if parts else literal(False)


def _was_converted() -> Any:
    """A converted lead. A customer job created directly carries its creation instant as
    `converted_at`; a conversion always comes later."""
    return Job.converted_at > Job.created_at


def _cohort_filter(period: Period) -> Any:
    begin, end = period.bounds()
    return and_(
        Job.created_at >= begin,
        Job.created_at < end,
        or_(Job.lifecycle == LIFECYCLE_LEAD, _was_converted()),
    )


def _pipeline(session: Session, lost: _LostMeaning) -> list[StageFigure]:
    rows = session.execute(
        select(Job.lifecycle, Job.stage_id, Job.currency, func.count(), func.sum(Job.value_minor))
        .where(Job.archived.is_(False), ~lost.condition())
        .group_by(Job.lifecycle, Job.stage_id, Job.currency)
    ).all()
    stages = {
        stage_id: (key, name, position)
        for stage_id, key, name, position in session.execute(
            select(Stage.id, Pipeline.key, Stage.name, Stage.position).join(Pipeline)
        )
    }
    pipeline_of = {LIFECYCLE_LEAD: "leads"}
    figures = []
    for lifecycle, stage_id, currency, count, total in rows:
        key, name, _ = stages.get(stage_id, (pipeline_of.get(lifecycle, "jobs"), NO_STAGE, 10**6))
        figures.append(
            StageFigure(key, name, stage_id, int(count), from_minor(int(total or 0), currency), currency)
        )
    order = {"leads": 0, "jobs": 1}
    figures.sort(
        key=lambda f: (order.get(f.pipeline, 2), stages.get(f.stage_id, ("", "", 10**6))[2], f.currency)
    )
    return figures


def _forecast(session: Session, period: Period, lost: _LostMeaning) -> list[ForecastFigure]:
    month = func.substr(cast(Job.expected_close, String), 1, 7)
    rows = session.execute(
        select(month, Job.currency, Stage.win_probability, func.sum(Job.value_minor))
        .join(Stage, Stage.id == Job.stage_id)
        .where(
            Job.lifecycle == LIFECYCLE_LEAD,
            Job.archived.is_(False),
            Job.expected_close >= period.start,
            Job.expected_close <= period.end,
            ~lost.condition(),
        )
        .group_by(month, Job.currency, Stage.win_probability)
    ).all()
    weighted: dict[tuple[str, str], int] = defaultdict(int)  # minor units × percent
    for month_text, currency, probability, total in rows:
        weighted[(str(month_text), currency)] += int(total or 0) * int(probability or 0)
    return [
        ForecastFigure(month_text, currency, from_minor(_div_round(points, 100), currency))
        for (month_text, currency), points in sorted(weighted.items())
    ]


@dataclass(frozen=True)
class _CohortRow:
    source_id: int | None
    currency: str
    count: int
    converted: int
    lost: int
    value_minor: int


def _cohort(session: Session, period: Period, lost: _LostMeaning) -> list[_CohortRow]:
    is_converted = case((_was_converted(), 1), else_=0)
    is_lost = case((and_(Job.lifecycle == LIFECYCLE_LEAD, lost.condition()), 1), else_=0)
    rows = session.execute(
        select(
            Job.source_channel_id,
            Job.currency,
            func.count(),
            func.sum(is_converted),
            func.sum(is_lost),
            func.sum(Job.value_minor),
        )
        .where(_cohort_filter(period))
        .group_by(Job.source_channel_id, Job.currency)
    ).all()
    return [
        _CohortRow(source, currency, int(n), int(conv or 0), int(lost_n or 0), int(total or 0))
        for source, currency, n, conv, lost_n, total in rows
    ]


def _sources(session: Session) -> dict[int, tuple[str, int]]:
    """Source channel id -> (name, position in the configured order)."""
    query = select(SourceChannel.id, SourceChannel.name, SourceChannel.position)
    return {source_id: (name, position) for source_id, name, position in session.execute(query)}


def _group_by_source(rows: Iterable[_CohortRow], sources: dict[int, tuple[str, int]]) -> list[GroupFigure]:
    figures = [
        GroupFigure(
            name=sources.get(row.source_id, (NO_SOURCE, 0))[0] if row.source_id else NO_SOURCE,
            key_id=row.source_id,
            count=row.count,
            converted=row.converted,
            value=from_minor(row.value_minor, row.currency),
            currency=row.currency,
        )
        for row in rows
    ]
    figures.sort(key=lambda f: (sources.get(f.key_id or -1, ("", 10**6))[1], f.currency))
    return figures


def _median_days(session: Session, period: Period) -> Decimal | None:
    """Median days from creation to conversion, to a tenth of a day: one pass counting the
    converted leads per tenth of a day (no sort of every row), the middle found from that."""
    if session.get_bind().dialect.name == "postgresql":
        days: Any = func.round(
            cast(func.extract("epoch", Job.converted_at - Job.created_at) / 86400, Numeric), 1
        )
    else:
        days = func.round(func.julianday(Job.converted_at) - func.julianday(Job.created_at), 1)
    rows = session.execute(
        select(days, func.count())
        .where(_cohort_filter(period), _was_converted())
        .group_by(days)
        .order_by(days)
    ).all()
    total = sum(int(count) for _, count in rows)
    if total == 0:
        return None
    wanted = [(total - 1) // 2, total // 2]  # the middle one, or the middle two
    found: list[Decimal] = []
    seen = 0
    for value, count in rows:
        for position in wanted:
            if seen <= position < seen + int(count):
                found.append(Decimal(str(value)))
        seen += int(count)
    return (sum(found, Decimal(0)) / len(found)).quantize(Decimal("0.1"), ROUND_HALF_UP)


def _lost_reasons(session: Session, period: Period, lost: _LostMeaning) -> dict[str, int]:
    reason = func.trim(Job.lost_reason)
    rows = session.execute(
        select(reason, func.count())
        .where(_cohort_filter(period), Job.lifecycle == LIFECYCLE_LEAD, lost.condition())
        .group_by(reason)
    ).all()
    counted: dict[str, int] = defaultdict(int)
    for text, count in rows:
        counted[str(text) if text else NO_REASON] += int(count)
    return dict(sorted(counted.items(), key=lambda item: (-item[1], item[0])))


def _by_assignee(session: Session, period: Period) -> list[GroupFigure]:
    is_converted = case((_was_converted(), 1), else_=0)
    user_id = job_assignees.c.user_id
    rows = session.execute(
        select(user_id, Job.currency, func.count(), func.sum(is_converted), func.sum(Job.value_minor))
        .select_from(Job)
        .outerjoin(job_assignees, job_assignees.c.job_id == Job.id)
        .where(_cohort_filter(period))
        .group_by(user_id, Job.currency)
    ).all()
    names = dict(session.execute(select(User.id, User.name)).tuples().all())
    figures = [
        GroupFigure(
            name=names.get(uid, UNASSIGNED) if uid is not None else UNASSIGNED,
            key_id=uid,
            count=int(n),
            converted=int(conv or 0),
            value=from_minor(int(total or 0), currency),
            currency=currency,
        )
        for uid, currency, n, conv, total in rows
    ]
    figures.sort(key=lambda f: (f.key_id is None, f.name.casefold(), f.currency))
    return figures


def _rate(part: int, whole: int) -> Decimal:
    if whole == 0:
        return Decimal("0.0000")
    return (Decimal(part) / Decimal(whole)).quantize(Decimal("0.0001"), ROUND_HALF_UP)


def _div_round(numerator: int, denominator: int) -> int:
    """numerator / denominator rounded half up (away from zero), in integers."""
    return int((Decimal(numerator) / Decimal(denominator)).quantize(Decimal(1), ROUND_HALF_UP))


__all__ = [
    "Conversion",
    "DashboardFigures",
    "ForecastFigure",
    "GroupFigure",
    "StageFigure",
    "WonLost",
    "assignee_figures",
    "dashboard_figures",
]
