"""File › Export this list…: ask where, write the page's jobs (search, filters, sort) as CSV
or XLSX, or its people or organisations as CSV, XLSX or vCards, through the export service,
and say how many rows went out. A selection of people exports as vCards the same way."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QEventLoop, QObject, Qt, QThread, Signal
from PySide6.QtWidgets import QFileDialog, QMessageBox, QProgressDialog, QWidget

from gojee_desktop.services.capture.exporter import (
    ExportCancelled,
    ExportProgress,
    ExportResult,
    export_contact_ids,
    export_jobs,
)
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


class ExportThread(QThread):
    """Runs an export off the GUI thread; `cancel()` stops it at the next page."""

    progressed = Signal(int, int)  # rows written, rows in all

    def __init__(self, work: Callable[[ExportProgress], ExportResult], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._work = work
        self._cancelled = False
        self.result: ExportResult | None = None
        self.error: Exception | None = None

    def cancel(self) -> None:
        self._cancelled = True

    def _progress(self, done: int, total: int) -> bool:
        self.progressed.emit(done, total)
        return not self._cancelled

    def run(self) -> None:
        try:
            self.result = self._work(self._progress)
        except Exception as exc:  # raised again on the GUI thread, by `with_progress`
            self.error = exc


def with_progress(
    parent: QWidget | None, label: str, work: Callable[[ExportProgress], ExportResult]
) -> ExportResult:
    """Run `work` on a worker thread behind a progress dialog with Cancel (shown when it takes
    longer than a moment), the window answering meanwhile; its result, or its exception
    (ExportCancelled on Cancel) raised here."""
    dialog = QProgressDialog(label, "Cancel", 0, 0, parent)
    dialog.setWindowTitle("Export")
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(400)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    thread = ExportThread(work, dialog)

    def progressed(done: int, total: int) -> None:
        if dialog.wasCanceled():  # Escape, or the window closed: no `canceled` signal for those
            thread.cancel()
        dialog.setMaximum(max(total, 1))
        dialog.setValue(min(done, total))
        dialog.setLabelText(f"{label} {done:,} of {total:,} rows")

    thread.progressed.connect(progressed)
    dialog.canceled.connect(thread.cancel)
    dialog.rejected.connect(thread.cancel)  # Escape where the dialog's Cancel shortcut is not active
    loop = QEventLoop()
    thread.finished.connect(loop.quit)
    thread.start()
    loop.exec()
    thread.wait()
    dialog.close()
    dialog.deleteLater()
    if thread.error is not None:
        raise thread.error
    assert thread.result is not None
    return thread.result


def export_jobs_to(
    context: AppContext,
    query: JobQuery,
    path: str | Path,
    table_keys: Sequence[str] | None = None,
    parent: QWidget | None = None,
) -> ExportResult:
    """Write the export with a progress dialog; `table_keys` are the table's shown columns
    (None: every column)."""
    columns = (export_columns(table_keys) or None) if table_keys is not None else None

    def work(progress: ExportProgress) -> ExportResult:
        return export_jobs(context.sessions, query, path, columns=columns, progress=progress)

    return with_progress(parent, f"Exporting to {Path(path).name}…", work)


def _ask_and_write(
    context: AppContext,
    parent: QWidget,
    title: str,
    suggested: str,
    filters: str,
    write: Callable[[str], ExportResult],
) -> ExportResult | None:
    """Ask where (`suggested`: the file name offered; no suffix typed: the chosen filter's),
    write, and say why nothing was written when it was not."""
    path, chosen = QFileDialog.getSaveFileName(parent, title, suggested, filters)
    if not path:
        return None
    if not Path(path).suffix:
        path += _suffix(chosen)
    try:
        return write(path)
    except ExportCancelled as exc:
        context.signals.status_message.emit(str(exc))
    except (GojeeError, OSError) as exc:
        QMessageBox.warning(parent, "Export", f"Nothing was exported: {exc}")
    return None


def _suffix(chosen_filter: str) -> str:
    lowered = chosen_filter.lower()
    return ".vcf" if "vcf" in lowered else ".csv" if "csv" in lowered else ".xlsx"


def export_jobs_interactively(
    context: AppContext, query: JobQuery, parent: QWidget, table_keys: Sequence[str] | None = None
) -> ExportResult | None:
    name = "leads" if query.lifecycle == "lead" else "customer-jobs"
    result = _ask_and_write(
        context,
        parent,
        "Export this list",
        f"{name}.xlsx",
        FILTERS,
        lambda path: export_jobs_to(context, query, path, table_keys, parent),
    )
    if result is not None:
        context.signals.status_message.emit(f"{result.rows:,} rows exported to {result.path.name}.")
    return result


def export_contacts_to(
    context: AppContext, kind: str, ids: Sequence[int], path: str | Path, parent: QWidget | None = None
) -> ExportResult:
    """People or organisations (`kind`) by id, in that order, as the path's format says."""
    what = "organizations" if kind == ORGANIZATION else "people"

    def work(progress: ExportProgress) -> ExportResult:
        return export_contact_ids(context.sessions, what, ids, path, progress=progress)

    return with_progress(parent, f"Exporting to {Path(path).name}…", work)


def export_contacts_interactively(
    context: AppContext,
    kind: str,
    ids: Sequence[int],
    parent: QWidget,
    suggested: str,
    filters: str = CONTACT_FILTERS,
) -> ExportResult | None:
    """Ask where (`suggested`: the file name offered), write, and say how many went out."""
    result = _ask_and_write(
        context,
        parent,
        "Export",
        suggested,
        filters,
        lambda path: export_contacts_to(context, kind, ids, path, parent),
    )
    if result is not None:
        singular, plural = ("organisation", "organisations") if kind == ORGANIZATION else ("person", "people")
        noun = singular if result.rows == 1 else plural
        context.signals.status_message.emit(f"{result.rows:,} {noun} exported to {result.path.name}.")
    return result
