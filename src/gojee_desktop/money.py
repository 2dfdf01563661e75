"""Money as `Decimal`, rounded to each currency's ISO 4217 minor unit (CLDR's digits through
Babel, except where CLDR departs from ISO 4217: `ISO_4217_MINOR_UNITS`).

Stored as integer minor units (cents, yen, fils) so SQLite and PostgreSQL keep it exact.
Shown and read in the display locale (`$1,234.50` en_AU, `1.234,50 €` de, `₹1,23,456.50`
en_IN); the `gojee` command reads plain `1234.50` / `1,234.50` whatever the locale.
"""

from __future__ import annotations

import copy
import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import cache

from babel import Locale, numbers
from babel.core import get_global

from gojee_desktop.locales import resolve


class MoneyError(ValueError):
    """Raised for a value or currency a user typed that is not valid money."""


@cache
def known_currencies() -> frozenset[str]:
    """Every ISO 4217 code CLDR knows, current or historical (stored data stays readable)."""
    return frozenset(numbers.list_currencies())


@cache
def active_currencies() -> tuple[str, ...]:
    """Codes that are legal tender somewhere today, sorted: what a currency picker offers."""
    codes = {
        code
        for entries in get_global("territory_currencies").values()
        for code, _start, end, tender in entries
        if end is None and tender
    }
    return tuple(sorted(codes & known_currencies()))


#: ISO 4217's minor unit where CLDR's digits differ. CLDR gives the decimals people usually
#: write (0 for HUF, IDR, COP, IQD…: the small coins are out of use), but the amounts stored
#: as integer minor units must follow the standard other systems (banks, accounting, invoices
#: exchanged as files) count in, so 1.50 HUF stays exact and means 150 minor units.
ISO_4217_MINOR_UNITS: dict[str, int] = {
    "AFN": 2,
    "ALL": 2,
    "COP": 2,
    "HUF": 2,
    "IDR": 2,
    "IQD": 3,
    "IRR": 2,
    "KPW": 2,
    "LAK": 2,
    "LBP": 2,
    "MGA": 2,
    "MMK": 2,
    "SOS": 2,
    "SYP": 2,
    "YER": 2,
}


@cache
def currency_exponents() -> dict[str, int]:
    """Code -> decimals of its ISO 4217 minor unit (2 for AUD, 0 for JPY, 3 for KWD and IQD):
    CLDR's digits, overridden by `ISO_4217_MINOR_UNITS`."""
    return {
        code: ISO_4217_MINOR_UNITS.get(code, numbers.get_currency_precision(code))
        for code in known_currencies()
    }


def _with_decimals(pattern: str, places: int) -> numbers.NumberPattern:
    """The locale's number pattern showing exactly `places` decimals (ISO's, not CLDR's)."""
    parsed = copy.copy(numbers.parse_pattern(pattern))
    parsed.frac_prec = (places, places)
    return parsed


def normalise_currency(code: str) -> str:
    """Upper-case a currency code and check it is a known ISO 4217 code."""
    cleaned = (code or "").strip().upper()
    if cleaned not in known_currencies():
        raise MoneyError(f"Unknown currency code '{code}': use an ISO 4217 code such as AUD.")
    return cleaned


def exponent(currency: str) -> int:
    """Number of decimals of the currency's minor unit (2 for AUD, 0 for JPY, 3 for KWD)."""
    return currency_exponents()[normalise_currency(currency)]


def quantize(amount: Decimal, currency: str) -> Decimal:
    """Round half-up to the currency's minor unit."""
    step = Decimal(1).scaleb(-exponent(currency))
    return amount.quantize(step, rounding=ROUND_HALF_UP)


def to_minor(amount: Decimal, currency: str) -> int:
    """Decimal amount -> integer minor units, rounded half-up."""
    return int(quantize(amount, currency).scaleb(exponent(currency)))


def from_minor(minor: int, currency: str) -> Decimal:
    """Integer minor units -> Decimal with exactly the currency's decimals."""
    return quantize(Decimal(minor).scaleb(-exponent(currency)), currency)


_PLAIN = re.compile(r"^[+-]?\d+(\.\d+)?$")


def parse_amount(text: str, decimal_point: str = ".", group_separator: str = ",") -> Decimal:
    """Parse what a user typed as an amount: `1234.50`, `1,234.50`, or `1234,50` / `1.234,50`
    when the locale's decimal point is a comma. Raises MoneyError with a readable message."""
    raw = (text or "").strip().replace(" ", "").replace("\u00a0", "").replace("\u202f", "")
    if not raw:
        raise MoneyError("Enter an amount, for example 1234.50.")
    allowed = set("0123456789+-") | {decimal_point, group_separator}
    if any(ch not in allowed for ch in raw):
        raise MoneyError(f"'{text}' is not an amount: use digits and one decimal point, e.g. 1234.50.")
    if group_separator:
        # Group separators are only valid between groups of three digits.
        parts = raw.split(decimal_point)
        if len(parts) > 2:
            raise MoneyError(f"'{text}' is not an amount: it has more than one decimal point.")
        whole = parts[0]
        if group_separator in whole:
            groups = whole.lstrip("+-").split(group_separator)
            if not groups[0] or any(len(g) != 3 for g in groups[1:]) or len(groups[0]) > 3:
                raise MoneyError(f"'{text}' is not an amount: check the thousands separators.")
            whole = whole.replace(group_separator, "")
        raw = whole if len(parts) == 1 else f"{whole}.{parts[1]}"
    elif decimal_point != ".":
        raw = raw.replace(decimal_point, ".")
    if not _PLAIN.match(raw):
        raise MoneyError(f"'{text}' is not an amount: use digits and one decimal point, e.g. 1234.50.")
    try:
        return Decimal(raw)
    except InvalidOperation as exc:  # pragma: no cover - the regex admits only valid decimals
        raise MoneyError(f"'{text}' is not an amount.") from exc


