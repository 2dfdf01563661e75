"""Undoable BOM edits for one job: each is a `ServiceCommand` whose do, undo and redo are one
service call (one transaction) each. Ids stay stable across undo and redo (the services put
deleted lines and sections back under their old ids), so older commands on the stack that
name a line keep working. Names read well in the Edit menu: "Undo Add BOM line"."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from gojee_desktop.services import bom
from gojee_desktop.services.bom_lines import LineData
from gojee_desktop.services.errors import GojeeError
from gojee_desktop.ui.commands.undo import ServiceCommand, push_service_command
from gojee_desktop.ui.context import AppContext


def lines_text(verb: str, count: int) -> str:
    """ "Add BOM line", "Delete 3 BOM lines"."""
    return f"{verb} BOM line" if count == 1 else f"{verb} {count} BOM lines"


@dataclass
class BomCommands:
    """Pushes undoable edits of one job's BOM. `refresh` runs after every do, undo and redo;
    `on_error` shows a refused first attempt (inline, say); nothing is pushed then."""

    context: AppContext
    job_id: int
    refresh: Callable[[], None]
    on_error: Callable[[GojeeError], None]

    def _push(self, text: str, do: Callable[[], Any], undo: Callable[[], Any]) -> bool:
        refresh, job_id = self.refresh, self.job_id

        def wrap(action: Callable[[], Any]) -> Callable[[], Sequence[int]]:
            def run() -> Sequence[int]:
                action()
                refresh()
                return [job_id]

            return run

        command = ServiceCommand(text, wrap(do), wrap(undo), self.context.signals)
        return push_service_command(self.context.undo_stack, command, self.on_error)

    def edit_line(self, line: bom.BomLineInfo, changes: dict[str, Any]) -> bool:
        """Change cells of a line saved at `line.version`; refused if someone changed it since.
        Undo and redo are refused when the cells no longer hold what the last step left."""
        sessions, line_id = self.context.sessions, line.id
        restore = {name: getattr(line.data, name) for name in changes}
        state: dict[str, Any] = {"version": line.version, "expected": None}

        def apply(values: dict[str, Any]) -> None:
            result = bom.edit_line(
                sessions,
                line_id,
                values,
                expected_version=state["version"],
                expected_values=state["expected"],
            )
            state["version"] = None  # only the first save checks the version the user saw
            state["expected"] = {name: getattr(result.new, name) for name in values}

        what = ", ".join(sorted(changes)).replace("_", " ")
        return self._push(f"Change BOM line {what}", lambda: apply(changes), lambda: apply(restore))

    def rename_section(self, section_id: int, old: str, name: str) -> bool:
        sessions = self.context.sessions
        return self._push(
            "Rename BOM section",
            lambda: bom.rename_section(sessions, section_id, name),
            lambda: bom.rename_section(sessions, section_id, old),
        )

    def add_lines(
        self,
        lines: Sequence[LineData],
        section_id: int | None,
        position: int | None,
        text: str | None = None,
    ) -> list[int]:
        """Insert lines; returns their ids (empty when refused). Redo puts the same ids back."""
        sessions, job_id = self.context.sessions, self.job_id
        state: dict[str, Any] = {"ids": [], "deleted": None}

        def do() -> None:
            if state["deleted"] is None:
                state["ids"] = bom.add_lines(
                    sessions, job_id, lines, section_id=section_id, position=position
                )
            else:
                state["ids"] = bom.restore_lines(sessions, state["deleted"])

        def undo() -> None:
            state["deleted"] = bom.delete_lines(sessions, state["ids"])

        ok = self._push(text or lines_text("Add", len(lines)), do, undo)
        return list(state["ids"]) if ok else []

    def delete_lines(self, line_ids: Sequence[int], verb: str = "Delete") -> bool:
        sessions, ids = self.context.sessions, list(line_ids)
        state: dict[str, Any] = {}

        def do() -> None:
            state["deleted"] = bom.delete_lines(sessions, ids)

        return self._push(
            lines_text(verb, len(ids)), do, lambda: bom.restore_lines(sessions, state["deleted"])
        )

    def add_section(self, name: str) -> int | None:
        sessions, job_id = self.context.sessions, self.job_id
        state: dict[str, Any] = {"id": None, "deleted": None}

        def do() -> None:
            if state["deleted"] is None:
                state["id"] = bom.add_section(sessions, job_id, name)
            else:
                state["id"] = bom.restore_section(sessions, state["deleted"])

        def undo() -> None:
            state["deleted"] = bom.delete_section(sessions, state["id"])

        ok = self._push("Add BOM section", do, undo)
        return state["id"] if ok else None

    def delete_section(self, section_id: int) -> bool:
        sessions = self.context.sessions
        state: dict[str, Any] = {}

        def do() -> None:
            state["deleted"] = bom.delete_section(sessions, section_id)

        return self._push("Delete BOM section", do, lambda: bom.restore_section(sessions, state["deleted"]))

    def move(self, text: str, action: Callable[[], bom.Layout]) -> bool:
        """A move service returns the order it replaced; undo and redo swap orders."""
        sessions, job_id = self.context.sessions, self.job_id
        state: dict[str, Any] = {"other": None}

        def do() -> None:
            if state["other"] is None:
                state["other"] = action()
            else:
                state["other"] = bom.restore_layout(sessions, job_id, state["other"])

        def undo() -> None:
            state["other"] = bom.restore_layout(sessions, job_id, state["other"])

        return self._push(text, do, undo)
