"""Editing a job's bill of materials: sections and lines, reorder, paste, and the totals.

Each function is one transaction and returns plain data, including what its undo needs:
deleted lines and sections come back with their old ids (so later undo steps that name them
still work), moves return the order they replaced. Line content carries a version: a save
based on an older read is refused. Lines added, removed or changed are written to the job's
history. A BOM whose newest quote was accepted is frozen: every change is refused until the
quote is revised.

The whole BOM carries a stamp too (`BomView.stamp`: its sections, lines, their order and
versions, and the job's currency): an edit made in a window names the stamp of the BOM it
shows, and is refused (`StaleBom`) when another client changed the BOM since. The job's own
version is left alone, so BOM edits never make a job editor's field save or a board move
stale, and job edits other than the currency never make a BOM edit stale."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from gojee_desktop.models import BomLine, BomSection, Job, Quote
from gojee_desktop.pricing import LineAmounts, Totals, compute_totals, price_line
from gojee_desktop.services import lookups
from gojee_desktop.services.bom_lines import LineData, check_line
from gojee_desktop.services.company import load_company
from gojee_desktop.services.errors import NotFound, RuleViolation, StaleBom, StaleRecord, ValidationError
from gojee_desktop.services.history import HistoryWriter, as_text, last_change
from gojee_desktop.services.jobs import format_number
from gojee_desktop.services.uow import read_only, unit_of_work
from gojee_desktop.store.database import SessionFactory

DEFAULT_SECTION = "General"
LINE_FIELDS = tuple(LineData.__dataclass_fields__)


@dataclass(frozen=True)
class BomLineInfo:
    id: int
    section_id: int
    position: int
    data: LineData
    amounts: LineAmounts
    version: int = 1


@dataclass(frozen=True)
class BomSectionInfo:
    id: int
    name: str
    position: int
    lines: tuple[BomLineInfo, ...]
    subtotal: Decimal


@dataclass(frozen=True)
class BomView:
    """A whole BOM with every amount computed."""

    job_id: int
    job_number: str
    currency: str
    frozen_by: str | None  # number of the accepted quote that froze it, or None
    sections: tuple[BomSectionInfo, ...]
    totals: Totals
    stamp: str = ""  # what an edit names to be refused when the BOM changed since (see above)

    @property
    def frozen(self) -> bool:
        return self.frozen_by is not None

    @property
    def line_count(self) -> int:
        return sum(len(s.lines) for s in self.sections)


# A BOM's order: sections in order, each with its line ids in order (undo of moves).
Layout = tuple[tuple[int, tuple[int, ...]], ...]


def line_data(row: Any) -> LineData:
    """LineData from a BomLine or QuoteLine row."""
    return LineData(**{name: getattr(row, name) for name in LINE_FIELDS})


def frozen_by(session: Session, job_id: int) -> str | None:
    latest = session.scalar(
        select(Quote).where(Quote.job_id == job_id).order_by(Quote.revision.desc()).limit(1)
    )
    return latest.number if latest is not None and latest.status == "accepted" else None


def _check_editable(session: Session, job_id: int) -> None:
    number = frozen_by(session, job_id)
    if number is not None:
        raise RuleViolation(
            f"The BOM of {format_number(job_id)} is frozen: quote {number} was accepted. "
            "Revise the quote to change it."
        )


def _sections(session: Session, job_id: int) -> list[BomSection]:
    return list(
        session.scalars(
            select(BomSection).where(BomSection.job_id == job_id).order_by(BomSection.position, BomSection.id)
        )
    )


def bom_stamp(session: Session, job_id: int) -> str:
    """A fingerprint of everything a BOM edit is based on: the sections (name, order), the
    lines (section, order, version: every content change bumps it) and the job's currency."""
    currency = session.scalar(select(Job.currency).where(Job.id == job_id))
    sections = session.execute(
        select(BomSection.id, BomSection.name, BomSection.position)
        .where(BomSection.job_id == job_id)
        .order_by(BomSection.id)
    ).all()
    lines = session.execute(
        select(BomLine.id, BomLine.section_id, BomLine.position, BomLine.version)
        .join(BomSection, BomLine.section_id == BomSection.id)
        .where(BomSection.job_id == job_id)
        .order_by(BomLine.id)
    ).all()
    shape = repr((currency, [tuple(r) for r in sections], [tuple(r) for r in lines]))
    return hashlib.blake2b(shape.encode(), digest_size=10).hexdigest()


