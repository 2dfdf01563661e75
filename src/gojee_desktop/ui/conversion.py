"""Converting a lead from any view: the conversion window, then an undoable conversion.

Connect `context.signals.convert_job_requested` to `convert_job_interactively` once (the
main window does); tables, boards and the editor just emit the signal."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QWidget

from gojee_desktop.models import LIFECYCLE_LEAD, PIPELINE_JOBS
from gojee_desktop.services import board, conversion, jobs, pipelines
from gojee_desktop.services.capture.matching import ExistingMatch, find_person_matches
from gojee_desktop.services.contact_query import PERSON
from gojee_desktop.services.dto import JobDetail
from gojee_desktop.services.errors import GojeeError, RuleViolation
from gojee_desktop.ui.commands.undo import ServiceCommand, push_service_command
from gojee_desktop.ui.context import AppContext
from gojee_desktop.ui.dialogs.contact_editor import open_contact_editor
from gojee_desktop.ui.dialogs.conversion_dialog import ConversionDialog
from gojee_desktop.ui.errors import show_error


def customer_duplicates(context: AppContext, detail: JobDetail) -> list[str]:
    """Other people the lead's customer is probably the same as (same email or phone, close
    name at the same organisation), in words."""
    return [
        f"{m.name}{' at ' + m.organization if m.organization else ''} ({m.reason})"
        for m in customer_duplicate_matches(context, detail)
    ]


def customer_duplicate_matches(context: AppContext, detail: JobDetail) -> list[ExistingMatch]:
    """The people behind `customer_duplicates`, for the warning's "Open" links."""
    person = detail.person
    if person is None:
        return []
    matches = find_person_matches(
        context.sessions,
        person.name,
        person.organization or "",
        [d.value for d in person.details if d.kind == "email"],
        [d.value for d in person.details if d.kind == "phone"],
    )
    return [m for m in matches if m.person_id != person.id]


def convert_job_interactively(parent: QWidget | None, context: AppContext, job_id: int) -> bool:
    """Show the conversion window for a lead; on Convert, convert it (undoable) and return
    True. Cancel, a refused conversion (shown to the user) or a non-lead return False."""
    sessions = context.sessions
    try:
        detail = jobs.get_job(sessions, job_id)
        stages = pipelines.list_stages(sessions, PIPELINE_JOBS)
        if detail.summary.lifecycle != LIFECYCLE_LEAD:
            raise RuleViolation(f"{detail.summary.number} is already a customer job.")
        if detail.archived_at is not None or detail.summary.archived:
            raise RuleViolation(f"{detail.summary.number} is archived: restore it before converting it.")
    except GojeeError as error:
        show_error(parent, error)
        return False
    dialog = ConversionDialog(detail, stages, parent, matches=customer_duplicate_matches(context, detail))
    dialog.open_person_requested.connect(
        lambda person_id: open_contact_editor(context, PERSON, person_id, dialog)
    )
    try:
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        choice = dialog.choice()
    finally:
        dialog.deleteLater()

    old_stage_id, old_status_id = detail.summary.stage_id, detail.summary.status_id
    old_next = board.next_in_column(sessions, job_id)  # Undo puts the card back before it
    versions: list[int | None] = [detail.version]
    result: list[str] = []

    def do() -> list[int]:
        expected, versions[0] = versions[0], None  # a redo follows an undo: no stale check
        converted = conversion.convert_lead(sessions, job_id, choice, expected_version=expected)
        result[:] = [converted.summary.stage or "no stage"]
        return [job_id]

    def undo() -> list[int]:
        conversion.undo_conversion(sessions, job_id, old_stage_id, old_status_id, before_job_id=old_next)
        return [job_id]

    number = detail.summary.number
    command = ServiceCommand(f"Convert {number} to a customer job", do, undo, context.signals, parent)
    if not push_service_command(context.undo_stack, command):
        return False
    context.signals.status_message.emit(f"{number} is now a customer job ({result[0]}).")
    return True
