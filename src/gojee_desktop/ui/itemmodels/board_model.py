"""Item models of a kanban board: one list model per column over a shared `BoardStore`.

Columns load lazily. A column's header figures (card count, total per currency) come from
SQL aggregates; its rows are the cards loaded so far, a top slice in board order that grows
a page at a time as the view scrolls (`canFetchMore`/`fetchMore`). Card text is fetched in
pages when a card is first painted. Drag and drop carries job ids under a private MIME
type; a drop only *asks* for a move (`drop_requested`): the move is a service call, after
which the store places just the changed cards (a card placed below the loaded slice is only
counted, and appears when scrolled to). `removeRows` never deletes anything, so the remove
Qt does after a move-drag cannot delete a job."""

from __future__ import annotations

import contextlib
import json
import threading
from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QByteArray,
    QMimeData,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)

from gojee_desktop.money import format_money, from_minor
from gojee_desktop.services import board, jobs
from gojee_desktop.services.board import BoardHead, ColumnPage, ColumnTotals
from gojee_desktop.services.dto import JobSummary, StageInfo
from gojee_desktop.services.job_query import JobQuery
from gojee_desktop.store.database import SessionFactory

JOB_IDS_MIME = "application/x-gojee-job-ids"
JOB_ID_ROLE = Qt.ItemDataRole.UserRole + 1
SUMMARY_ROLE = Qt.ItemDataRole.UserRole + 2
FETCH_PAGE = 80  # card texts fetched at once when one is first painted
FIRST_PAGE = 60  # cards of each column read when the board opens (a tall screen's worth)
MORE_PAGE = 200  # cards added to a column each time its view scrolls to the end
INCREMENTAL_LIMIT = 200  # more changed jobs than this: reload the board instead

AnyIndex = QModelIndex | QPersistentModelIndex


def encode_ids(job_ids: Sequence[int], lifecycle: str) -> QMimeData:
    data = QMimeData()
    payload = json.dumps({"lifecycle": lifecycle, "ids": [int(i) for i in job_ids]})
    data.setData(JOB_IDS_MIME, QByteArray(payload.encode()))
    return data


def decode_ids(data: QMimeData | None, lifecycle: str) -> list[int]:
    """The job ids a drag carries, or [] when it is not ours or not of this lifecycle."""
    if data is None or not data.hasFormat(JOB_IDS_MIME):
        return []
    try:
        payload = json.loads(bytes(data.data(JOB_IDS_MIME).data()).decode())
        ids = [int(i) for i in payload["ids"]]
    except (ValueError, KeyError, TypeError):
        return []
    return ids if payload.get("lifecycle") == lifecycle else []


#: The roles a card answers (a painted card says in words what it shows, for screen readers).
_CARD_ROLES = frozenset(
    int(role)
    for role in (
        Qt.ItemDataRole.DisplayRole,
        SUMMARY_ROLE,
        Qt.ItemDataRole.ToolTipRole,
        Qt.ItemDataRole.AccessibleTextRole,
    )
)


def card_description(summary: JobSummary) -> str:
    """What a painted card shows, as one sentence for assistive technology."""
    parts = [summary.number, summary.title, summary.customer_name or "no customer"]
    parts.append(format_money(summary.value, summary.currency))
    if summary.status:
        parts.append(f"status {summary.status}")
    if summary.labels:
        parts.append("labels " + ", ".join(summary.labels))
    if summary.assignees:
        parts.append("assigned to " + ", ".join(summary.assignees))
    if summary.expected_close is not None:
        parts.append(f"expected close {summary.expected_close.isoformat()}")
    return ", ".join(parts)


@dataclass(frozen=True)
class DropRequest:
    """A drop asks for these jobs in `stage_id`'s column before `before_id` (None: at the end)."""

    job_ids: tuple[int, ...]
    stage_id: int | None
    before_id: int | None


_WORKERS: set[threading.Thread] = set()


def background_reads_running() -> bool:
    """Whether a board is still reading its figures (a screenshot waits for them)."""
    return any(worker.is_alive() for worker in list(_WORKERS))


class _TotalsRelay(QObject):
    """Carries column figures read in the background back to the GUI thread."""

    ready = Signal(int, object)  # generation, dict[int | None, ColumnTotals] | None


