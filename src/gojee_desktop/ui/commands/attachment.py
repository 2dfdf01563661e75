"""Undoable attachment steps in the window. Removing an attachment (or undoing its adding)
keeps the stored bytes while a step on the undo stack may put it back; `HeldAttachmentBytes`
deletes them once no step can (the stack moved on, was cleared, or the app quits)."""

from __future__ import annotations

from collections.abc import Iterable

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QWidget
from sqlalchemy.exc import SQLAlchemyError

from gojee_desktop.services import activities
from gojee_desktop.services.activities import AttachmentInfo
from gojee_desktop.services.errors import GojeeError
from gojee_desktop.ui.commands.undo import ServiceCommand, push_service_command
from gojee_desktop.ui.context import AppContext


class HeldAttachmentBytes(QObject):
    """Stored contents no attachment refers to that an undo step may still need. Each command
    names what it needs in `held_hashes`; whenever the stack changes, what none needs goes."""

    def __init__(self, context: AppContext) -> None:
        super().__init__(context.undo_stack)
        self._context = context
        self._stack: QUndoStack = context.undo_stack
        self._pending: set[str] = set()
        self._stack.indexChanged.connect(self.collect)
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.collect_all)

    @classmethod
    def of(cls, context: AppContext) -> HeldAttachmentBytes:
        """The one keeper of the context's undo stack."""
        found = context.undo_stack.findChild(cls)
        return found if isinstance(found, cls) else cls(context)

    @property
    def pending(self) -> frozenset[str]:
        return frozenset(self._pending)

    def release(self, hashes: Iterable[str]) -> None:
        """These contents may have lost their last attachment: delete them when no step holds them."""
        self._pending.update(hashes)

    def held(self) -> set[str]:
        held: set[str] = set()
        if not shiboken6.isValid(self._stack):
            return held  # the app is closing: no step can undo any more
        for index in range(self._stack.count()):
            held |= getattr(self._stack.command(index), "held_hashes", set())
        return held

    def collect(self) -> None:
        free = self._pending - self.held()
        if free:
            self._collect(free)

    def collect_all(self) -> None:
        if self._pending:
            self._collect(set(self._pending))

    def _collect(self, hashes: set[str]) -> None:
        try:
            activities.collect_unreferenced(self._context.sessions, hashes)
        except (GojeeError, SQLAlchemyError, OSError):
            return  # tried again at the next change; a stray file is harmless meanwhile
        self._pending -= hashes


def push_attached(context: AppContext, info: AttachmentInfo, parent: QWidget | None = None) -> bool:
    """Put an attachment already added (by the worker) on the undo stack: Undo removes it,
    Redo brings the same one back."""
    sessions = context.sessions
    keeper = HeldAttachmentBytes.of(context)
    attached = [True]

    def do() -> list[int]:
        if not attached[0]:
            activities.restore_attachment(sessions, info)
            attached[0] = True
        return [info.job_id]

    def undo() -> list[int]:
        activities.remove_attachment(sessions, info.id, keep_bytes=True)
        attached[0] = False
        keeper.release([info.content_hash])
        return [info.job_id]

    command = ServiceCommand(f"Attach {info.name}", do, undo, context.signals, parent)
    command.held_hashes = {info.content_hash}
    return push_service_command(context.undo_stack, command)


def push_remove(context: AppContext, attachment_id: int, name: str, parent: QWidget | None = None) -> bool:
    """Remove an attachment; Undo puts it back (its stored bytes are kept until no step needs them)."""
    sessions = context.sessions
    keeper = HeldAttachmentBytes.of(context)
    removed: list[AttachmentInfo] = []

    def do() -> list[int]:
        info = activities.remove_attachment(sessions, attachment_id, keep_bytes=True)
        removed[:] = [info]
        command.held_hashes = {info.content_hash}
        keeper.release([info.content_hash])
        return [info.job_id]

    def undo() -> list[int]:
        return [activities.restore_attachment(sessions, removed[0]).job_id]

    command = ServiceCommand(f"Remove {name}", do, undo, context.signals, parent)
    return push_service_command(context.undo_stack, command)
