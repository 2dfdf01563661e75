"""Exact decimals stored as canonical text, identical on SQLite (which has no decimal type
and would go through float) and PostgreSQL."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import String, TypeDecorator
from sqlalchemy.engine import Dialect


class DecimalText(TypeDecorator[Decimal]):
    """A `Decimal` column kept as its plain string (`"2.5"`, `"124.75"`), never a float."""

    impl = String(40)
    cache_ok = True

    def process_bind_param(self, value: Decimal | None, dialect: Dialect) -> str | None:
        if value is None:
            return None
        if not isinstance(value, Decimal) or not value.is_finite():
            raise ValueError(f"a finite Decimal is required, not {value!r}")
        return format(value, "f")

    def process_result_value(self, value: str | None, dialect: Dialect) -> Decimal | None:
        return None if value is None else Decimal(value)
