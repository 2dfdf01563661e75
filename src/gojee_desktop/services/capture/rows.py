"""One row of a file -> a checked record and the errors found in it, pure.

Every problem is reported with its row, the column's header and a message a user can act on:
a bad email, bad money, an unknown currency, a bad date, a row too short or too long."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from gojee_desktop.money import MoneyError, normalise_currency, parse_amount, quantize
from gojee_desktop.services.activities.parsing import clean_text
from gojee_desktop.services.capture import emails, phones
from gojee_desktop.services.capture.card_fields import card_notes
from gojee_desktop.services.capture.mapping import CUSTOM_PREFIX, ORGANIZATIONS, ColumnMapping
from gojee_desktop.services.contacts import several
from gojee_desktop.services.custom_fields import canonical_value
from gojee_desktop.services.errors import ValidationError
from gojee_desktop.store.fulltext import fold

MAX_VALUE = Decimal("999999999999")
NOTES_LIMIT = 100_000  # characters, as a note typed in the window
_FORMULA_GUARD = re.compile(r"^'[=+\-@\t\r]")
_DOLLAR_PREFIX = re.compile(r"^(?:A|NZ|US|C|HK|S)(?=[\d+\-.])")
_CURRENCY_CODE = re.compile(r"^[A-Za-z]{3}\s*|\s*[A-Za-z]{3}$")
_DATE_FORMATS_DAY_FIRST = ("%d/%m/%Y", "%d/%m/%y", "%d.%m.%Y", "%d-%m-%Y", "%d %b %Y", "%d %B %Y")
_DATE_FORMATS_MONTH_FIRST = ("%m/%d/%Y", "%m/%d/%y", "%m-%d-%Y", "%b %d %Y", "%B %d %Y")
_MONTH_FIRST_REGIONS = frozenset({"US", "PH", "FM", "MH", "PW"})


@dataclass(frozen=True)
class RowError:
    """A problem in one cell (or the whole row when `column` is empty)."""

    row: int
    column: str
    message: str


@dataclass(frozen=True)
class RowRules:
    """What a row is checked against: the business's country and currency, the configured
    statuses and stages (folded name -> id) and custom fields (key -> (id, type, name, choices))."""

    region: str = phones.DEFAULT_REGION
    currency: str = "AUD"
    statuses: Mapping[str, tuple[int, str]] = field(default_factory=dict)  # folded name -> (id, name)
    stages: Mapping[str, tuple[int, str]] = field(default_factory=dict)
    custom_fields: Mapping[str, tuple[int, str, str, tuple[str, ...]]] = field(default_factory=dict)


@dataclass
class Record:
    """A checked row, ready to write."""

    row: int
    name: str = ""
    organization: str = ""
    emails: list[str] = field(default_factory=list)
    phones: list[phones.Phone] = field(default_factory=list)
    address: str = ""
    title: str = ""
    value: Decimal = Decimal(0)
    currency: str = ""
    expected_close: date | None = None
    status_id: int | None = None
    stage_id: int | None = None
    source: str = ""
    labels: list[str] = field(default_factory=list)
    site_address: str = ""
    custom: dict[int, str] = field(default_factory=dict)
    notes: str = ""  # a lead's internal note; a person's or an organisation's notes


def unguard(text: str) -> str:
    """Undo the export's formula guard: "'=SUM(1)" -> "=SUM(1)", so a round trip is exact."""
    return text[1:] if text[:1] == "'" and _FORMULA_GUARD.match(text) else text


