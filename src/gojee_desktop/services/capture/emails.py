"""Email addresses through `email-validator`: syntax only, offline (no DNS), and a
case-insensitive key for duplicate matching."""

from __future__ import annotations


class EmailError(ValueError):
    """An address that is not valid; the message says so in plain words."""


def check_email(value: str) -> str:
    """The address as typed (trimmed) when its syntax is valid, else EmailError."""
    from email_validator import EmailNotValidError, validate_email  # ~70 ms: on first use

    cleaned = (value or "").strip()
    try:
        validate_email(cleaned, check_deliverability=False)
    except EmailNotValidError as exc:
        raise EmailError(f"'{value}' is not a valid email address (like name@example.com): {exc}") from exc
    return cleaned


def email_key(value: str) -> str:
    """What two addresses are compared by: the whole address, case-folded."""
    return (value or "").strip().casefold()
