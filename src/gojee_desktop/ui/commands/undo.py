"""Undoable GUI edits: each command calls a service to do and another to undo, then tells
the app which jobs changed. A command whose service call fails is made obsolete, the error is
shown, and the stack is left as it was."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtGui import QUndoCommand, QUndoStack
from PySide6.QtWidgets import QWidget

from gojee_desktop.services.errors import GojeeError
from gojee_desktop.ui.errors import show_error
from gojee_desktop.ui.signals import AppSignals


class ServiceCommand(QUndoCommand):
    """`redo()` runs `do`, `undo()` runs `undo`; both return the ids of the jobs they touched.

    Push it with `push_service_command`, which runs `do` once before pushing, so a failure is
    reported and nothing enters the stack."""

    def __init__(
        self,
        text: str,
        do: Callable[[], Sequence[int]],
        undo: Callable[[], Sequence[int]],
        signals: AppSignals,
        parent_widget: QWidget | None = None,
        removed_on_do: bool = False,
        removed_on_undo: bool = False,
    ) -> None:
        super().__init__(text)
        self._do = do
        self._undo = undo
        self._signals = signals
        self._parent_widget = parent_widget
        self._skip_first_redo = False
        self._removed_on_do = removed_on_do
        self._removed_on_undo = removed_on_undo
        #: Stored attachment contents this step may bring back (see `commands.attachment`).
        self.held_hashes: set[str] = set()

    def _run(self, action: Callable[[], Sequence[int]], removed: bool) -> None:
        try:
            ids = list(action())
        except GojeeError as error:
            self.setObsolete(True)
            show_error(self._parent_widget, error)
            self._signals.jobs_changed.emit([])
            return
        if removed:
            self._signals.jobs_removed.emit(ids)
        else:
            self._signals.jobs_changed.emit(ids)

    def redo(self) -> None:
        if self._skip_first_redo:
            self._skip_first_redo = False
            return
        self._run(self._do, self._removed_on_do)

    def undo(self) -> None:
        self._run(self._undo, self._removed_on_undo)

    def mark_done(self) -> None:
        """`do` already ran (by `push_service_command`): the push must not run it again."""
        self._skip_first_redo = True


def push_service_command(
    stack: QUndoStack, command: ServiceCommand, on_error: Callable[[GojeeError], None] | None = None
) -> bool:
    """Run the command's `do` now; on success push it (without running it twice) and return
    True. On failure show the error (or hand it to `on_error`, to show it inline), push
    nothing and return False."""
    try:
        ids = list(command._do())
    except GojeeError as error:
        if on_error is not None:
            on_error(error)
        else:
            show_error(command._parent_widget, error)
        command._signals.jobs_changed.emit([])
        return False
    command.mark_done()
    stack.push(command)
    if command._removed_on_do:
        command._signals.jobs_removed.emit(ids)
    else:
        command._signals.jobs_changed.emit(ids)
    return True
