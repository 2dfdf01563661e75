"""Item models of a kanban board: one list model per column over a shared `BoardStore`.

The store holds, per column, the ids of its cards in board order (a few bytes a card) and a
cache of card text fetched in pages when a card is first painted. Drag and drop carries job
ids under a private MIME type; a drop only *asks* for a move (`drop_requested`): the move is
a service call, after which the store places just the changed cards. `removeRows` never
deletes anything, so the remove Qt does after a move-drag cannot delete a job."""

from __future__ import annotations

import json
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
    Signal,
)

from gojee_desktop.money import format_money, from_minor
from gojee_desktop.services import board, jobs
from gojee_desktop.services.board import BoardData, BoardEntry
from gojee_desktop.services.dto import JobSummary, StageInfo
from gojee_desktop.services.job_query import JobQuery
from gojee_desktop.store.database import SessionFactory

JOB_IDS_MIME = "application/x-gojee-job-ids"
JOB_ID_ROLE = Qt.ItemDataRole.UserRole + 1
SUMMARY_ROLE = Qt.ItemDataRole.UserRole + 2
FETCH_PAGE = 80  # cards fetched at once when one is first painted
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


@dataclass(frozen=True)
class DropRequest:
    """A drop asks for these jobs in `stage_id`'s column before `before_id` (None: at the end)."""

    job_ids: tuple[int, ...]
    stage_id: int | None
    before_id: int | None


class BoardColumnModel(QAbstractListModel):
    """The cards of one stage (or of jobs without a stage), in board order."""

    drop_requested = Signal(object)  # DropRequest

    def __init__(self, store: BoardStore, stage: StageInfo | None) -> None:
        super().__init__(store)
        self.store = store
        self.stage = stage
        self.ids: list[int] = []
        self._minor: dict[str, int] = {}  # column total per currency, kept as cards come and go
        self._counts: dict[str, int] = {}  # cards per currency

    @property
    def stage_id(self) -> int | None:
        return self.stage.id if self.stage else None

    @property
    def title(self) -> str:
        return self.stage.name if self.stage else "No stage"

    # -- reading ----------------------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.ids)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.ids):
            return None
        job_id = self.ids[index.row()]
        if role == JOB_ID_ROLE:
            return job_id
        if role not in (Qt.ItemDataRole.DisplayRole, SUMMARY_ROLE, Qt.ItemDataRole.ToolTipRole):
            return None
        summary = self.store.summary(self, index.row())
        if summary is None:
            return None
        if role == SUMMARY_ROLE:
            return summary
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{summary.number} {summary.title}"
        customer = summary.customer or summary.organization or "No customer"
        return (
            f"{summary.number} · {summary.title}\n{customer}\n{format_money(summary.value, summary.currency)}"
        )

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDragEnabled

    def count(self) -> int:
        return len(self.ids)

    def totals(self) -> dict[str, Decimal]:
        """The column's total value per currency (only currencies with cards)."""
        return {code: from_minor(total, code) for code, total in self._minor.items()}

    def _add_value(self, job_id: int, sign: int) -> None:
        value, currency = self.store.values[job_id]
        self._minor[currency] = self._minor.get(currency, 0) + sign * value
        self._counts[currency] = self._counts.get(currency, 0) + sign
        if not self._counts[currency]:
            del self._counts[currency]
            del self._minor[currency]

    def _recount(self) -> None:
        self._minor, self._counts = {}, {}
        for job_id in self.ids:
            self._add_value(job_id, 1)

    def row_of(self, job_id: int) -> int:
        try:
            return self.ids.index(job_id)
        except ValueError:
            return -1

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
        if all(job_id in self.ids for job_id in job_ids):
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

    def _set_ids(self, ids: list[int]) -> None:
        self.beginResetModel()
        self.ids = ids
        self._recount()
        self.endResetModel()

    def _remove(self, job_id: int) -> bool:
        row = self.row_of(job_id)
        if row < 0:
            return False
        self.beginRemoveRows(QModelIndex(), row, row)
        del self.ids[row]
        self._add_value(job_id, -1)
        self.endRemoveRows()
        return True

    def _insert(self, row: int, job_id: int) -> None:
        self.beginInsertRows(QModelIndex(), row, row)
        self.ids.insert(row, job_id)
        self._add_value(job_id, 1)
        self.endInsertRows()

    def _changed(self, job_id: int) -> None:
        row = self.row_of(job_id)
        if row >= 0:
            index = self.index(row)
            self.dataChanged.emit(index, index)