def _read_totals(relay: _TotalsRelay, sessions: SessionFactory, query: JobQuery, generation: int) -> None:
    """Worker thread: the aggregate over a big board (SQLite reads it without the GIL)."""
    totals: dict[int | None, ColumnTotals] | None
    try:
        totals = board.column_totals(sessions, query)
    except Exception:  # the database was closed meanwhile: the figures stay pending
        totals = None
    with contextlib.suppress(RuntimeError):  # the board was closed meanwhile
        relay.ready.emit(generation, totals)


class BoardColumnModel(QAbstractListModel):
    """The cards of one stage (or of jobs without a stage), in board order: the rows are the
    cards loaded so far; `count()` and `totals()` cover the whole column."""

    drop_requested = Signal(object)  # DropRequest

    def __init__(self, store: BoardStore, stage: StageInfo | None) -> None:
        super().__init__(store)
        self.store = store
        self.stage = stage
        self.ids: list[int] = []  # the loaded cards: the column's top, in board order
        self.complete = True  # no card of the column below the loaded ones
        self._count = 0  # cards in the whole column
        self._minor: dict[str, int] = {}  # column total per currency, in minor units
        self._counts: dict[str, int] = {}  # cards per currency
        self.figures_ready = True  # False while the column's count and totals are being read

    @property
    def stage_id(self) -> int | None:
        return self.stage.id if self.stage else None

    @property
    def title(self) -> str:
        return self.stage.name if self.stage else "No stage"

    # -- reading ----------------------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.ids)

    def canFetchMore(self, parent: AnyIndex) -> bool:
        return not parent.isValid() and not self.complete

    def fetchMore(self, parent: AnyIndex) -> None:
        if not parent.isValid():
            self.store.fetch_more(self)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.ids):
            return None
        job_id = self.ids[index.row()]
        if role == JOB_ID_ROLE:
            return job_id
        if int(role) not in _CARD_ROLES:
            return None
        summary = self.store.summary(self, index.row())
        if summary is None:
            return None
        if role == SUMMARY_ROLE:
            return summary
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{summary.number} {summary.title}"
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return card_description(summary)
        customer = summary.customer_name or "No customer"
        return (
            f"{summary.number} · {summary.title}\n{customer}\n{format_money(summary.value, summary.currency)}"
        )

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDragEnabled

    def count(self) -> int:
        """Cards in the whole column, loaded or not."""
        return self._count

    def totals(self) -> dict[str, Decimal]:
        """The column's total value per currency (only currencies with cards)."""
        return {code: from_minor(total, code) for code, total in self._minor.items()}

    def _set_totals(self, totals: ColumnTotals | None, ready: bool = True) -> None:
        self._count = totals.count if totals else 0
        self._minor = dict(totals.minor) if totals else {}
        self._counts = dict(totals.counts) if totals else {}
        self.figures_ready = ready

    def _add_value(self, value: int, currency: str, sign: int) -> None:
        self._count += sign
        self._minor[currency] = self._minor.get(currency, 0) + sign * value
        self._counts[currency] = self._counts.get(currency, 0) + sign
        if not self._counts[currency]:
            del self._counts[currency]
            del self._minor[currency]

    def row_of(self, job_id: int) -> int:
        try:
            return self.ids.index(job_id)
        except ValueError:
            return -1

    def next_after(self, row: int) -> int | None:
        """The id of the card after `row` in the whole column (loading it when it is the
        first card below the loaded ones), or None for the last card."""
        if row + 1 >= len(self.ids) and not self.complete:
            self.store.fetch_more(self)
        return self.ids[row + 1] if row + 1 < len(self.ids) else None

    # -- drag and drop ------------------------------------------------------------------

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [JOB_IDS_MIME]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        rows = sorted({i.row() for i in indexes if i.isValid()})
        return encode_ids([self.ids[row] for row in rows], self.store.lifecycle)

    def canDropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: AnyIndex
    ) -> bool:
        return (
            action == Qt.DropAction.MoveAction
            and not parent.isValid()
            and bool(decode_ids(data, self.store.lifecycle))
        )

    def request_for(self, job_ids: Sequence[int], row: int) -> DropRequest | None:
        """The move a drop of `job_ids` at `row` (-1: the end) asks for, or None when the
        cards would stay exactly where they are."""
        moving = set(job_ids)
        row = len(self.ids) if row < 0 or row > len(self.ids) else row
        before = next((i for i in self.ids[row:] if i not in moving), None)
        # Below the loaded cards of a partly loaded column, "the end" lies further down.
        if (before is not None or self.complete) and all(job_id in self.ids for job_id in job_ids):
            rest = [i for i in self.ids if i not in moving]
            at = rest.index(before) if before is not None else len(rest)
            if rest[:at] + list(job_ids) + rest[at:] == self.ids:
                return None
        return DropRequest(tuple(job_ids), self.stage_id, before)

    def dropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: AnyIndex
    ) -> bool:
        if not self.canDropMimeData(data, action, row, column, parent):
            return False
        request = self.request_for(decode_ids(data, self.store.lifecycle), row)
        if request is None:
            return False
        self.drop_requested.emit(request)
        return True

    def removeRows(self, row: int, count: int, parent: AnyIndex = QModelIndex()) -> bool:  # noqa: B008
        """Refused: cards leave a column only when the store places a moved job. (Qt calls
        this after a move-drag; deleting here would delete the job.)"""
        return False

    # -- changes from the store --------------------------------------------------------------

    def _set_page(self, page: ColumnPage, totals: ColumnTotals | None, ready: bool) -> None:
        self.beginResetModel()
        self.ids = [entry.id for entry in page.entries]
        self.complete = page.complete
        self._set_totals(totals, ready)
        self.endResetModel()

    def _append(self, job_ids: Sequence[int], complete: bool) -> None:
        if job_ids:
            self.beginInsertRows(QModelIndex(), len(self.ids), len(self.ids) + len(job_ids) - 1)
            self.ids.extend(job_ids)
            self.complete = complete
            self.endInsertRows()
        else:
            self.complete = complete

    def _remove(self, job_id: int) -> bool:
        row = self.row_of(job_id)
        if row < 0:
            return False
        self.beginRemoveRows(QModelIndex(), row, row)
        del self.ids[row]
        self.endRemoveRows()
        return True

    def _insert(self, row: int, job_id: int) -> None:
        self.beginInsertRows(QModelIndex(), row, row)
        self.ids.insert(row, job_id)
        self.endInsertRows()

    def _changed(self, job_id: int) -> None:
        row = self.row_of(job_id)
        if row >= 0:
            index = self.index(row)
            self.dataChanged.emit(index, index)


