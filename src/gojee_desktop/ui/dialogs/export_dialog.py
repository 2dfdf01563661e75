"""File › Export this list…: ask where, write the page's jobs (search, filters, sort) as CSV
or XLSX through the export service, and say how many rows went out."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from gojee_desktop.services.capture.exporter import ExportResult, export_jobs
from gojee_desktop.services.errors import GojeeError
from gojee_desktop.services.job_query import JobQuery
from gojee_desktop.ui.context import AppContext

FILTERS = "Excel workbook (*.xlsx);;CSV (*.csv)"
#: table column key -> the export's column(s); a value travels with its currency
EXPORT_COLUMNS = {
    "number": ("Number",),
    "title": ("Title",),
    "customer": ("Name",),
    "organization": ("Organisation",),
    "value": ("Value", "Currency"),
    "stage": ("Stage",),
    "status": ("Status",),
    "labels": ("Labels",),
    "source_channel": ("Source channel",),
    "expected_close": ("Expected close",),
    "currency": ("Currency",),
}


def export_columns(table_keys: Sequence[str]) -> list[str]:
    """The export's columns for the table's shown columns, in their order (no repeats)."""
    names: list[str] = []
    for key in table_keys:
        for name in EXPORT_COLUMNS.get(key, ()):
            if name not in names:
                names.append(name)
    return names


def export_jobs_to(
    context: AppContext, query: JobQuery, path: str | Path, table_keys: Sequence[str] | None = None
) -> ExportResult:
    """Write the export (the wait cursor shows while the rows stream out); `table_keys` are
    the table's shown columns (None: every column)."""
    columns = export_columns(table_keys) if table_keys is not None else None
    QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        return export_jobs(context.sessions, query, path, columns=columns or None)
    finally:
        QGuiApplication.restoreOverrideCursor()


def export_jobs_interactively(
    context: AppContext, query: JobQuery, parent: QWidget, table_keys: Sequence[str] | None = None
) -> ExportResult | None:
    name = "leads" if query.lifecycle == "lead" else "customer-jobs"
    path, chosen = QFileDialog.getSaveFileName(parent, "Export this list", f"{name}.xlsx", FILTERS)
    if not path:
        return None
    if not Path(path).suffix:
        path += ".csv" if "csv" in chosen.lower() else ".xlsx"
    try:
        result = export_jobs_to(context, query, path, table_keys)
    except (GojeeError, OSError) as exc:
        QMessageBox.warning(parent, "Export", f"Nothing was exported: {exc}")
        return None
    context.signals.status_message.emit(f"{result.rows:,} rows exported to {Path(path).name}.")
    return result
