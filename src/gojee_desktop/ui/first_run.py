"""On the first launch with an empty database, offer to load sample data."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QProgressDialog, QWidget

from gojee_desktop.services.job_query import JobQuery, count_jobs
from gojee_desktop.ui.context import AppContext

if TYPE_CHECKING:
    from gojee_desktop.services.demo.generate import DemoProgress

SAMPLE_LEADS = 400
SAMPLE_JOBS = 150
OFFERED_KEY = "first_run/sample_data_offered"


def should_offer(context: AppContext) -> bool:
    """Only once per user, and only when the database has no jobs at all."""
    if context.settings.value(OFFERED_KEY, False, type=bool):
        return False
    return count_jobs(context.sessions, JobQuery(archived=None)) == 0


def load_sample_data(context: AppContext, parent: QWidget | None = None) -> None:
    """Add a realistic business's worth of leads and jobs, with a progress dialog."""
    total = SAMPLE_LEADS + SAMPLE_JOBS
    dialog = QProgressDialog("Loading sample data…", "", 0, total, parent)
    dialog.setCancelButton(None)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(0)

    def progress(state: DemoProgress) -> None:
        dialog.setLabelText(f"Loading sample data: {state.step.lower()}…")
        dialog.setMaximum(state.total)
        dialog.setValue(state.done)
        QApplication.processEvents()

    # Imported here: every start imports this module, few load sample data (~0.2 s saved).
    from gojee_desktop.services.demo.sample_data import load_sample_data as load_sample_business

    made = load_sample_business(context.database, SAMPLE_LEADS, SAMPLE_JOBS, progress=progress)
    dialog.setValue(dialog.maximum())
    context.signals.jobs_changed.emit([])
    context.signals.catalog_changed.emit("labels")
    context.signals.status_message.emit(
        f"Loaded {SAMPLE_LEADS} sample leads and {SAMPLE_JOBS} customer jobs, "
        f"{made.quotes.boms} with a bill of materials and {made.quotes.quotes} quotes."
    )


def offer_sample_data(window: QWidget) -> None:
    context: AppContext = window.context  # type: ignore[attr-defined]
    if not should_offer(context):
        return
    context.settings.setValue(OFFERED_KEY, True)
    answer = QMessageBox.question(
        window,
        "Welcome to Gojee Desktop",
        "Your database is empty. Load sample leads and customer jobs to look around?\n\n"
        "You can delete them later, or start with an empty database.",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.Yes,
    )
    if answer == QMessageBox.StandardButton.Yes:
        load_sample_data(context, window)