def check_stamp(session: Session, job_id: int, expected_stamp: str | None) -> None:
    """Refuse an edit made on a BOM someone else changed since it was loaded. The job row is
    locked first, so two clients' edits of one BOM take turns and the second sees the first."""
    if expected_stamp is None:
        return
    job = lookups.get_job(session, job_id, for_update=True)
    if bom_stamp(session, job_id) == expected_stamp:
        return
    change = last_change(session, job_id, bom=True)
    who = f" ({change.actor or 'someone'}: {', '.join(change.fields)})" if change else ""
    raise StaleBom(
        f"The BOM of {job.number} was changed by someone else since you loaded it{who}. "
        "Your change was not made: reload the BOM to see theirs, then make yours again.",
        job_id,
        change.actor if change else "",
        change.fields if change else (),
    )


def load_bom(session: Session, job_id: int) -> BomView:
    stamp = bom_stamp(session, job_id)  # first: a stamp older than the lines read is only safe
    job = lookups.get_job(session, job_id)
    company = load_company(session)
    sections = _sections(session, job_id)
    infos: list[BomSectionInfo] = []
    for section in sections:
        lines = tuple(
            BomLineInfo(
                id=row.id,
                section_id=section.id,
                position=row.position,
                data=line_data(row),
                amounts=price_line(line_data(row).pricing(), job.currency),
                version=row.version,
            )
            for row in section.lines
        )
        subtotal = sum((x.amounts.net for x in lines if x.amounts.counted), Decimal(0))
        infos.append(BomSectionInfo(section.id, section.name, section.position, lines, subtotal))
    totals = compute_totals(
        [[x.data.pricing() for x in s.lines] for s in infos], job.currency, company.tax_rounding
    )
    infos = [
        BomSectionInfo(s.id, s.name, s.position, s.lines, sub)
        for s, sub in zip(infos, totals.section_subtotals, strict=True)
    ]
    return BomView(
        job_id=job.id,
        job_number=job.number,
        currency=job.currency,
        frozen_by=frozen_by(session, job_id),
        sections=tuple(infos),
        totals=totals,
        stamp=stamp,
    )


def get_bom(sessions: SessionFactory, job_id: int) -> BomView:
    with read_only(sessions) as session:
        return load_bom(session, job_id)


def _section(session: Session, section_id: int) -> BomSection:
    section = session.get(BomSection, section_id)
    if section is None:
        raise NotFound(f"There is no BOM section with id {section_id} (it may have been deleted).")
    _check_editable(session, section.job_id)
    return section


def _line(session: Session, line_id: int, *, for_update: bool = False) -> BomLine:
    line = session.get(BomLine, line_id, with_for_update=for_update)
    if line is None:
        raise NotFound(f"There is no BOM line with id {line_id} (it may have been deleted).")
    _check_editable(session, line.section.job_id)
    return line


def _check_section_name(name: str) -> str:
    cleaned = (name or "").strip()
    if not cleaned:
        raise ValidationError("A section needs a name.", field="section")
    if len(cleaned) > 200:
        raise ValidationError("A section name can be at most 200 characters.", field="section")
    return cleaned


def _history(session: Session, job_id: int, actor_id: int | None) -> HistoryWriter:
    job = session.get(Job, job_id)
    if job is None:
        raise NotFound(f"There is no job {format_number(job_id)}.")
    return HistoryWriter(session, job, actor_id, job_fields=False)


def line_label(data: LineData) -> str:
    """How a line is named in the history: its description (or code) and quantity."""
    name = data.description.splitlines()[0] if data.description.strip() else data.item_code or data.kind
    name = name if len(name) <= 60 else name[:59] + "…"
    return f"{name} ({as_text(data.quantity)} {data.unit})".replace(" )", ")")


def _field_text(name: str, value: Any) -> str:
    if name == "unit_price" and value is None:
        return "cost + markup"
    return as_text(value)


def _renumber(items: Sequence[Any]) -> None:
    for position, item in enumerate(items):
        if item.position != position:
            item.position = position


def _insert_section(session: Session, job_id: int, name: str, position: int | None) -> BomSection:
    sections = _sections(session, job_id)
    section = BomSection(job_id=job_id, name=_check_section_name(name))
    session.add(section)
    index = len(sections) if position is None else max(0, min(position, len(sections)))
    sections.insert(index, section)
    _renumber(sections)
    session.flush()
    return section


def add_section(
    sessions: SessionFactory,
    job_id: int,
    name: str,
    position: int | None = None,
    *,
    expected_stamp: str | None = None,
    actor_id: int | None = None,
) -> int:
    """A new section (at the end by default); returns its id."""
    with unit_of_work(sessions) as session:
        lookups.get_job(session, job_id)
        check_stamp(session, job_id, expected_stamp)
        _check_editable(session, job_id)
        section = _insert_section(session, job_id, name, position)
        _history(session, job_id, actor_id).record("BOM section added", "", section.name)
        return section.id


