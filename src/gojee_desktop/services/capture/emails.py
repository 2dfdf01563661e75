"""Email addresses through `email-validator`: syntax only, offline (no DNS), and a
case-insensitive key for duplicate matching.

An import checks every row's address, and email-validator takes ~40 µs an address. Plain
ASCII addresses (letters, digits, `._+-` before the @, LDH labels and an alphabetic top-level
domain after it) are accepted by a strict pattern first; everything else, and every address
the pattern does not accept, goes to email-validator, so the pattern never accepts what it
would refuse (tested against it)."""

from __future__ import annotations

import re
from functools import lru_cache

# A subset of what email-validator accepts: dot-atom local part of common characters, LDH
# labels without "--" (IDNA A-labels go to the library), a top-level domain of letters.
_PLAIN = re.compile(
    r"[A-Za-z0-9_+\-]+(?:\.[A-Za-z0-9_+\-]+)*"
    r"@(?:[A-Za-z0-9](?:[A-Za-z0-9\-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}"
)


@lru_cache(maxsize=1)
def _special_suffixes() -> tuple[str, ...]:
    """Special-use domains (.local, .test…) the library refuses; email-validator (~70 ms to
    import) is loaded on first use, not for the first window."""
    from email_validator import SPECIAL_USE_DOMAIN_NAMES

    return tuple(f".{name}" for name in SPECIAL_USE_DOMAIN_NAMES)


class EmailError(ValueError):
    """An address that is not valid; the message says so in plain words."""


def plainly_valid(address: str) -> bool:
    """True for a common ASCII address email-validator accepts (no library call)."""
    if len(address) > 254 or not _PLAIN.fullmatch(address) or "--" in address:
        return False
    local, _, domain = address.rpartition("@")
    domain = domain.lower()
    return len(local) <= 64 and len(domain) <= 253 and not domain.endswith(_special_suffixes())


@lru_cache(maxsize=4096)
def _library_check(cleaned: str) -> str:
    """email-validator's verdict: '' when valid, else its reason (cached for repeated cells)."""
    from email_validator import EmailNotValidError, validate_email

    try:
        validate_email(cleaned, check_deliverability=False)
    except EmailNotValidError as exc:
        return str(exc) or "not valid"
    return ""


def check_email(value: str) -> str:
    """The address as typed (trimmed) when its syntax is valid, else EmailError."""
    cleaned = (value or "").strip()
    if plainly_valid(cleaned):
        return cleaned
    problem = _library_check(cleaned)
    if problem:
        raise EmailError(f"'{value}' is not a valid email address (like name@example.com): {problem}")
    return cleaned


def email_key(value: str) -> str:
    """What two addresses are compared by: the whole address, case-folded."""
    return (value or "").strip().casefold()
