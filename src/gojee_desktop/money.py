"""Money as `Decimal`, rounded to each ISO 4217 currency's minor unit.

Stored as integer minor units (cents, yen, fils) so SQLite and PostgreSQL keep it exact.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

# ISO 4217 active codes whose minor unit is not 2 decimals; everything else listed below is 2.
_EXPONENT_EXCEPTIONS: dict[str, int] = {
    "BIF": 0,
    "CLP": 0,
    "DJF": 0,
    "GNF": 0,
    "ISK": 0,
    "JPY": 0,
    "KMF": 0,
    "KRW": 0,
    "PYG": 0,
    "RWF": 0,
    "UGX": 0,
    "UYI": 0,
    "VND": 0,
    "VUV": 0,
    "XAF": 0,
    "XOF": 0,
    "XPF": 0,
    "BHD": 3,
    "IQD": 3,
    "JOD": 3,
    "KWD": 3,
    "LYD": 3,
    "OMR": 3,
    "TND": 3,
    "CLF": 4,
    "UYW": 4,
}
_TWO_DECIMAL = [
    "AED",
    "AFN",
    "ALL",
    "AMD",
    "ANG",
    "AOA",
    "ARS",
    "AUD",
    "AWG",
    "AZN",
    "BAM",
    "BBD",
    "BDT",
    "BGN",
    "BMD",
    "BND",
    "BOB",
    "BRL",
    "BSD",
    "BTN",
    "BWP",
    "BYN",
    "BZD",
    "CAD",
    "CDF",
    "CHF",
    "CNY",
    "COP",
    "CRC",
    "CUP",
    "CVE",
    "CZK",
    "DKK",
    "DOP",
    "DZD",
    "EGP",
    "ERN",
    "ETB",
    "EUR",
    "FJD",
    "FKP",
    "GBP",
    "GEL",
    "GHS",
    "GIP",
    "GMD",
    "GTQ",
    "GYD",
    "HKD",
    "HNL",
    "HTG",
    "HUF",
    "IDR",
    "ILS",
    "INR",
    "IRR",
    "JMD",
    "KES",
    "KGS",
    "KHR",
    "KPW",
    "KYD",
    "KZT",
    "LAK",
    "LBP",
    "LKR",
    "LRD",
    "LSL",
    "MAD",
    "MDL",
    "MGA",
    "MKD",
    "MMK",
    "MNT",
    "MOP",
    "MRU",
    "MUR",
    "MVR",
    "MWK",
    "MXN",
    "MYR",
    "MZN",
    "NAD",
    "NGN",
    "NIO",
    "NOK",
    "NPR",
    "NZD",
    "PAB",
    "PEN",
    "PGK",
    "PHP",
    "PKR",
    "PLN",
    "QAR",
    "RON",
    "RSD",
    "RUB",
    "SAR",
    "SBD",
    "SCR",
    "SDG",
    "SEK",
    "SGD",
    "SHP",
    "SLE",
    "SOS",
    "SRD",
    "SSP",
    "STN",
    "SVC",
    "SYP",
    "SZL",
    "THB",
    "TJS",
    "TMT",
    "TOP",
    "TRY",
    "TTD",
    "TWD",
    "TZS",
    "UAH",
    "USD",
    "UYU",
    "UZS",
    "VES",
    "WST",
    "XCD",
    "YER",
    "ZAR",
    "ZMW",
    "ZWG",
]

CURRENCY_EXPONENTS: dict[str, int] = {code: 2 for code in _TWO_DECIMAL} | _EXPONENT_EXCEPTIONS

_SYMBOLS: dict[str, str] = {
    "AUD": "$",
    "USD": "$",
    "NZD": "$",
    "CAD": "$",
    "SGD": "$",
    "HKD": "$",
    "EUR": "€",
    "GBP": "£",
    "JPY": "¥",
    "CNY": "¥",
    "INR": "₹",
    "KRW": "₩",
    "CHF": "CHF",
    "ZAR": "R",
    "SEK": "kr",
    "NOK": "kr",
    "DKK": "kr",
    "PLN": "zł",
    "BRL": "R$",
    "MXN": "$",
    "KWD": "KD",
    "AED": "AED",
    "ILS": "₪",
    "TRY": "₺",
    "THB": "฿",
    "PHP": "₱",
    "VND": "₫",
}


class MoneyError(ValueError):
    """Raised for a value or currency a user typed that is not valid money."""


def normalise_currency(code: str) -> str:
    """Upper-case a currency code and check it is a known ISO 4217 code."""
    cleaned = (code or "").strip().upper()
    if cleaned not in CURRENCY_EXPONENTS:
        raise MoneyError(f"Unknown currency code '{code}': use an ISO 4217 code such as AUD.")
    return cleaned


def exponent(currency: str) -> int:
    """Number of decimals of the currency's minor unit (2 for AUD, 0 for JPY, 3 for KWD)."""
    return CURRENCY_EXPONENTS[normalise_currency(currency)]


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


def parse_money(text: str, currency: str) -> Decimal:
    """Parse an amount and check it fits the currency's minor unit (no 12.345 AUD)."""
    amount = parse_amount(text)
    places = exponent(currency)
    if amount != quantize(amount, currency):
        unit = "no decimals" if places == 0 else f"at most {places} decimals"
        raise MoneyError(f"'{text}' has too many decimals: {currency} amounts have {unit}.")
    return quantize(amount, currency)


def symbol(currency: str) -> str:
    """A display symbol for the currency, or the code itself."""
    return _SYMBOLS.get(currency, currency)


def format_money(amount: Decimal, currency: str, with_code: bool = False) -> str:
    """`$1,234.50` style text: symbol, thousands separators, the currency's decimals."""
    value = quantize(amount, currency)
    places = exponent(currency)
    sign = "-" if value < 0 else ""
    text = f"{abs(value):,.{places}f}"
    sym = symbol(currency)
    body = f"{sign}{sym}{text}" if len(sym) == 1 else f"{sign}{sym} {text}"
    return f"{body} {currency}" if with_code else body
