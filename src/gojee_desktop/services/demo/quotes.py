"""Sample BOMs and quotes for some demo jobs, plus a starter price book. Bulk inserts in one
transaction, so it stays fast however many jobs the demo made (only `count` jobs get a BOM).
A BOM's lines come from the items of the job's trade (`demo.trades`); a quote is issued
while the job was open, and a sent or accepted quote's grand total is the job's value."""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, bindparam, func, insert, select, update

from gojee_desktop.config import resources_dir
from gojee_desktop.models import BomLine, BomSection, Job, Person, PriceBookItem, Quote, QuoteLine, Status
from gojee_desktop.models.jobs import jobs_table
from gojee_desktop.money import to_minor
from gojee_desktop.pricing import TAX_PER_LINE, LinePricing, compute_totals
from gojee_desktop.services.company import DEFAULT_TERMS, CompanyInfo, get_company, save_company
from gojee_desktop.services.demo.generate import _next_id
from gojee_desktop.services.demo.trades import CALL_OUT_PRICE, ITEMS, PRICE_BOOK, trade_of
from gojee_desktop.services.quotes import quote_number
from gojee_desktop.store.database import Database, SessionFactory

D = Decimal
QUOTE_STATUS_FOR_JOB = {
    "quoted": "sent",
    "approved": "accepted",
    "in_progress": "accepted",
    "completed": "accepted",
    "lost": "declined",
}
TAX_RATE = D(10)
PRICING_KEYS = ("quantity", "unit_cost", "markup", "unit_price", "discount", "tax_rate", "optional", "chosen")


@dataclass(frozen=True)
class DemoQuotesResult:
    boms: int
    lines: int
    quotes: int


def _ensure_price_book(connection: Connection) -> None:
    if connection.scalar(select(PriceBookItem.id).limit(1)) is not None:
        return
    connection.execute(
        insert(PriceBookItem),
        [
            {
                "code": code,
                "description": text,
                "kind": kind,
                "unit": unit,
                "unit_cost": D(cost),
                "markup": D(markup),
                "tax_rate": TAX_RATE,
            }
            for code, text, kind, unit, cost, markup in PRICE_BOOK
        ],
    )


def _quantity(rng: random.Random, unit: str, cost: Decimal) -> Decimal:
    if unit in ("m", "m²"):
        return D(rng.randint(4, 120)) / 2
    if unit == "m³":
        return D(rng.randint(2, 12)) / 2
    if unit == "h":
        return D(rng.randint(2, 32)) / 2
    most = 2 if cost > 300 else 4 if cost > 100 else 12
    return D(rng.randint(1, most))


def _line(rng: random.Random, code: str) -> dict[str, Any]:
    _code, text, kind, unit, cost, markup = ITEMS[code]
    optional = rng.random() < 0.05
    call_out = code == "OTH-CALL"
    return {
        "kind": kind,
        "item_code": code,
        "description": text,
        "quantity": D(1) if call_out else _quantity(rng, unit, D(cost)),
        "unit": unit,
        "unit_cost": D(cost),
        "markup": D(markup),
        "unit_price": D(CALL_OUT_PRICE) if call_out else None,
        "discount": D(10) if rng.random() < 0.08 else D(0),
        "tax_rate": TAX_RATE,
        "optional": optional,
        "chosen": optional and rng.random() < 0.5,
    }


def _bom(rng: random.Random, title: str) -> list[tuple[str, list[dict[str, Any]]]]:
    """Sections of the job's trade, each with a few of the trade's items (none twice)."""
    trade = trade_of(title)
    names = rng.sample(trade.sections, rng.randint(1, len(trade.sections)))
    return [
        (name, [_line(rng, code) for code in rng.sample(trade.items, rng.randint(2, len(trade.items)))])
        for name in sorted(names, key=trade.sections.index)
    ]


def _grand_total(sections: list[tuple[str, list[dict[str, Any]]]], currency: str) -> Decimal:
    pricing = [[LinePricing(**{k: line[k] for k in PRICING_KEYS}) for line in lines] for _, lines in sections]
    return compute_totals(pricing, currency, TAX_PER_LINE).grand_total


