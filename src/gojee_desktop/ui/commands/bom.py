"""Undoable BOM edits for one job: each is a `ServiceCommand` whose do, undo and redo are one
service call (one transaction) each. Ids stay stable across undo and redo (the services put
deleted lines and sections back under their old ids), so older commands on the stack that
name a line keep working. Names read well in the Edit menu: "Undo Add BOM line".

The first run of each edit names the stamp of the BOM the window shows: when another client
changed the BOM since, the edit is refused and `on_stale` decides (the editor shows their
lines beside the edit): a new stamp to make the edit over theirs, or None to drop it. Undo and
redo run without a stamp, as they always did."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from gojee_desktop.services import bom
from gojee_desktop.services.bom_conflicts import REMOVED, BomIntent, describe, describe_new
from gojee_desktop.services.bom_lines import LineData
from gojee_desktop.services.errors import GojeeError, StaleBom
from gojee_desktop.ui.commands.undo import ServiceCommand, push_service_command
from gojee_desktop.ui.context import AppContext


def lines_text(verb: str, count: int) -> str:
    """ "Add BOM line", "Delete 3 BOM lines"."""
    return f"{verb} BOM line" if count == 1 else f"{verb} {count} BOM lines"


class Guard:
    """The BOM stamp the first run of an edit names; taken once (redo runs unguarded).
    `overwrite` is set when the user chose to make the edit over another client's change."""

    def __init__(self, stamp: str | None) -> None:
        self.stamp = stamp
        self.overwrite = False

    def take(self) -> str | None:
        stamp, self.stamp = self.stamp, None
        return stamp


