"""Merging two people or two organisations, field by field: the survivor keeps its id; the
other's jobs (and, for an organisation, its people), emails, phones and addresses move to it;
each moved job records the change in its history. The result carries what undo needs to
split them again (the other record comes back with its id, details and jobs)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Table, and_, delete, insert, select, update
from sqlalchemy.orm import Session

from gojee_desktop.models import Base, ContactDetail, Job, Organization, Person
from gojee_desktop.services.contacts import merged_notes
from gojee_desktop.services.errors import ValidationError
from gojee_desktop.services.history import HistoryWriter
from gojee_desktop.services.lookups import get_by_id
from gojee_desktop.services.search_text import refresh_jobs_of_contact
from gojee_desktop.services.uow import unit_of_work
from gojee_desktop.store.database import SessionFactory

PEOPLE = "people"
ORGANIZATIONS = "organizations"
KEEP = "keep"
GONE = "gone"

DetailRow = tuple[int, str, str, str, str | None, int]  # id, kind, label, value, normalized, position


@dataclass(frozen=True)
class MergeUndo:
    """Everything needed to split a merge again."""

    kind: str
    kept_id: int
    kept_name: str
    kept_organization_id: int | None
    gone_id: int
    gone_name: str
    gone_organization_id: int | None
    moved_detail_ids: tuple[int, ...]
    dropped_details: tuple[DetailRow, ...]  # the other's details the survivor had already
    job_ids: tuple[int, ...]
    person_ids: tuple[int, ...]  # people of a merged organisation
    kept_notes: str = ""
    gone_notes: str = ""
    gone_archived: bool = False
    # Rows of other tables that pointed at the gone record (activities, and whatever else
    # refers to people or organisations): (table, column, the row as it was, moved or dropped)
    linked_rows: tuple[tuple[str, str, dict[str, Any], bool], ...] = ()


@dataclass(frozen=True)
class MergeResult:
    kind: str
    kept_id: int
    name: str
    moved_jobs: int
    moved_people: int
    undo: MergeUndo


def _model(kind: str) -> Any:
    if kind not in (PEOPLE, ORGANIZATIONS):
        raise ValidationError(f"Merge people or organizations, not '{kind}'.")
    return Person if kind == PEOPLE else Organization


def _owner_column(kind: str) -> Any:
    return ContactDetail.person_id if kind == PEOPLE else ContactDetail.organization_id


def _job_column(kind: str) -> Any:
    return Job.person_id if kind == PEOPLE else Job.organization_id


_HANDLED = {"contact_details", "jobs", "persons", "organizations"}


def _linked_columns(kind: str) -> list[tuple[Table, str]]:
    """(table, column) of every other table that refers to a person (or an organisation):
    activities today, and any table added later (labels, custom values), so a merge never
    leaves the gone record's links to be emptied by its delete."""
    target = "persons" if kind == PEOPLE else "organizations"
    found: list[tuple[Table, str]] = []
    for table in Base.metadata.sorted_tables:
        if table.name in _HANDLED:
            continue
        for fk in table.foreign_keys:
            if fk.column.table.name == target and fk.parent.table is table:
                found.append((table, fk.parent.name))
    return found


def _move_links(
    session: Session, kind: str, keep_id: int, gone_id: int
) -> list[tuple[str, str, dict[str, Any], bool]]:
    moved: list[tuple[str, str, dict[str, Any], bool]] = []
    for table, column in _linked_columns(kind):
        col = table.c[column]
        key_columns = [c for c in table.primary_key.columns if c.name != column]
        in_key = column in table.primary_key.columns
        for row in session.execute(select(table).where(col == gone_id)).mappings().all():
            original = dict(row)
            conflict = (
                in_key
                and session.execute(
                    select(col).where(col == keep_id, *[c == original[c.name] for c in key_columns])
                ).first()
            )
            where = and_(*[c == original[c.name] for c in table.primary_key.columns])
            if conflict:  # the survivor has it already (the same label, say): the copy goes
                session.execute(delete(table).where(where))
            else:
                session.execute(update(table).where(where).values({column: keep_id}))
            moved.append((table.name, column, original, not conflict))
    return moved


def _restore_links(session: Session, rows: tuple[tuple[str, str, dict[str, Any], bool], ...]) -> None:
    """Put the gone record's links back as they were before the merge."""
    tables = Base.metadata.tables
    for name, column, original, was_moved in rows:
        table = tables[name]
        if was_moved and column in table.primary_key.columns:
            others = [c == original[c.name] for c in table.primary_key.columns if c.name != column]
            session.execute(delete(table).where(table.c[column] != original[column], *others))
            session.execute(insert(table).values(original))
        elif was_moved:
            where = and_(*[c == original[c.name] for c in table.primary_key.columns])
            session.execute(update(table).where(where).values({column: original[column]}))
        else:
            session.execute(insert(table).values(original))


def _record_customer_change(session: Session, job_ids: list[int], field: str, old: str, new: str) -> None:
    for job_id in job_ids:
        job = session.get(Job, job_id)
        if job is not None:
            HistoryWriter(session, job, None).record(field, old, new)


