"""Undoable board actions: moving cards (between and within columns) and creating a job on a
board. Each is a `ServiceCommand`: one service call to do, one to undo."""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence

from PySide6.QtWidgets import QWidget

from gojee_desktop.models import LIFECYCLE_LEAD
from gojee_desktop.services import board, jobs
from gojee_desktop.services.errors import GojeeError, StaleJob
from gojee_desktop.services.jobs import NewJob
from gojee_desktop.ui.commands import undo as undo_commands
from gojee_desktop.ui.commands.undo import ServiceCommand, push_service_command
from gojee_desktop.ui.context import AppContext


def push_move(
    context: AppContext,
    parent: QWidget | None,
    job_ids: Sequence[int],
    stage_id: int | None,
    stage_name: str,
    *,
    before_id: int | None = None,
    lost_reason: str | None = None,
    expected_versions: Mapping[int, int] | None = None,
    next_ids: Mapping[int, int | None] | None = None,
    overwrites: Collection[int] = (),
    on_stale: Callable[[StaleJob], None] | None = None,
) -> bool:
    """Move cards now and push the move on the undo stack; False (with a message shown and
    nothing changed) when the service refuses it. `next_ids` is the card after each one on
    the board before the move, where Undo puts it back. A move refused because a card
    changed since it was shown goes to `on_stale` (the board asks what to do); `overwrites`
    names the cards the user chose to move anyway."""
    sessions = context.sessions
    ids = list(job_ids)
    places = board.remember_places(sessions, ids, next_ids or {})
    versions: list[Mapping[int, int] | None] = [expected_versions]

    def do() -> list[int]:
        # The versions seen on the board guard the first move only; a redo follows an undo.
        checked, versions[0] = versions[0], None
        moved = jobs.move_jobs(
            sessions,
            ids,
            stage_id,
            before_job_id=before_id,
            lost_reason=lost_reason,
            expected_versions=checked,
            overwrites=overwrites if checked is not None else (),
        )
        return [summary.id for summary in moved]

    def undo() -> list[int]:
        return board.put_back(sessions, places)

    what = "card" if len(ids) == 1 else f"{len(ids)} cards"
    command = ServiceCommand(f"Move {what} to '{stage_name}'", do, undo, context.signals, parent)

    def refused(error: GojeeError) -> None:
        if on_stale is not None and isinstance(error, StaleJob):
            on_stale(error)
        else:
            undo_commands.show_error(parent, error)

    return push_service_command(context.undo_stack, command, refused)


def push_create(context: AppContext, parent: QWidget | None, lifecycle: str, data: NewJob) -> int | None:
    """Create a lead or customer job (undo deletes it again); returns its id or None."""
    created: list[int] = []

    def do() -> list[int]:
        create = jobs.create_lead if lifecycle == LIFECYCLE_LEAD else jobs.create_customer_job
        detail = create(context.sessions, data)
        created[:] = [detail.id]
        return [detail.id]

    def undo() -> list[int]:
        job_id = created[0]
        jobs.delete_job(context.sessions, job_id)
        return [job_id]

    kind = "lead" if lifecycle == LIFECYCLE_LEAD else "customer job"
    command = ServiceCommand(
        f"New {kind} '{data.title.strip()}'", do, undo, context.signals, parent, removed_on_undo=True
    )
    return created[0] if push_service_command(context.undo_stack, command) else None
