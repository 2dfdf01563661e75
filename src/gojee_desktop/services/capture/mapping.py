"""Which column of a file goes to which field: matched from common headers (Pipedrive,
HubSpot, Salesforce, Google Contacts, Outlook, plain spreadsheets, custom fields), changed by
the user, saved as JSON by header name and reused."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from gojee_desktop.store.fulltext import fold

LEADS = "leads"
PEOPLE = "people"
ORGANIZATIONS = "organizations"
WHATS = (LEADS, PEOPLE, ORGANIZATIONS)
IGNORE = ""
CUSTOM_PREFIX = "custom:"

#: field -> label shown to the user
FIELD_LABELS = {
    "title": "Title",
    "value": "Value",
    "currency": "Currency",
    "expected_close": "Expected close",
    "status": "Status",
    "stage": "Stage",
    "source": "Source channel",
    "labels": "Labels",
    "site_address": "Site address",
    "name": "Name",
    "first_name": "First name",
    "last_name": "Last name",
    "organization": "Organisation",
    "email": "Email",
    "phone": "Phone",
    "address": "Address",
    "notes": "Notes",
    # A person has no field for these: they lead the notes ("Job title: …"), as a card's do.
    "job_title": "Job title (in the notes)",
    "website": "Website (in the notes)",
}
_CONTACT_FIELDS = (
    "name",
    "first_name",
    "last_name",
    "organization",
    "email",
    "phone",
    "address",
    "notes",
    "job_title",
    "website",
)
FIELDS_FOR = {
    LEADS: tuple(key for key in FIELD_LABELS if key not in ("job_title", "website")),
    PEOPLE: _CONTACT_FIELDS,
    ORGANIZATIONS: ("name", "organization", "email", "phone", "address", "notes", "website"),
}
#: fields several columns may feed (all phones of an Outlook export, an address in parts)
MULTI_FIELDS = frozenset({"email", "phone", "address", "labels", "notes"})

_SYNONYMS: dict[str, tuple[str, ...]] = {
    "title": (
        "title",
        "lead title",
        "deal title",
        "deal name",
        "opportunity name",
        "lead name",
        "job title lead",
        "subject",
        "enquiry",
        "job",
    ),
    "value": (
        "value",
        "lead value",
        "deal value",
        "amount",
        "deal amount",
        "opportunity amount",
        "estimated value",
        "budget",
        "expected value",
        "quote value",
    ),
    "currency": (
        "currency",
        "lead currency",
        "deal currency",
        "lead value currency",
        "deal value currency",
        "currency code",
        "amount currency",
        "opportunity currency",
    ),
    "expected_close": (
        "expected close",
        "expected close date",
        "close date",
        "deal expected close date",
        "lead expected close date",
        "deal close date",
        "closing date",
    ),
    "status": ("status", "lead status", "deal status"),
    "stage": ("stage", "deal stage", "lead stage", "pipeline stage"),
    "source": (
        "source",
        "source channel",
        "lead source",
        "deal source",
        "original source",
        "lead channel",
        "channel",
        "deal channel",
    ),
    "labels": ("labels", "label", "tags", "tag", "lead labels", "deal label", "deal labels", "lead label"),
    "site_address": ("site", "site address", "job address", "job site", "deal address", "lead address"),
    "name": (
        "name",
        "full name",
        "person name",
        "contact name",
        "person",
        "contact",
        "customer",
        "customer name",
        "display name",
        "lead person name",
        "deal contact person",
        "deal person",
    ),
    "first_name": ("first name", "given name", "firstname", "person first name", "forename"),
    "last_name": ("last name", "family name", "surname", "lastname", "person last name"),
    "organization": (
        "organization",
        "organisation",
        "company",
        "company name",
        "account name",
        "account",
        "organization name",
        "organisation name",
        "business",
        "business name",
        "organization 1 name",
        "lead organization",
        "deal organization",
        "person organization",
        "lead organization name",
        "deal organization name",
        "person organization name",
        "employer",
    ),
    "address": (
        "address",
        "street address",
        "postal address",
        "address 1 formatted",
        "organization address",
        "person address",
        "business address",
        "mailing address",
        "billing address",
    ),
    # A lead's go to an internal note on it; a person's or an organisation's to their notes.
    "notes": (
        "notes",
        "note",
        "comments",
        "comment",
        "remarks",
        "description",
        "background",
        "background info",
        "additional information",
        "lead notes",
        "deal notes",
        "lead description",
        "deal description",
        "opportunity description",
        "person notes",
        "contact notes",
        "organization notes",
        "organisation notes",
        "company notes",
        "account description",
    ),
    "job_title": (
        "job title",
        "position",
        "role",
        "designation",
        "person job title",
        "contact title",
        "organization 1 title",
    ),
    "website": (
        "website",
        "web site",
        "web page",
        "webpage",
        "url",
        "homepage",
        "home page",
        "business web page",
        "personal web page",
        "company website",
        "organization website",
        "organisation website",
        "website 1 value",
    ),
}
_BY_HEADER = {synonym: field for field, synonyms in _SYNONYMS.items() for synonym in synonyms}
_ADDRESS_PARTS = re.compile(
    r"^(business |work |organization |mailing |billing )?"
    r"(street( \d)?|city|state|region|postal code|postcode|zip|zip code|country|country region|suburb)$"
)


@dataclass(frozen=True)
class ColumnMapping:
    """One field key per column (IGNORE for a column left out), in the file's column order."""

    what: str
    fields: tuple[str, ...]

    def columns_of(self, field: str) -> list[int]:
        return [index for index, key in enumerate(self.fields) if key == field]

    def mapped(self) -> set[str]:
        return {key for key in self.fields if key}


