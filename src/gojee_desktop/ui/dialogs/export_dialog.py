"""File › Export this list…: ask where, write the page's jobs (search, filters, sort) as CSV
or XLSX, or its people or organisations as CSV, XLSX or vCards, through the export service,
and say how many rows went out. A selection of people exports as vCards the same way."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from gojee_desktop.services.capture.exporter import ExportResult, export_contact_ids, export_jobs
from gojee_desktop.services.contact_query import ORGANIZATION
from gojee_desktop.services.errors import GojeeError
from gojee_desktop.services.job_query import JobQuery
from gojee_desktop.ui.context import AppContext

FILTERS = "Excel workbook (*.xlsx);;CSV (*.csv)"
CONTACT_FILTERS = "Excel workbook (*.xlsx);;CSV (*.csv);;vCard (*.vcf)"
VCARD_FILTER = "vCard (*.vcf)"
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


def _suffix(chosen_filter: str) -> str:
    lowered = chosen_filter.lower()
    return ".vcf" if "vcf" in lowered else ".csv" if "csv" in lowered else ".xlsx"


def export_contacts_to(context: AppContext, kind: str, ids: Sequence[int], path: str | Path) -> ExportResult:
    """People or organisations (`kind`) by id, in that order, as the path's format says."""
    what = "organizations" if kind == ORGANIZATION else "people"
    QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        return export_contact_ids(context.sessions, what, ids, path)
    finally:
        QGuiApplication.restoreOverrideCursor()


def export_contacts_interactively(
    context: AppContext,
    kind: str,
    ids: Sequence[int],
    parent: QWidget,
    suggested: str,
    filters: str = CONTACT_FILTERS,
) -> ExportResult | None:
    """Ask where (`suggested`: the file name offered), write, and say how many went out."""
    path, chosen = QFileDialog.getSaveFileName(parent, "Export", suggested, filters)
    if not path:
        return None
    if not Path(path).suffix:
        path += _suffix(chosen)
    try:
        result = export_contacts_to(context, kind, ids, path)
    except (GojeeError, OSError) as exc:
        QMessageBox.warning(parent, "Export", f"Nothing was exported: {exc}")
        return None
    singular, plural = ("organisation", "organisations") if kind == ORGANIZATION else ("person", "people")
    noun = singular if result.rows == 1 else plural
    context.signals.status_message.emit(f"{result.rows:,} {noun} exported to {Path(path).name}.")
    return result
