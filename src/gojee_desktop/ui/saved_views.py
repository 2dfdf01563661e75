"""Saved views: a named filter, sort and column layout per pipeline, kept in QSettings
(per user, like the column widths; no schema change needed)."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, fields, replace
from datetime import date
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QByteArray, QSettings

from gojee_desktop.services.job_query import JobQuery

_TUPLES = ("stage_ids", "status_ids", "label_ids", "assignee_ids", "source_channel_ids")
_DECIMALS = ("value_min", "value_max")
_DATES = ("close_from", "close_to")
_SKIPPED = ("lifecycle", "text", "extra", "figure")  # a dashboard figure is not saved in a view


def query_to_dict(query: JobQuery) -> dict[str, Any]:
    """The filters and sort of a query as JSON-friendly values."""
    result: dict[str, Any] = {}
    for item in fields(JobQuery):
        if item.name in _SKIPPED:
            continue
        value = getattr(query, item.name)
        if item.name in _TUPLES:
            value = list(value)
        elif item.name in _DECIMALS or item.name in _DATES:
            value = None if value is None else str(value)
        result[item.name] = value
    return result


def query_from_dict(data: dict[str, Any], base: JobQuery) -> JobQuery:
    """Back to a query on `base` (its lifecycle and search text); unknown keys are ignored."""
    changes: dict[str, Any] = {}
    for key, value in data.items():
        if key in _TUPLES:
            changes[key] = tuple(int(v) for v in value)
        elif key in _DECIMALS:
            changes[key] = None if value is None else Decimal(value)
        elif key in _DATES:
            changes[key] = None if value is None else date.fromisoformat(value)
        elif key in ("no_stage", "descending"):
            changes[key] = bool(value)
        elif key == "archived":
            changes[key] = None if value is None else bool(value)
        elif key == "sort":
            changes[key] = str(value)
    return replace(base, **changes)


@dataclass(frozen=True)
class SavedView:
    name: str
    filters: dict[str, Any]
    columns: QByteArray


class SavedViews:
    """The saved views of one pipeline ('lead' or 'customer_job'), or of another list whose
    query `to_dict` turns into JSON-friendly values (the Contacts pages)."""

    def __init__(
        self, settings: QSettings, lifecycle: str, to_dict: Callable[[Any], dict[str, Any]] = query_to_dict
    ) -> None:
        self._settings = settings
        self._prefix = f"views/{lifecycle}"
        self._to_dict = to_dict

    def _all(self) -> dict[str, Any]:
        raw = self._settings.value(f"{self._prefix}/saved", "")
        try:
            data = json.loads(str(raw)) if raw else {}
        except ValueError:
            return {}
        return data if isinstance(data, dict) else {}

    def names(self) -> list[str]:
        return sorted(self._all(), key=str.lower)

    def get(self, name: str) -> SavedView | None:
        data = self._all().get(name)
        if not isinstance(data, dict):
            return None
        columns = QByteArray.fromBase64(str(data.get("columns", "")).encode())
        return SavedView(name=name, filters=dict(data.get("filters", {})), columns=columns)

    def save(self, name: str, query: Any, columns: QByteArray) -> SavedView:
        cleaned = name.strip()
        if not cleaned:
            raise ValueError("A view needs a name.")
        data = self._all()
        data[cleaned] = {
            "filters": self._to_dict(query),
            "columns": bytes(columns.toBase64().data()).decode(),
        }
        self._settings.setValue(f"{self._prefix}/saved", json.dumps(data))
        view = self.get(cleaned)
        assert view is not None
        return view

    def delete(self, name: str) -> None:
        data = self._all()
        data.pop(name, None)
        self._settings.setValue(f"{self._prefix}/saved", json.dumps(data))
        if self.current() == name:
            self.set_current("")

    def current(self) -> str:
        return str(self._settings.value(f"{self._prefix}/current", "") or "")

    def set_current(self, name: str) -> None:
        self._settings.setValue(f"{self._prefix}/current", name)
