"""What a kanban board shows: the pipeline's stages in order, each column's card count and
total per currency, and the matching jobs of a column in manual (board) order.

A board opens with `open_board`: SQL aggregates for the column headers (GROUP BY stage and
currency, through the covering `ix_jobs_board_totals` index) and the first page of each
column. Further cards come a page at a time as a column is scrolled (`column_page`, keyset
on the (stage, position) index), so opening costs the same at a thousand cards or a million.
Card text is fetched lazily for the cards on screen (`jobs.get_summaries`). After a change
the board asks only about the changed jobs (`placements`), not the whole board.
`load_board` reads every card at once (small boards, exports, the benchmark's baseline)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from gojee_desktop.models import Job, Label, Stage, Status
from gojee_desktop.money import from_minor
from gojee_desktop.services import lookups
from gojee_desktop.services.dto import StageInfo
from gojee_desktop.services.history import HistoryWriter
from gojee_desktop.services.job_query import JobQuery, filtered_select
from gojee_desktop.services.jobs import default_currency, move_jobs_in, name_of
from gojee_desktop.services.pipelines import stage_info
from gojee_desktop.services.uow import read_only, unit_of_work
from gojee_desktop.store.database import SessionFactory


@dataclass(frozen=True)
class BoardEntry:
    """One card as the board keeps it: which column, and its value for the column total."""

    id: int
    stage_id: int | None
    value_minor: int
    currency: str


@dataclass(frozen=True)
class Placement:
    """Where a changed job now sits: its entry, and the id of the matching card right after
    it in its column (None: it is the last card)."""

    entry: BoardEntry
    next_id: int | None


@dataclass(frozen=True)
class BoardData:
    pipeline: str
    stages: list[StageInfo]
    entries: list[BoardEntry]  # grouped by stage, each column in board order
    default_currency: str
    status_colors: dict[str, str]  # status name -> #rrggbb
    label_colors: dict[str, str]  # label name -> #rrggbb


@dataclass(frozen=True)
class ColumnTotals:
    """A column's header figures: its card count, and per currency its total value (minor
    units) and card count."""

    count: int = 0
    minor: Mapping[str, int] = field(default_factory=dict)
    counts: Mapping[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class ColumnPage:
    """Cards of one column in board order; `complete`: no card of the column comes after."""

    entries: list[BoardEntry]
    complete: bool


@dataclass(frozen=True)
class BoardHead:
    """What opening a board reads: stages, each column's first page and header figures
    (None: not read yet). Columns are keyed by stage id; None holds the jobs without a
    stage (only when there are any)."""

    pipeline: str
    stages: list[StageInfo]
    totals: dict[int | None, ColumnTotals] | None
    pages: dict[int | None, ColumnPage]
    default_currency: str
    status_colors: dict[str, str]
    label_colors: dict[str, str]


def _board_select(query: JobQuery, session: Session) -> Select[tuple[int, int | None, int, str]]:
    return filtered_select(
        query, session.get_bind().dialect.name, [Job.id, Job.stage_id, Job.value_minor, Job.currency]
    )


def load_board(sessions: SessionFactory, query: JobQuery) -> BoardData:
    """The whole board of the query's lifecycle, filtered by the query (its sort is ignored:
    a board is in manual order)."""
    lifecycle = _check_lifecycle(query)
    with read_only(sessions) as session:
        pipeline = lookups.get_pipeline(session, lookups.pipeline_key_for(lifecycle))
        stages = _stages(session, pipeline.id, pipeline.key)
        # Core rows (not ORM results): this is the one query whose size grows with the board.
        rows = session.connection().execute(
            _board_select(query, session).order_by(Job.stage_id, Job.board_position, Job.id)
        )
        entries = [BoardEntry(*row) for row in rows]
        return BoardData(
            pipeline=pipeline.key,
            stages=stages,
            entries=entries,
            default_currency=default_currency(session),
            status_colors=_status_colors(session),
            label_colors=_label_colors(session),
        )


def _stages(session: Session, pipeline_id: int, pipeline_key: str) -> list[StageInfo]:
    return [
        stage_info(stage, pipeline_key)
        for stage in session.scalars(
            select(Stage).where(Stage.pipeline_id == pipeline_id).order_by(Stage.position, Stage.id)
        )
    ]


def _status_colors(session: Session) -> dict[str, str]:
    return {name: color for name, color in session.execute(select(Status.name, Status.color))}


def _label_colors(session: Session) -> dict[str, str]:
    return {name: color for name, color in session.execute(select(Label.name, Label.color))}


def _check_lifecycle(query: JobQuery) -> str:
    if query.lifecycle is None:
        raise ValueError("A board shows one lifecycle: set query.lifecycle.")
    return query.lifecycle


def _in_column(stage_id: int | None) -> Any:
    return Job.stage_id.is_(None) if stage_id is None else Job.stage_id == stage_id


def _after(position: float, job_id: int) -> tuple[Any, Any]:
    """Cards after (position, id) in board order: a range on the board indexes' position
    column (an OR alone would scan the column), the rare ties on position going by id."""
    return Job.board_position >= position, (Job.board_position > position) | (Job.id > job_id)


def _column_totals(session: Session, query: JobQuery) -> dict[int | None, ColumnTotals]:
    minor: dict[int | None, dict[str, int]] = {}
    counts: dict[int | None, dict[str, int]] = {}
    statement = filtered_select(
        query,
        session.get_bind().dialect.name,
        [Job.stage_id, Job.currency, func.count(), func.coalesce(func.sum(Job.value_minor), 0)],
    ).group_by(Job.stage_id, Job.currency)
    for stage_id, currency, count, total in session.connection().execute(statement):
        minor.setdefault(stage_id, {})[currency] = int(total)
        counts.setdefault(stage_id, {})[currency] = int(count)
    return {
        stage_id: ColumnTotals(sum(counts[stage_id].values()), minor[stage_id], counts[stage_id])
        for stage_id in counts
    }


def _column_page(
    session: Session, query: JobQuery, stage_id: int | None, after_id: int | None, limit: int
) -> ColumnPage | None:
    statement = _board_select(query, session).where(_in_column(stage_id))
    if after_id is not None:
        position = session.scalar(select(Job.board_position).where(Job.id == after_id, _in_column(stage_id)))
        if position is None:
            return None  # the card it follows has left the column
        statement = statement.where(*_after(position, after_id))
    rows = session.connection().execute(statement.order_by(Job.board_position, Job.id).limit(limit + 1))
    entries = [BoardEntry(*row) for row in rows]
    return ColumnPage(entries[:limit], complete=len(entries) <= limit)


def open_board(
    sessions: SessionFactory, query: JobQuery, page_size: int, *, totals: bool = True
) -> BoardHead:
    """The board of the query's lifecycle, filtered by the query, as far as it is first
    seen: the first `page_size` cards of each column and every column's header figures.
    When a column holds more than a page the figures are an aggregate over the whole
    column; with `totals=False` that aggregate is left out (`BoardHead.totals` is None) for
    the caller to read apart (`column_totals`), so opening never waits for it."""
    lifecycle = _check_lifecycle(query)
    with read_only(sessions) as session:
        pipeline = lookups.get_pipeline(session, lookups.pipeline_key_for(lifecycle))
        stages = _stages(session, pipeline.id, pipeline.key)
        pages: dict[int | None, ColumnPage] = {}
        for stage_id in [None, *(stage.id for stage in stages)]:
            found = _column_page(session, query, stage_id, None, page_size)
            assert found is not None
            if stage_id is not None or found.entries:
                pages[stage_id] = found
        figures: dict[int | None, ColumnTotals] | None = None
        if all(page.complete for page in pages.values()):
            figures = {key: _page_totals(page) for key, page in pages.items() if page.entries}
        elif totals:
            figures = _column_totals(session, query)
        return BoardHead(
            pipeline=pipeline.key,
            stages=stages,
            totals=figures,
            pages=pages,
            default_currency=default_currency(session),
            status_colors=_status_colors(session),
            label_colors=_label_colors(session),
        )


def _page_totals(page: ColumnPage) -> ColumnTotals:
    minor: dict[str, int] = {}
    counts: dict[str, int] = {}
    for entry in page.entries:
        minor[entry.currency] = minor.get(entry.currency, 0) + entry.value_minor
        counts[entry.currency] = counts.get(entry.currency, 0) + 1
    return ColumnTotals(len(page.entries), minor, counts)


def column_totals(sessions: SessionFactory, query: JobQuery) -> dict[int | None, ColumnTotals]:
    """Card count and totals per currency of every non-empty column (None: no stage)."""
    _check_lifecycle(query)
    with read_only(sessions) as session:
        return _column_totals(session, query)


def column_page(
    sessions: SessionFactory, query: JobQuery, stage_id: int | None, after_id: int | None, limit: int
) -> ColumnPage | None:
    """Up to `limit` cards of a column in board order, after the card `after_id` (None: from
    the top). None when that card is no longer in the column (the board is behind)."""
    _check_lifecycle(query)
    with read_only(sessions) as session:
        return _column_page(session, query, stage_id, after_id, limit)


def placements(sessions: SessionFactory, query: JobQuery, job_ids: Sequence[int]) -> list[Placement]:
    """Where each of `job_ids` that still matches the query now sits, in descending board
    order per column: inserting them in that order, each one's `next_id` is already placed."""
    if not job_ids:
        return []
    with read_only(sessions) as session:
        base = _board_select(query, session)
        rows = session.execute(
            base.add_columns(Job.board_position)
            .where(Job.id.in_(list(dict.fromkeys(job_ids))))
            .order_by(Job.stage_id, Job.board_position.desc(), Job.id.desc())
        ).all()
        found = []
        for job_id, stage_id, value_minor, currency, position in rows:
            next_id = session.scalar(
                filtered_select(query, session.get_bind().dialect.name, [Job.id])
                .where(_in_column(stage_id), *_after(position, job_id))
                .order_by(Job.board_position, Job.id)
                .limit(1)
            )
            found.append(Placement(BoardEntry(job_id, stage_id, value_minor, currency), next_id))
        return found