def section_named(session: Session, job_id: int, name: str, create: bool = True) -> BomSection:
    """The job's section with this name (any case), created at the end if missing."""
    cleaned = _check_section_name(name)
    for section in _sections(session, job_id):
        if section.name.casefold() == cleaned.casefold():
            return section
    if not create:
        raise NotFound(f"{format_number(job_id)} has no BOM section '{cleaned}'.")
    return _insert_section(session, job_id, cleaned, None)


def rename_section(
    sessions: SessionFactory,
    section_id: int,
    name: str,
    *,
    expected_stamp: str | None = None,
    actor_id: int | None = None,
) -> str:
    """Rename; returns the old name (for undo)."""
    with unit_of_work(sessions) as session:
        section = _section(session, section_id)
        check_stamp(session, section.job_id, expected_stamp)
        old, section.name = section.name, _check_section_name(name)
        _history(session, section.job_id, actor_id).record("BOM section", old, section.name)
        return old


@dataclass(frozen=True)
class DeletedLine:
    """What `delete_lines` removed, so `restore_lines` can put it back with the same id."""

    section_id: int
    position: int
    data: LineData
    id: int | None = None
    version: int = 1


@dataclass(frozen=True)
class DeletedSection:
    """What `delete_section` removed, so `restore_section` can put it back (same ids)."""

    job_id: int
    name: str
    position: int
    rows: tuple[DeletedLine, ...]
    id: int | None = None


def _deleted_line(row: BomLine) -> DeletedLine:
    return DeletedLine(row.section_id, row.position, line_data(row), row.id, row.version)


def _new_row(session: Session, item: DeletedLine, section_id: int) -> BomLine:
    """A BomLine for a deleted line, under its old id when it had one and it is still free."""
    row = BomLine(section_id=section_id, **_columns(check_line(item.data)))
    if item.id is not None:
        if session.get(BomLine, item.id) is not None:
            raise RuleViolation("That line cannot be put back: the BOM was changed meanwhile; reload it.")
        row.id, row.version = item.id, item.version
    return row


def delete_section(
    sessions: SessionFactory,
    section_id: int,
    *,
    expected_stamp: str | None = None,
    actor_id: int | None = None,
) -> DeletedSection:
    with unit_of_work(sessions) as session:
        section = _section(session, section_id)
        check_stamp(session, section.job_id, expected_stamp)
        rows = tuple(_deleted_line(x) for x in section.lines)
        deleted = DeletedSection(section.job_id, section.name, section.position, rows, section.id)
        job_id = section.job_id
        history = _history(session, job_id, actor_id)
        for row in rows:
            history.record("BOM line removed", line_label(row.data), "")
        history.record("BOM section removed", section.name, "")
        session.delete(section)
        session.flush()
        _renumber(_sections(session, job_id))
        return deleted


def restore_section(sessions: SessionFactory, deleted: DeletedSection, *, actor_id: int | None = None) -> int:
    """Put a deleted section back where it was, with its lines (and their ids when known)."""
    with unit_of_work(sessions) as session:
        _check_editable(session, deleted.job_id)
        if deleted.id is not None and session.get(BomSection, deleted.id) is not None:
            raise RuleViolation("That section cannot be put back: the BOM was changed meanwhile; reload it.")
        sections = _sections(session, deleted.job_id)
        section = BomSection(job_id=deleted.job_id, name=_check_section_name(deleted.name))
        if deleted.id is not None:
            section.id = deleted.id
        session.add(section)
        sections.insert(max(0, min(deleted.position, len(sections))), section)
        _renumber(sections)
        session.flush()
        history = _history(session, deleted.job_id, actor_id)
        history.record("BOM section added", "", section.name)
        for position, item in enumerate(deleted.rows):
            row = _new_row(session, item, section.id)
            row.position = position
            session.add(row)
            history.record("BOM line added", "", line_label(item.data))
        session.flush()
        return section.id


def move_section(
    sessions: SessionFactory, section_id: int, position: int, *, expected_stamp: str | None = None
) -> Layout:
    """Put the section at `position` (0 = first) among its job's sections; returns the order
    it replaced (for undo)."""
    with unit_of_work(sessions) as session:
        section = _section(session, section_id)
        check_stamp(session, section.job_id, expected_stamp)
        before = _layout(session, section.job_id)
        sections = [s for s in _sections(session, section.job_id) if s.id != section_id]
        sections.insert(max(0, min(position, len(sections))), section)
        _renumber(sections)
        return before


