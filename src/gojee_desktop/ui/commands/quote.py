"""Undoable quote actions for one job: create or revise (undo withdraws the new revision),
mark sent / accepted / declined (undo puts back the quote status, the job status and value
it set, and so unfreezes the BOM after an accept), edit a draft's details. One service call
(one transaction) per do, undo and redo; commands name the quote in the Edit menu."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from PySide6.QtWidgets import QWidget

from gojee_desktop.services import quotes
from gojee_desktop.services.errors import GojeeError
from gojee_desktop.services.quote_undo import undo_status_change, withdraw_quote
from gojee_desktop.ui.commands.undo import ServiceCommand, push_service_command
from gojee_desktop.ui.context import AppContext


class QuoteCommands:
    """Pushes undoable quote actions; after each do, undo and redo the app is told the job
    changed (`jobs_changed`), which is how open views reload."""

    def __init__(self, context: AppContext, job_id: int, parent: QWidget | None = None) -> None:
        self.context = context
        self.job_id = job_id
        self.parent = parent

    def _push(
        self,
        text: str,
        do: Callable[[], Any],
        undo: Callable[[], Any],
        on_error: Callable[[GojeeError], None] | None = None,
    ) -> bool:
        job_id = self.job_id

        def wrap(action: Callable[[], Any]) -> Callable[[], Sequence[int]]:
            def run() -> Sequence[int]:
                action()
                return [job_id]

            return run

        command = ServiceCommand(text, wrap(do), wrap(undo), self.context.signals, self.parent)
        return push_service_command(self.context.undo_stack, command, on_error)

    def create(self, latest: str | None) -> quotes.QuoteDetail | None:
        """The first quote (`latest` None) or the next revision of `latest`."""
        sessions, job_id = self.context.sessions, self.job_id
        made: list[quotes.QuoteDetail] = []

        def do() -> None:
            if latest is None:
                made[:] = [quotes.create_quote(sessions, job_id)]
            else:
                made[:] = [quotes.revise_quote(sessions, latest)]

        text = "Create quote" if latest is None else f"Revise quote {latest}"
        ok = self._push(text, do, lambda: withdraw_quote(sessions, made[0].number))
        return made[0] if ok and made else None

    def set_status(self, number: str, status: str) -> bool:
        sessions = self.context.sessions
        state: dict[str, quotes.StatusChange] = {}

        def do() -> None:
            state["change"] = quotes.change_quote_status(sessions, number, status)

        return self._push(
            f"Mark quote {number} {status}", do, lambda: undo_status_change(sessions, state["change"])
        )

    def update(self, detail: quotes.QuoteDetail, changes: Mapping[str, Any]) -> GojeeError | None:
        """Save a draft's details; returns the refusal (for the dialog to show) or None."""
        sessions, number = self.context.sessions, detail.number
        current = {
            "customer": detail.customer,
            "site": detail.site,
            "intro": detail.intro,
            "terms": detail.terms,
            "hide_unit_prices": detail.hide_unit_prices,
            "issue_date": detail.summary.issue_date,
            "valid_until": detail.summary.valid_until,
        }
        old = {key: current[key] for key in changes if key in current}
        refused: list[GojeeError] = []
        self._push(
            f"Edit quote {number} details",
            lambda: quotes.update_quote(sessions, number, changes),
            lambda: quotes.update_quote(sessions, number, old),
            refused.append,
        )
        return refused[0] if refused else None
