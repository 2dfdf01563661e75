"""A save refused because someone else changed the job meanwhile: what each side did, field
by field, so the user can reload (take theirs) or overwrite knowingly (keep theirs where
only they changed a field, put theirs aside where both did)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import select

from gojee_desktop.models import Label, Organization, Person, SourceChannel, Stage, Status, User
from gojee_desktop.models.catalog import CustomFieldDefinition
from gojee_desktop.services.dto import JobDetail, JobSummary
from gojee_desktop.services.jobs import EDITABLE_FIELDS, get_job, name_of
from gojee_desktop.services.uow import read_only
from gojee_desktop.store.database import SessionFactory

_NAMED = {
    "status_id": Status,
    "source_channel_id": SourceChannel,
    "person_id": Person,
    "organization_id": Organization,
}
_NAMED_LISTS = {"label_ids": Label, "assignee_ids": User}


def editable_values(detail: JobDetail) -> dict[str, Any]:
    """The job's value of every editable field, in `update_job`'s terms."""
    summary = detail.summary
    return {
        "title": summary.title,
        "value": summary.value,
        "currency": summary.currency,
        "expected_close": summary.expected_close,
        "source_channel_id": summary.source_channel_id,
        "status_id": summary.status_id,
        "person_id": summary.person_id,
        "organization_id": summary.organization_id,
        "site_address": detail.site_address,
        "lost_reason": detail.lost_reason,
        "label_ids": sorted(detail.label_ids),
        "assignee_ids": sorted(detail.assignee_ids),
        "custom_fields": {k: v for k, v in detail.custom_fields.items() if v},
    }


def _normal(key: str, value: Any) -> Any:
    if key in _NAMED_LISTS:
        return sorted(value or [])
    if key == "custom_fields":
        return {int(k): v for k, v in (value or {}).items() if v}
    if isinstance(value, str):
        return value.strip()
    return value


@dataclass(frozen=True)
class FieldChange:
    """One field either side changed: as it was when you opened the job, as they saved it,
    and as you typed it."""

    key: str
    label: str
    was: str
    theirs: str
    yours: str

    @property
    def both_changed(self) -> bool:
        return self.theirs != self.was and self.yours != self.was and self.theirs != self.yours


@dataclass(frozen=True)
class Conflict:
    number: str
    fresh: JobDetail
    fields: tuple[FieldChange, ...]


def _text(session: Any, key: str, value: Any) -> str:
    if value is None or value == "" or value == [] or value == {}:
        return "—"
    if key in _NAMED:
        return name_of(session, _NAMED[key], value)
    if key in _NAMED_LISTS:
        return ", ".join(name_of(session, _NAMED_LISTS[key], item) for item in value)
    if key == "custom_fields":
        return "; ".join(
            f"{name_of(session, CustomFieldDefinition, k)}: {v}" for k, v in sorted(value.items())
        )
    if isinstance(value, Decimal):
        return format(value, ",f")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def compare(sessions: SessionFactory, base: JobDetail, mine: Mapping[str, Any]) -> Conflict:
    """The job as saved now beside `base` (what the form was opened on) and `mine` (the
    changes typed): every field either side changed."""
    fresh = get_job(sessions, base.id)
    was_values, their_values = editable_values(base), editable_values(fresh)
    fields = []
    with read_only(sessions) as session:
        for key, label in EDITABLE_FIELDS.items():
            was = _normal(key, was_values[key])
            theirs = _normal(key, their_values[key])
            yours = _normal(key, mine[key]) if key in mine else was
            if theirs == was and yours == was:
                continue
            fields.append(
                FieldChange(
                    key=key,
                    label=label.capitalize(),
                    was=_text(session, key, was),
                    theirs=_text(session, key, theirs),
                    yours=_text(session, key, yours),
                )
            )
    return Conflict(number=fresh.summary.number, fresh=fresh, fields=tuple(fields))


def _summary_values(summary: JobSummary) -> dict[str, str]:
    """What a card shows, as text, in the order the move dialog lists it."""
    return {
        "Stage": summary.stage or "no stage",
        "Status": summary.status or "—",
        "Title": summary.title,
        "Value": f"{format(summary.value, ',f')} {summary.currency}",
        "Customer": summary.customer_name or "—",
        "Expected close": summary.expected_close.isoformat() if summary.expected_close else "—",
        "Labels": ", ".join(summary.labels) or "—",
        "Assigned to": ", ".join(summary.assignees) or "—",
        "Archived": "yes" if summary.archived else "no",
    }


def compare_move(
    sessions: SessionFactory,
    seen: JobSummary,
    stage_id: int | None,
    their_fields: tuple[str, ...] = (),
) -> Conflict:
    """A move refused because the job changed since the board (or list) showed `seen`: the
    card as shown, as saved now, and as the move would leave it, for every field that differs.
    When only details off the card changed, one row names them."""
    fresh = get_job(sessions, seen.id)
    was, theirs = _summary_values(seen), _summary_values(fresh.summary)
    yours = dict(was)
    with read_only(sessions) as session:
        stage = session.get(Stage, stage_id) if stage_id is not None else None
        yours["Stage"] = stage.name if stage is not None else "no stage"
        if stage is not None and stage.outcome == "lost":
            lost = session.scalar(select(Status).where(Status.key == "lost"))
            if lost is not None:
                yours["Status"] = lost.name
    fields = [
        FieldChange(
            key=label.casefold(), label=label, was=was[label], theirs=theirs[label], yours=yours[label]
        )
        for label in was
        if theirs[label] != was[label] or yours[label] != was[label]
    ]
    if all(change.theirs == change.was for change in fields):
        fields.append(
            FieldChange(
                key="details",
                label="Other details",
                was="—",
                theirs=", ".join(their_fields) or "changed",
                yours="—",
            )
        )
    return Conflict(number=fresh.summary.number, fresh=fresh, fields=tuple(fields))