def symbol(currency: str, locale: Locale | str | None = None) -> str:
    """The currency's symbol in the locale (`$` for AUD in en_AU, `A$` in en_US)."""
    return numbers.get_currency_symbol(currency, locale=resolve(locale))


def _space_symbol(text: str, sym: str) -> str:
    """CLDR's currency spacing, which Babel leaves out: a symbol ending or starting with a
    letter is kept apart from the digits by a no-break space (`EUR\u00a099.00`)."""
    if sym and sym[-1].isalpha():
        text = re.sub(re.escape(sym) + r"(?=\d)", sym + "\u00a0", text)
    if sym and sym[0].isalpha():
        text = re.sub(r"(?<=\d)" + re.escape(sym), "\u00a0" + sym, text)
    return text


def format_money(
    amount: Decimal, currency: str, with_code: bool = False, locale: Locale | str | None = None
) -> str:
    """The amount as the locale writes money: `$1,234.50` (en_AU), `1.234,50\u00a0€` (de),
    `￥1,500` (ja); with_code adds the ISO code unless the text already shows it."""
    loc = resolve(locale)
    value = quantize(amount, currency)
    if currency in ISO_4217_MINOR_UNITS:
        standard = loc.currency_formats["standard"].pattern
        text = _with_decimals(standard, exponent(currency)).apply(
            value, loc, currency=currency, currency_digits=False
        )
    else:
        text = numbers.format_currency(value, currency, locale=loc, currency_digits=True)
    text = _space_symbol(text, symbol(currency, loc))
    return f"{text} {currency}" if with_code and currency not in text else text


def format_amount(amount: Decimal, currency: str, locale: Locale | str | None = None) -> str:
    """The amount without a symbol, with the currency's decimals, for an input field
    (`1.234,50` de, `1,23,456.50` en_IN)."""
    loc = resolve(locale)
    pattern = loc.decimal_formats[None]
    if currency in ISO_4217_MINOR_UNITS:
        exact = _with_decimals(pattern.pattern, exponent(currency))
        return exact.apply(quantize(amount, currency), loc, currency_digits=False)
    return pattern.apply(quantize(amount, currency), loc, currency=currency, currency_digits=True)


_SPACES = ("\u00a0", "\u202f", " ")
_NUMBER_CHARS = re.compile(r"^[+-]?[\d.,\u00a0\u202f '’]+$")


def parse_local_amount(text: str, locale: Locale | str | None = None) -> Decimal:
    """An amount typed as the locale writes numbers (`1.234,50` de, `1 234,50` fr,
    `1,23,456.50` en_IN); a plain `1234.50` is read everywhere when it cannot mean anything
    else in the locale. MoneyError with a readable message otherwise."""
    loc = resolve(locale)
    raw = (text or "").strip()
    if not raw:
        raise MoneyError("Enter an amount, for example 1234.50.")
    if not _NUMBER_CHARS.match(raw):
        raise MoneyError(f"'{text}' is not an amount: use digits and one decimal point, e.g. 1234.50.")
    group = numbers.get_group_symbol(loc)
    if group in _SPACES:
        for space in _SPACES:
            raw = raw.replace(space, group)
    try:
        return Decimal(numbers.parse_decimal(raw, loc, strict=True))
    except (numbers.NumberFormatError, InvalidOperation):
        pass
    try:
        # `1234.50` typed on a comma-decimal keyboard: still clearly an amount.
        return parse_amount(text, ".", "")
    except MoneyError:
        point = numbers.get_decimal_symbol(loc)
        example = format_amount(Decimal("1234.5"), "AUD", loc)
        raise MoneyError(
            f"'{text}' is not an amount: type it like {example} (decimal mark '{point}')."
        ) from None


def parse_money(text: str, currency: str, locale: Locale | str | None = None) -> Decimal:
    """An amount typed in the locale, checked to fit the currency's minor unit (no 12.345 AUD)."""
    amount = parse_local_amount(text, locale)
    places = exponent(currency)
    try:
        rounded = quantize(amount, currency)
    except InvalidOperation:  # more digits than a Decimal holds (28): no real amount
        raise MoneyError(f"'{text}' is too large an amount.") from None
    if amount != rounded:
        unit = "no decimals" if places == 0 else f"at most {places} decimals"
        raise MoneyError(f"'{text}' has too many decimals: {currency} amounts have {unit}.")
    return rounded


def format_number(
    value: Decimal, min_decimals: int = 0, locale: Locale | str | None = None, grouping: bool = True
) -> str:
    """A decimal in the locale's digits, every digit kept, at least `min_decimals` decimals
    (quantities `2,5` de; unit costs `1.234,50` or an exact `0,0125`); without grouping for
    text a user edits (`1234,5`)."""
    loc = resolve(locale)
    whole = loc.decimal_formats[None].pattern.split(";")[0].split(".")[0] if grouping else "0"
    pattern = f"{whole}.{'0' * min_decimals}" if min_decimals else whole
    if not min_decimals:
        value = value.normalize()
    return numbers.format_decimal(value, pattern, locale=loc, decimal_quantization=False)
