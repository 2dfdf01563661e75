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

Whole months are read from the running totals (`models.report_totals`, kept by triggers)
and only the part-months at a period's ends from the jobs (`windows`: the days inside the
period added, or those outside it taken away, whichever is fewer), so a refresh reads a few
thousand rows however many jobs there are.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, TypeVar

from sqlalchemy import Integer, Select, String, and_, case, cast, func, literal, or_, select
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
    report_assignee_days,
    report_assignee_totals,
    report_cohort_totals,
    report_convert_days,
    report_stage_totals,
)
from gojee_desktop.models.report_totals import LOST_REASON_KEY_CHARS
from gojee_desktop.money import from_minor
from gojee_desktop.services.reports.period import Period
from gojee_desktop.services.reports.windows import Window, close_window, created_window, split_days
from gojee_desktop.services.uow import read_only
from gojee_desktop.store.database import SessionFactory

NO_STAGE = "No stage"
NO_SOURCE = "No source"
UNASSIGNED = "Unassigned"
NO_REASON = "No reason given"

T = TypeVar("T")

STAGES = report_stage_totals.c
COHORT = report_cohort_totals.c
DAYS = report_convert_days.c
ASSIGNEES = report_assignee_totals.c
DAY_ASSIGNEES = report_assignee_days.c


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
    count: int = 0  # the open leads weighed


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
    #: What lost meant for these figures: ('lost' status ids, lost stage ids).
    lost_ids: tuple[tuple[int, ...], tuple[int, ...]] = field(default=((), ()), compare=False)
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
        lost_ids=(lost.status_ids, lost.stage_ids),
        timings_ms=timings,
    )


def assignee_figures(sessions: SessionFactory, period: Period) -> list[GroupFigure]:
    """The period's leads per assignee (a lead with two assignees counts for both). Apart
    from `dashboard_figures` (it was the slowest figure before its running totals, revision
    0016), so a page can still show the rest first."""
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

    def condition(self, status_id: Any = None, stage_id: Any = None) -> Any:
        """Lost, on the jobs or (given its columns) a totals table; a missing id is 0 there,
        and on the jobs too, so a job without a status or stage is simply not lost."""
        status = func.coalesce(Job.status_id, 0) if status_id is None else status_id
        stage = func.coalesce(Job.stage_id, 0) if stage_id is None else stage_id
        parts = []
        if self.status_ids:
            parts.append(status.in_(self.status_ids))
        if self.stage_ids:
            parts.append(stage.in_(self.stage_ids))
        return or_(*parts) if parts else literal(False)


def _was_converted() -> Any:
    """A converted lead. A customer job created directly carries its creation instant as
    `converted_at`; a conversion always comes later."""
    return Job.converted_at > Job.created_at


def _cohort_filter(begin: datetime, end: datetime) -> Any:
    return and_(
        Job.created_at >= begin,
        Job.created_at < end,
        or_(Job.lifecycle == LIFECYCLE_LEAD, _was_converted()),
    )