def parse_money_cell(text: str, currency: str) -> Decimal:
    """`1234.50`, `$1,234.50`, `AUD 1 234,50`, `1.234,50 €` -> Decimal, or MoneyError."""
    # Currency symbols ($, €, A$) and a code before or after (AUD 12, 12 EUR) are not the amount.
    has_symbol = any(unicodedata.category(ch) == "Sc" for ch in text)
    raw = "".join(ch for ch in text if unicodedata.category(ch) != "Sc" and not ch.isspace())
    if has_symbol:
        raw = _DOLLAR_PREFIX.sub("", raw)  # A$12, NZ$12
    raw = _CURRENCY_CODE.sub("", raw)
    if not raw:
        raise MoneyError(f"'{text}' is not an amount: use digits, e.g. 1234.50.")
    try:
        amount = parse_amount(raw)
    except MoneyError:
        try:
            amount = parse_amount(raw, ",", ".")
        except MoneyError as exc:
            raise MoneyError(
                f"'{text}' is not an amount: use digits and one decimal point, e.g. 1234.50."
            ) from exc
    if amount < 0:
        raise MoneyError(f"'{text}' is negative: a value cannot be below zero.")
    if amount > MAX_VALUE:
        raise MoneyError(f"'{text}' is too large.")
    if quantize(amount, currency) != amount:
        raise MoneyError(f"'{text}' has more decimals than {currency} allows.")
    return quantize(amount, currency)


def parse_date_cell(text: str, region: str) -> date:
    """ISO dates (and date-times) always; otherwise day first, or month first in the US."""
    cleaned = text.strip()
    try:
        return (
            date.fromisoformat(cleaned[:10])
            if len(cleaned) >= 10 and cleaned[4] == "-"
            else _local(cleaned, region)
        )
    except ValueError:
        pass
    raise ValueError(f"'{text}' is not a date: use YYYY-MM-DD (or {_example(region)}).")


def _local(text: str, region: str) -> date:
    formats = _DATE_FORMATS_MONTH_FIRST if region in _MONTH_FIRST_REGIONS else _DATE_FORMATS_DAY_FIRST
    for pattern in formats:
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError(text)


def _example(region: str) -> str:
    return "MM/DD/YYYY" if region in _MONTH_FIRST_REGIONS else "DD/MM/YYYY"


def build_record(
    row: int,
    cells: Sequence[str],
    headers: Sequence[str],
    mapping: ColumnMapping,
    rules: RowRules,
) -> tuple[Record | None, list[RowError]]:
    """Check one row; (record, []) when it can be written, (None, errors) when it cannot."""
    errors: list[RowError] = []
    n_cells, n_headers = len(cells), len(headers)
    if n_cells > n_headers and any(cell.strip() for cell in cells[n_headers:]):
        errors.append(
            RowError(row, "", f"The row has {n_cells} cells but the header has {n_headers} (row too long).")
        )
    values: dict[str, list[tuple[str, str]]] = {}
    for index, key in enumerate(mapping.fields):
        if not key:
            continue
        if index >= n_cells:
            header = headers[index] if index < n_headers else f"column {index + 1}"
            errors.append(
                RowError(
                    row,
                    header,
                    f"The row has only {n_cells} cells; '{header}' is missing (row too short).",
                )
            )
            continue
        text = cells[index].strip()
        if text[:1] == "'":
            text = unguard(text)
        if text:
            header = headers[index] if index < n_headers else f"column {index + 1}"
            found = values.get(key)
            if found is None:
                values[key] = [(header, text)]
            else:
                found.append((header, text))

    def first(key: str) -> tuple[str, str]:
        found = values.get(key)
        return found[0] if found else ("", "")

    record = Record(row=row)
    get = values.get
    name = get("name")
    if name:
        record.name = name[0][1]
    else:
        record.name = " ".join(part[0][1] for part in (get("first_name"), get("last_name")) if part)
    organization = get("organization")
    record.organization = organization[0][1] if organization else ""
    if mapping.what == ORGANIZATIONS:
        # With both a name and a company column (a contact list, a vCard), the company is the
        # organisation and the name its contact person's.
        record.name = record.organization or record.name
        record.organization = ""
    for header, text in values.get("email", ()):
        for part in several(text):
            try:
                email = emails.check_email(part)
            except emails.EmailError as exc:
                errors.append(RowError(row, header, str(exc)))
                continue
            key = emails.email_key(email)
            if all(emails.email_key(e) != key for e in record.emails):
                record.emails.append(email)
    for header, text in values.get("phone", ()):
        for part in several(text):
            try:
                phone = phones.check_phone(part, rules.region)
            except phones.PhoneError as exc:
                errors.append(RowError(row, header, str(exc)))
                continue
            if all(p.e164 != phone.e164 for p in record.phones):
                record.phones.append(phone)
    record.address = ", ".join(text for _header, text in values.get("address", []))
    _notes(record, values, errors)
    if mapping.what in ("people", ORGANIZATIONS):
        if not record.name:
            errors.append(RowError(row, "", "The row has no name."))
        return (None, errors) if errors else (record, [])
    _lead_fields(record, values, rules, errors, first)
    return (None, errors) if errors else (record, [])


