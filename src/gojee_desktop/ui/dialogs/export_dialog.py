"""File › Export this list…: ask where, write the page's jobs (search, filters, sort) as CSV
or XLSX through the export service, and say how many rows went out."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from gojee_desktop.services.capture.exporter import ExportResult, export_jobs
from gojee_desktop.services.errors import GojeeError
from gojee_desktop.services.job_query import JobQuery
from gojee_desktop.ui.context import AppContext

FILTERS = "Excel workbook (*.xlsx);;CSV (*.csv)"


def export_jobs_to(context: AppContext, query: JobQuery, path: str | Path) -> ExportResult:
    """Write the export (the wait cursor shows while the rows stream out)."""
    QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        return export_jobs(context.sessions, query, path)
    finally:
        QGuiApplication.restoreOverrideCursor()


def export_jobs_interactively(context: AppContext, query: JobQuery, parent: QWidget) -> ExportResult | None:
    name = "leads" if query.lifecycle == "lead" else "customer-jobs"
    path, chosen = QFileDialog.getSaveFileName(parent, "Export this list", f"{name}.xlsx", FILTERS)
    if not path:
        return None
    if not Path(path).suffix:
        path += ".csv" if "csv" in chosen.lower() else ".xlsx"
    try:
        result = export_jobs_to(context, query, path)
    except (GojeeError, OSError) as exc:
        QMessageBox.warning(parent, "Export", f"Nothing was exported: {exc}")
        return None
    context.signals.status_message.emit(f"{result.rows:,} rows exported to {Path(path).name}.")
    return result
