"""The Activities page as a two-level tree: the groups Overdue, Today, This week, Later and
Done, each holding its activities. Lazy and SQL-backed: a group loads its first page when the
model is (re)loaded and further pages as the view scrolls (`fetchMore`); its count stops at
`COUNT_CAP`, so a million done activities cost no more to open than a hundred."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QByteArray,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QFont

from gojee_desktop.locales import format_day, format_time
from gojee_desktop.services import activities
from gojee_desktop.services.activities import ActivityInfo, ActivityQuery
from gojee_desktop.store.database import SessionFactory
from gojee_desktop.ui import theme

GROUPS = (
    ("overdue", "Overdue"),
    ("today", "Today"),
    ("this_week", "This week"),
    ("later", "Later"),
    ("done", "Done"),
)
HEADERS = ["Subject", "Kind", "Due", "Job", "Assignee"]
#: Groups an activity can be dragged into (a new due day); Done is reached by marking done.
DROP_SCOPES = ("overdue", "today", "this_week", "later")
ACTIVITY_MIME = "application/x-gojee-activity-id"
#: What an empty group says (one grey row), so an empty page still tells what to do.
EMPTY_HINTS = {
    "overdue": "Nothing overdue.",
    "today": "Nothing due today: drag an activity here to do it today.",
    "this_week": "Nothing more this week: drag an activity here to do it tomorrow.",
    "later": "Nothing planned after this week: drag an activity here for next Monday.",
    "done": "Nothing done yet: select an activity and press Space when it is done.",
}
NO_ACTIVITIES_HINT = (
    "No activities yet: select a job in Leads or Customer jobs and press Ctrl+Shift+A to plan one."
)
SUNDAY_HINT = "The week ends today: drag an activity to Today or Later."
PAGE_SIZE = 50
COUNT_CAP = 1000
ActivityRole = Qt.ItemDataRole.UserRole + 1
GroupRole = Qt.ItemDataRole.UserRole + 2
_Index = QModelIndex | QPersistentModelIndex


@dataclass
class _Group:
    scope: str
    title: str
    rows: list[ActivityInfo] = field(default_factory=list)
    total: int = 0  # capped at COUNT_CAP


def due_text(info: ActivityInfo) -> str:
    """The due day (and time) in the display locale: `Tue 15 Dec 9:30 am`."""
    text = format_day(info.due_date, this_year=activities.today().year)
    return text + (f" {format_time(info.due_time)}" if info.due_time else "")


class ActivitiesModel(QAbstractItemModel):
    #: An activity was dropped into another day group: (activity id, the group's scope). The
    #: page asks for the change; the model never moves rows itself.
    reschedule_requested = Signal(int, str)

    def __init__(self, sessions: SessionFactory, parent: Any = None) -> None:
        super().__init__(parent)
        #: Set by the page: groups grow only when it calls `fetchMore` for rows coming into
        #: view, not each time the view expands or lays out a group.
        self.fetch_on_demand = False
        self._sessions = sessions
        self._groups = [_Group(scope, title) for scope, title in GROUPS]
        self._assignee: int | None = None
        self.now = activities.local_now()

    # -- loading ----------------------------------------------------------------------------

    def _query(self, scope: str) -> ActivityQuery:
        return ActivityQuery(scope=scope, assignee=self._assignee)

    def set_assignee(self, assignee_id: int | None) -> None:
        self._assignee = assignee_id
        self.reload()

    def assignee(self) -> int | None:
        return self._assignee

    def reload(self) -> None:
        """Each group's first page and capped count, read again (after any change)."""
        self.now = activities.local_now()
        self.beginResetModel()
        for group in self._groups:
            query = self._query(group.scope)
            group.rows = activities.list_activities(self._sessions, query, limit=PAGE_SIZE, now=self.now)
            if len(group.rows) < PAGE_SIZE:
                group.total = len(group.rows)
            else:
                group.total = activities.count_activities(self._sessions, query, now=self.now, cap=COUNT_CAP)
        self.endResetModel()

    def canFetchMore(self, parent: _Index) -> bool:
        return not self.fetch_on_demand and self.has_more(parent)

    def has_more(self, parent: _Index) -> bool:
        group = self._group_of(parent)
        return group is not None and len(group.rows) < group.total

    def fetchMore(self, parent: _Index) -> None:
        group = self._group_of(parent)
        if group is None or not group.rows:
            return  # an empty group (its hint shown) is filled by the next reload
        more = activities.list_activities(
            self._sessions, self._query(group.scope), offset=len(group.rows), limit=PAGE_SIZE, now=self.now
        )
        if len(more) < PAGE_SIZE:
            group.total = len(group.rows) + len(more)  # the end: the count is exact now
        elif len(group.rows) + len(more) >= group.total:
            group.total = len(group.rows) + len(more) + 1  # past the cap: one more page may follow
        if not more:
            return
        start = len(group.rows)
        self.beginInsertRows(parent, start, start + len(more) - 1)
        group.rows.extend(more)
        self.endInsertRows()

    # -- structure --------------------------------------------------------------------------

    def _group_of(self, index: _Index) -> _Group | None:
        """The group a top-level index stands for."""
        if index.isValid() and index.internalId() == 0 and index.column() == 0:
            return self._groups[index.row()] if 0 <= index.row() < len(self._groups) else None
        return None

    def index(self, row: int, column: int, parent: _Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, 0)
        return self.createIndex(row, column, parent.row() + 1)

    def parent(self, index: _Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        if not index.isValid() or index.internalId() == 0:
            return QModelIndex()
        return self.createIndex(int(index.internalId()) - 1, 0, 0)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        if not parent.isValid():
            return len(self._groups)
        group = self._group_of(parent)
        if group is None:
            return 0
        return len(group.rows) or 1  # an empty group shows its hint

    def is_hint(self, index: _Index) -> bool:
        """The grey row standing in an empty group."""
        if not index.isValid() or index.internalId() == 0:
            return False
        return not self._groups[int(index.internalId()) - 1].rows

    def hint(self, scope: str) -> str:
        if all(not group.rows for group in self._groups):
            return NO_ACTIVITIES_HINT if scope == "overdue" else ""
        if scope == "this_week" and activities.day_for_group("this_week", self.now.date()) is None:
            return SUNDAY_HINT
        return EMPTY_HINTS.get(scope, "")

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return len(HEADERS)

    def hasChildren(self, parent: _Index = QModelIndex()) -> bool:  # noqa: B008
        if not parent.isValid():
            return True
        return self._group_of(parent) is not None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        drop = (
            Qt.ItemFlag.ItemIsDropEnabled if self.scope_at(index) in DROP_SCOPES else Qt.ItemFlag.NoItemFlags
        )
        if index.internalId() == 0 or self.is_hint(index):
            return Qt.ItemFlag.ItemIsEnabled | drop
        info = self.activity(index)
        drag = (
            Qt.ItemFlag.ItemIsDragEnabled if info is not None and not info.done else Qt.ItemFlag.NoItemFlags
        )
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | drag | drop

    # -- drag and drop: reschedule into another day group --------------------------------------

    def scope_at(self, index: _Index) -> str | None:
        """The group a group header or an activity row belongs to."""
        if not index.isValid():
            return None
        number = index.row() if index.internalId() == 0 else int(index.internalId()) - 1
        return self._groups[number].scope if 0 <= number < len(self._groups) else None

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [ACTIVITY_MIME]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        data = QMimeData()
        ids = [info.id for info in (self.activity(i) for i in indexes) if info is not None]
        if ids:
            data.setData(ACTIVITY_MIME, QByteArray(str(ids[0]).encode()))
        return data

    def dropped_id(self, data: QMimeData | None) -> int | None:
        if data is None or not data.hasFormat(ACTIVITY_MIME):
            return None
        try:
            return int(bytes(data.data(ACTIVITY_MIME).data()).decode())
        except ValueError:
            return None

    def canDropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: _Index
    ) -> bool:
        activity_id = self.dropped_id(data)
        target = self.scope_at(parent)
        if activity_id is None or target not in DROP_SCOPES:
            return False
        return self.scope_at(self.index_of(activity_id)) != target

    def dropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: _Index
    ) -> bool:
        """Asks for the new due day (`reschedule_requested`); rows change when the page reloads."""
        if not self.canDropMimeData(data, action, row, column, parent):
            return False
        activity_id, target = self.dropped_id(data), self.scope_at(parent)
        assert activity_id is not None and target is not None
        self.reschedule_requested.emit(activity_id, target)
        return True

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(HEADERS)
        ):
            return HEADERS[section]
        return None

    # -- data -------------------------------------------------------------------------------

    def activity(self, index: _Index) -> ActivityInfo | None:
        if not index.isValid() or index.internalId() == 0:
            return None
        group = self._groups[int(index.internalId()) - 1]
        return group.rows[index.row()] if 0 <= index.row() < len(group.rows) else None

    def group_title(self, row: int) -> str:
        group = self._groups[row]
        count = (
            f"{COUNT_CAP:,}+"
            if group.total >= COUNT_CAP and len(group.rows) < group.total
            else f"{group.total:,}"
        )
        return f"{group.title} ({count})"

    def group_scope(self, row: int) -> str:
        return self._groups[row].scope

    def first_activity(self) -> QModelIndex:
        """The first activity of the first group that has one (what the page selects)."""
        for number, group in enumerate(self._groups):
            if group.rows:
                return self.index(0, 0, self.index(number, 0))
        return QModelIndex()

    def index_of(self, activity_id: int) -> QModelIndex:
        for number, group in enumerate(self._groups):
            for row, info in enumerate(group.rows):
                if info.id == activity_id:
                    return self.index(row, 0, self.index(number, 0))
        return QModelIndex()

    def _hint_data(self, index: _Index, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and index.column() == 0:
            return self.hint(self._groups[int(index.internalId()) - 1].scope)
        if role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(theme.color("muted"))
        if role == Qt.ItemDataRole.FontRole:
            font = QFont()
            font.setItalic(True)
            return font
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if index.internalId() == 0:
            if role == Qt.ItemDataRole.DisplayRole and index.column() == 0:
                return self.group_title(index.row())
            if role == Qt.ItemDataRole.FontRole:
                font = QFont()
                font.setBold(True)
                return font
            if role == GroupRole:
                return self._groups[index.row()].scope
            if role == Qt.ItemDataRole.ForegroundRole and self._groups[index.row()].scope == "overdue":
                return QBrush(theme.color("overdue"))
            return None
        if self.is_hint(index):
            return self._hint_data(index, role)
        info = self.activity(index)
        if info is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            values = [
                info.subject,
                info.kind.capitalize(),
                due_text(info),
                f"{info.job_number} {info.job_title}",
                info.assignee,
            ]
            return values[column] if 0 <= column < len(values) else None
        if role == Qt.ItemDataRole.ForegroundRole:
            if info.done:
                return QBrush(theme.color("done"))
            if info.is_overdue(self.now):
                return QBrush(theme.color("overdue"))
            return None
        if role == Qt.ItemDataRole.ToolTipRole and column == 0 and info.note:
            return info.note
        if role == ActivityRole:
            return info
        return None
