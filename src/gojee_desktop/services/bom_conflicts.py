"""A BOM edit refused because someone else changed the BOM meanwhile: the lines (and
sections) that differ, as loaded, as they left them, and as the refused edit would leave them,
in the rows the conflict dialog shows for a job's fields."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from gojee_desktop.pricing import price_line
from gojee_desktop.services.bom import BomLineInfo, BomView, get_bom, line_label
from gojee_desktop.services.bom_lines import LineData
from gojee_desktop.services.conflicts import FieldChange
from gojee_desktop.store.database import SessionFactory

REMOVED = "removed"
ABSENT = "—"


@dataclass(frozen=True)
class BomIntent:
    """What the refused edit would do, for the "Yours" column: each touched line's text after
    it (or REMOVED), the lines it adds, each touched section's name after it (or REMOVED)."""

    lines: Mapping[int, str] = field(default_factory=dict)
    added: tuple[str, ...] = ()
    sections: Mapping[int, str] = field(default_factory=dict)
    added_sections: tuple[str, ...] = ()


@dataclass(frozen=True)
class BomConflict:
    number: str
    fresh: BomView
    fields: tuple[FieldChange, ...]


def _money(value: Decimal) -> str:
    return format(value, ",f")


def line_text(data: LineData, net: Decimal | None = None) -> str:
    """One line in a few words: "Cable 2.5 mm (100 m) · 250.00"."""
    text = line_label(data)
    if net is not None:
        text += f" · {_money(net)}"
    if data.optional:
        text += " · optional" + (" (chosen)" if data.chosen else "")
    return text


def describe(view: BomView, line_id: int, data: LineData | None = None, section_id: int | None = None) -> str:
    """A line of `view` as the conflict rows show it, with `data` or `section_id` replaced
    (what an edit or a move would make of it)."""
    for section in view.sections:
        for line in section.lines:
            if line.id == line_id:
                after = data if data is not None else line.data
                name = next((s.name for s in view.sections if s.id == section_id), section.name)
                return f"{line_text(after, price_line(after.pricing(), view.currency).net)} · {name}"
    return ABSENT


def describe_new(view: BomView, data: LineData, section_id: int | None) -> str:
    """A line an edit adds, in the section it goes to (the last one when not given)."""
    names = {s.id: s.name for s in view.sections}
    name = (
        names.get(section_id) if section_id is not None else (view.sections[-1].name if view.sections else "")
    )
    net = price_line(data.pricing(), view.currency).net
    return f"{line_text(data, net)} · {name}" if name else line_text(data, net)


def _placed(view: BomView) -> dict[int, tuple[BomLineInfo, str]]:
    """Each line with its text and section ("… · General"); the order is compared apart."""
    return {
        line.id: (line, f"{line_text(line.data, line.amounts.net)} · {section.name}")
        for section in view.sections
        for line in section.lines
    }


def _reordered(seen: BomView, fresh: BomView) -> list[str]:
    """Sections whose lines both sides hold now stand in another order."""
    names = []
    theirs = {s.id: [x.id for x in s.lines] for s in fresh.sections}
    for section in seen.sections:
        if section.id not in theirs:
            continue
        now = theirs[section.id]
        before = [x.id for x in section.lines if x.id in now]
        if before != [i for i in now if i in before]:
            names.append(section.name)
    return names


def compare_bom(sessions: SessionFactory, seen: BomView, intent: BomIntent) -> BomConflict:
    """The BOM as saved now beside `seen` (what the window showed) and `intent` (the refused
    edit): every line and section either side changed, plus the currency when it changed."""
    fresh = get_bom(sessions, seen.job_id)
    rows: list[FieldChange] = []
    if fresh.currency != seen.currency:
        rows.append(FieldChange("currency", "Currency", seen.currency, fresh.currency, seen.currency))
    was_sections = {s.id: s.name for s in seen.sections}
    their_sections = {s.id: s.name for s in fresh.sections}
    for section_id in dict.fromkeys([*was_sections, *their_sections]):
        was = was_sections.get(section_id, ABSENT)
        theirs = their_sections.get(section_id, REMOVED if section_id in was_sections else ABSENT)
        yours = intent.sections.get(section_id, was)
        if theirs != was or yours != was:
            name = was if section_id in was_sections else theirs
            rows.append(FieldChange(f"section {section_id}", f"Section {name}", was, theirs, yours))
    for name in intent.added_sections:
        rows.append(FieldChange("new section", f"Section {name}", ABSENT, ABSENT, name))
    was_lines, their_lines = _placed(seen), _placed(fresh)
    for line_id in dict.fromkeys([*was_lines, *their_lines]):
        was = was_lines[line_id][1] if line_id in was_lines else ABSENT
        theirs = (
            their_lines[line_id][1]
            if line_id in their_lines
            else (REMOVED if line_id in was_lines else ABSENT)
        )
        yours = intent.lines.get(line_id, was)
        if theirs != was or yours != was:
            info = (was_lines.get(line_id) or their_lines[line_id])[0]
            rows.append(FieldChange(f"line {line_id}", line_label(info.data), was, theirs, yours))
    for name in _reordered(seen, fresh):
        rows.append(
            FieldChange(f"order {name}", f"Order in {name}", "as loaded", "lines reordered", "as loaded")
        )
    both = set(was_sections) & set(their_sections)
    if [i for i in was_sections if i in both] != [i for i in their_sections if i in both]:
        rows.append(FieldChange("section order", "Section order", "as loaded", "reordered", "as loaded"))
    for text in intent.added:
        rows.append(FieldChange("new line", "New line", ABSENT, ABSENT, text))
    return BomConflict(number=fresh.job_number, fresh=fresh, fields=tuple(rows))
