"""What a kanban board shows: the pipeline's stages in order, and for each the ids of the
matching jobs in manual (board) order with enough to count and total them.

A board loads only (id, stage, value, currency) for every card - cheap even for tens of
thousands - and fetches card text lazily for the cards on screen (`jobs.get_summaries`).
After a change it asks only about the changed jobs (`placements`), not the whole board."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import Select, select
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


def _board_select(query: JobQuery, session: Session) -> Select[tuple[int, int | None, int, str]]:
    return filtered_select(
        query, session.get_bind().dialect.name, [Job.id, Job.stage_id, Job.value_minor, Job.currency]
    )


def load_board(sessions: SessionFactory, query: JobQuery) -> BoardData:
    """The whole board of the query's lifecycle, filtered by the query (its sort is ignored:
    a board is in manual order)."""
    if query.lifecycle is None:
        raise ValueError("A board shows one lifecycle: set query.lifecycle.")
    with read_only(sessions) as session:
        pipeline = lookups.get_pipeline(session, lookups.pipeline_key_for(query.lifecycle))
        stages = [
            stage_info(stage, pipeline.key)
            for stage in session.scalars(
                select(Stage).where(Stage.pipeline_id == pipeline.id).order_by(Stage.position, Stage.id)
            )
        ]
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
            status_colors={name: color for name, color in session.execute(select(Status.name, Status.color))},
            label_colors={name: color for name, color in session.execute(select(Label.name, Label.color))},
        )


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
            column = Job.stage_id.is_(None) if stage_id is None else Job.stage_id == stage_id
            after = (Job.board_position > position) | ((Job.board_position == position) & (Job.id > job_id))
            next_id = session.scalar(
                filtered_select(query, session.get_bind().dialect.name, [Job.id])
                .where(column, after)
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
