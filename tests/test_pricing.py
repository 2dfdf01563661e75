"""The totals engine: hand-computed traps and properties that hold for any BOM."""

from __future__ import annotations

from decimal import Decimal as D

from hypothesis import given, settings
from hypothesis import strategies as st

from gojee_desktop.money import exponent, quantize
from gojee_desktop.pricing import (
    TAX_ON_TOTAL,
    TAX_PER_LINE,
    LinePricing,
    compute_totals,
    margin_percent,
    markup_for_price,
    price_line,
)


def line(qty: str, price: str, tax: str = "0", **extra) -> LinePricing:
    return LinePricing(quantity=D(qty), unit_cost=D(0), unit_price=D(price), tax_rate=D(tax), **extra)


def test_nine_and_a_half_times_124_75_is_not_truncated():
    amounts = price_line(line("9.5", "124.75"), "AUD")
    assert amounts.gross == D("1185.13")  # 1185.125 half-up, not 1185.12


def test_three_times_33_33_with_ten_percent_tax_on_one_line():
    for mode in (TAX_PER_LINE, TAX_ON_TOTAL):
        totals = compute_totals([[line("3", "33.33", "10")]], "AUD", mode)
        assert totals.subtotal == D("99.99")
        assert totals.tax_total == D("10.00")  # 9.999 rounds up
        assert totals.grand_total == D("109.99")


def test_three_lines_of_33_33_differ_by_rounding_mode():
    lines = [line("1", "33.33", "10")] * 3
    per_line = compute_totals([lines], "AUD", TAX_PER_LINE)
    on_total = compute_totals([lines], "AUD", TAX_ON_TOTAL)
    assert per_line.tax_total == D("9.99")  # 3 × 3.33
    assert on_total.tax_total == D("10.00")  # 99.99 × 10 %
    assert per_line.grand_total == D("109.98")
    assert on_total.grand_total == D("109.99")


def test_zero_decimal_currency():
    totals = compute_totals([[line("3", "333", "10")]], "JPY", TAX_ON_TOTAL)
    assert totals.subtotal == D("999")
    assert totals.tax_total == D("100")  # 99.9 -> 100
    assert totals.grand_total == D("1099")
    derived = price_line(LinePricing(quantity=D(1), unit_cost=D(1000), markup=D("12.55")), "JPY")
    assert derived.unit_price == D("1126")  # 1125.5 half-up


def test_three_decimal_currency():
    derived = price_line(
        LinePricing(quantity=D("2.5"), unit_cost=D("1.2345"), markup=D(10), tax_rate=D(5)), "KWD"
    )
    assert derived.unit_price == D("1.358")  # 1.35795
    assert derived.gross == D("3.395")
    assert derived.tax == D("0.170")  # 0.16975 half-up


def test_markup_is_on_cost_not_margin():
    amounts = price_line(LinePricing(quantity=D(1), unit_cost=D(100), markup=D(25)), "AUD")
    assert amounts.unit_price == D("125.00")
    assert markup_for_price(D(100), D(125)) == D(25)
    assert margin_percent(D(100), D(125)) == D(20)


def test_discount_and_optional_lines():
    lines = [
        LinePricing(quantity=D(2), unit_cost=D(0), unit_price=D("50"), discount=D(10), tax_rate=D(10)),
        LinePricing(quantity=D(1), unit_cost=D(0), unit_price=D("999"), optional=True),
        LinePricing(quantity=D(1), unit_cost=D(0), unit_price=D("20"), optional=True, chosen=True),
    ]
    totals = compute_totals([lines], "AUD")
    assert totals.gross == D("120.00")
    assert totals.discount == D("10.00")
    assert totals.subtotal == D("110.00")
    assert totals.tax_total == D("9.00")
    assert totals.grand_total == D("119.00")


decimals = st.decimals(min_value=D("-50"), max_value=D("5000"), places=3, allow_nan=False)
percent = st.decimals(min_value=D(0), max_value=D(100), places=2, allow_nan=False)
lines_strategy = st.builds(
    LinePricing,
    quantity=decimals,
    unit_cost=st.decimals(min_value=D(0), max_value=D("5000"), places=4, allow_nan=False),
    markup=percent,
    unit_price=st.none() | st.decimals(min_value=D(0), max_value=D("5000"), places=4, allow_nan=False),
    discount=percent,
    tax_rate=st.sampled_from([D(0), D(5), D(10), D("12.5"), D(20)]),
    optional=st.booleans(),
    chosen=st.booleans(),
)


@settings(max_examples=300, deadline=None)
@given(
    sections=st.lists(st.lists(lines_strategy, max_size=8), min_size=1, max_size=5),
    currency=st.sampled_from(["AUD", "JPY", "KWD", "EUR"]),
    mode=st.sampled_from([TAX_PER_LINE, TAX_ON_TOTAL]),
)
def test_totals_equal_the_sum_of_their_parts(sections, currency, mode):
    totals = compute_totals(sections, currency, mode)
    counted = [price_line(x, currency) for lines in sections for x in lines if x.counted]
    places = exponent(currency)
    for amount in (totals.gross, totals.discount, totals.subtotal, totals.tax_total, totals.grand_total):
        assert amount == quantize(amount, currency)
        assert -amount.as_tuple().exponent == places  # type: ignore[operator]
    assert totals.gross == sum((a.gross for a in counted), D(0))
    assert totals.discount == sum((a.discount for a in counted), D(0))
    assert totals.subtotal == totals.gross - totals.discount
    assert sum(totals.section_subtotals, D(0)) == totals.subtotal
    assert sum((t.base for t in totals.taxes), D(0)) == totals.subtotal
    assert totals.tax_total == sum((t.tax for t in totals.taxes), D(0))
    assert totals.grand_total == totals.subtotal + totals.tax_total
    for tax in totals.taxes:
        if mode == TAX_PER_LINE:
            expected = sum(
                (
                    price_line(x, currency).tax
                    for s in sections
                    for x in s
                    if x.counted and x.tax_rate == tax.rate
                ),
                D(0),
            )
        else:
            expected = quantize(tax.base * tax.rate / 100, currency)
        assert tax.tax == expected


def test_equal_rates_written_differently_are_one_tax_line():
    totals = compute_totals([[line("1", "10", "10"), line("1", "10", "10.00")]], "AUD")
    assert [str(t.rate) for t in totals.taxes] == ["10"]
    assert totals.taxes[0].tax == D("2.00")
