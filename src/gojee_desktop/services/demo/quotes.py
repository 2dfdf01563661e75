"""Sample BOMs and quotes for some demo jobs, plus a starter price book. Bulk inserts in one
transaction, so it stays fast however many jobs the demo made (only `count` jobs get a BOM)."""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, func, insert, select

from gojee_desktop.config import resources_dir
from gojee_desktop.models import BomLine, BomSection, Job, Person, PriceBookItem, Quote, QuoteLine, Status
from gojee_desktop.services.company import DEFAULT_TERMS, CompanyInfo, get_company, save_company
from gojee_desktop.services.demo.generate import _next_id
from gojee_desktop.services.quotes import quote_number
from gojee_desktop.store.database import Database, SessionFactory

D = Decimal
# code, description, kind, unit, cost, markup %
PRICE_BOOK: list[tuple[str, str, str, str, str, str]] = [
    ("CBL-TPS25", "TPS cable 2.5 mm² twin & earth", "material", "m", "2.10", "45"),
    ("CBL-TPS15", "TPS cable 1.5 mm² twin & earth", "material", "m", "1.45", "45"),
    ("CND-25", "Conduit 25 mm, grey", "material", "m", "3.40", "35"),
    ("GPO-DBL", "Double power point, white", "material", "ea", "11.80", "60"),
    ("LED-DL10", "LED downlight 10 W, dimmable", "material", "ea", "18.50", "55"),
    ("RCD-30", "RCBO 30 mA 20 A", "material", "ea", "42.00", "40"),
    ("SWB-12", "Switchboard enclosure, 12 pole", "material", "ea", "165.00", "30"),
    ("SMK-240", "Smoke alarm 240 V interconnected", "material", "ea", "54.00", "50"),
    ("PLB-CU15", "Copper pipe 15 mm", "material", "m", "9.20", "40"),
    ("PLB-TAP", "Mixer tap, chrome", "material", "ea", "129.00", "35"),
    ("TIL-300", "Floor tile 300 × 300, porcelain", "material", "m²", "38.00", "30"),
    ("PNT-4L", "Interior paint, 4 L", "material", "ea", "72.00", "25"),
    ("LAB-ELEC", "Electrician", "labour", "h", "65.00", "70"),
    ("LAB-APPR", "Apprentice", "labour", "h", "32.00", "80"),
    ("LAB-PLMB", "Plumber", "labour", "h", "70.00", "65"),
    ("LAB-TILE", "Tiler", "labour", "h", "58.00", "60"),
    ("OTH-CALL", "Call-out fee", "other", "ea", "0", "0"),
    ("OTH-WASTE", "Waste removal", "other", "ea", "80.00", "25"),
]
SECTIONS = ["Switchboard", "Lighting", "Power", "Kitchen", "Bathroom", "Outdoor", "Safety", "Finishing"]
QUOTE_STATUS_FOR_JOB = {
    "quoted": "sent",
    "approved": "accepted",
    "in_progress": "accepted",
    "completed": "accepted",
    "lost": "declined",
}
TAX_RATE = D(10)


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


def _line(rng: random.Random) -> dict[str, Any]:
    code, text, kind, unit, cost, markup = rng.choice(PRICE_BOOK)
    if unit in ("m", "m²"):
        quantity = D(rng.randint(4, 120)) / 2
    elif unit == "h":
        quantity = D(rng.randint(2, 32)) / 2
    else:
        quantity = D(rng.randint(1, 12))
    optional = rng.random() < 0.05
    return {
        "kind": kind,
        "item_code": code,
        "description": text,
        "quantity": quantity,
        "unit": unit,
        "unit_cost": D(cost) if code != "OTH-CALL" else D(0),
        "markup": D(markup),
        "unit_price": D("95.00") if code == "OTH-CALL" else None,
        "discount": D(10) if rng.random() < 0.08 else D(0),
        "tax_rate": TAX_RATE,
        "optional": optional,
        "chosen": optional and rng.random() < 0.5,
    }


def generate_demo_quotes(database: Database, count: int, seed: int = 42) -> DemoQuotesResult:
    """Give `count` existing jobs (chosen at random) a BOM, and most of them a
    quote whose status follows the job's status."""
    rng = random.Random(seed)
    with database.engine.begin() as connection:
        _ensure_price_book(connection)
        last = int(connection.scalar(select(func.max(Job.id))) or 0)
        picked = rng.sample(range(1, last + 1), min(last, max(0, count) * 3))
        candidates = connection.execute(
            select(Job.id, Job.currency, Job.title, Job.site_address, Status.key, Person.name)
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
        today = datetime.now(UTC).date()
        for job_id, _currency, title, site, status_key, customer in chosen:
            snapshot: list[dict[str, Any]] = []
            for position, name in enumerate(rng.sample(SECTIONS, rng.randint(1, 4))):
                sections.append({"id": section_id, "job_id": job_id, "name": name, "position": position})
                for line_position in range(rng.randint(2, 8)):
                    line = _line(rng)
                    lines.append({"id": line_id, "section_id": section_id, "position": line_position, **line})
                    snapshot.append({"section": name, **line})
                    line_id += 1
                section_id += 1
            status = QUOTE_STATUS_FOR_JOB.get(status_key or "", "draft")
            if status == "draft" and rng.random() < 0.4:
                continue  # an estimate still being worked on: no quote yet
            issued: date = today - timedelta(days=rng.randint(0, 60))
            quotes.append(
                {
                    "id": quote_id,
                    "job_id": job_id,
                    "revision": 1,
                    "number": quote_number(job_id, 1),
                    "status": status,
                    "currency": _currency,
                    "tax_rounding": "line",
                    "customer": customer or "",
                    "site": site,
                    "issue_date": issued,
                    "valid_until": issued + timedelta(days=30),
                    "intro": f"Thank you for the opportunity to quote for {title}.",
                    "terms": DEFAULT_TERMS,
                    "hide_unit_prices": False,
                    "created_at": datetime.now(UTC),
                    "status_changed_at": None,
                }
            )
            quote_lines.extend({"quote_id": quote_id, "position": i, **x} for i, x in enumerate(snapshot))
            quote_id += 1
        for model, rows in (
            (BomSection, sections),
            (BomLine, lines),
            (Quote, quotes),
            (QuoteLine, quote_lines),
        ):
            for start in range(0, len(rows), 2000):
                connection.execute(insert(model), rows[start : start + 2000])
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