def merge(
    sessions: SessionFactory,
    kind: str,
    keep_id: int,
    gone_id: int,
    *,
    name_from: str = KEEP,
    organization_from: str = KEEP,
) -> MergeResult:
    """Merge `gone_id` into `keep_id` (people or organizations), one transaction."""
    model = _model(kind)
    noun = "person" if kind == PEOPLE else "organisation"
    if keep_id == gone_id:
        raise ValidationError(f"Choose two different {kind} to merge.")
    if name_from not in (KEEP, GONE) or organization_from not in (KEEP, GONE):
        raise ValidationError("Take each field from 'keep' or 'gone'.")
    with unit_of_work(sessions) as session:
        kept = get_by_id(session, model, keep_id, noun)
        gone = get_by_id(session, model, gone_id, noun)
        owner = _owner_column(kind)
        kept_org = getattr(kept, "organization_id", None)
        gone_org = getattr(gone, "organization_id", None)
        old_kept_name, gone_name = kept.name, gone.name
        existing = {
            (kind_, (normalized or value.lower()))
            for kind_, value, normalized in session.execute(
                select(ContactDetail.kind, ContactDetail.value, ContactDetail.normalized).where(
                    owner == keep_id
                )
            )
        }
        next_position = len(existing)
        moved: list[int] = []
        dropped: list[DetailRow] = []
        for detail in list(
            session.scalars(select(ContactDetail).where(owner == gone_id).order_by(ContactDetail.position))
        ):
            key = (detail.kind, detail.normalized or detail.value.lower())
            if key in existing:
                dropped.append(
                    (detail.id, detail.kind, detail.label, detail.value, detail.normalized, detail.position)
                )
                session.delete(detail)
                continue
            existing.add(key)
            setattr(detail, "person_id" if kind == PEOPLE else "organization_id", keep_id)
            detail.position = next_position
            next_position += 1
            moved.append(detail.id)
        job_column = _job_column(kind)
        job_ids = list(session.scalars(select(Job.id).where(job_column == gone_id).order_by(Job.id)))
        person_ids: list[int] = []
        if kind == ORGANIZATIONS:
            person_ids = list(session.scalars(select(Person.id).where(Person.organization_id == gone_id)))
            session.execute(update(Person).where(Person.id.in_(person_ids)).values(organization_id=keep_id))
        old_kept_notes, gone_notes, gone_archived = kept.notes, gone.notes, gone.archived
        kept.notes = merged_notes(kept.notes, gone.notes)
        linked = _move_links(session, kind, keep_id, gone_id)
        if name_from == GONE:
            kept.name = gone_name
        if kind == PEOPLE and organization_from == GONE:
            kept.organization_id = gone_org
        session.flush()
        for job_id in job_ids:
            job = session.get(Job, job_id)
            assert job is not None
            setattr(job, "person_id" if kind == PEOPLE else "organization_id", keep_id)
        _record_customer_change(
            session,
            job_ids,
            "customer" if kind == PEOPLE else "organisation",
            gone_name,
            f"{kept.name} (merged)",
        )
        session.delete(gone)
        session.flush()
        refresh_jobs_of_contact(session, **{"person_id" if kind == PEOPLE else "organization_id": keep_id})
        undo = MergeUndo(
            kind,
            keep_id,
            old_kept_name,
            kept_org,
            gone_id,
            gone_name,
            gone_org,
            tuple(moved),
            tuple(dropped),
            tuple(job_ids),
            tuple(person_ids),
            old_kept_notes,
            gone_notes,
            gone_archived,
            tuple(linked),
        )
        return MergeResult(kind, keep_id, kept.name, len(job_ids), len(person_ids), undo)


def unmerge(sessions: SessionFactory, undo: MergeUndo) -> None:
    """Split a merge again: the other record returns with its id, details, jobs and people."""
    model = _model(undo.kind)
    people = undo.kind == PEOPLE
    owner_field = "person_id" if people else "organization_id"
    with unit_of_work(sessions) as session:
        kept = get_by_id(session, model, undo.kept_id, "person" if people else "organisation")
        values: dict[str, Any] = {
            "id": undo.gone_id,
            "name": undo.gone_name,
            "notes": undo.gone_notes,
            "archived": undo.gone_archived,
        }
        if people:
            values["organization_id"] = undo.gone_organization_id
        session.execute(insert(model).values(**values))
        kept.name = undo.kept_name
        kept.notes = undo.kept_notes
        if people:
            kept.organization_id = undo.kept_organization_id
        if undo.moved_detail_ids:
            session.execute(
                update(ContactDetail)
                .where(ContactDetail.id.in_(undo.moved_detail_ids))
                .values({owner_field: undo.gone_id})
            )
        for detail_id, kind, label, value, normalized, position in undo.dropped_details:
            session.execute(
                insert(ContactDetail).values(
                    id=detail_id,
                    kind=kind,
                    label=label,
                    value=value,
                    normalized=normalized,
                    position=position,
                    **{owner_field: undo.gone_id},
                )
            )
        session.flush()
        _restore_links(session, undo.linked_rows)
        if undo.person_ids:
            session.execute(
                update(Person).where(Person.id.in_(undo.person_ids)).values(organization_id=undo.gone_id)
            )
        session.flush()
        for job_id in undo.job_ids:
            job = session.get(Job, job_id)
            if job is not None:
                setattr(job, owner_field, undo.gone_id)
        _record_customer_change(
            session,
            list(undo.job_ids),
            "customer" if people else "organisation",
            f"{kept.name} (merged)",
            undo.gone_name,
        )
        session.flush()
        refresh_jobs_of_contact(session, **{owner_field: undo.gone_id})
        refresh_jobs_of_contact(session, **{owner_field: undo.kept_id})
