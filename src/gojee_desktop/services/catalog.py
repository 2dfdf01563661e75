"""Configurable lists other than stages: statuses, source channels, labels, team members,
custom field definitions, and shared settings such as the default currency."""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from gojee_desktop.models import (
    AppSetting,
    CustomFieldDefinition,
    CustomFieldValue,
    Job,
    Label,
    OrganizationCustomValue,
    PersonCustomValue,
    SourceChannel,
    Status,
    User,
)
from gojee_desktop.models.catalog import FIELD_OWNERS, FIELD_TYPES
from gojee_desktop.services import lookups
from gojee_desktop.services.dto import CustomFieldInfo, NamedItem, StatusInfo
from gojee_desktop.services.errors import NotFound, RuleViolation, ValidationError
from gojee_desktop.services.jobs import check_currency
from gojee_desktop.services.pipelines import check_color
from gojee_desktop.services.uow import read_only, unit_of_work
from gojee_desktop.store.database import SessionFactory

# --- statuses -------------------------------------------------------------------------


def status_info(status: Status) -> StatusInfo:
    return StatusInfo(
        id=status.id,
        key=status.key,
        name=status.name,
        applies_to=status.applies_to,
        color=status.color,
        position=status.position,
    )


def list_statuses(sessions: SessionFactory, lifecycle: str | None = None) -> list[StatusInfo]:
    """Statuses in order; with a lifecycle, only those that fit it."""
    with read_only(sessions) as session:
        rows = [status_info(s) for s in session.scalars(select(Status).order_by(Status.position, Status.id))]
    return [s for s in rows if lifecycle is None or s.fits(lifecycle)]


def find_status(sessions: SessionFactory, name: str) -> StatusInfo:
    with read_only(sessions) as session:
        return status_info(lookups.status_by_name(session, name))


def _check_applies_to(value: str) -> str:
    cleaned = (value or "").strip().lower()
    if cleaned not in ("lead", "job", "both"):
        raise ValidationError("A status is for 'lead', 'job' or 'both'.", field="applies_to")
    return cleaned


def _check_unique_name(
    session: Session, model: Any, name: str, what: str, except_id: int | None = None
) -> str:
    cleaned = (name or "").strip()
    if not cleaned:
        raise ValidationError(f"A {what} needs a name.", field="name")
    clash = session.scalar(
        select(model.id).where(func.lower(model.name) == cleaned.lower(), model.id != (except_id or -1))
    )
    if clash is not None:
        raise ValidationError(f"There is already a {what} named '{cleaned}'.", field="name")
    return cleaned


