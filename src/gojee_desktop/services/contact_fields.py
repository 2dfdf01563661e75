"""Custom field values of people and organisations: checked against their definitions (the
same rules as a job's, `services.custom_fields`) and stored as canonical text, one table per
kind of contact (revision 0017)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from gojee_desktop.models import (
    CustomFieldDefinition,
    Organization,
    OrganizationCustomValue,
    Person,
    PersonCustomValue,
)
from gojee_desktop.services.custom_fields import canonical_value
from gojee_desktop.services.errors import ValidationError
from gojee_desktop.services.uow import read_only
from gojee_desktop.store.database import SessionFactory

_PLURAL = {"person": "people", "organization": "organisations"}


def _definitions(session: Session, kind: str) -> list[CustomFieldDefinition]:
    return list(
        session.scalars(
            select(CustomFieldDefinition)
            .where(CustomFieldDefinition.applies_to == kind)
            .order_by(CustomFieldDefinition.position, CustomFieldDefinition.id)
        )
    )


def _choices(definition: CustomFieldDefinition) -> tuple[str, ...]:
    return tuple(c.strip() for c in definition.choices.splitlines() if c.strip())


def values_of(contact: Person | Organization) -> dict[int, str]:
    """The contact's stored values by field id."""
    return {value.definition_id: value.value for value in contact.custom_values}


def set_values(
    session: Session, kind: str, contact: Person | Organization, values: Mapping[int, str]
) -> None:
    """Make `values` the contact's custom field values: each checked and made canonical, a
    field missing from `values` (or given empty) cleared. A field that does not apply to this
    kind of contact is refused with ValidationError; the caller's transaction then writes
    nothing."""
    definitions = {d.id: d for d in _definitions(session, kind)}
    canonical: dict[int, str] = {}
    for field_id, raw in values.items():
        definition = definitions.get(field_id)
        if definition is None:
            raise ValidationError(
                f"There is no custom field of {_PLURAL[kind]} with id {field_id}.", field="custom_fields"
            )
        value = canonical_value(definition.field_type, definition.name, raw, _choices(definition))
        if value:
            canonical[field_id] = value
    current = {v.definition_id: v for v in contact.custom_values}
    for field_id, stored in current.items():
        if field_id not in canonical:
            contact.custom_values.remove(stored)  # type: ignore[arg-type]
        else:
            stored.value = canonical[field_id]
    for field_id, value in canonical.items():
        if field_id not in current:
            if isinstance(contact, Person):
                contact.custom_values.append(PersonCustomValue(definition_id=field_id, value=value))
            else:
                contact.custom_values.append(OrganizationCustomValue(definition_id=field_id, value=value))


def restorable(session: Session, kind: str, values: Mapping[int, str]) -> dict[int, str]:
    """The values whose field still exists for this kind of contact (for undoing a delete)."""
    existing = {d.id for d in _definitions(session, kind)}
    return {field_id: value for field_id, value in values.items() if field_id in existing}


def parse_assignments(sessions: SessionFactory, kind: str, assignments: Sequence[str]) -> dict[int, str]:
    """`NAME=VALUE` texts (the name or key of a field of this kind, any case) to values by
    field id, each checked; an unknown name or a bad value is a ValidationError."""
    with read_only(sessions) as session:
        definitions = _definitions(session, kind)
        by_name = {d.name.casefold(): d for d in definitions}
        by_name.update({d.key.casefold(): d for d in definitions if d.key.casefold() not in by_name})
        result: dict[int, str] = {}
        for text in assignments:
            name, sep, raw = text.partition("=")
            if not sep or not name.strip():
                raise ValidationError(f"'{text}' is not NAME=VALUE (for example --field \"Gate code=1234\").")
            definition = by_name.get(name.strip().casefold())
            if definition is None:
                known = ", ".join(d.name for d in definitions) or "none are defined"
                raise ValidationError(
                    f"There is no custom field '{name.strip()}' for {_PLURAL[kind]} (fields: {known}).",
                    field="custom_fields",
                )
            canonical_value(definition.field_type, definition.name, raw, _choices(definition))
            result[definition.id] = raw
        return result
