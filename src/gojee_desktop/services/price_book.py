"""The price book: catalogue items and labour rates with cost and default markup, to pick
BOM lines from."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import func, or_, select

from gojee_desktop.models import LINE_KINDS, PriceBookItem
from gojee_desktop.services.bom_lines import LineData, check_percent, check_unit_cost
from gojee_desktop.services.errors import ValidationError
from gojee_desktop.services.lookups import get_by_id
from gojee_desktop.services.uow import read_only, unit_of_work
from gojee_desktop.store.database import SessionFactory


@dataclass(frozen=True)
class PriceItem:
    code: str
    description: str
    kind: str = "material"
    unit: str = "ea"
    unit_cost: Decimal = Decimal(0)
    markup: Decimal = Decimal(0)
    tax_rate: Decimal = Decimal(0)
    id: int | None = None

    def as_line(self, quantity: Decimal = Decimal(1)) -> LineData:
        """A BOM line priced from this item."""
        return LineData(
            kind=self.kind,
            item_code=self.code,
            description=self.description,
            quantity=quantity,
            unit=self.unit,
            unit_cost=self.unit_cost,
            markup=self.markup,
            tax_rate=self.tax_rate,
        )


def _info(row: PriceBookItem) -> PriceItem:
    return PriceItem(
        id=row.id,
        code=row.code,
        description=row.description,
        kind=row.kind,
        unit=row.unit,
        unit_cost=row.unit_cost,
        markup=row.markup,
        tax_rate=row.tax_rate,
    )


def list_items(sessions: SessionFactory, search: str = "", limit: int = 500) -> list[PriceItem]:
    """Items by code; `search` matches code or description."""
    query = select(PriceBookItem).order_by(PriceBookItem.code).limit(limit)
    words = search.strip().lower()
    if words:
        pattern = f"%{words}%"
        query = query.where(
            or_(
                func.lower(PriceBookItem.code).like(pattern),
                func.lower(PriceBookItem.description).like(pattern),
            )
        )
    with read_only(sessions) as session:
        return [_info(row) for row in session.scalars(query)]


def _check(item: PriceItem) -> PriceItem:
    code = item.code.strip()
    if not code:
        raise ValidationError("A price book item needs a code.", field="code")
    if len(code) > 60:
        raise ValidationError("An item code can be at most 60 characters.", field="code")
    if item.kind not in LINE_KINDS:
        raise ValidationError("The kind must be material, labour or other.", field="kind")
    check_unit_cost(item.unit_cost)
    check_percent(item.markup, "markup", low=Decimal(-100), high=Decimal(10000))
    check_percent(item.tax_rate, "tax rate")
    return PriceItem(
        id=item.id,
        code=code,
        description=item.description.strip(),
        kind=item.kind,
        unit=item.unit.strip()[:20] or "ea",
        unit_cost=item.unit_cost,
        markup=item.markup,
        tax_rate=item.tax_rate,
    )


def save_item(sessions: SessionFactory, item: PriceItem) -> PriceItem:
    """Add the item (id None) or change it; codes are unique."""
    clean = _check(item)
    with unit_of_work(sessions) as session:
        clash = session.scalar(
            select(PriceBookItem).where(func.lower(PriceBookItem.code) == clean.code.lower())
        )
        if clash is not None and clash.id != clean.id:
            raise ValidationError(f"The price book already has an item '{clash.code}'.", field="code")
        if clean.id is None:
            row = PriceBookItem()
            session.add(row)
        else:
            row = get_by_id(session, PriceBookItem, clean.id, "price book item")
        row.code, row.description, row.kind, row.unit = clean.code, clean.description, clean.kind, clean.unit
        row.unit_cost, row.markup, row.tax_rate = clean.unit_cost, clean.markup, clean.tax_rate
        session.flush()
        return _info(row)


def delete_item(sessions: SessionFactory, item_id: int) -> PriceItem:
    with unit_of_work(sessions) as session:
        row = get_by_id(session, PriceBookItem, item_id, "price book item")
        info = _info(row)
        session.delete(row)
        return info