def _aware(moment: datetime) -> datetime:
    """Stored datetimes come back naive on SQLite; they are UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _at(rng: random.Random, start: datetime, end: datetime) -> datetime:
    """A moment between `start` and `end`."""
    return start + (max(end, start) - start) * rng.uniform(0.2, 0.9)


def generate_demo_quotes(database: Database, count: int, seed: int = 42) -> DemoQuotesResult:
    """Give `count` existing jobs (chosen at random) a BOM, and most of them a
    quote whose status follows the job's status."""
    rng = random.Random(seed)
    with database.engine.begin() as connection:
        _ensure_price_book(connection)
        last = int(connection.scalar(select(func.max(Job.id))) or 0)
        picked = rng.sample(range(1, last + 1), min(last, max(0, count) * 3))
        candidates = connection.execute(
            select(
                Job.id,
                Job.currency,
                Job.title,
                Job.site_address,
                Status.key,
                Person.name,
                Job.created_at,
                Job.converted_at,
                Job.updated_at,
            )
            .outerjoin(Status, Status.id == Job.status_id)
            .outerjoin(Person, Person.id == Job.person_id)
            .where(Job.id.in_(picked), Job.id.not_in(select(BomSection.job_id)))
            .order_by(Job.id)
        ).all()
        chosen = sorted(rng.sample(candidates, min(count, len(candidates))), key=lambda row: row[0])
        section_id, line_id = _next_id(connection, BomSection), _next_id(connection, BomLine)
        quote_id = _next_id(connection, Quote)
        sections: list[dict[str, Any]] = []
        lines: list[dict[str, Any]] = []
        quotes: list[dict[str, Any]] = []
        quote_lines: list[dict[str, Any]] = []
        values: list[dict[str, Any]] = []
        now = datetime.now(UTC)
        for job_id, currency, title, site, status_key, customer, created, converted, updated in chosen:
            snapshot: list[dict[str, Any]] = []
            bom = _bom(rng, title)
            for position, (name, section_lines) in enumerate(bom):
                sections.append({"id": section_id, "job_id": job_id, "name": name, "position": position})
                for line_position, line in enumerate(section_lines):
                    lines.append({"id": line_id, "section_id": section_id, "position": line_position, **line})
                    snapshot.append({"section": name, **line})
                    line_id += 1
                section_id += 1
            status = QUOTE_STATUS_FOR_JOB.get(status_key or "", "draft")
            if status == "draft" and rng.random() < 0.4:
                continue  # an estimate still being worked on: no quote yet
            created = _aware(created)
            decided = _aware(converted or updated) if status in ("accepted", "declined") else now
            issued_at = _at(rng, created, decided)
            quotes.append(
                {
                    "id": quote_id,
                    "job_id": job_id,
                    "revision": 1,
                    "number": quote_number(job_id, 1),
                    "status": status,
                    "currency": currency,
                    "tax_rounding": TAX_PER_LINE,
                    "customer": customer or "",
                    "site": site,
                    "issue_date": issued_at.date(),
                    "valid_until": issued_at.date() + timedelta(days=30),
                    "intro": f"Thank you for the opportunity to quote for {title}.",
                    "terms": DEFAULT_TERMS,
                    "hide_unit_prices": False,
                    "created_at": issued_at,
                    "status_changed_at": decided if status in ("accepted", "declined") else None,
                }
            )
            quote_lines.extend({"quote_id": quote_id, "position": i, **x} for i, x in enumerate(snapshot))
            if status in ("sent", "accepted"):
                values.append({"job_id": job_id, "value": to_minor(_grand_total(bom, currency), currency)})
            quote_id += 1
        for model, rows in (
            (BomSection, sections),
            (BomLine, lines),
            (Quote, quotes),
            (QuoteLine, quote_lines),
        ):
            for start in range(0, len(rows), 2000):
                connection.execute(insert(model), rows[start : start + 2000])
        if values:
            jobs = jobs_table()
            connection.execute(
                update(jobs).where(jobs.c.id == bindparam("job_id")).values(value_minor=bindparam("value")),
                values,
            )
        if database.dialect == "postgresql":
            for table in ("bom_sections", "bom_lines", "quotes", "quote_lines", "price_book_items"):
                connection.exec_driver_sql(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                    f"COALESCE((SELECT MAX(id) FROM {table}), 1))"
                )
    return DemoQuotesResult(boms=len(chosen), lines=len(lines), quotes=len(quotes))


DEMO_COMPANY = CompanyInfo(
    name="Harbourside Electrical & Plumbing Pty Ltd",
    address="Unit 4, 18 Quarry Road\nMarrickville NSW 2204",
    tax_number="ABN 51 824 753 556",
    phone="(02) 9550 1234",
    email="office@harbourside.example",
)


def ensure_demo_company(sessions: SessionFactory) -> bool:
    """Give the demo's quotes a letterhead, unless the business already has its own."""
    current = get_company(sessions)
    if current.name:
        return False
    save_company(
        sessions,
        replace(
            current,
            name=DEMO_COMPANY.name,
            address=DEMO_COMPANY.address,
            tax_number=DEMO_COMPANY.tax_number,
            phone=DEMO_COMPANY.phone,
            email=DEMO_COMPANY.email,
            logo=(resources_dir() / "sample" / "letterhead-logo.png").read_bytes(),
        ),
    )
    return True