@dataclass
class BomCommands:
    """Pushes undoable edits of one job's BOM. `refresh` runs after every do, undo and redo;
    `on_error` shows a refused first attempt (inline, say); nothing is pushed then. `view`
    is the BOM the window shows (its stamp guards each edit); `on_stale` resolves an edit
    refused because the BOM changed elsewhere (see the module's docstring)."""

    context: AppContext
    job_id: int
    refresh: Callable[[], None]
    on_error: Callable[[GojeeError], None]
    view: Callable[[], bom.BomView | None] = lambda: None
    on_stale: Callable[[StaleBom, BomIntent], str | None] | None = None

    def _guard(self) -> Guard:
        shown = self.view()
        return Guard(shown.stamp if shown is not None else None)

    def _push(
        self,
        text: str,
        do: Callable[[], Any],
        undo: Callable[[], Any],
        guard: Guard | None = None,
        intent: BomIntent | None = None,
    ) -> bool:
        """Run `do` and push it; a refusal because the BOM changed elsewhere asks `on_stale`,
        and runs `do` again over their change when it answers with the stamp it saw."""
        stale: list[StaleBom] = []

        def refused(error: GojeeError) -> None:
            if isinstance(error, StaleBom) and self.on_stale is not None and guard is not None:
                stale.append(error)
            else:
                self.on_error(error)

        while True:
            stale.clear()
            ok = self._push_once(text, do, undo, refused)
            if not stale or self.on_stale is None or guard is None:
                return ok
            stamp = self.on_stale(stale[0], intent or BomIntent())
            if stamp is None:
                return False
            guard.stamp, guard.overwrite = stamp, True

    def _push_once(
        self, text: str, do: Callable[[], Any], undo: Callable[[], Any], refused: Callable[[GojeeError], None]
    ) -> bool:
        refresh, job_id = self.refresh, self.job_id

        def wrap(action: Callable[[], Any]) -> Callable[[], Sequence[int]]:
            def run() -> Sequence[int]:
                action()
                refresh()
                return [job_id]

            return run

        command = ServiceCommand(text, wrap(do), wrap(undo), self.context.signals)
        return push_service_command(self.context.undo_stack, command, refused)

    def edit_line(self, line: bom.BomLineInfo, changes: dict[str, Any]) -> bool:
        """Change cells of a line saved at `line.version`; refused if someone changed it since.
        Undo and redo are refused when the cells no longer hold what the last step left."""
        sessions, line_id = self.context.sessions, line.id
        restore = {name: getattr(line.data, name) for name in changes}
        state: dict[str, Any] = {"version": line.version, "expected": None}
        guard = self._guard()

        def apply(values: dict[str, Any]) -> None:
            result = bom.edit_line(
                sessions,
                line_id,
                values,
                expected_version=None if guard.overwrite else state["version"],
                expected_values=state["expected"],
                expected_stamp=guard.take(),
            )
            state["version"] = None  # only the first save checks the version the user saw
            state["expected"] = {name: getattr(result.new, name) for name in values}

        what = ", ".join(sorted(changes)).replace("_", " ")
        return self._push(
            f"Change BOM line {what}",
            lambda: apply(changes),
            lambda: apply(restore),
            guard,
            self._intent(lines={line_id: (line.data.with_changes(**changes), None)}),
        )

    def _intent(
        self,
        lines: dict[int, tuple[LineData | None, int | None]] | None = None,
        added: Sequence[tuple[LineData, int | None]] = (),
        sections: dict[int, str] | None = None,
        added_sections: Sequence[str] = (),
    ) -> BomIntent:
        """What an edit would do, in the conflict dialog's words: `lines` maps a line to its
        data after the edit and the section it goes to (data None: removed)."""
        shown = self.view()
        if shown is None:
            return BomIntent()
        texts = {
            line_id: REMOVED if data is None else describe(shown, line_id, data, section_id)
            for line_id, (data, section_id) in (lines or {}).items()
        }
        return BomIntent(
            lines=texts,
            added=tuple(describe_new(shown, data, section_id) for data, section_id in added),
            sections=dict(sections or {}),
            added_sections=tuple(added_sections),
        )

    def rename_section(self, section_id: int, old: str, name: str) -> bool:
        sessions, guard = self.context.sessions, self._guard()
        return self._push(
            "Rename BOM section",
            lambda: bom.rename_section(sessions, section_id, name, expected_stamp=guard.take()),
            lambda: bom.rename_section(sessions, section_id, old),
            guard,
            self._intent(sections={section_id: name.strip()}),
        )

    def add_lines(
        self,
        lines: Sequence[LineData],
        section_id: int | None,
        position: int | None,
        text: str | None = None,
    ) -> list[int]:
        """Insert lines; returns their ids (empty when refused). Redo puts the same ids back."""
        sessions, job_id, guard = self.context.sessions, self.job_id, self._guard()
        state: dict[str, Any] = {"ids": [], "deleted": None}

        def do() -> None:
            if state["deleted"] is None:
                state["ids"] = bom.add_lines(
                    sessions,
                    job_id,
                    lines,
                    section_id=section_id,
                    position=position,
                    expected_stamp=guard.take(),
                )
            else:
                state["ids"] = bom.restore_lines(sessions, state["deleted"])

        def undo() -> None:
            state["deleted"] = bom.delete_lines(sessions, state["ids"])

        intent = self._intent(added=[(line, section_id) for line in lines])
        ok = self._push(text or lines_text("Add", len(lines)), do, undo, guard, intent)
        return list(state["ids"]) if ok else []

    def delete_lines(self, line_ids: Sequence[int], verb: str = "Delete") -> bool:
        sessions, ids, guard = self.context.sessions, list(line_ids), self._guard()
        state: dict[str, Any] = {}

        def do() -> None:
            state["deleted"] = bom.delete_lines(sessions, ids, expected_stamp=guard.take())

        return self._push(
            lines_text(verb, len(ids)),
            do,
            lambda: bom.restore_lines(sessions, state["deleted"]),
            guard,
            self._intent(lines={line_id: (None, None) for line_id in ids}),
        )

    def add_section(self, name: str) -> int | None:
        sessions, job_id, guard = self.context.sessions, self.job_id, self._guard()
        state: dict[str, Any] = {"id": None, "deleted": None}

        def do() -> None:
            if state["deleted"] is None:
                state["id"] = bom.add_section(sessions, job_id, name, expected_stamp=guard.take())
            else:
                state["id"] = bom.restore_section(sessions, state["deleted"])

        def undo() -> None:
            state["deleted"] = bom.delete_section(sessions, state["id"])

        ok = self._push("Add BOM section", do, undo, guard, self._intent(added_sections=[name.strip()]))
        return state["id"] if ok else None

    def delete_section(self, section_id: int) -> bool:
        sessions, guard = self.context.sessions, self._guard()
        state: dict[str, Any] = {}

        def do() -> None:
            state["deleted"] = bom.delete_section(sessions, section_id, expected_stamp=guard.take())

        shown = self.view()
        inside = [
            line.id for s in (shown.sections if shown else ()) if s.id == section_id for line in s.lines
        ]
        intent = self._intent(
            lines={line_id: (None, None) for line_id in inside}, sections={section_id: REMOVED}
        )
        return self._push(
            "Delete BOM section", do, lambda: bom.restore_section(sessions, state["deleted"]), guard, intent
        )

    def move(
        self,
        text: str,
        action: Callable[[str | None], bom.Layout],
        lines: Sequence[int] = (),
        section_id: int | None = None,
    ) -> bool:
        """A move service (called with the stamp to check) returns the order it replaced;
        undo and redo swap orders. `lines` moved into `section_id`, or the section moved,
        name the move in a conflict dialog."""
        sessions, job_id, guard = self.context.sessions, self.job_id, self._guard()
        state: dict[str, Any] = {"other": None}

        def do() -> None:
            if state["other"] is None:
                state["other"] = action(guard.take())
            else:
                state["other"] = bom.restore_layout(sessions, job_id, state["other"])

        def undo() -> None:
            state["other"] = bom.restore_layout(sessions, job_id, state["other"])

        shown = self.view()
        intent = BomIntent()
        if shown is not None and lines:
            intent = BomIntent(
                lines={i: f"{describe(shown, i, section_id=section_id)}, moved" for i in lines}
            )
        elif shown is not None and section_id is not None:
            name = next((s.name for s in shown.sections if s.id == section_id), "")
            intent = BomIntent(sections={section_id: f"{name}, moved"})
        return self._push(text, do, undo, guard, intent)
