"""The kanban board of a pipeline (placeholder until the board lands)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from gojee_desktop.services.job_query import JobQuery
from gojee_desktop.ui.context import AppContext


class BoardView(QWidget):
    """One column per stage of the pipeline."""

    def __init__(self, context: AppContext, lifecycle: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self._lifecycle = lifecycle
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Board", self))

    def set_query(self, query: JobQuery) -> None:
        self._query = query