def _notes(record: Record, values: dict[str, list[tuple[str, str]]], errors: list[RowError]) -> None:
    """The job title and website first (a person has no field for them), then every notes
    column's text, a paragraph each, without control characters."""
    cells = values.get("notes", [])
    lead = card_notes(*(values[key][0][1] if key in values else "" for key in ("job_title", "website")))
    texts = [lead] if lead else []
    texts += [text for _header, text in cells]
    try:
        record.notes = clean_text("\n\n".join(texts), "Notes", NOTES_LIMIT)
    except ValidationError:
        header = cells[0][0] if len(cells) == 1 else "Notes"
        errors.append(RowError(record.row, header, f"Notes can be at most {NOTES_LIMIT:,} characters."))


def _lead_fields(
    record: Record,
    values: dict[str, list[tuple[str, str]]],
    rules: RowRules,
    errors: list[RowError],
    first: Callable[[str], tuple[str, str]],
) -> None:
    row = record.row
    record.title = first("title")[1] or record.organization or record.name
    if not record.title:
        errors.append(RowError(row, "", "The row has no title and no customer name to use as one."))
    elif len(record.title) > 300:
        errors.append(RowError(row, first("title")[0], "A title can be at most 300 characters."))
    currency_header, currency_text = first("currency")
    record.currency = rules.currency
    if currency_text:
        try:
            record.currency = normalise_currency(currency_text)
        except MoneyError as exc:
            errors.append(RowError(row, currency_header, str(exc)))
            record.currency = ""
    value_header, value_text = first("value")
    if value_text and record.currency:
        try:
            record.value = parse_money_cell(value_text, record.currency)
        except MoneyError as exc:
            errors.append(RowError(row, value_header, str(exc)))
    close_header, close_text = first("expected_close")
    if close_text:
        try:
            record.expected_close = parse_date_cell(close_text, rules.region)
        except ValueError as exc:
            errors.append(RowError(row, close_header, str(exc)))
    for key, table, noun in (("status", rules.statuses, "status"), ("stage", rules.stages, "Leads stage")):
        header, text = first(key)
        if not text:
            continue
        found = table.get(fold(text))
        if found is None:
            names = ", ".join(name for _id, name in table.values()) or "none configured"
            errors.append(RowError(row, header, f"'{text}' is not a {noun} (known: {names})."))
        elif key == "status":
            record.status_id = found[0]
        else:
            record.stage_id = found[0]
    record.source = first("source")[1]
    record.labels = [
        label
        for _header, text in values.get("labels", [])
        for label in re.split(r"\s*[,;]\s*", text)
        if label
    ]
    record.site_address = first("site_address")[1]
    for key, entries in values.items():
        if not key.startswith(CUSTOM_PREFIX):
            continue
        definition = rules.custom_fields.get(key[len(CUSTOM_PREFIX) :])
        if definition is None:
            continue
        definition_id, field_type, name, choices = definition
        header, text = entries[0]
        try:
            record.custom[definition_id] = canonical_value(field_type, name, text, choices)
        except ValidationError as exc:
            errors.append(RowError(row, header, str(exc)))
