"""Money parsing, rounding and formatting."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gojee_desktop import locales
from gojee_desktop.money import (
    ISO_4217_MINOR_UNITS,
    MoneyError,
    active_currencies,
    exponent,
    format_amount,
    format_money,
    format_number,
    from_minor,
    normalise_currency,
    parse_amount,
    parse_local_amount,
    parse_money,
    quantize,
    to_minor,
)


@pytest.mark.parametrize(
    ("text", "point", "group", "expected"),
    [
        ("1234.50", ".", ",", "1234.50"),
        ("1,234.50", ".", ",", "1234.50"),
        ("1234,50", ",", ".", "1234.50"),
        ("1.234,50", ",", ".", "1234.50"),
        (" 12 ", ".", ",", "12"),
        ("0.005", ".", ",", "0.005"),
    ],
)
def test_parse_amount(text, point, group, expected):
    assert parse_amount(text, point, group) == Decimal(expected)


@pytest.mark.parametrize("text", ["12,3x", "", "1,23.4", "1.2.3", "abc", "1e5", "--1"])
def test_parse_amount_rejects(text):
    with pytest.raises(MoneyError):
        parse_amount(text)


def test_minor_units_per_currency():
    assert to_minor(Decimal("1234.5"), "AUD") == 123450
    assert to_minor(Decimal("0.125"), "AUD") == 13  # half-up
    assert to_minor(Decimal("1500"), "JPY") == 1500
    assert to_minor(Decimal("1.2345"), "KWD") == 1235
    assert from_minor(1235, "KWD") == Decimal("1.235")
    assert str(from_minor(150, "AUD")) == "1.50"
    assert quantize(Decimal("2.5"), "JPY") == Decimal("3")


def test_parse_money_checks_decimals_and_formats():
    assert parse_money("1,234.5", "AUD") == Decimal("1234.50")
    with pytest.raises(MoneyError, match="JPY amounts have no decimals"):
        parse_money("10.5", "JPY")
    with pytest.raises(MoneyError, match="Unknown currency"):
        parse_money("1", "XYZ")
    assert format_money(Decimal("1234.5"), "AUD") == "$1,234.50"  # en_AU, the test locale
    # CLDR: en_AU writes other currencies by their code, kept apart from the digits.
    assert format_money(Decimal("-5"), "EUR") == "-EUR\u00a05.00"
    assert format_money(Decimal("1500"), "JPY", with_code=True) == "JPY\u00a01,500"
    assert format_money(Decimal("1500"), "JPY", with_code=True, locale="en_US") == "¥1,500 JPY"
    assert format_money(Decimal("1.5"), "KWD") == "KWD\u00a01.500"
    assert format_money(Decimal("-5"), "EUR", locale="en_IE") == "-€5.00"


NBSP, NNBSP = "\u00a0", "\u202f"


@pytest.mark.parametrize(
    ("locale", "amount", "currency", "expected"),
    [
        ("de_DE", "1234.5", "EUR", f"1.234,50{NBSP}€"),
        ("de_DE", "-1234.5", "EUR", f"-1.234,50{NBSP}€"),
        ("en_AU", "1234.5", "AUD", "$1,234.50"),
        ("en_US", "1234.5", "AUD", "A$1,234.50"),
        ("fr_FR", "1234567.891", "EUR", f"1{NNBSP}234{NNBSP}567,89{NBSP}€"),
        ("en_IN", "123456.5", "INR", "₹1,23,456.50"),
        ("en_IN", "12345678", "INR", "₹1,23,45,678.00"),
        ("ja_JP", "1500.4", "JPY", "￥1,500"),
        ("ja_JP", "1234.5", "USD", "$1,234.50"),
        ("de_CH", "1234.5", "CHF", "CHF\u00a01'234.50"),
    ],
)
def test_format_money_in_the_locale(locale, amount, currency, expected):
    assert format_money(Decimal(amount), currency, locale=locale) == expected


@pytest.mark.parametrize(
    ("locale", "text", "expected"),
    [
        ("de_DE", "1.234,50", "1234.50"),
        ("de_DE", "1234,50", "1234.50"),
        ("de_DE", "1234.50", "1234.50"),  # a plain decimal point still reads as one
        ("de_DE", "1.234", "1234"),  # the German group separator
        ("fr_FR", "1 234,50", "1234.50"),  # typed with an ordinary space
        ("fr_FR", f"1{NNBSP}234,50", "1234.50"),
        ("fr_FR", f"1{NBSP}234,50", "1234.50"),
        ("en_IN", "1,23,456.50", "123456.50"),
        ("en_AU", "1,234.50", "1234.50"),
        ("en_AU", "1234.50", "1234.50"),
        ("ja_JP", "1,500", "1500"),
    ],
)
def test_parse_amount_in_the_locale(locale, text, expected):
    assert parse_local_amount(text, locale) == Decimal(expected)


@pytest.mark.parametrize(
    ("locale", "text"),
    [
        ("de_DE", "1,234.50"),
        ("en_AU", "1,23.4"),
        ("en_AU", "1e5"),
        ("en_AU", "NaN"),
        ("fr_FR", "12,3x"),
        ("ja", ""),
    ],
)
def test_parse_amount_in_the_locale_rejects(locale, text):
    with pytest.raises(MoneyError, match="amount"):
        parse_local_amount(text, locale)


def test_parse_money_reads_the_display_locale():
    locales.set_current_locale("de_DE")
    assert parse_money("1.234,5", "EUR") == Decimal("1234.50")
    with pytest.raises(MoneyError, match="JPY amounts have no decimals"):
        parse_money("10,5", "JPY")
    assert format_money(Decimal("1234.5"), "EUR") == f"1.234,50{NBSP}€"


def test_plain_cli_parsing_ignores_the_display_locale():
    locales.set_current_locale("de_DE")
    assert parse_amount("1234.50") == Decimal("1234.50")
    assert parse_amount("1,234.50") == Decimal("1234.50")


@given(
    st.sampled_from(["de_DE", "fr_FR", "en_IN", "ja_JP", "en_AU", "en_US", "de_CH"]),
    st.sampled_from(["EUR", "JPY", "KWD", "AUD", "INR", "HUF", "IQD"]),
    st.decimals(min_value=-(10**9), max_value=10**9, places=3, allow_nan=False, allow_infinity=False),
)
def test_amounts_typed_as_shown_read_back(locale, currency, amount):
    """Whatever an input field shows is read back as the same amount, in every locale."""
    value = quantize(amount, currency)
    assert parse_local_amount(format_amount(value, currency, locale), locale) == value
    assert parse_local_amount(format_number(value, 0, locale, grouping=False), locale) == value


def test_currency_digits_and_codes_come_from_cldr():
    assert exponent("jpy") == 0 and exponent("KWD") == 3 and exponent("AUD") == 2
    assert normalise_currency(" eur ") == "EUR"
    assert "AUD" in active_currencies() and "DEM" not in active_currencies()
    assert exponent("DEM") == 2  # a historical code stays readable
    with pytest.raises(MoneyError, match="Unknown currency"):
        normalise_currency("XYZ")


#: ISO 4217 (list one, the minor unit column) for the codes where CLDR's digits differ.
ISO_MINOR_UNITS_WHERE_CLDR_DIFFERS = {
    "AFN": 2, "ALL": 2, "COP": 2, "HUF": 2, "IDR": 2, "IQD": 3, "IRR": 2, "KPW": 2,
    "LAK": 2, "LBP": 2, "MGA": 2, "MMK": 2, "SOS": 2, "SYP": 2, "YER": 2,
}  # fmt: skip


def test_stored_minor_units_follow_iso_4217_where_cldr_differs():
    """Every Babel currency: its exponent is ISO 4217's; for the codes where CLDR's digits
    differ the override table gives ISO's, and each entry is still needed (CLDR differs)."""
    from babel import numbers

    assert ISO_4217_MINOR_UNITS == ISO_MINOR_UNITS_WHERE_CLDR_DIFFERS
    for code in numbers.list_currencies():
        cldr = numbers.get_currency_precision(code)
        iso = ISO_MINOR_UNITS_WHERE_CLDR_DIFFERS.get(code)
        if iso is None:
            assert exponent(code) == cldr, code
        else:
            assert cldr != iso, f"CLDR now agrees with ISO 4217 for {code}: drop the override"
            assert exponent(code) == iso, code
    assert to_minor(Decimal("1234.5"), "HUF") == 123450
    assert to_minor(Decimal("1.2345"), "IQD") == 1235
    assert from_minor(1235, "IQD") == Decimal("1.235")
    assert str(from_minor(150, "IDR")) == "1.50"


@pytest.mark.parametrize(
    ("locale", "amount", "currency", "expected"),
    [
        ("hu_HU", "1234.5", "HUF", "1\u00a0234,50\u00a0Ft"),
        ("en_AU", "1234.5", "IQD", "IQD\u00a01,234.500"),
        ("id_ID", "1234", "IDR", "Rp\u00a01.234,00"),
    ],
)
def test_money_shows_every_iso_decimal(locale, amount, currency, expected):
    """Shown with the decimals it is stored with, so what is shown is what is kept."""
    assert format_money(Decimal(amount), currency, locale=locale) == expected
    shown = format_amount(Decimal(amount), currency, locale)
    assert parse_money(shown, currency, locale) == quantize(Decimal(amount), currency)


def test_display_locale_falls_back_when_the_system_names_none():
    locales.set_system_locale("C")
    assert str(locales.current_locale()) == "en_AU"
    locales.set_system_locale("de_AT")
    assert str(locales.current_locale()) == "de_AT"
    with pytest.raises(locales.LocaleError, match="not a known locale"):
        locales.set_current_locale("xx_YY")