def totals_by_currency(entries: Iterable[tuple[int, str]]) -> dict[str, Decimal]:
    """Sum of (value_minor, currency) pairs per currency, as Decimal amounts."""
    minor: dict[str, int] = {}
    for value, currency in entries:
        minor[currency] = minor.get(currency, 0) + value
    return {currency: from_minor(total, currency) for currency, total in minor.items()}


@dataclass(frozen=True)
class PreviousPlace:
    """Where a job was before a move, to put it back on Undo: its column, the card that
    followed it, and the status and lost reason a move to a lost stage may have changed."""

    job_id: int
    stage_id: int | None
    next_id: int | None
    status_id: int | None
    lost_reason: str


def remember_places(
    sessions: SessionFactory, job_ids: Sequence[int], next_ids: Mapping[int, int | None]
) -> list[PreviousPlace]:
    """The current places of `job_ids` (in the order given: each column top to bottom);
    `next_ids` is the card after each one as the board shows it."""
    with read_only(sessions) as session:
        rows = {
            row[0]: row
            for row in session.execute(
                select(Job.id, Job.stage_id, Job.status_id, Job.lost_reason).where(Job.id.in_(list(job_ids)))
            )
        }
    return [
        PreviousPlace(job_id, rows[job_id][1], next_ids.get(job_id), rows[job_id][2], rows[job_id][3] or "")
        for job_id in job_ids
        if job_id in rows
    ]


