"""A lazy, SQL-backed table of people or organisations, read the way the jobs table is.

A new query reads only its first block (`BLOCK` + 1 ids say whether there are more); the
exact count then runs on a worker thread, so typing in the search box never waits for a
COUNT over half a million people. Later blocks are read with OFFSET/LIMIT near the top and
from the ordered id array beyond, and only recent blocks are kept."""

from __future__ import annotations

import contextlib
from array import array
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRunnable,
    Qt,
    QThreadPool,
    QTimer,
    Signal,
)

from gojee_desktop.services.contact_query import (
    ORGANIZATION,
    PERSON,
    ContactQuery,
    ContactRow,
    contact_id_array,
    count_contacts,
    get_rows,
    list_contact_ids,
)
from gojee_desktop.store.database import SessionFactory
from gojee_desktop.ui.itemmodels.job_table_model import archived_colour

BLOCK = 64
DIRECT_ROWS = 4 * BLOCK
MAX_BLOCKS = 64
COUNT_DELAY_MS = 60

CONTACT_ID_ROLE = Qt.ItemDataRole.UserRole.value + 1
ROW_ROLE = Qt.ItemDataRole.UserRole.value + 2

_Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()
_DISPLAY = Qt.ItemDataRole.DisplayRole.value
_ALIGNMENT = Qt.ItemDataRole.TextAlignmentRole.value
_FOREGROUND = Qt.ItemDataRole.ForegroundRole.value
_TOOLTIP = Qt.ItemDataRole.ToolTipRole.value
_LEFT = int((Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter).value)
_RIGHT = int((Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter).value)
_ROW_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


@dataclass(frozen=True)
class ContactColumn:
    key: str
    title: str
    sort_key: str | None  # a ContactQuery sort key, or None
    text: Callable[[ContactRow], str]
    align_right: bool = False
    width: int = 160
    hidden_by_default: bool = False


PERSON_COLUMNS: tuple[ContactColumn, ...] = (
    ContactColumn("name", "Name", "name", lambda r: r.name, width=200),
    ContactColumn("organization", "Organisation", "organization", lambda r: r.organization or "", width=190),
    ContactColumn("email", "Email", None, lambda r: r.email, width=220),
    ContactColumn("phone", "Phone", None, lambda r: r.phone, width=140),
    ContactColumn("jobs", "Jobs", None, lambda r: str(r.jobs) if r.jobs else "", align_right=True, width=60),
    ContactColumn("address", "Address", None, lambda r: r.address, width=240),
    ContactColumn(
        "id", "Id", "created", lambda r: str(r.id), align_right=True, width=70, hidden_by_default=True
    ),
)
ORGANIZATION_COLUMNS: tuple[ContactColumn, ...] = (
    ContactColumn("name", "Name", "name", lambda r: r.name, width=240),
    ContactColumn("email", "Email", None, lambda r: r.email, width=220),
    ContactColumn("phone", "Phone", None, lambda r: r.phone, width=140),
    ContactColumn(
        "people", "People", None, lambda r: str(r.people) if r.people else "", align_right=True, width=70
    ),
    ContactColumn("jobs", "Jobs", None, lambda r: str(r.jobs) if r.jobs else "", align_right=True, width=60),
    ContactColumn("address", "Address", None, lambda r: r.address, width=240),
    ContactColumn(
        "id", "Id", "created", lambda r: str(r.id), align_right=True, width=70, hidden_by_default=True
    ),
)


def columns_for(kind: str) -> tuple[ContactColumn, ...]:
    return PERSON_COLUMNS if kind == PERSON else ORGANIZATION_COLUMNS


class _CountSignals(QObject):
    done = Signal(int, int)  # generation, count (-1 when the count failed)


