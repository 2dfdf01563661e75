"""Undoable activity and note edits: add (undo deletes, redo puts the same one back),
edit (undo puts the old values back), done / open again, delete (undo puts it back with its
id). Each do, undo and redo is one service call and tells the app the job changed."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from PySide6.QtWidgets import QWidget

from gojee_desktop.services import activities
from gojee_desktop.services.activities import ActivityDraft, ActivityInfo, NoteInfo
from gojee_desktop.services.errors import GojeeError
from gojee_desktop.ui.commands.undo import ServiceCommand, push_service_command
from gojee_desktop.ui.context import AppContext

#: What an edit dialog can change, read from an activity (for undoing an edit).
_CURRENT: dict[str, Callable[[ActivityInfo], Any]] = {
    "kind": lambda a: a.kind,
    "subject": lambda a: a.subject,
    "due_date": lambda a: a.due_date,
    "due_time": lambda a: a.due_time,
    "duration_minutes": lambda a: a.duration_minutes,
    "assignee": lambda a: a.assignee_id,
    "person_id": lambda a: a.person_id,
    "note": lambda a: a.note,
}


class ActivityCommands:
    """Pushes undoable activity and note actions on the app's undo stack."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        self.context = context
        self.parent = parent

    def _push(
        self,
        text: str,
        job_id: int,
        do: Callable[[], Any],
        undo: Callable[[], Any],
        on_error: Callable[[GojeeError], None] | None = None,
    ) -> bool:
        def wrap(action: Callable[[], Any]) -> Callable[[], list[int]]:
            def run() -> list[int]:
                action()
                return [job_id]

            return run

        command = ServiceCommand(text, wrap(do), wrap(undo), self.context.signals, self.parent)
        return push_service_command(self.context.undo_stack, command, on_error)

    # -- activities -----------------------------------------------------------------------

    def add(
        self, job_id: int, draft: ActivityDraft, on_error: Callable[[GojeeError], None] | None = None
    ) -> ActivityInfo | None:
        sessions = self.context.sessions
        state: dict[str, ActivityInfo] = {}

        def do() -> None:
            gone = state.get("deleted")
            state["made"] = (
                activities.restore_activity(sessions, gone)
                if gone
                else activities.add_activity(sessions, job_id, draft)
            )

        def undo() -> None:
            state["deleted"] = activities.delete_activity(sessions, state["made"].id)

        ok = self._push(f"Add {draft.kind} '{draft.subject.strip()}'", job_id, do, undo, on_error)
        return state.get("made") if ok else None

    def edit(
        self,
        info: ActivityInfo,
        changes: Mapping[str, Any],
        on_error: Callable[[GojeeError], None] | None = None,
    ) -> bool:
        sessions = self.context.sessions
        old = {key: _CURRENT[key](info) for key in changes}
        return self._push(
            f"Edit {info.kind} '{info.subject}'",
            info.job_id,
            lambda: activities.update_activity(sessions, info.id, changes),
            lambda: activities.update_activity(sessions, info.id, old),
            on_error,
        )

    def set_done(self, info: ActivityInfo, done: bool = True) -> bool:
        sessions = self.context.sessions
        verb = "Mark done" if done else "Mark not done"
        return self._push(
            f"{verb}: {info.kind} '{info.subject}'",
            info.job_id,
            lambda: activities.set_activity_done(sessions, info.id, done),
            lambda: activities.set_activity_done(sessions, info.id, not done),
        )

    def delete(self, info: ActivityInfo) -> bool:
        sessions = self.context.sessions
        state = {"info": info}

        def do() -> None:
            state["info"] = activities.delete_activity(sessions, info.id)

        return self._push(
            f"Delete {info.kind} '{info.subject}'",
            info.job_id,
            do,
            lambda: activities.restore_activity(sessions, state["info"]),
        )

    # -- notes ----------------------------------------------------------------------------

    def add_note(
        self,
        job_id: int,
        text: str,
        pinned: bool = False,
        on_error: Callable[[GojeeError], None] | None = None,
    ) -> NoteInfo | None:
        sessions = self.context.sessions
        state: dict[str, NoteInfo] = {}

        def do() -> None:
            gone = state.get("deleted")
            state["made"] = (
                activities.restore_note(sessions, gone)
                if gone
                else activities.add_note(sessions, job_id, text, pinned=pinned)
            )

        def undo() -> None:
            state["deleted"] = activities.delete_note(sessions, state["made"].id)

        ok = self._push("Add note", job_id, do, undo, on_error)
        return state.get("made") if ok else None

    def edit_note(
        self,
        note: NoteInfo,
        text: str | None = None,
        pinned: bool | None = None,
        on_error: Callable[[GojeeError], None] | None = None,
    ) -> bool:
        sessions = self.context.sessions
        old_text = note.body if text is not None else None
        old_pinned = note.pinned if pinned is not None else None
        label = "Edit note" if text is not None else ("Pin note" if pinned else "Unpin note")
        return self._push(
            label,
            note.job_id,
            lambda: activities.update_note(sessions, note.id, text=text, pinned=pinned),
            lambda: activities.update_note(sessions, note.id, text=old_text, pinned=old_pinned),
            on_error,
        )

    def delete_note(self, note: NoteInfo) -> bool:
        sessions = self.context.sessions
        state = {"note": note}

        def do() -> None:
            state["note"] = activities.delete_note(sessions, note.id)

        return self._push(
            "Delete note", note.job_id, do, lambda: activities.restore_note(sessions, state["note"])
        )
