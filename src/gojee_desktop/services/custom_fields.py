"""Checking and normalising custom field values against their definitions."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

from gojee_desktop.money import MoneyError, parse_amount
from gojee_desktop.services.errors import ValidationError

_TRUE = {"yes", "true", "1", "y", "on", "checked"}
_FALSE = {"no", "false", "0", "n", "off", "", "unchecked"}


def canonical_value(field_type: str, name: str, raw: str, choices: tuple[str, ...] = ()) -> str:
    """The value as stored (ISO dates, plain decimals, yes/no), or ValidationError."""
    text = (raw or "").strip()
    if field_type == "text" or (not text and field_type != "checkbox"):
        return text
    if field_type in ("number", "money"):
        try:
            amount = parse_amount(text)
        except MoneyError as exc:
            raise ValidationError(f"{name}: {exc}", field=name) from exc
        if field_type == "money":
            try:
                amount = amount.quantize(Decimal("0.01"))
            except InvalidOperation as exc:  # pragma: no cover - absurdly large
                raise ValidationError(f"{name}: the amount is too large.", field=name) from exc
        return format(amount, "f")
    if field_type == "date":
        try:
            return date.fromisoformat(text).isoformat()
        except ValueError as exc:
            raise ValidationError(f"{name}: '{text}' is not a date (use YYYY-MM-DD).", field=name) from exc
    if field_type == "choice":
        for choice in choices:
            if choice.lower() == text.lower():
                return choice
        raise ValidationError(f"{name}: '{text}' is not one of {', '.join(choices)}.", field=name)
    if field_type == "checkbox":
        lowered = text.lower()
        if lowered in _TRUE:
            return "yes"
        if lowered in _FALSE:
            return "no"
        raise ValidationError(f"{name}: use yes or no.", field=name)
    raise ValidationError(f"{name}: unknown field type '{field_type}'.", field=name)
