"""A job's timeline as rows: when, kind, what, who. Open activities are red when overdue;
done ones are grey."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QFont

from gojee_desktop.locales import format_day, format_time
from gojee_desktop.services.activities import TimelineEntry, today
from gojee_desktop.ui import theme
from gojee_desktop.ui.itemmodels.row_list_model import RowListModel

HEADERS = ["When", "Kind", "What", "Who"]
EntryRole = Qt.ItemDataRole.UserRole + 1
KIND_NAMES = {"activity": "Activity", "note": "Note", "history": "Change", "attachment": "File"}


def when_text(entry: TimelineEntry) -> str:
    """Due day (and time) for an open activity, else the local time it happened."""
    info = entry.activity
    if info is not None and not info.done:
        day = format_day(info.due_date, this_year=today().year)
        return f"Due {day}" + (f" {format_time(info.due_time)}" if info.due_time else "")
    moment = entry.at.astimezone()  # local time
    when = f"{format_day(moment.date(), this_year=today().year)} {format_time(moment.time())}"
    return ("Done " if info is not None else "") + when


class TimelineModel(RowListModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(HEADERS, parent)
        self.now = datetime.now()

    def set_entries(self, entries: list[TimelineEntry], now: datetime) -> None:
        self.now = now
        self._set_rows(entries)

    def entry(self, row: int) -> TimelineEntry | None:
        entry: TimelineEntry | None = self._row(row)
        return entry

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        entry = self.entry(index.row()) if index.isValid() else None
        if entry is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            kind = KIND_NAMES[entry.kind]
            if entry.activity is not None:
                kind = entry.activity.kind.capitalize()
            values = [when_text(entry), kind, entry.title, entry.actor]
            return values[column] if 0 <= column < len(values) else None
        info = entry.activity
        if role == Qt.ItemDataRole.ForegroundRole and info is not None:
            if info.done:
                return QBrush(theme.color("done"))
            if info.is_overdue(self.now):
                return QBrush(theme.color("overdue"))
            return None
        if role == Qt.ItemDataRole.FontRole and info is not None and info.done and column == 2:
            font = QFont()
            font.setStrikeOut(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole and column == 2:
            return entry.detail or entry.title
        if role == EntryRole:
            return entry
        return None