class BoardStore(QObject):
    """The cards of one pipeline's board, shared by its column models."""

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
        self.values: dict[int, tuple[int, str]] = {}  # job id -> (value_minor, currency)
        self.default_currency = "AUD"
        self.status_colors: dict[str, str] = {}
        self.label_colors: dict[str, str] = {}
        self._where: dict[int, BoardColumnModel] = {}
        self._cache: dict[int, JobSummary | None] = {}
        self._stages: list[StageInfo] = []

    # -- loading ------------------------------------------------------------------------

    def load(self, query: JobQuery | None = None) -> None:
        """Read the whole board again (filters changed, stages changed, or many jobs did)."""
        if query is not None:
            self.query = replace(query, lifecycle=self.lifecycle)
        self.apply(board.load_board(self.sessions, self.query))

    def apply(self, data: BoardData) -> None:
        grouped: dict[int | None, list[int]] = {}
        self.values = {}
        for entry in data.entries:
            grouped.setdefault(entry.stage_id, []).append(entry.id)
            self.values[entry.id] = (entry.value_minor, entry.currency)
        self._cache = {}
        self.default_currency = data.default_currency
        self.status_colors = data.status_colors
        self.label_colors = data.label_colors
        stages_changed = data.stages != self._stages or (None in grouped) != (self.column(None) is not None)
        if stages_changed:
            self._stages = data.stages
            old = self.columns
            self.columns = [BoardColumnModel(self, stage) for stage in data.stages]
            if None in grouped:
                self.columns.insert(0, BoardColumnModel(self, None))
            for model in self.columns:
                model.ids = grouped.get(model.stage_id, [])
                model._recount()
            self._index()
            self.columns_reset.emit()
            for model in old:
                model.deleteLater()
        else:
            for model in self.columns:
                model._set_ids(grouped.get(model.stage_id, []))
            self._index()
            self.totals_changed.emit(list(self.columns))

    def _index(self) -> None:
        self._where = {job_id: model for model in self.columns for job_id in model.ids}

    def column(self, stage_id: int | None) -> BoardColumnModel | None:
        return next((m for m in self.columns if m.stage_id == stage_id), None)

    def column_of(self, job_id: int) -> BoardColumnModel | None:
        return self._where.get(job_id)

    def total_cards(self) -> int:
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
        touched = {m for m in (self._remove(i) for i in job_ids) if m is not None}
        self.totals_changed.emit(list(touched))

    def _remove(self, job_id: int) -> BoardColumnModel | None:
        self._cache.pop(job_id, None)
        model = self._where.pop(job_id, None)
        if model is not None:
            model._remove(job_id)
        self.values.pop(job_id, None)
        return model

    def _place(self, job_ids: Sequence[int]) -> bool:
        found = board.placements(self.sessions, self.query, job_ids)
        changed = set(job_ids)
        for placement in found:
            target = self.column(placement.entry.stage_id)
            known = (
                placement.next_id is None or placement.next_id in self._where or placement.next_id in changed
            )
            if target is None or not known:
                return False  # a new column, or the board is behind: reload
        touched: set[BoardColumnModel] = set()
        for job_id in job_ids:
            model = self._remove(job_id)
            if model is not None:
                touched.add(model)
        for placement in found:
            entry: BoardEntry = placement.entry
            target = self.column(entry.stage_id)
            assert target is not None
            if placement.next_id is None:
                row = len(target.ids)
            elif self._where.get(placement.next_id) is target:
                row = target.row_of(placement.next_id)
            else:
                return False
            self.values[entry.id] = (entry.value_minor, entry.currency)
            target._insert(row, entry.id)
            self._where[entry.id] = target
            touched.add(target)
        self.totals_changed.emit(list(touched))
        return True
