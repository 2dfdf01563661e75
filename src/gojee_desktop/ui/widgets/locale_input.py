"""Reading amounts typed in the display locale: `1,234.50` in English, `1.234,50` in German,
`1 234,50` in French (the rules live in `money.parse_local_amount`)."""

from __future__ import annotations

from decimal import Decimal

from babel import Locale

from gojee_desktop.money import parse_local_amount


def parse_locale_amount(text: str, locale: Locale | str | None = None) -> Decimal:
    """An amount typed per the locale (default: the display locale); a plain `1234.50` is
    accepted everywhere unless it means something else in the locale. MoneyError otherwise."""
    return parse_local_amount(text, locale)