def _key_from(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_") or "item"


def add_status(
    sessions: SessionFactory, name: str, applies_to: str = "both", color: str = "#607d8b"
) -> StatusInfo:
    with unit_of_work(sessions) as session:
        cleaned = _check_unique_name(session, Status, name, "status")
        key = _key_from(cleaned)
        while session.scalar(select(Status.id).where(Status.key == key)) is not None:
            key += "_"
        last = session.scalar(select(func.max(Status.position))) or 0
        status = Status(
            key=key,
            name=cleaned,
            applies_to=_check_applies_to(applies_to),
            color=check_color(color),
            position=last + 1,
        )
        session.add(status)
        session.flush()
        return status_info(status)


def update_status(
    sessions: SessionFactory,
    status_id: int,
    *,
    name: str | None = None,
    applies_to: str | None = None,
    color: str | None = None,
    position: int | None = None,
) -> StatusInfo:
    with unit_of_work(sessions) as session:
        status = lookups.get_by_id(session, Status, status_id, "status")
        if name is not None:
            status.name = _check_unique_name(session, Status, name, "status", except_id=status.id)
        if applies_to is not None:
            wanted = _check_applies_to(applies_to)
            if wanted != "both":
                lifecycle = "customer_job" if wanted == "lead" else "lead"
                in_use = session.scalar(
                    select(func.count(Job.id)).where(Job.status_id == status.id, Job.lifecycle == lifecycle)
                )
                if in_use:
                    raise RuleViolation(
                        f"{in_use} job(s) of the other kind use '{status.name}'; change them first."
                    )
            status.applies_to = wanted
        if color is not None:
            status.color = check_color(color)
        if position is not None:
            others = [
                s
                for s in session.scalars(select(Status).order_by(Status.position, Status.id))
                if s.id != status.id
            ]
            others.insert(max(0, min(position, len(others))), status)
            for index, item in enumerate(others):
                item.position = index
        session.flush()
        return status_info(status)


def delete_status(sessions: SessionFactory, status_id: int) -> None:
    """Delete an unused status; one in use must be replaced on its jobs first."""
    with unit_of_work(sessions) as session:
        status = lookups.get_by_id(session, Status, status_id, "status")
        in_use = session.scalar(select(func.count(Job.id)).where(Job.status_id == status.id)) or 0
        if in_use:
            raise RuleViolation(
                f"{in_use} job(s) have the status '{status.name}'; give them another status first."
            )
        session.delete(status)


# --- simple named lists: source channels, labels, team members ---------------------------

_NAMED: dict[str, tuple[Any, str]] = {
    "source_channel": (SourceChannel, "source channel"),
    "label": (Label, "label"),
    "user": (User, "team member"),
}


def _named(item: Any) -> NamedItem:
    return NamedItem(id=item.id, name=item.name, color=getattr(item, "color", "") or "")


def list_items(sessions: SessionFactory, kind: str) -> list[NamedItem]:
    """Source channels (in their order), labels or team members (by name)."""
    model, _ = _NAMED[kind]
    order = (model.position, model.id) if kind == "source_channel" else (func.lower(model.name),)
    with read_only(sessions) as session:
        query = select(model).order_by(*order)
        if kind == "user":
            query = query.where(User.active.is_(True))
        return [_named(item) for item in session.scalars(query)]


def add_item(sessions: SessionFactory, kind: str, name: str, color: str | None = None) -> NamedItem:
    model, what = _NAMED[kind]
    with unit_of_work(sessions) as session:
        cleaned = _check_unique_name(session, model, name, what)
        fields: dict[str, Any] = {"name": cleaned}
        if kind == "label" and color:
            fields["color"] = check_color(color)
        if kind == "source_channel":
            fields["position"] = (session.scalar(select(func.max(SourceChannel.position))) or 0) + 1
        item = model(**fields)
        session.add(item)
        session.flush()
        return _named(item)


def rename_item(
    sessions: SessionFactory, kind: str, item_id: int, name: str, color: str | None = None
) -> NamedItem:
    model, what = _NAMED[kind]
    with unit_of_work(sessions) as session:
        item = lookups.get_by_id(session, model, item_id, what)
        item.name = _check_unique_name(session, model, name, what, except_id=item.id)
        if kind == "label" and color:
            item.color = check_color(color)
        session.flush()
        return _named(item)


def delete_item(sessions: SessionFactory, kind: str, item_id: int) -> None:
    """Delete a source channel or label (jobs lose it), or deactivate a team member."""
    model, what = _NAMED[kind]
    with unit_of_work(sessions) as session:
        item = lookups.get_by_id(session, model, item_id, what)
        if kind == "user":
            active = session.scalar(select(func.count(User.id)).where(User.active.is_(True))) or 0
            if active <= 1:
                raise RuleViolation("The last team member cannot be removed.")
            item.active = False
        else:
            session.delete(item)


# --- custom fields -----------------------------------------------------------------------


def _field_info(definition: CustomFieldDefinition) -> CustomFieldInfo:
    choices = tuple(c.strip() for c in definition.choices.splitlines() if c.strip())
    return CustomFieldInfo(
        id=definition.id,
        key=definition.key,
        name=definition.name,
        field_type=definition.field_type,
        choices=choices,
        position=definition.position,
        applies_to=definition.applies_to,
    )


def check_applies_to(applies_to: str) -> str:
    """`applies_to` if it names what a field can belong to, else ValidationError."""
    if applies_to not in FIELD_OWNERS:
        raise ValidationError(
            f"A custom field applies to one of: {', '.join(FIELD_OWNERS)}.", field="applies_to"
        )
    return applies_to


def list_custom_fields(sessions: SessionFactory, applies_to: str | None = "job") -> list[CustomFieldInfo]:
    """The fields of jobs (the default), people or organisations in their order; every field
    when `applies_to` is None."""
    statement = select(CustomFieldDefinition).order_by(
        CustomFieldDefinition.position, CustomFieldDefinition.id
    )
    if applies_to is not None:
        statement = statement.where(CustomFieldDefinition.applies_to == check_applies_to(applies_to))
    with read_only(sessions) as session:
        return [_field_info(d) for d in session.scalars(statement)]


def _check_field(name: str, field_type: str, choices: list[str]) -> tuple[str, str, str]:
    cleaned = (name or "").strip()
    if not cleaned:
        raise ValidationError("A custom field needs a name.", field="name")
    if field_type not in FIELD_TYPES:
        raise ValidationError(f"A field type is one of: {', '.join(FIELD_TYPES)}.", field="field_type")
    kept = [c.strip() for c in choices if c.strip()]
    if field_type == "choice" and not kept:
        raise ValidationError("A choice field needs at least one choice.", field="choices")
    return cleaned, field_type, "\n".join(kept)


def add_custom_field(
    sessions: SessionFactory,
    name: str,
    field_type: str,
    choices: list[str] | None = None,
    applies_to: str = "job",
) -> CustomFieldInfo:
    """Define a field of every job, person or organisation (`applies_to`)."""
    cleaned, kind, choice_text = _check_field(name, field_type, choices or [])
    owner = check_applies_to(applies_to)
    with unit_of_work(sessions) as session:
        key = _key_from(cleaned)
        while (
            session.scalar(select(CustomFieldDefinition.id).where(CustomFieldDefinition.key == key))
            is not None
        ):
            key += "_"
        last = session.scalar(select(func.max(CustomFieldDefinition.position))) or 0
        definition = CustomFieldDefinition(
            key=key, name=cleaned, field_type=kind, choices=choice_text, position=last + 1, applies_to=owner
        )
        session.add(definition)
        session.flush()
        return _field_info(definition)


_VALUE_TABLES: dict[str, Any] = {
    "job": CustomFieldValue,
    "person": PersonCustomValue,
    "organization": OrganizationCustomValue,
}


def custom_field_value_count(sessions: SessionFactory, field_id: int) -> int:
    """How many records hold a value of the field (what moving it to another owner would lose)."""
    with read_only(sessions) as session:
        definition = session.get(CustomFieldDefinition, field_id)
        if definition is None:
            raise NotFound(f"There is no custom field with id {field_id}.")
        table = _VALUE_TABLES[definition.applies_to]
        return int(
            session.scalar(select(func.count()).select_from(table).where(table.definition_id == field_id))
            or 0
        )


def update_custom_field(
    sessions: SessionFactory,
    field_id: int,
    name: str,
    choices: list[str] | None = None,
    applies_to: str | None = None,
) -> CustomFieldInfo:
    """Rename a field, change its choices or (while no record holds a value of it) what it
    applies to."""
    with unit_of_work(sessions) as session:
        definition = session.get(CustomFieldDefinition, field_id)
        if definition is None:
            raise NotFound(f"There is no custom field with id {field_id}.")
        cleaned, _, choice_text = _check_field(
            name, definition.field_type, choices if choices is not None else definition.choices.splitlines()
        )
        if applies_to is not None and check_applies_to(applies_to) != definition.applies_to:
            table = _VALUE_TABLES[definition.applies_to]
            held = session.scalar(
                select(func.count()).select_from(table).where(table.definition_id == field_id)
            )
            if held:
                raise RuleViolation(
                    f"{definition.name} holds values on {held} record{'s' if held != 1 else ''}: "
                    "it can apply to something else only once those are cleared."
                )
            definition.applies_to = applies_to
        definition.name = cleaned
        definition.choices = choice_text
        session.flush()
        return _field_info(definition)


def delete_custom_field(sessions: SessionFactory, field_id: int) -> None:
    """Delete a field definition and every job's value of it."""
    with unit_of_work(sessions) as session:
        definition = session.get(CustomFieldDefinition, field_id)
        if definition is None:
            raise NotFound(f"There is no custom field with id {field_id}.")
        session.delete(definition)


# --- settings ----------------------------------------------------------------------------


def get_setting(sessions: SessionFactory, key: str, default: str = "") -> str:
    with read_only(sessions) as session:
        setting = session.get(AppSetting, key)
        return setting.value if setting is not None else default


def set_setting(sessions: SessionFactory, key: str, value: str) -> None:
    with unit_of_work(sessions) as session:
        setting = session.get(AppSetting, key)
        if setting is None:
            session.add(AppSetting(key=key, value=value))
        else:
            setting.value = value


def get_default_currency(sessions: SessionFactory) -> str:
    return get_setting(sessions, "default_currency", "AUD")


def set_default_currency(sessions: SessionFactory, code: str) -> str:
    cleaned = check_currency(code)
    set_setting(sessions, "default_currency", cleaned)
    return cleaned
