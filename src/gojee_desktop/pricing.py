"""The totals engine for BOMs and quotes: `Decimal` throughout, no Qt, no database.

Rules (the same on screen, in the PDF and in `gojee bom show`):
- Markup is on cost: sell unit price = unit cost × (1 + markup % / 100), rounded half-up to
  the currency's minor unit (a typed sell price overrides it). It is *not* margin
  (margin % = (sell − cost) / sell); `margin_percent` converts for display.
- Line gross = quantity × sell unit price, rounded half-up (9.5 × 124.75 = 1185.13).
- Line discount = gross × discount %, rounded; line net = gross − discount.
- Optional lines count only when chosen.
- Tax per rate: with TAX_PER_LINE each line's tax is rounded and the rounded taxes are
  added; with TAX_ON_TOTAL the nets of each rate are added and taxed once.
- Grand total = net subtotal + the taxes of every rate.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from gojee_desktop.money import quantize

TAX_PER_LINE = "line"
TAX_ON_TOTAL = "total"
TAX_ROUNDING_MODES = (TAX_PER_LINE, TAX_ON_TOTAL)

HUNDRED = Decimal(100)
ZERO = Decimal(0)


@dataclass(frozen=True)
class LinePricing:
    """The numbers of one line that decide its price."""

    quantity: Decimal
    unit_cost: Decimal
    markup: Decimal = ZERO  # percent on cost
    unit_price: Decimal | None = None  # a typed sell price; None: derived from cost and markup
    discount: Decimal = ZERO  # percent
    tax_rate: Decimal = ZERO  # percent
    optional: bool = False
    chosen: bool = False

    @property
    def counted(self) -> bool:
        """Whether the line is in the totals (optional lines only when chosen)."""
        return not self.optional or self.chosen


@dataclass(frozen=True)
class LineAmounts:
    unit_price: Decimal
    gross: Decimal
    discount: Decimal
    net: Decimal
    tax: Decimal  # this line's tax rounded on its own (what TAX_PER_LINE adds up)
    cost: Decimal
    counted: bool


@dataclass(frozen=True)
class TaxAmount:
    rate: Decimal
    base: Decimal  # net amount taxed at this rate
    tax: Decimal


@dataclass(frozen=True)
class Totals:
    currency: str
    tax_rounding: str
    section_subtotals: tuple[Decimal, ...]  # net, counted lines only
    gross: Decimal
    discount: Decimal
    subtotal: Decimal  # gross − discount
    taxes: tuple[TaxAmount, ...]  # one per rate, ascending
    tax_total: Decimal
    grand_total: Decimal
    cost: Decimal  # quantity × unit cost of counted lines, rounded once

    @property
    def profit(self) -> Decimal:
        return self.subtotal - self.cost


def plain_rate(rate: Decimal) -> Decimal:
    """One key per rate: 10, 10.0 and 10.00 are the same rate, shown as `10` (12.5 stays)."""
    value = rate.normalize()
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value


def derived_unit_price(unit_cost: Decimal, markup: Decimal, currency: str) -> Decimal:
    """Cost plus markup on cost, rounded to the currency's minor unit."""
    return quantize(unit_cost * (1 + markup / HUNDRED), currency)


def sell_unit_price(line: LinePricing, currency: str) -> Decimal:
    if line.unit_price is not None:
        return quantize(line.unit_price, currency)
    return derived_unit_price(line.unit_cost, line.markup, currency)


def markup_for_price(unit_cost: Decimal, unit_price: Decimal) -> Decimal | None:
    """The markup % that gives this sell price (None when the cost is zero)."""
    if unit_cost == 0:
        return None
    return (unit_price - unit_cost) / unit_cost * HUNDRED


def margin_percent(unit_cost: Decimal, unit_price: Decimal) -> Decimal | None:
    """Margin % = profit / sell price (for display beside markup; None for a zero price)."""
    if unit_price == 0:
        return None
    return (unit_price - unit_cost) / unit_price * HUNDRED


def price_line(line: LinePricing, currency: str) -> LineAmounts:
    unit_price = sell_unit_price(line, currency)
    gross = quantize(line.quantity * unit_price, currency)
    discount = quantize(gross * line.discount / HUNDRED, currency)
    net = gross - discount
    return LineAmounts(
        unit_price=unit_price,
        gross=gross,
        discount=discount,
        net=net,
        tax=quantize(net * line.tax_rate / HUNDRED, currency),
        cost=line.quantity * line.unit_cost,
        counted=line.counted,
    )


def compute_totals(
    sections: Sequence[Sequence[LinePricing]], currency: str, tax_rounding: str = TAX_PER_LINE
) -> Totals:
    """Every total of a BOM or quote whose lines are grouped in sections."""
    if tax_rounding not in TAX_ROUNDING_MODES:
        raise ValueError(f"unknown tax rounding mode {tax_rounding!r}")
    section_subtotals: list[Decimal] = []
    gross = discount = ZERO
    cost = ZERO
    bases: dict[Decimal, Decimal] = {}
    line_taxes: dict[Decimal, Decimal] = {}
    zero = quantize(ZERO, currency)
    for lines in sections:
        section_net = zero
        for line in lines:
            amounts = price_line(line, currency)
            if not amounts.counted:
                continue
            rate = plain_rate(line.tax_rate)
            section_net += amounts.net
            gross += amounts.gross
            discount += amounts.discount
            cost += amounts.cost
            bases[rate] = bases.get(rate, zero) + amounts.net
            line_taxes[rate] = line_taxes.get(rate, zero) + amounts.tax
        section_subtotals.append(section_net)
    taxes = tuple(
        TaxAmount(
            rate=rate,
            base=bases[rate],
            tax=line_taxes[rate]
            if tax_rounding == TAX_PER_LINE
            else quantize(bases[rate] * rate / HUNDRED, currency),
        )
        for rate in sorted(bases)
    )
    subtotal = quantize(gross - discount, currency)
    tax_total = quantize(sum((t.tax for t in taxes), zero), currency)
    return Totals(
        currency=currency,
        tax_rounding=tax_rounding,
        section_subtotals=tuple(section_subtotals),
        gross=quantize(gross, currency),
        discount=quantize(discount, currency),
        subtotal=subtotal,
        taxes=taxes,
        tax_total=tax_total,
        grand_total=subtotal + tax_total,
        cost=quantize(cost, currency),
    )
