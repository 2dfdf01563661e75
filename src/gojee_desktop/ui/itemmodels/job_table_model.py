"""A lazy, SQL-backed table of jobs: it never holds every row.

A new query reads only the first block of rows (`BLOCK` + 1 ids tells whether there are
more). When there are more, the exact count runs on a worker thread and the rows are
appended when it arrives, so a keystroke never waits for COUNT over a million jobs. Rows
are read in blocks as the view asks for them: the first blocks with OFFSET/LIMIT in the
query's own order, and once the user goes past them the ordered id list is read once into
a compact array so any later block is a primary-key lookup. Only the blocks seen recently
are kept. Sorting and filtering are SQL (JobQuery), never a proxy."""

from __future__ import annotations

import contextlib
from array import array
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRunnable,
    Qt,
    QThreadPool,
    QTimer,
    Signal,
)
from PySide6.QtGui import QColor

from gojee_desktop import locales
from gojee_desktop.money import format_money
from gojee_desktop.services.activities import local_now
from gojee_desktop.services.dto import JobSummary
from gojee_desktop.services.job_query import JobQuery, count_jobs, job_id_array, list_job_ids
from gojee_desktop.services.jobs import get_summaries
from gojee_desktop.store.database import SessionFactory
from gojee_desktop.ui import theme

BLOCK = 64
#: Rows read by OFFSET/LIMIT before the whole id list is read.
DIRECT_ROWS = 4 * BLOCK
#: Blocks of summaries kept in memory.
MAX_BLOCKS = 64
#: Pause between showing a query's first rows and counting all of them.
COUNT_DELAY_MS = 60

JOB_ID_ROLE = Qt.ItemDataRole.UserRole.value + 1
SUMMARY_ROLE = Qt.ItemDataRole.UserRole.value + 2

_Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()

_DISPLAY = Qt.ItemDataRole.DisplayRole.value
_ALIGNMENT = Qt.ItemDataRole.TextAlignmentRole.value
_FOREGROUND = Qt.ItemDataRole.ForegroundRole.value
_TOOLTIP = Qt.ItemDataRole.ToolTipRole.value
_ROLES = frozenset({_DISPLAY, _ALIGNMENT, _FOREGROUND, _TOOLTIP, int(JOB_ID_ROLE), int(SUMMARY_ROLE)})
_LEFT = int((Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter).value)
_RIGHT = int((Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter).value)
_ROW_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


def archived_colour() -> QColor:
    """Text of archived rows (muted, still readable in light and dark)."""
    return theme.color("archived")


def format_date(value: date | None, locale: str | None = None) -> str:
    """A date (or a moment's day) in the display locale's short format, or empty."""
    if isinstance(value, datetime):
        value = value.date()
    return locales.format_date(value, locale)


@dataclass(frozen=True)
class Column:
    key: str
    title: str
    sort_key: str | None  # a JobQuery sort key, or None when the column cannot be sorted
    text: Callable[[JobSummary], str]
    align_right: bool = False
    width: int = 120
    hidden_by_default: bool = False


COLUMNS: tuple[Column, ...] = (
    Column("number", "Number", "number", lambda s: s.number, width=90),
    Column("title", "Title", "title", lambda s: s.title, width=260),
    Column("customer", "Customer", "customer", lambda s: s.customer_name or "", width=160),
    Column("organization", "Organisation", "organization", lambda s: s.organization or "", width=170),
    Column(
        "value", "Value", "value", lambda s: format_money(s.value, s.currency), align_right=True, width=110
    ),
    Column("stage", "Stage", "stage", lambda s: s.stage or "", width=120),
    Column("status", "Status", "status", lambda s: s.status or "", width=110),
    Column("labels", "Labels", None, lambda s: ", ".join(s.labels), width=140),
    Column("assignees", "Assignees", None, lambda s: ", ".join(s.assignees), width=140),
    Column("source_channel", "Source", "source_channel", lambda s: s.source_channel or "", width=110),
    Column(
        "expected_close",
        "Expected close",
        "expected_close",
        lambda s: format_date(s.expected_close),
        width=110,
    ),
    Column("next_activity", "Next activity", "next_activity", lambda s: s.next_activity_text, width=210),
    Column(
        "created",
        "Created",
        "created",
        lambda s: format_date(s.created_at),
        width=100,
        hidden_by_default=True,
    ),
    Column(
        "updated",
        "Updated",
        "updated",
        lambda s: format_date(s.updated_at),
        width=100,
        hidden_by_default=True,
    ),
    Column("currency", "Currency", "currency", lambda s: s.currency, width=70, hidden_by_default=True),
)
COLUMN_KEYS = tuple(c.key for c in COLUMNS)
_COLUMN_COUNT = len(COLUMNS)


