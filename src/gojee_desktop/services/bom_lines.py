"""A BOM line as plain data, and the checks every line passes before it is stored."""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from decimal import Decimal
from typing import Any

from gojee_desktop.models import LINE_KINDS
from gojee_desktop.pricing import LinePricing
from gojee_desktop.services.errors import ValidationError

MAX_QUANTITY = Decimal("1000000000")
MAX_AMOUNT = Decimal("1000000000")
MAX_DESCRIPTION = 10_000
MAX_DECIMALS = 6


@dataclass(frozen=True)
class LineData:
    """What a BOM line holds (also the payload of copy/paste and undo)."""

    kind: str = "material"
    item_code: str = ""
    description: str = ""
    quantity: Decimal = Decimal(1)
    unit: str = "ea"
    unit_cost: Decimal = Decimal(0)
    markup: Decimal = Decimal(0)  # percent on cost
    unit_price: Decimal | None = None  # typed sell price; None: cost + markup
    discount: Decimal = Decimal(0)  # percent
    tax_rate: Decimal = Decimal(0)  # percent
    optional: bool = False
    chosen: bool = False

    def pricing(self) -> LinePricing:
        return LinePricing(
            quantity=self.quantity,
            unit_cost=self.unit_cost,
            markup=self.markup,
            unit_price=self.unit_price,
            discount=self.discount,
            tax_rate=self.tax_rate,
            optional=self.optional,
            chosen=self.chosen,
        )

    def as_dict(self) -> dict[str, Any]:
        """Decimals as strings: for JSON (clipboard, `gojee bom show`)."""
        return {
            f.name: (format(v, "f") if isinstance(v, Decimal) else v)
            for f in fields(self)
            for v in [getattr(self, f.name)]
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> LineData:
        """The inverse of `as_dict`; raises ValidationError for anything malformed."""
        values: dict[str, Any] = {}
        for f in fields(cls):
            if f.name not in data:
                continue
            raw = data[f.name]
            if f.name in ("optional", "chosen"):
                values[f.name] = bool(raw)
            elif f.name in ("kind", "item_code", "description", "unit"):
                values[f.name] = str(raw)
            elif raw is None and f.name == "unit_price":
                values[f.name] = None
            else:
                values[f.name] = to_decimal(str(raw), f.name.replace("_", " "))
        return check_line(cls(**values))

    def with_changes(self, **changes: Any) -> LineData:
        return check_line(replace(self, **changes))


def to_decimal(text: str, what: str) -> Decimal:
    try:
        value = Decimal(text.strip())
    except Exception as exc:
        raise ValidationError(f"The {what} '{text}' is not a number.", field=what) from exc
    if not value.is_finite():
        raise ValidationError(f"The {what} must be a number.", field=what)
    return value


def _check_number(value: Decimal, what: str, low: Decimal, high: Decimal) -> Decimal:
    if not isinstance(value, Decimal) or not value.is_finite():
        raise ValidationError(f"The {what} must be a decimal number.", field=what)
    if not low <= value <= high:
        raise ValidationError(f"The {what} must be between {low} and {high}.", field=what)
    if -value.as_tuple().exponent > MAX_DECIMALS:  # type: ignore[operator]
        raise ValidationError(f"The {what} can have at most {MAX_DECIMALS} decimals.", field=what)
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value


def check_unit_cost(value: Decimal) -> Decimal:
    if isinstance(value, Decimal) and value.is_finite() and value < 0:
        raise ValidationError(
            "The unit cost cannot be negative; use a negative quantity for a credit.", field="unit cost"
        )
    return _check_number(value, "unit cost", Decimal(0), MAX_AMOUNT)


def check_percent(
    value: Decimal, what: str, low: Decimal = Decimal(0), high: Decimal = Decimal(100)
) -> Decimal:
    return _check_number(value, what, low, high)


def check_line(line: LineData) -> LineData:
    """Every rule of a line; the message names the field in user words."""
    if line.kind not in LINE_KINDS:
        raise ValidationError(f"The kind '{line.kind}' is not one of material, labour, other.", field="kind")
    description = line.description.strip()
    if len(description) > MAX_DESCRIPTION:
        raise ValidationError(
            f"A description can be at most {MAX_DESCRIPTION:,} characters.", field="description"
        )
    if len(line.item_code.strip()) > 60:
        raise ValidationError("An item code can be at most 60 characters.", field="item code")
    if len(line.unit.strip()) > 20:
        raise ValidationError("A unit can be at most 20 characters.", field="unit")
    unit_price = line.unit_price
    if unit_price is not None:
        if isinstance(unit_price, Decimal) and unit_price.is_finite() and unit_price < 0:
            raise ValidationError("The sell price cannot be negative.", field="unit price")
        unit_price = _check_number(unit_price, "unit price", Decimal(0), MAX_AMOUNT)
    return replace(
        line,
        item_code=line.item_code.strip(),
        description=description,
        unit=line.unit.strip(),
        quantity=_check_number(line.quantity, "quantity", -MAX_QUANTITY, MAX_QUANTITY),
        unit_cost=check_unit_cost(line.unit_cost),
        markup=check_percent(line.markup, "markup", Decimal(-100), Decimal(10000)),
        unit_price=unit_price,
        discount=check_percent(line.discount, "discount"),
        tax_rate=check_percent(line.tax_rate, "tax rate"),
        optional=bool(line.optional),
        chosen=bool(line.chosen) and bool(line.optional),
    )
