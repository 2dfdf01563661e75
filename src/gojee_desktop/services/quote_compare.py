"""What changed between two quote revisions: lines added, removed and changed."""

from __future__ import annotations

from dataclasses import dataclass

from gojee_desktop.services.bom import LINE_FIELDS
from gojee_desktop.services.history import as_text
from gojee_desktop.services.quotes import QuoteDetail, QuoteLineInfo, get_quote
from gojee_desktop.store.database import SessionFactory


@dataclass(frozen=True)
class LineChange:
    change: str  # 'added' | 'removed' | 'changed'
    section: str
    description: str
    fields: tuple[tuple[str, str, str], ...] = ()  # (field, old, new) for 'changed'


def _key(line: QuoteLineInfo) -> tuple[str, str]:
    """Lines are matched by section and item code, or description when there is no code."""
    return line.section.casefold(), (line.data.item_code or line.data.description).casefold()


def compare_details(old: QuoteDetail, new: QuoteDetail) -> list[LineChange]:
    old_lines: dict[tuple[str, str], list[QuoteLineInfo]] = {}
    for line in old.lines:
        old_lines.setdefault(_key(line), []).append(line)
    changes: list[LineChange] = []
    for line in new.lines:
        matches = old_lines.get(_key(line))
        if not matches:
            changes.append(LineChange("added", line.section, line.data.description))
            continue
        before = matches.pop(0)
        fields = tuple(
            (name.replace("_", " "), as_text(getattr(before.data, name)), as_text(getattr(line.data, name)))
            for name in LINE_FIELDS
            if getattr(before.data, name) != getattr(line.data, name)
        )
        if fields:
            changes.append(LineChange("changed", line.section, line.data.description, fields))
    for remaining in old_lines.values():
        changes.extend(LineChange("removed", x.section, x.data.description) for x in remaining)
    return changes


def compare_quotes(sessions: SessionFactory, old_number: str, new_number: str) -> list[LineChange]:
    return compare_details(get_quote(sessions, old_number), get_quote(sessions, new_number))
