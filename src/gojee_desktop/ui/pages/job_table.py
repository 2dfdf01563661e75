"""The table of a pipeline's jobs (placeholder until the lazy SQL-backed table lands)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from gojee_desktop.services.job_query import JobQuery, count_jobs
from gojee_desktop.ui.context import AppContext


class JobTableView(QWidget):
    """Shows the jobs matching the page's query."""

    def __init__(self, context: AppContext, lifecycle: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self._lifecycle = lifecycle
        self._label = QLabel(self)
        layout = QVBoxLayout(self)
        layout.addWidget(self._label)

    def set_query(self, query: JobQuery) -> None:
        total = count_jobs(self._context.sessions, query)
        self._label.setText(f"{total} job(s)")