class _CountTask(QRunnable):
    def __init__(
        self, sessions: SessionFactory, query: ContactQuery, generation: int, signals: _CountSignals
    ) -> None:
        super().__init__()
        self._sessions, self._query, self._generation, self._signals = sessions, query, generation, signals

    def run(self) -> None:
        try:
            count = count_contacts(self._sessions, self._query)
        except Exception:
            count = -1
        with contextlib.suppress(RuntimeError):  # the model is gone
            self._signals.done.emit(self._generation, count)


class ContactTableModel(QAbstractTableModel):
    """Rows of the people or organisations matching a `ContactQuery`, read on demand."""

    count_known = Signal(int)

    def __init__(self, sessions: SessionFactory, query: ContactQuery, parent: Any = None) -> None:
        super().__init__(parent)
        if query.kind not in (PERSON, ORGANIZATION):
            raise ValueError(f"unknown kind {query.kind!r}")
        self._sessions = sessions
        self._query = query
        self.columns = columns_for(query.kind)
        self._count = 0
        self._loaded = False
        self._counting = False
        self._generation = 0
        self._count_signals = _CountSignals()
        self._count_signals.done.connect(self._count_done)
        self._count_timer = QTimer(self)
        self._count_timer.setSingleShot(True)
        self._count_timer.setInterval(COUNT_DELAY_MS)
        self._count_timer.timeout.connect(self._start_count)
        self._ids: array[int] | None = None
        self._blocks: OrderedDict[int, list[ContactRow]] = OrderedDict()
        self._painted: dict[int, tuple[tuple[str, ...], bool]] = {}
        self.fetches = 0

    # -- query ---------------------------------------------------------------------------

    def query(self) -> ContactQuery:
        return self._query

    def set_query(self, query: ContactQuery) -> None:
        self.beginResetModel()
        self._query = query
        self._loaded = True
        self._clear()
        self._count = len(self._read_head())
        self.endResetModel()
        if not self._counting:
            self.count_known.emit(self._count)

    def refresh(self) -> None:
        """Read again after contacts changed, keeping the selection where rows stay."""
        if not self._loaded:
            return
        self._clear()
        head = self._read_head()
        self._resize(len(head) if not self._counting else max(self._count, len(head)))
        if self._count:
            self.dataChanged.emit(self.index(0, 0), self.index(self._count - 1, len(self.columns) - 1))
        if not self._counting:
            self.count_known.emit(self._count)

    def _read_head(self) -> list[int]:
        self._generation += 1
        head = list_contact_ids(self._sessions, self._query, offset=0, limit=BLOCK + 1)
        self._store(0, head[:BLOCK])
        self._counting = len(head) > BLOCK
        if self._counting:
            self._count_timer.start()
        else:
            self._count_timer.stop()
        return head

    def _start_count(self) -> None:
        task = _CountTask(self._sessions, self._query, self._generation, self._count_signals)
        QThreadPool.globalInstance().start(task)

    def _count_done(self, generation: int, count: int) -> None:
        if generation != self._generation or count < 0:
            return
        self._counting = False
        self._resize(count)
        self.count_known.emit(count)

    def _resize(self, count: int) -> None:
        if count > self._count:
            self.beginInsertRows(QModelIndex(), self._count, count - 1)
            self._count = count
            self.endInsertRows()
        elif count < self._count:
            self.beginRemoveRows(QModelIndex(), count, self._count - 1)
            self._count = count
            self.endRemoveRows()

    def is_counting(self) -> bool:
        return self._counting

    def wait_for_count(self, timeout_ms: int = 30_000) -> int:
        """Block until the background count is in (tests, benchmarks)."""
        if self._count_timer.isActive():
            self._count_timer.stop()
            self._start_count()
        QThreadPool.globalInstance().waitForDone(timeout_ms)
        QCoreApplication.sendPostedEvents(self._count_signals)
        QCoreApplication.processEvents()
        return self._count

    def _clear(self) -> None:
        self._ids = None
        self._blocks.clear()
        self._painted.clear()

    # -- rows ----------------------------------------------------------------------------

    def _block(self, number: int) -> list[ContactRow]:
        block = self._blocks.get(number)
        if block is not None:
            self._blocks.move_to_end(number)
            return block
        start = number * BLOCK
        ids: Sequence[int]
        if self._ids is None and start < DIRECT_ROWS:
            ids = list_contact_ids(self._sessions, self._query, offset=start, limit=BLOCK)
        else:
            if self._ids is None:
                self._ids = contact_id_array(self._sessions, self._query)
            ids = self._ids[start : start + BLOCK].tolist()
        return self._store(number, ids)

    def _store(self, number: int, ids: Sequence[int]) -> list[ContactRow]:
        block = get_rows(self._sessions, self._query.kind, ids)
        self.fetches += 1
        self._blocks[number] = block
        for row in range(number * BLOCK, number * BLOCK + BLOCK):
            self._painted.pop(row, None)
        while len(self._blocks) > MAX_BLOCKS:
            dropped, _ = self._blocks.popitem(last=False)
            for row in range(dropped * BLOCK, dropped * BLOCK + BLOCK):
                self._painted.pop(row, None)
        return block

    def contact(self, row: int) -> ContactRow | None:
        if not 0 <= row < self._count:
            return None
        block = self._block(row // BLOCK)
        offset = row % BLOCK
        return block[offset] if offset < len(block) else None

    def contact_id(self, row: int) -> int | None:
        contact = self.contact(row)
        return contact.id if contact else None

    def row_of(self, contact_id: int) -> int | None:
        for number, block in self._blocks.items():
            for offset, contact in enumerate(block):
                if contact.id == contact_id:
                    return number * BLOCK + offset
        return None

    def painted_row(self, row: int) -> tuple[tuple[str, ...], bool] | None:
        """Every column's text of a row and whether it is archived, computed once."""
        shown = self._painted.get(row)
        if shown is not None:
            return shown
        contact = self.contact(row)
        if contact is None:
            return None
        shown = self._painted[row] = (tuple(c.text(contact) for c in self.columns), contact.archived)
        return shown

    # -- Qt model ------------------------------------------------------------------------

    def index(self, row: int, column: int, parent: _Index = _ROOT) -> QModelIndex:
        if 0 <= row < self._count and 0 <= column < len(self.columns) and not parent.isValid():
            return self.createIndex(row, column)
        return QModelIndex()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else self._count

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        role = int(role)
        if not index.isValid():
            return None
        row, column = index.row(), index.column()
        if row >= self._count or column >= len(self.columns):
            return None
        if role == _DISPLAY:
            painted = self.painted_row(row)
            return None if painted is None else painted[0][column]
        if role == _ALIGNMENT:
            return _RIGHT if self.columns[column].align_right else _LEFT
        if role not in (_FOREGROUND, _TOOLTIP, CONTACT_ID_ROLE, ROW_ROLE):
            return None
        contact = self.contact(row)
        if contact is None:
            return None
        if role == CONTACT_ID_ROLE:
            return contact.id
        if role == ROW_ROLE:
            return contact
        if role == _FOREGROUND:
            return archived_colour() if contact.archived else None
        return self.columns[column].text(contact) or None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.columns):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.columns[section].title
        if role == Qt.ItemDataRole.TextAlignmentRole and self.columns[section].align_right:
            return _RIGHT
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        return _ROW_FLAGS if index.isValid() else Qt.ItemFlag.NoItemFlags

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort in SQL; columns without a sort key keep the order."""
        if not 0 <= column < len(self.columns):
            return
        key = self.columns[column].sort_key
        if key is None:
            return
        descending = order == Qt.SortOrder.DescendingOrder
        if key == self._query.sort and descending == self._query.descending:
            return
        if self._loaded:
            self.set_query(replace(self._query, sort=key, descending=descending))
        else:
            self._query = replace(self._query, sort=key, descending=descending)