def _columns(data: LineData) -> dict[str, Any]:
    return {name: getattr(data, name) for name in LINE_FIELDS}


def add_lines(
    sessions: SessionFactory,
    job_id: int,
    lines: Sequence[LineData],
    *,
    section_id: int | None = None,
    section_name: str | None = None,
    position: int | None = None,
    expected_stamp: str | None = None,
    actor_id: int | None = None,
) -> list[int]:
    """Insert lines (checked) into a section at `position` (default: the end); the section is
    given by id, by name (created if new), or is the last one ("General" if there is none).
    Returns the new ids in order."""
    checked = [check_line(line) for line in lines]
    with unit_of_work(sessions) as session:
        lookups.get_job(session, job_id)
        check_stamp(session, job_id, expected_stamp)
        _check_editable(session, job_id)
        if section_id is not None:
            section = _section(session, section_id)
            if section.job_id != job_id:
                raise ValidationError(f"Section {section_id} belongs to another job.", field="section")
        elif section_name:
            section = section_named(session, job_id, section_name)
        else:
            existing = _sections(session, job_id)
            section = existing[-1] if existing else _insert_section(session, job_id, DEFAULT_SECTION, None)
        current = list(section.lines)
        index = len(current) if position is None else max(0, min(position, len(current)))
        new_rows = [BomLine(**_columns(data)) for data in checked]
        for row in new_rows:
            row.section_id = section.id
            session.add(row)
        ordered = current[:index] + new_rows + current[index:]
        _renumber(ordered)
        history = _history(session, job_id, actor_id)
        for data in checked:
            history.record("BOM line added", "", line_label(data))
        session.flush()
        return [row.id for row in new_rows]


def add_line(sessions: SessionFactory, job_id: int, line: LineData, **where: Any) -> int:
    return add_lines(sessions, job_id, [line], **where)[0]


@dataclass(frozen=True)
class LineEdit:
    """The result of `edit_line`: the line as it was and as it is, and its version now."""

    old: LineData
    new: LineData
    version: int


def check_line_version(
    row: BomLine, expected_version: int | None, expected_values: Mapping[str, Any] | None = None
) -> None:
    """Refuse a save based on an old read of the line (another user saved it meanwhile):
    the version read, or (for undo and redo) the field values the last step left."""
    data = line_data(row)
    moved_on = expected_values is not None and any(
        getattr(data, name) != value for name, value in expected_values.items()
    )
    if moved_on or (expected_version is not None and row.version != expected_version):
        raise StaleRecord(
            f"The BOM line '{line_label(line_data(row))}' was changed by someone else since you "
            "loaded it. Reload the BOM to see their change, then make yours again."
        )


def edit_line(
    sessions: SessionFactory,
    line_id: int,
    changes: Mapping[str, Any],
    *,
    expected_version: int | None = None,
    expected_values: Mapping[str, Any] | None = None,
    expected_stamp: str | None = None,
    actor_id: int | None = None,
) -> LineEdit:
    """Change fields of one line (all checked together). The save is refused (StaleRecord)
    when the line's version is not `expected_version`, or its fields differ from
    `expected_values` (what an undo step expects to find), whichever is given."""
    unknown = set(changes) - set(LINE_FIELDS)
    if unknown:
        raise ValidationError(f"These line fields do not exist: {', '.join(sorted(unknown))}.")
    with unit_of_work(sessions) as session:
        if expected_stamp is not None:  # the job first, as every other BOM edit locks it
            owner = session.scalar(
                select(BomSection.job_id)
                .join(BomLine, BomLine.section_id == BomSection.id)
                .where(BomLine.id == line_id)
            )
            if owner is None:
                raise NotFound(f"There is no BOM line with id {line_id} (it may have been deleted).")
            check_stamp(session, owner, expected_stamp)
        row = _line(session, line_id, for_update=True)
        check_line_version(row, expected_version, expected_values)
        old = line_data(row)
        new = old.with_changes(**changes)
        history = _history(session, row.section.job_id, actor_id)
        label = line_label(old)
        changed = False
        for name, value in _columns(new).items():
            if getattr(row, name) != value or type(getattr(row, name)) is not type(value):
                history.record(
                    f"BOM line {label}: {name.replace('_', ' ')}",
                    _field_text(name, getattr(old, name)),
                    _field_text(name, value),
                )
                setattr(row, name, value)
                changed = True
        if changed:
            row.version = row.version + 1
        return LineEdit(old, new, row.version)