class BoardStore(QObject):
    """The cards of one pipeline's board, shared by its column models.

    Every card the store knows of has its column in `_where` and its (value, currency) in
    `values` (loaded cards) or `_below` (cards placed below a column's loaded slice), so a
    move adjusts the header figures without asking SQL to total the column again. When a
    column holds more than its first page, the figures are an SQL aggregate read in a
    background thread (`figures_ready` is False meanwhile): opening never waits for it, and
    a change made while it is read has it read again."""

    #: The columns were rebuilt (stages changed): views must take the new `columns`.
    columns_reset = Signal()
    #: The count or total of these columns changed.
    totals_changed = Signal(list)

    def __init__(self, sessions: SessionFactory, lifecycle: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.sessions = sessions
        self.lifecycle = lifecycle
        self.query = JobQuery(lifecycle=lifecycle)
        self.columns: list[BoardColumnModel] = []
        self.values: dict[int, tuple[int, str]] = {}  # loaded job id -> (value_minor, currency)
        self.default_currency = "AUD"
        self.status_colors: dict[str, str] = {}
        self.label_colors: dict[str, str] = {}
        self.first_page = FIRST_PAGE
        self.more_page = MORE_PAGE
        self._where: dict[int, BoardColumnModel] = {}  # loaded job id -> its column
        self._below: dict[int, tuple[BoardColumnModel, int, str]] = {}  # placed below the slice
        self._cache: dict[int, JobSummary | None] = {}
        self._stages: list[StageInfo] = []
        self._reload_pending = False
        self._totals_generation = 0  # bumped by every change: older figures are stale
        self._totals_reading = False
        self._totals_wanted = False  # the figures on screen wait for a background read
        self._relay = _TotalsRelay(self)
        self._relay.ready.connect(self._totals_read)

    # -- loading ------------------------------------------------------------------------

    def load(self, query: JobQuery | None = None) -> None:
        """Open the board again (filters changed, stages changed, or many jobs did): the
        column figures and each column's first page."""
        if query is not None:
            self.query = replace(query, lifecycle=self.lifecycle)
        self._reload_pending = False
        self._totals_generation += 1
        self._totals_wanted = False
        self.apply(board.open_board(self.sessions, self.query, self.first_page, totals=False))
        if not self.figures_ready():
            self._read_totals()

    def apply(self, data: BoardHead) -> None:
        self.values = {}
        self._below = {}
        self._cache = {}
        self.default_currency = data.default_currency
        self.status_colors = data.status_colors
        self.label_colors = data.label_colors
        for page in data.pages.values():
            for entry in page.entries:
                self.values[entry.id] = (entry.value_minor, entry.currency)
        stages_changed = data.stages != self._stages or (None in data.pages) != (
            self.column(None) is not None
        )
        if stages_changed:
            self._stages = data.stages
            old = self.columns
            self.columns = [BoardColumnModel(self, stage) for stage in data.stages]
            if None in data.pages:
                self.columns.insert(0, BoardColumnModel(self, None))
            for model in self.columns:
                page = data.pages.get(model.stage_id, ColumnPage([], True))
                model.ids = [entry.id for entry in page.entries]
                model.complete = page.complete
                model._set_totals(*self._head_totals(data, model))
            self._index()
            self.columns_reset.emit()
            for model in old:
                model.deleteLater()
        else:
            for model in self.columns:
                page = data.pages.get(model.stage_id, ColumnPage([], True))
                model._set_page(page, *self._head_totals(data, model))
            self._index()
            self.totals_changed.emit(list(self.columns))

    @staticmethod
    def _head_totals(data: BoardHead, model: BoardColumnModel) -> tuple[ColumnTotals | None, bool]:
        """A column's figures as opened: known, or (pending) the loaded cards only."""
        if data.totals is not None:
            return data.totals.get(model.stage_id), True
        page = data.pages.get(model.stage_id, ColumnPage([], True))
        return ColumnTotals(len(page.entries)), False

    def figures_ready(self) -> bool:
        return all(model.figures_ready for model in self.columns)

    def _read_totals(self) -> None:
        """Read every column's figures again in the background (a read in flight is
        superseded: its answer is dropped and the aggregate read once more)."""
        self._totals_generation += 1
        self._totals_wanted = True
        if not self._totals_reading:
            self._start_totals_read()

    def _start_totals_read(self) -> None:
        self._totals_reading = True
        worker = threading.Thread(
            target=_read_totals,
            args=(self._relay, self.sessions, self.query, self._totals_generation),
            name="board-totals",
            daemon=True,
        )
        _WORKERS.difference_update([w for w in list(_WORKERS) if not w.is_alive()])
        _WORKERS.add(worker)
        worker.start()

    def _totals_read(self, generation: int, totals: dict[int | None, ColumnTotals] | None) -> None:
        self._totals_reading = False
        if generation != self._totals_generation:
            if self._totals_wanted:  # else a reload has the figures from its pages
                self._start_totals_read()
            return
        if totals is None:
            return
        self._totals_wanted = False
        for model in self.columns:
            model._set_totals(totals.get(model.stage_id))
        self.totals_changed.emit(list(self.columns))

    def _index(self) -> None:
        self._where = {job_id: model for model in self.columns for job_id in model.ids}

    def fetch_more(self, model: BoardColumnModel) -> None:
        """The next page of a column, after its last loaded card."""
        if model.complete or model not in self.columns:
            return
        after = model.ids[-1] if model.ids else None
        page = board.column_page(self.sessions, self.query, model.stage_id, after, self.more_page)
        if page is None:  # that card left the column meanwhile: the board is behind
            model.complete = True
            self._reload_later()
            return
        fresh = [entry for entry in page.entries if entry.id not in self._where]
        for entry in fresh:
            self.values[entry.id] = (entry.value_minor, entry.currency)
            self._where[entry.id] = model
            self._below.pop(entry.id, None)
        model._append([entry.id for entry in fresh], page.complete)

    def _reload_later(self) -> None:
        if not self._reload_pending:
            self._reload_pending = True
            QTimer.singleShot(0, self, self._reload_if_pending)

    def _reload_if_pending(self) -> None:
        if self._reload_pending:
            self.load()

    def column(self, stage_id: int | None) -> BoardColumnModel | None:
        return next((m for m in self.columns if m.stage_id == stage_id), None)

    def column_of(self, job_id: int) -> BoardColumnModel | None:
        """The column a loaded card is in (None: not loaded, or not on this board)."""
        return self._where.get(job_id)

    def total_cards(self) -> int:
        return sum(model.count() for model in self.columns)

    def loaded_cards(self) -> int:
        return len(self._where)

    # -- card text ------------------------------------------------------------------------

    def summary(self, model: BoardColumnModel, row: int) -> JobSummary | None:
        """The card's summary, fetching it and the next page of its column on a miss."""
        job_id = model.ids[row]
        if job_id not in self._cache:
            page = [i for i in model.ids[row : row + FETCH_PAGE] if i not in self._cache]
            found = {s.id: s for s in jobs.get_summaries(self.sessions, page)}
            for i in page:
                self._cache[i] = found.get(i)
        return self._cache[job_id]

    def cached(self, job_id: int) -> JobSummary | None:
        return self._cache.get(job_id)

    # -- changes ----------------------------------------------------------------------------

    def jobs_changed(self, job_ids: Sequence[int]) -> None:
        """Place just the changed jobs; reload when that cannot be done safely."""
        if not job_ids or len(job_ids) > INCREMENTAL_LIMIT or not self._place(job_ids):
            self.load()

    def jobs_removed(self, job_ids: Sequence[int]) -> None:
        touched: set[BoardColumnModel] = set()
        unknown = False
        for job_id in job_ids:
            model = self._forget(job_id)
            if model is None:
                unknown = True
            else:
                touched.add(model)
        self._emit_totals(touched, unknown)

    def _forget(self, job_id: int) -> BoardColumnModel | None:
        """Take a known card off the board (row and figures); None when it was not known."""
        self._cache.pop(job_id, None)
        model = self._where.pop(job_id, None)
        if model is not None:
            model._remove(job_id)
            value, currency = self.values.pop(job_id)
        elif job_id in self._below:
            model, value, currency = self._below.pop(job_id)
        else:
            return None
        model._add_value(value, currency, -1)
        return model

    def _emit_totals(self, touched: set[BoardColumnModel], unknown: bool) -> None:
        """Header figures changed. A card the store did not know may have been below a
        partly loaded column's slice: then the aggregate is read again, as it is when it
        was being read while the change was made."""
        partly_loaded = not all(model.complete for model in self.columns)
        if (unknown and partly_loaded) or self._totals_reading:
            self._read_totals()
        self.totals_changed.emit([m for m in self.columns if m in touched])

    def _place(self, job_ids: Sequence[int]) -> bool:
        found = board.placements(self.sessions, self.query, job_ids)
        changed = set(job_ids)
        for placement in found:
            target = self.column(placement.entry.stage_id)
            if target is None:
                return False  # a new column: reload
            next_id = placement.next_id
            if next_id is None or next_id in changed:
                continue
            where = self._where.get(next_id)
            if where is not target and (where is not None or target.complete):
                return False  # the board is behind: reload
        touched: set[BoardColumnModel] = set()
        unknown = False
        for job_id in dict.fromkeys(job_ids):
            model = self._forget(job_id)
            if model is None:
                unknown = True
            else:
                touched.add(model)
        for placement in found:
            entry = placement.entry
            target = self.column(entry.stage_id)
            assert target is not None
            if placement.next_id is None:
                row = len(target.ids) if target.complete else -1
            elif self._where.get(placement.next_id) is target:
                row = target.row_of(placement.next_id)
            else:
                row = -1  # before a card below the loaded slice
            target._add_value(entry.value_minor, entry.currency, 1)
            if row < 0:
                self._below[entry.id] = (target, entry.value_minor, entry.currency)
            else:
                self.values[entry.id] = (entry.value_minor, entry.currency)
                target._insert(row, entry.id)
                self._where[entry.id] = target
            touched.add(target)
        self._emit_totals(touched, unknown)
        return True
