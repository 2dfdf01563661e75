"""Helpers for board tests: a seeded board, modal-dialog answering, job counts."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWidget
from sqlalchemy import func, select

from gojee_desktop.models import Job
from gojee_desktop.services import jobs
from gojee_desktop.services.jobs import NewJob


def job_count(database) -> int:
    with database.sessions() as session:
        return int(session.scalar(select(func.count(Job.id))) or 0)


def add_leads(database, titles: list[str], stage_id: int | None = None, value: str = "100") -> list[int]:
    return [
        jobs.create_lead(database.sessions, NewJob(title=t, value=Decimal(value), stage_id=stage_id)).id
        for t in titles
    ]


def answer_modal(action: Callable[[QWidget], None], timeout_ms: int = 5000) -> list[str]:
    """Run `action` on the next modal dialog as soon as it opens (from a timer, since
    `exec()` blocks). Returns a list that receives the dialog's class name, to assert on."""
    seen: list[str] = []
    waited = [0]

    def poll() -> None:
        widget = QApplication.activeModalWidget()
        if widget is not None and widget.isVisible():
            seen.append(type(widget).__name__)
            action(widget)
            return
        waited[0] += 20
        if waited[0] < timeout_ms:
            QTimer.singleShot(20, poll)

    QTimer.singleShot(0, poll)
    return seen