def update_line(
    sessions: SessionFactory,
    line_id: int,
    changes: Mapping[str, Any],
    *,
    expected_version: int | None = None,
    actor_id: int | None = None,
) -> LineData:
    """`edit_line`, returning the line as it was (undo)."""
    return edit_line(sessions, line_id, changes, expected_version=expected_version, actor_id=actor_id).old


def delete_lines(
    sessions: SessionFactory,
    line_ids: Sequence[int],
    *,
    expected_stamp: str | None = None,
    actor_id: int | None = None,
) -> list[DeletedLine]:
    """Delete lines; returns them (section, position, data, id) so an undo can restore them."""
    with unit_of_work(sessions) as session:
        rows = [_line(session, line_id) for line_id in dict.fromkeys(line_ids)]
        for job_id in dict.fromkeys(row.section.job_id for row in rows):
            check_stamp(session, job_id, expected_stamp)
        deleted = [_deleted_line(r) for r in rows]
        for row in rows:
            _history(session, row.section.job_id, actor_id).record(
                "BOM line removed", line_label(line_data(row)), ""
            )
        sections = {r.section for r in rows}
        for row in rows:
            row.section.lines.remove(row)
            session.delete(row)
        session.flush()
        for section in sections:
            _renumber(list(section.lines))
        return sorted(deleted, key=lambda d: (d.section_id, d.position))


def restore_lines(
    sessions: SessionFactory, deleted: Sequence[DeletedLine], *, actor_id: int | None = None
) -> list[int]:
    """Put deleted lines back where they were (positions in ascending order), under their old
    ids. Returns the ids in the order given."""
    with unit_of_work(sessions) as session:
        ids: dict[int, int] = {}
        for number, item in sorted(enumerate(deleted), key=lambda p: (p[1].section_id, p[1].position)):
            section = _section(session, item.section_id)
            row = _new_row(session, item, section.id)
            _history(session, section.job_id, actor_id).record("BOM line added", "", line_label(item.data))
            section.lines.insert(min(item.position, len(section.lines)), row)
            _renumber(list(section.lines))
            session.flush()
            ids[number] = row.id
        return [ids[number] for number in range(len(deleted))]


def _layout(session: Session, job_id: int) -> Layout:
    return tuple((s.id, tuple(x.id for x in s.lines)) for s in _sections(session, job_id))


def layout(sessions: SessionFactory, job_id: int) -> Layout:
    """The BOM's current order (for undoing a move)."""
    with read_only(sessions) as session:
        return _layout(session, job_id)


def restore_layout(sessions: SessionFactory, job_id: int, order: Layout) -> Layout:
    """Put sections and lines back in an order taken by `layout`; returns the order it
    replaced (so a redo can put that back)."""
    with unit_of_work(sessions) as session:
        _check_editable(session, job_id)
        before = _layout(session, job_id)
        for position, (section_id, line_ids) in enumerate(order):
            section = session.get(BomSection, section_id)
            if section is None or section.job_id != job_id:
                raise NotFound("A section of this BOM was deleted meanwhile; reload it.")
            section.position = position
            for line_position, line_id in enumerate(line_ids):
                line = session.get(BomLine, line_id)
                if line is None:
                    raise NotFound("A line of this BOM was deleted meanwhile; reload it.")
                line.section_id, line.position = section_id, line_position
        return before


def move_lines(
    sessions: SessionFactory,
    line_ids: Sequence[int],
    section_id: int,
    position: int,
    *,
    expected_stamp: str | None = None,
) -> Layout:
    """Move lines (kept in the given order) into a section before the line now at `position`
    (counted with the moved lines still in place, as a view's drop row is). Returns the order
    it replaced (for undo)."""
    with unit_of_work(sessions) as session:
        target = _section(session, section_id)
        check_stamp(session, target.job_id, expected_stamp)
        replaced = _layout(session, target.job_id)
        moving = [_line(session, line_id) for line_id in dict.fromkeys(line_ids)]
        if any(row.section.job_id != target.job_id for row in moving):
            raise ValidationError("Lines can only move within one job's BOM.")
        current = list(target.lines)
        before = sum(1 for row in current[: max(0, position)] if row in moving)
        remaining = [row for row in current if row not in moving]
        index = max(0, min(position - before, len(remaining)))
        sources = {row.section for row in moving if row.section_id != section_id}
        for row in moving:
            row.section_id = section_id
        _renumber(remaining[:index] + moving + remaining[index:])
        session.flush()
        for source in sources:
            session.refresh(source)
            _renumber([x for x in source.lines if x.section_id == source.id])
        return replaced


def job_ids_with_lines(session: Session) -> list[int]:
    return list(session.scalars(select(BomSection.job_id).join(BomLine).distinct()))