def header_key(header: str) -> str:
    """A header folded for matching: 'Person - E-mail' -> 'person e mail'."""
    return fold(header)


def guess_field(header: str, what: str, custom_fields: Mapping[str, str] | None = None) -> str:
    """The field a header most likely means for this kind of import, or IGNORE."""
    key = header_key(header)
    if not key:
        return IGNORE
    allowed = FIELDS_FOR[what]
    if what == LEADS and custom_fields:
        for name_key, field_key in custom_fields.items():
            if key in (name_key, header_key(field_key)):
                return f"{CUSTOM_PREFIX}{field_key}"
    field = _BY_HEADER.get(key)
    if field == "title" and what == PEOPLE:
        field = "job_title"  # a contact list's "Title" (Salesforce) is the person's
    if field is None:
        words = set(key.split())
        if "type" in words or ("label" in words and ("email" in key or "phone" in key)):
            field = None  # Google's "E-mail 1 - Type", "Phone 1 - Label"
        elif "email" in words or "e mail" in key or ("mail" in words and "address" in words):
            field = "email"
        elif words & {"phone", "mobile", "telephone", "tel", "cell"} and "fax" not in words:
            field = "phone"
        elif _ADDRESS_PARTS.match(key):
            field = "address"
    if field is None or field not in allowed:
        return IGNORE
    return field


def auto_map(
    headers: Sequence[str], what: str, custom_fields: Mapping[str, str] | None = None
) -> ColumnMapping:
    """A mapping guessed from the headers; a single-value field goes to its first column only.

    `custom_fields` maps a custom field's folded name to its key."""
    fields: list[str] = []
    taken: set[str] = set()
    for header in headers:
        field = guess_field(header, what, custom_fields)
        if field and field not in MULTI_FIELDS and field in taken:
            field = IGNORE
        taken.add(field)
        fields.append(field)
    if what == ORGANIZATIONS and "name" not in taken and "organization" in taken:
        fields = ["name" if key == "organization" else key for key in fields]
    return ColumnMapping(what, tuple(fields))


def mapping_to_json(headers: Sequence[str], mapping: ColumnMapping) -> str:
    """A saved mapping: {"what": ..., "columns": {header: field}} (ignored columns left out)."""
    columns = {header: field for header, field in zip(headers, mapping.fields, strict=False) if field}
    return json.dumps({"what": mapping.what, "columns": columns}, indent=2, ensure_ascii=False)


class MappingError(ValueError):
    """A saved mapping that does not fit; the message says why."""


def mapping_from_json(
    text: str, headers: Sequence[str], what: str, custom_keys: Iterable[str] = ()
) -> ColumnMapping:
    """Apply a saved mapping to a file's headers (matched by folded header name)."""
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise MappingError(f"The mapping is not valid JSON: {exc}") from exc
    columns = document.get("columns") if isinstance(document, dict) else None
    if not isinstance(columns, dict):
        raise MappingError('A mapping file is {"columns": {"Header in the file": "field"}}.')
    allowed = set(FIELDS_FOR[what]) | {f"{CUSTOM_PREFIX}{key}" for key in custom_keys if what == LEADS}
    by_key = {header_key(str(header)): str(field) for header, field in columns.items()}
    for field in by_key.values():
        if field and field not in allowed:
            raise MappingError(
                f"'{field}' is not a field of {what}: use one of {', '.join(sorted(allowed))}."
            )
    return ColumnMapping(what, tuple(by_key.get(header_key(header), IGNORE) for header in headers))


def missing_required(mapping: ColumnMapping) -> str | None:
    """What must still be mapped, in words, or None when the mapping is enough to import."""
    mapped = mapping.mapped()
    if mapping.what == LEADS:
        if not mapped & {"title", "name", "first_name", "last_name", "organization"}:
            return "Map a column to Title (or to a customer's name, used as the title)."
    elif mapping.what == PEOPLE:
        if not mapped & {"name", "first_name", "last_name"}:
            return "Map a column to Name (or First name / Last name)."
    elif not mapped & {"name", "organization"}:
        return "Map a column to Name (the organisation's name)."
    return None
