"""Every GUI edit of a person or organisation as an undoable command: create, save, archive
or restore, delete (with its jobs moved to another contact, or none), merge two into one.
Each runs its service at once (errors shown, nothing pushed); undo runs the opposite call."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtWidgets import QWidget

from gojee_desktop.services import contact_records as records
from gojee_desktop.services.capture import merge as merging
from gojee_desktop.services.contact_query import PERSON
from gojee_desktop.services.contact_records import ContactChanges, ContactRecord, DeletedContact
from gojee_desktop.services.errors import GojeeError
from gojee_desktop.ui.commands.undo import ServiceCommand, push_service_command
from gojee_desktop.ui.context import AppContext

_NOUN = {PERSON: "person"}


def _noun(kind: str) -> str:
    return _NOUN.get(kind, "organisation")


def _push(
    context: AppContext,
    kind: str,
    text: str,
    do: Callable[[], Sequence[int]],
    undo: Callable[[], Sequence[int]],
    parent: QWidget | None,
    on_error: Callable[[GojeeError], None] | None = None,
) -> bool:
    """Push a command whose steps also tell the Contacts pages that `kind` changed (the jobs
    the steps return change too: their customer names)."""

    def told(step: Callable[[], Sequence[int]]) -> Callable[[], Sequence[int]]:
        def run() -> Sequence[int]:
            ids = step()
            context.signals.contacts_changed.emit(kind)
            return ids

        return run

    command = ServiceCommand(text, told(do), told(undo), context.signals, parent)
    return push_service_command(context.undo_stack, command, on_error)


def create(
    context: AppContext,
    kind: str,
    changes: ContactChanges,
    parent: QWidget | None = None,
    on_error: Callable[[GojeeError], None] | None = None,
) -> int | None:
    """Create a contact; returns its id (None when refused). Undo deletes it again."""
    created: list[ContactRecord] = []

    def do() -> Sequence[int]:
        if created:  # redo after undo: the same record with the same id
            created[0] = records.restore_contact(context.sessions, DeletedContact(record=created[0]))
        else:
            created.append(records.create_contact(context.sessions, kind, changes))
        return []

    def undo() -> Sequence[int]:
        records.delete_contact(context.sessions, kind, created[0].id)
        return []

    ok = _push(context, kind, f"New {_noun(kind)} {changes.name.strip()}", do, undo, parent, on_error)
    return created[0].id if ok and created else None


def save(
    context: AppContext,
    before: ContactRecord,
    changes: ContactChanges,
    parent: QWidget | None = None,
    on_error: Callable[[GojeeError], None] | None = None,
) -> bool:
    """Save a contact's fields; undo gives it back the fields it had."""
    job_ids = [job.id for job in before.jobs]
    old = records.changes_of(before)

    def do() -> Sequence[int]:
        records.update_contact(context.sessions, before.kind, before.id, changes)
        return job_ids

    def undo() -> Sequence[int]:
        records.update_contact(context.sessions, before.kind, before.id, old)
        return job_ids

    return _push(context, before.kind, f"Edit {before.name}", do, undo, parent, on_error)


def set_archived(
    context: AppContext, kind: str, ids: Sequence[int], archived: bool, parent: QWidget | None = None
) -> bool:
    changed: list[int] = []

    def do() -> Sequence[int]:
        changed[:] = records.set_contacts_archived(context.sessions, kind, ids, archived)
        return []

    def undo() -> Sequence[int]:
        records.set_contacts_archived(context.sessions, kind, changed, not archived)
        return []

    count = len(ids)
    what = f"{count} {_noun(kind)}s" if count != 1 else f"the {_noun(kind)}"
    return _push(context, kind, f"{'Archive' if archived else 'Restore'} {what}", do, undo, parent)


def delete(
    context: AppContext,
    kind: str,
    contact_id: int,
    reassign_to: int | None = None,
    parent: QWidget | None = None,
) -> bool:
    """Delete a contact (its jobs moved to `reassign_to` when given); undo puts it back
    with its id, details and jobs."""
    deleted: list[DeletedContact] = []

    def do() -> Sequence[int]:
        deleted[:] = [records.delete_contact(context.sessions, kind, contact_id, reassign_to)]
        return list(deleted[0].moved_job_ids)

    def undo() -> Sequence[int]:
        records.restore_contact(context.sessions, deleted[0])
        return list(deleted[0].moved_job_ids)

    return _push(context, kind, f"Delete {_noun(kind)}", do, undo, parent)


def _service_kind(kind: str) -> str:
    return merging.PEOPLE if kind == PERSON else merging.ORGANIZATIONS


def merge_contacts(
    context: AppContext,
    kind: str,
    keep_id: int,
    gone_id: int,
    name_from: str,
    organization_from: str,
    parent: QWidget | None = None,
) -> bool:
    """Merge as one undoable step; undo splits the two again (ids, details, jobs, links)."""
    done: list[merging.MergeResult] = []

    def do() -> Sequence[int]:
        result = merging.merge(
            context.sessions,
            _service_kind(kind),
            keep_id,
            gone_id,
            name_from=name_from,
            organization_from=organization_from,
        )
        done[:] = [result]
        return list(result.undo.job_ids)

    def undo() -> Sequence[int]:
        merging.unmerge(context.sessions, done[0].undo)
        return list(done[0].undo.job_ids)

    return _push(context, kind, "Merge", do, undo, parent)
