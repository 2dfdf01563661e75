"""Reading amounts typed in the user's locale: `1,234.50` in English, `1234,50` in German."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import QLocale

from gojee_desktop.money import MoneyError, parse_amount


def locale_separators(locale: QLocale | None = None) -> tuple[str, str]:
    """The decimal point and the thousands separator of the locale."""
    loc = locale or QLocale()
    return loc.decimalPoint(), loc.groupSeparator()


def parse_locale_amount(text: str, locale: QLocale | None = None) -> Decimal:
    """An amount typed per the locale; a plain `1234.50` is accepted everywhere unless the
    locale's decimal point is a comma and the text is ambiguous. MoneyError otherwise."""
    point, group = locale_separators(locale)
    group = group.replace("\u00a0", " ").replace("\u202f", " ")
    if group.strip() == "":
        group = ""
    try:
        return parse_amount(text, point, group if group != point else "")
    except MoneyError:
        if point != ".":
            # `1234.50` typed on a comma-decimal keyboard: still clearly an amount.
            return parse_amount(text, ".", "")
        raise