def column_index(key: str) -> int:
    return COLUMN_KEYS.index(key)


NEXT_ACTIVITY_COLUMN = column_index("next_activity")


#: The Next activity cell of a job whose next activity is overdue.
def overdue_colour() -> QColor:
    return theme.color("overdue")


class _CountSignals(QObject):
    done = Signal(int, int)  # generation, count (-1 when the count failed)


class _CountTask(QRunnable):
    """COUNT(*) of a query on a pool thread (services are plain Python, safe off the GUI)."""

    def __init__(
        self, sessions: SessionFactory, query: JobQuery, generation: int, signals: _CountSignals
    ) -> None:
        super().__init__()
        self._sessions, self._query, self._generation, self._signals = sessions, query, generation, signals

    def run(self) -> None:
        try:
            count = count_jobs(self._sessions, self._query)
        except Exception:
            count = -1
        with contextlib.suppress(RuntimeError):  # the model is gone (the window closed meanwhile)
            self._signals.done.emit(self._generation, count)


class JobTableModel(QAbstractTableModel):
    """Rows of the jobs matching a `JobQuery`, read on demand."""

    #: The exact number of rows is known (after a background count, or at once when small).
    count_known = Signal(int)

    def __init__(self, sessions: SessionFactory, query: JobQuery, parent: Any = None) -> None:
        super().__init__(parent)
        self._sessions = sessions
        self._query = query
        self._count = 0
        self._loaded = False  # nothing is read before the first set_query
        self._counting = False
        self._generation = 0
        self._count_signals = _CountSignals()
        self._count_signals.done.connect(self._count_done)
        # The count starts a moment after the first rows are shown, so it never competes
        # with painting them, and a query replaced within that moment is never counted.
        self._count_timer = QTimer(self)
        self._count_timer.setSingleShot(True)
        self._count_timer.setInterval(COUNT_DELAY_MS)
        self._count_timer.timeout.connect(self._start_count)
        self._ids: array[int] | None = None
        self._blocks: OrderedDict[int, list[JobSummary]] = OrderedDict()
        # Display texts (and archived flag) of the rows shown, computed once: data() and the
        # delegate are then a lookup. Rows of a block leave with the block.
        self._painted: dict[int, tuple[tuple[str, ...], bool]] = {}
        self.fetches = 0  # block reads, for tests and benchmarks

    # -- query ---------------------------------------------------------------------------

    def query(self) -> JobQuery:
        return self._query

    def set_query(self, query: JobQuery) -> None:
        """Show the jobs of another query (new filters, search text or order)."""
        self.beginResetModel()
        self._query = query
        self._loaded = True
        self._clear()
        head = self._read_head()
        self._count = len(head)
        self.endResetModel()
        if not self._counting:
            self.count_known.emit(self._count)

    def refresh(self) -> None:
        """Read again after jobs changed; rows are added or removed at the end, so the
        selection and scroll position stay."""
        if not self._loaded:
            return
        self._clear()
        head = self._read_head()
        self._resize(len(head) if not self._counting else max(self._count, len(head)))
        if self._count:
            self.dataChanged.emit(self.index(0, 0), self.index(self._count - 1, len(COLUMNS) - 1))
        if not self._counting:
            self.count_known.emit(self._count)

    def _read_head(self) -> list[int]:
        """The first block's ids and rows; starts the background count if there are more."""
        self._generation += 1
        head = list_job_ids(self._sessions, self._query, offset=0, limit=BLOCK + 1)
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
        """True while the exact row count is still being worked out."""
        return self._counting

    def wait_for_count(self, timeout_ms: int = 30_000) -> int:
        """Block until the background count is in (tests, benchmarks); returns the count."""
        if self._count_timer.isActive():
            self._count_timer.stop()
            self._start_count()
        QThreadPool.globalInstance().waitForDone(timeout_ms)
        from PySide6.QtCore import QCoreApplication

        QCoreApplication.sendPostedEvents(self._count_signals)
        QCoreApplication.processEvents()
        return self._count

    def _clear(self) -> None:
        self._ids = None
        self._blocks.clear()
        self._painted.clear()

    # -- rows ----------------------------------------------------------------------------

    def _block(self, number: int) -> list[JobSummary]:
        block = self._blocks.get(number)
        if block is not None:
            self._blocks.move_to_end(number)
            return block
        start = number * BLOCK
        ids: Sequence[int]
        if self._ids is None and start < DIRECT_ROWS:
            ids = list_job_ids(self._sessions, self._query, offset=start, limit=BLOCK)
        else:
            if self._ids is None:
                self._ids = job_id_array(self._sessions, self._query)
            ids = self._ids[start : start + BLOCK].tolist()
        return self._store(number, ids)

    def _store(self, number: int, ids: Sequence[int]) -> list[JobSummary]:
        block = get_summaries(self._sessions, ids)
        self.fetches += 1
        self._blocks[number] = block
        for row in range(number * BLOCK, number * BLOCK + BLOCK):
            self._painted.pop(row, None)
        while len(self._blocks) > MAX_BLOCKS:
            dropped, _ = self._blocks.popitem(last=False)
            for row in range(dropped * BLOCK, dropped * BLOCK + BLOCK):
                self._painted.pop(row, None)
        return block

    def summary(self, row: int) -> JobSummary | None:
        """The job shown on a row (read from the database if not in memory)."""
        if not 0 <= row < self._count:
            return None
        block = self._block(row // BLOCK)
        offset = row % BLOCK
        return block[offset] if offset < len(block) else None

    def row_texts(self, row: int) -> tuple[str, ...] | None:
        """The display text of every column of a row, or None past the end."""
        shown = self.painted_row(row)
        return None if shown is None else shown[0]

    def painted_row(self, row: int) -> tuple[tuple[str, ...], bool] | None:
        """What the table paints of a row: every column's text and whether the job is
        archived (muted), computed once per row read. The delegate reads this with one call
        a cell instead of a data() call per role."""
        shown = self._painted.get(row)
        if shown is not None:
            return shown
        summary = self.summary(row)
        if summary is None:
            return None
        shown = self._painted[row] = (tuple(c.text(summary) for c in COLUMNS), summary.archived)
        return shown

    def job_id(self, row: int) -> int | None:
        summary = self.summary(row)
        return summary.id if summary else None

    def row_of(self, job_id: int) -> int | None:
        """The row of a job among the rows already read, or None."""
        for number, block in self._blocks.items():
            for offset, summary in enumerate(block):
                if summary.id == job_id:
                    return number * BLOCK + offset
        return None

    # -- Qt model ------------------------------------------------------------------------

    def index(self, row: int, column: int, parent: _Index = _ROOT) -> QModelIndex:
        # The view asks an index of every cell it paints: one call into Python instead of the
        # two (rowCount, columnCount) of the inherited bounds check.
        if 0 <= row < self._count and 0 <= column < _COLUMN_COUNT and not parent.isValid():
            return self.createIndex(row, column)
        return QModelIndex()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else self._count

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # Plain ints and a table of answers: the view asks ~8 roles of every visible cell on
        # each paint, so this must be a lookup (enum comparisons alone cost 7x more).
        role = int(role)
        if role not in _ROLES or not index.isValid():
            return None
        row, column = index.row(), index.column()
        if row >= self._count or column >= len(COLUMNS):
            return None
        if role == _DISPLAY:
            row_texts = self.row_texts(row)
            return None if row_texts is None else row_texts[column]
        if role == _ALIGNMENT:
            return _RIGHT if COLUMNS[column].align_right else _LEFT
        summary = self.summary(row)
        if summary is None:
            return None
        if role == JOB_ID_ROLE:
            return summary.id
        if role == SUMMARY_ROLE:
            return summary
        if role == _FOREGROUND:
            if column == NEXT_ACTIVITY_COLUMN and summary.next_activity_overdue(local_now()):
                return overdue_colour()
            return archived_colour() if summary.archived else None
        return COLUMNS[column].text(summary) or None  # the tooltip: the whole text

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(COLUMNS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section].title
        if role == Qt.ItemDataRole.TextAlignmentRole and COLUMNS[section].align_right:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        return _ROW_FLAGS if index.isValid() else Qt.ItemFlag.NoItemFlags

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort in SQL. Columns without a sort key (labels, assignees) keep the order."""
        if not 0 <= column < len(COLUMNS):
            return
        key = COLUMNS[column].sort_key
        if key is None:
            return
        descending = order == Qt.SortOrder.DescendingOrder
        if key == self._query.sort and descending == self._query.descending:
            return
        if self._loaded:
            self.set_query(replace(self._query, sort=key, descending=descending))
        else:  # a restored header before the first load: remember the order only
            self._query = replace(self._query, sort=key, descending=descending)