def _pipeline(session: Session, lost: _LostMeaning) -> list[StageFigure]:
    rows = session.execute(
        select(
            STAGES.lifecycle,
            STAGES.stage_id,
            STAGES.currency,
            func.sum(STAGES.jobs),
            func.sum(STAGES.value_minor),
        )
        .where(STAGES.archived.is_(False), ~lost.condition(STAGES.status_id, STAGES.stage_id))
        .group_by(STAGES.lifecycle, STAGES.stage_id, STAGES.currency)
    ).all()
    stages = {
        stage_id: (key, name, position)
        for stage_id, key, name, position in session.execute(
            select(Stage.id, Pipeline.key, Stage.name, Stage.position).join(Pipeline)
        )
    }
    pipeline_of = {LIFECYCLE_LEAD: "leads"}
    figures = []
    for lifecycle, stage_key, currency, count, total in rows:
        stage_id = stage_key or None
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
    window = close_window(period)
    rows: list[Any] = []
    if window.months:
        rows += session.execute(
            select(
                STAGES.close_month,
                STAGES.currency,
                Stage.win_probability,
                func.sum(STAGES.value_minor),
                func.sum(STAGES.jobs),
            )
            .join(Stage, Stage.id == STAGES.stage_id)
            .where(
                STAGES.lifecycle == LIFECYCLE_LEAD,
                STAGES.archived.is_(False),
                STAGES.close_month >= window.months[0],
                STAGES.close_month < window.months[1],
                ~lost.condition(STAGES.status_id, STAGES.stage_id),
            )
            .group_by(STAGES.close_month, STAGES.currency, Stage.win_probability)
        ).all()
    # The part-months group by stage id, from the index alone; each stage's probability is
    # looked up here (a join would look up a stage for every job), and jobs without a known
    # stage are left out, as the join above leaves them out.
    month = func.substr(cast(Job.expected_close, String), 1, 7)
    probabilities: dict[int, int] | None = None
    for first, after, sign in window.ranges():
        if probabilities is None:
            probabilities = dict(session.execute(select(Stage.id, Stage.win_probability)).tuples().all())
        part = session.execute(
            select(month, Job.currency, Job.stage_id, func.sum(Job.value_minor), func.count())
            .where(
                Job.lifecycle == LIFECYCLE_LEAD,
                Job.archived.is_(False),
                Job.expected_close >= first,
                Job.expected_close < after,
                ~lost.condition(),
            )
            .group_by(month, Job.currency, Job.stage_id)
        )
        rows += _signed(
            sign,
            3,
            [
                (month_text, currency, probabilities[stage_id], total, count)
                for month_text, currency, stage_id, total, count in part
                if stage_id in probabilities
            ],
        )
    weighted: dict[tuple[str, str], int] = defaultdict(int)  # minor units × percent
    counts: dict[tuple[str, str], int] = defaultdict(int)
    for month_text, currency, probability, total, count in rows:
        weighted[(str(month_text), currency)] += int(total or 0) * int(probability or 0)
        counts[(str(month_text), currency)] += int(count)
    return [
        ForecastFigure(month_text, currency, from_minor(_div_round(points, 100), currency), counts[key])
        for key, points in sorted(weighted.items())
        if counts[key]
        for month_text, currency in [key]
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
    window = created_window(period)
    rows: list[Any] = []
    if window.months:
        rows += session.execute(
            select(
                COHORT.source_channel_id,
                COHORT.currency,
                func.sum(COHORT.jobs),
                func.sum(case((COHORT.converted.is_(True), COHORT.jobs), else_=0)),
                func.sum(
                    case(
                        (
                            and_(
                                COHORT.lifecycle == LIFECYCLE_LEAD,
                                lost.condition(COHORT.status_id, COHORT.stage_id),
                            ),
                            COHORT.jobs,
                        ),
                        else_=0,
                    )
                ),
                func.sum(COHORT.value_minor),
            )
            .where(
                _in_months(COHORT.created_month, window),
                or_(COHORT.lifecycle == LIFECYCLE_LEAD, COHORT.converted.is_(True)),
            )
            .group_by(COHORT.source_channel_id, COHORT.currency)
        ).all()
    is_converted = case((_was_converted(), 1), else_=0)
    is_lost = case((and_(Job.lifecycle == LIFECYCLE_LEAD, lost.condition()), 1), else_=0)
    for begin, end, sign in window.ranges():
        rows += _signed(
            sign,
            2,
            session.execute(
                select(
                    func.coalesce(Job.source_channel_id, 0),
                    Job.currency,
                    func.count(),
                    func.sum(is_converted),
                    func.sum(is_lost),
                    func.sum(Job.value_minor),
                )
                .where(_cohort_filter(begin, end))
                .group_by(Job.source_channel_id, Job.currency)
            ),
        )
    merged: dict[tuple[int, str], list[int]] = {}
    for source, currency, n, conv, lost_n, total in rows:
        sums = merged.setdefault((int(source or 0), currency), [0, 0, 0, 0])
        for position, amount in enumerate((n, conv, lost_n, total)):
            sums[position] += int(amount or 0)
    return [
        _CohortRow(source or None, currency, n, conv, lost_n, total)
        for (source, currency), (n, conv, lost_n, total) in merged.items()
        if n
    ]


def _signed(sign: int, keys: int, rows: Iterable[Any]) -> list[tuple[Any, ...]]:
    """Rows read from a range of jobs, their measures (the columns after the first `keys`)
    times `sign`: a range taken away from whole months counts negative."""
    return [(*row[:keys], *(sign * int(v or 0) for v in row[keys:])) for row in rows]


def _in_months(column: Any, window: Window[Any]) -> Any:
    assert window.months is not None
    return and_(column >= window.months[0], column < window.months[1])


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


def _days_tenths(session: Session) -> Any:
    """Tenths of a day from created to converted, as the totals' triggers count them."""
    if session.get_bind().dialect.name == "postgresql":
        seconds: Any = func.extract("epoch", Job.converted_at - Job.created_at)
        return cast(func.round(seconds / 8640), Integer)
    return cast(func.round((func.julianday(Job.converted_at) - func.julianday(Job.created_at)) * 10), Integer)


def _median_days(session: Session, period: Period) -> Decimal | None:
    """Median days from creation to conversion, to a tenth of a day: the converted leads
    counted per tenth of a day (no sort of every row), the middle found from that."""
    window = created_window(period)
    rows: list[Any] = []
    if window.months:
        rows += session.execute(
            select(DAYS.days_tenths, func.sum(DAYS.jobs))
            .where(_in_months(DAYS.created_month, window))
            .group_by(DAYS.days_tenths)
        ).all()
    tenths = _days_tenths(session)
    for begin, end, sign in window.ranges():
        rows += _signed(
            sign,
            1,
            session.execute(
                select(tenths, func.count())
                .where(_cohort_filter(begin, end), _was_converted())
                .group_by(tenths)
            ),
        )
    counts: dict[int, int] = defaultdict(int)
    for value, count in rows:
        counts[int(value)] += int(count)
    total = sum(counts.values())
    if total == 0:
        return None
    wanted = [(total - 1) // 2, total // 2]  # the middle one, or the middle two
    found: list[Decimal] = []
    seen = 0
    for value, count in sorted(counts.items()):
        for position in wanted:
            if seen <= position < seen + count:
                found.append(Decimal(value) / 10)
        seen += count
    return (sum(found, Decimal(0)) / len(found)).quantize(Decimal("0.1"), ROUND_HALF_UP)


def _lost_reasons(session: Session, period: Period, lost: _LostMeaning) -> dict[str, int]:
    window = created_window(period)
    rows: list[Any] = []
    if window.months:
        rows += session.execute(
            select(COHORT.lost_reason, func.sum(COHORT.jobs))
            .where(
                _in_months(COHORT.created_month, window),
                COHORT.lifecycle == LIFECYCLE_LEAD,
                lost.condition(COHORT.status_id, COHORT.stage_id),
            )
            .group_by(COHORT.lost_reason)
        ).all()
    reason = func.substr(func.trim(Job.lost_reason), 1, LOST_REASON_KEY_CHARS)
    for begin, end, sign in window.ranges():
        rows += _signed(
            sign,
            1,
            session.execute(
                # Leads counted in the sum, not filtered on: a filter on the lifecycle would
                # tempt SQLite to walk every lead by an index on it, not the period's range.
                select(reason, func.sum(case((Job.lifecycle == LIFECYCLE_LEAD, 1), else_=0)))
                .where(_cohort_filter(begin, end), lost.condition())
                .group_by(reason)
            ),
        )
    counted: dict[str, int] = defaultdict(int)
    for text, count in rows:
        counted[str(text) if text else NO_REASON] += int(count)
    return dict(sorted(((k, n) for k, n in counted.items() if n), key=lambda item: (-item[1], item[0])))


def _assignee_sums(table: Any, bucket: Any, window: Window[Any]) -> Select[Any]:
    """Jobs, converted and value per assignee and currency over the whole buckets (months or
    days) of `window`, from one of the running-total tables."""
    return (
        select(
            table.user_id,
            table.currency,
            func.sum(table.jobs),
            func.sum(table.converted),
            func.sum(table.value_minor),
        )
        .where(_in_months(bucket, window))
        .group_by(table.user_id, table.currency)
    )


def _by_assignee(session: Session, period: Period) -> list[GroupFigure]:
    """The cohort per assignee and currency: whole months from the running totals, the
    part-months at the ends from the daily totals, and the part-days at those ends from the
    jobs and their assignee rows (`windows`). A job without assignees is assignee 0 in all
    three (Unassigned)."""
    window = created_window(period)
    rows: list[Any] = []
    if window.months:
        rows += session.execute(_assignee_sums(ASSIGNEES, ASSIGNEES.created_month, window)).all()
    # Each part-month: its whole UTC days from the day totals, and only the part-days at
    # its ends (a local midnight is rarely a UTC one) from the jobs.
    parts: list[tuple[datetime, datetime, int]] = []
    for begin, end, sign in window.ranges():
        days = split_days(begin, end)
        if days.months:
            rows += _signed(
                sign,
                2,
                session.execute(_assignee_sums(DAY_ASSIGNEES, DAY_ASSIGNEES.created_day, days)),
            )
        parts += [(a, b, sign * inner) for a, b, inner in days.ranges()]
    user_id = func.coalesce(job_assignees.c.user_id, 0)
    for begin, end, sign in parts:
        # The range's jobs first, in id order (a CTE kept as is), so their assignee rows are
        # looked up in the order of that table's key: neighbouring lookups share pages,
        # where jobs in creation order would look up at random.
        part = (
            select(
                Job.id.label("id"),
                Job.currency.label("currency"),
                case((_was_converted(), 1), else_=0).label("converted"),
                Job.value_minor.label("value_minor"),
            )
            .where(_cohort_filter(begin, end))
            .order_by(Job.id)
            .cte("part")
            .prefix_with("MATERIALIZED")
        )
        rows += _signed(
            sign,
            2,
            session.execute(
                select(
                    user_id,
                    part.c.currency,
                    func.count(),
                    func.sum(part.c.converted),
                    func.sum(part.c.value_minor),
                )
                .select_from(part)
                .outerjoin(job_assignees, job_assignees.c.job_id == part.c.id)
                .group_by(user_id, part.c.currency)
            ),
        )
    merged: dict[tuple[int, str], list[int]] = {}
    for uid, currency, n, conv, total in rows:
        sums = merged.setdefault((int(uid or 0), currency), [0, 0, 0])
        for position, amount in enumerate((n, conv, total)):
            sums[position] += int(amount or 0)
    names = dict(session.execute(select(User.id, User.name)).tuples().all())
    figures = [
        GroupFigure(
            name=names.get(uid, UNASSIGNED) if uid else UNASSIGNED,
            key_id=uid or None,
            count=n,
            converted=conv,
            value=from_minor(total, currency),
            currency=currency,
        )
        for (uid, currency), (n, conv, total) in merged.items()
        if n
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