def put_back(
    sessions: SessionFactory, places: Sequence[PreviousPlace], actor_id: int | None = None
) -> list[int]:
    """Undo a move: each job back in its old column before its old neighbour (or at the end
    when that card has left the column), with its old status and lost reason. One
    transaction; the history records the way back like any move."""
    with unit_of_work(sessions) as session:
        for place in reversed(places):
            before = place.next_id
            if before is not None:
                column = Job.stage_id.is_(None) if place.stage_id is None else Job.stage_id == place.stage_id
                if session.scalar(select(Job.id).where(Job.id == before, column)) is None:
                    before = None
            move_jobs_in(session, [place.job_id], place.stage_id, before_job_id=before, actor_id=actor_id)
            job = lookups.get_job(session, place.job_id)
            history = HistoryWriter(session, job, actor_id)
            if job.status_id != place.status_id:
                history.record(
                    "status",
                    name_of(session, Status, job.status_id),
                    name_of(session, Status, place.status_id),
                )
                job.status_id = place.status_id
            if job.lost_reason != place.lost_reason:
                history.record("lost reason", job.lost_reason, place.lost_reason)
                job.lost_reason = place.lost_reason
        session.flush()
        return [place.job_id for place in places]


def next_in_column(sessions: SessionFactory, job_id: int) -> int | None:
    """The id of the job right after this one in its column (None: last, or no stage)."""
    with read_only(sessions) as session:
        job = lookups.get_job(session, job_id)
        if job.stage_id is None:
            return None
        after = (Job.board_position > job.board_position) | (
            (Job.board_position == job.board_position) & (Job.id > job.id)
        )
        return session.scalar(
            select(Job.id)
            .where(Job.stage_id == job.stage_id, Job.archived.is_(False), after)
            .order_by(Job.board_position, Job.id)
            .limit(1)
        )
