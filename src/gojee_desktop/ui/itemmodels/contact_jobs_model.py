"""The Jobs tab of the contact editor: every lead and customer job of one contact."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt

from gojee_desktop.money import format_money
from gojee_desktop.services.contact_records import ContactJob
from gojee_desktop.ui.itemmodels.job_table_model import archived_colour
from gojee_desktop.ui.itemmodels.row_list_model import RowListModel

HEADERS = ("Number", "Title", "Kind", "Stage", "Status", "Value")
_VALUE = HEADERS.index("Value")


class ContactJobsModel(RowListModel):
    """Rows of `ContactJob`, newest first as the service gives them."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(HEADERS, parent)

    def set_jobs(self, jobs: Sequence[ContactJob]) -> None:
        self._set_rows(jobs)

    def job(self, row: int) -> ContactJob | None:
        job: ContactJob | None = self._row(row)
        return job

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        job = self.job(index.row()) if index.isValid() else None
        if job is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            kind = "Lead" if job.lifecycle == "lead" else "Customer job"
            texts = (
                job.number,
                job.title,
                kind + (" (archived)" if job.archived else ""),
                job.stage or "",
                job.status or "",
                format_money(job.value, job.currency),
            )
            return texts[column] if 0 <= column < len(texts) else None
        if role == Qt.ItemDataRole.TextAlignmentRole and column == _VALUE:
            return int((Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter).value)
        if role == Qt.ItemDataRole.ForegroundRole and job.archived:
            return archived_colour()
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
