"""Undoable changes to the configured lists (labels, channels, statuses, custom fields, team,
currency) made in the settings dialog. Like `ui.commands.undo.ServiceCommand`, the change runs once
before it is pushed; a failure is shown and nothing enters the stack."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QUndoCommand, QUndoStack
from PySide6.QtWidgets import QWidget

from gojee_desktop.services.errors import GojeeError
from gojee_desktop.ui.errors import show_error
from gojee_desktop.ui.signals import AppSignals


class CatalogCommand(QUndoCommand):
    """`do` and `undo` call catalog services; `kind` is announced with `catalog_changed`."""

    def __init__(
        self,
        text: str,
        do: Callable[[], object],
        undo: Callable[[], object],
        signals: AppSignals,
        kind: str,
        parent_widget: QWidget | None = None,
    ) -> None:
        super().__init__(text)
        self._do, self._undo = do, undo
        self._signals, self._kind, self._parent_widget = signals, kind, parent_widget
        self._skip_first_redo = True

    def _run(self, action: Callable[[], object]) -> None:
        try:
            action()
        except GojeeError as error:
            self.setObsolete(True)
            show_error(self._parent_widget, error)
        self._signals.catalog_changed.emit(self._kind)

    def redo(self) -> None:
        if self._skip_first_redo:
            self._skip_first_redo = False
            return
        self._run(self._do)

    def undo(self) -> None:
        self._run(self._undo)


def push_catalog_change(
    stack: QUndoStack,
    signals: AppSignals,
    kind: str,
    text: str,
    do: Callable[[], object],
    undo: Callable[[], object] | None,
    parent: QWidget | None = None,
) -> object | None:
    """Run `do`; on success announce it, push it (when it can be undone) and return its
    result. On failure show the error and return None."""
    try:
        result = do()
    except GojeeError as error:
        show_error(parent, error)
        return None
    if undo is not None:
        stack.push(CatalogCommand(text, do, undo, signals, kind, parent))
    signals.catalog_changed.emit(kind)
    return result if result is not None else True
