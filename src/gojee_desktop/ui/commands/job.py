"""Every GUI edit of a job as an undoable command on `context.undo_stack`.

Each function runs the change through a service at once (errors are shown and nothing is
pushed) and returns whether it worked. Undo runs the opposite service call. Deleting keeps
a snapshot of the job's rows in memory, so Undo puts it back with the same id, number and
history (see `services.job_snapshot`)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from PySide6.QtWidgets import QWidget

from gojee_desktop.services import job_snapshot
from gojee_desktop.services import jobs as job_service
from gojee_desktop.services.dto import JobDetail
from gojee_desktop.services.errors import GojeeError
from gojee_desktop.services.jobs import EDITABLE_FIELDS, NewJob
from gojee_desktop.ui.commands.attachment import HeldAttachmentBytes
from gojee_desktop.ui.commands.undo import ServiceCommand, push_service_command
from gojee_desktop.ui.context import AppContext


def current_values(detail: JobDetail, keys: Sequence[str]) -> dict[str, Any]:
    """The job's present value of each editable field, in `update_job`'s terms."""
    summary = detail.summary
    values: dict[str, Any] = {
        "title": summary.title,
        "value": summary.value,
        "currency": summary.currency,
        "expected_close": summary.expected_close,
        "source_channel_id": summary.source_channel_id,
        "status_id": summary.status_id,
        "person_id": summary.person_id,
        "organization_id": summary.organization_id,
        "site_address": detail.site_address,
        "lost_reason": detail.lost_reason,
        "label_ids": list(detail.label_ids),
        "assignee_ids": list(detail.assignee_ids),
    }
    result = {key: values[key] for key in keys if key != "custom_fields"}
    if "custom_fields" in keys:
        result["custom_fields"] = dict(detail.custom_fields)
    return result


def _old_custom_values(detail: JobDetail, new: Mapping[int, str]) -> dict[int, str]:
    return {field_id: detail.custom_fields.get(field_id, "") for field_id in new}


def edit_job(
    context: AppContext,
    detail: JobDetail,
    changes: Mapping[str, Any],
    text: str | None = None,
    parent: QWidget | None = None,
    on_error: Callable[[GojeeError], None] | None = None,
) -> bool:
    """Save field changes made in the editor; Undo puts the old values back. A refusal is
    shown, or handed to `on_error` (the editor resolves a stale save itself)."""
    if not changes:
        return True
    old = current_values(detail, list(changes))
    if "custom_fields" in changes:
        old["custom_fields"] = _old_custom_values(detail, changes["custom_fields"])
    if "value" in changes and "currency" not in changes:
        old["currency"] = detail.summary.currency
    job_id = detail.id
    first = [True]

    def do() -> list[int]:
        version = detail.version if first[0] else None
        first[0] = False
        job_service.update_job(context.sessions, job_id, changes, expected_version=version)
        return [job_id]

    def undo() -> list[int]:
        job_service.update_job(context.sessions, job_id, old)
        return [job_id]

    label = text or _describe(detail, changes)
    command = ServiceCommand(label, do, undo, context.signals, parent)
    return push_service_command(context.undo_stack, command, on_error)


def _describe(detail: JobDetail, changes: Mapping[str, Any]) -> str:
    words = [EDITABLE_FIELDS[key] for key in changes if key in EDITABLE_FIELDS]
    if len(words) == 1:
        return f"Change {words[0]} of {detail.summary.number}"
    return f"Edit {detail.summary.number}"


def set_status(
    context: AppContext, detail: JobDetail, status_id: int | None, parent: QWidget | None = None
) -> bool:
    return edit_job(
        context, detail, {"status_id": status_id}, f"Set status of {detail.summary.number}", parent
    )


def move_to_stage(
    context: AppContext,
    detail: JobDetail,
    stage_id: int | None,
    lost_reason: str | None = None,
    parent: QWidget | None = None,
    *,
    shown_version: int | None = None,
    overwrite: bool = False,
    on_error: Callable[[GojeeError], None] | None = None,
) -> bool:
    """Change the stage; Undo moves it back (to the end of its old column) and restores the
    status and lost reason a 'lost' stage may have set. The first move is refused when the
    job is no longer at `shown_version` (default: the detail's); `overwrite` moves knowingly
    over the change the user was shown. A refusal is shown, or handed to `on_error`."""
    job_id = detail.id
    old_stage, old_status, old_reason = detail.summary.stage_id, detail.summary.status_id, detail.lost_reason
    first = [True]

    def do() -> list[int]:
        version = (shown_version or detail.version) if first[0] else None
        knowingly, first[0] = overwrite and first[0], False
        job_service.move_to_stage(
            context.sessions,
            job_id,
            stage_id,
            lost_reason=lost_reason,
            expected_version=version,
            overwrite=knowingly,
        )
        return [job_id]

    def undo() -> list[int]:
        job_service.move_to_stage(context.sessions, job_id, old_stage)
        after = job_service.get_job(context.sessions, job_id)
        back: dict[str, Any] = {}
        if after.summary.status_id != old_status:
            back["status_id"] = old_status
        if after.lost_reason != old_reason:
            back["lost_reason"] = old_reason
        if back:
            job_service.update_job(context.sessions, job_id, back)
        return [job_id]

    text = f"Move {detail.summary.number} to another stage"
    command = ServiceCommand(text, do, undo, context.signals, parent)
    return push_service_command(context.undo_stack, command, on_error)


def _count_text(verb: str, numbers: Sequence[str]) -> str:
    return f"{verb} {numbers[0]}" if len(numbers) == 1 else f"{verb} {len(numbers)} jobs"


def set_archived(
    context: AppContext, job_ids: Sequence[int], archived: bool, parent: QWidget | None = None
) -> bool:
    """Archive (or restore) jobs; Undo does the opposite. All or nothing from the user's view:
    if one fails, those already changed are changed back."""
    ids = list(job_ids)
    if not ids:
        return False
    numbers = [s.number for s in job_service.get_summaries(context.sessions, ids)]
    forward = job_service.archive_job if archived else job_service.restore_job
    backward = job_service.restore_job if archived else job_service.archive_job

    def run(action: Any, undo_action: Any) -> list[int]:
        done: list[int] = []
        try:
            for job_id in ids:
                action(context.sessions, job_id)
                done.append(job_id)
        except Exception:
            for job_id in reversed(done):
                undo_action(context.sessions, job_id)
            raise
        return ids

    text = _count_text("Archive" if archived else "Restore", numbers or ["job"])
    command = ServiceCommand(
        text, lambda: run(forward, backward), lambda: run(backward, forward), context.signals, parent
    )
    return push_service_command(context.undo_stack, command)


def delete_jobs(context: AppContext, job_ids: Sequence[int], parent: QWidget | None = None) -> bool:
    """Delete jobs for good; Undo recreates them from the snapshots taken at deletion."""
    ids = list(job_ids)
    if not ids:
        return False
    snapshots: dict[int, job_snapshot.JobSnapshot] = {}
    numbers = [s.number for s in job_service.get_summaries(context.sessions, ids)]

    def do() -> list[int]:
        for job_id in ids:
            snapshot, _summary = job_snapshot.delete_with_snapshot(context.sessions, job_id)
            snapshots[job_id] = snapshot
        _hold_files(context, command, snapshots.values())
        return ids

    def undo() -> list[int]:
        for job_id in ids:
            job_snapshot.restore_snapshot(context.sessions, snapshots[job_id])
        return ids

    text = _count_text("Delete", numbers or ["job"])
    command = ServiceCommand(text, do, undo, context.signals, parent, removed_on_do=True)
    return push_service_command(context.undo_stack, command)


def _hold_files(
    context: AppContext, command: ServiceCommand, snapshots: Iterable[job_snapshot.JobSnapshot]
) -> None:
    """The deleted jobs' attachment bytes stay while the step may restore them."""
    hashes = {h for snapshot in snapshots for h in snapshot.attachment_hashes}
    command.held_hashes |= hashes
    HeldAttachmentBytes.of(context).release(hashes)


def create_job(
    context: AppContext, data: NewJob, lead: bool = True, parent: QWidget | None = None
) -> JobDetail | None:
    """Create a lead (or a customer job); Undo deletes it, Redo brings the same record back."""
    created: list[JobDetail] = []
    snapshot: list[job_snapshot.JobSnapshot] = []

    def do() -> list[int]:
        if snapshot:
            return [job_snapshot.restore_snapshot(context.sessions, snapshot.pop())]
        make = job_service.create_lead if lead else job_service.create_customer_job
        created.append(make(context.sessions, data))
        return [created[0].id]

    def undo() -> list[int]:
        taken, _summary = job_snapshot.delete_with_snapshot(context.sessions, created[0].id)
        snapshot.append(taken)
        _hold_files(context, command, [taken])
        return [created[0].id]

    kind = "lead" if lead else "customer job"
    command = ServiceCommand(f"New {kind}", do, undo, context.signals, parent, removed_on_undo=True)
    if not push_service_command(context.undo_stack, command):
        return None
    command.setText(f"New {kind} {created[0].summary.number}")
    return created[0]
