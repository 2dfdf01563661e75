"""Money parsing, rounding and formatting."""

from __future__ import annotations

from decimal import Decimal

import pytest

from gojee_desktop.money import (
    MoneyError,
    format_money,
    from_minor,
    parse_amount,
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
    assert format_money(Decimal("1234.5"), "AUD") == "$1,234.50"
    assert format_money(Decimal("-5"), "EUR") == "-€5.00"
    assert format_money(Decimal("1500"), "JPY", with_code=True) == "¥1,500 JPY"
    assert format_money(Decimal("1.5"), "KWD") == "KD 1.500"
