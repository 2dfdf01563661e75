"""Quote PDF time for a 500-line, 20-section quote, against a floor measured in the same run:
a bare reportlab table (built-in font, one table, no letterhead, no section tables, no
totals, no page X of Y) of the same rows and cell texts. Target: ratio <= 1.5.

    .venv/bin/python benchmarks/bench_quote_pdf.py [--lines 500 --sections 20 --repeat 5]
"""

from __future__ import annotations

import argparse
import io
import time
from datetime import date, timedelta
from decimal import Decimal

from reportlab.lib.pagesizes import A4
from reportlab.platypus import SimpleDocTemplate, Table, TableStyle

from gojee_desktop.documents.quote_pdf import quantity_text, render_quote_pdf
from gojee_desktop.money import format_money
from gojee_desktop.pricing import compute_totals, price_line
from gojee_desktop.services.bom_lines import LineData
from gojee_desktop.services.company import CompanyInfo
from gojee_desktop.services.demo.trades import PRICE_BOOK
from gojee_desktop.services.quotes import QuoteDetail, QuoteLineInfo, QuoteSection, QuoteSummary


def build_quote(lines: int, sections: int) -> QuoteDetail:
    groups: list[list[QuoteLineInfo]] = [[] for _ in range(sections)]
    for i in range(lines):
        code, text, kind, unit, cost, markup = PRICE_BOOK[i % len(PRICE_BOOK)]
        data = LineData(
            kind=kind,
            item_code=code,
            description=f"{text} (run {i})",
            quantity=Decimal("2.5") + i % 7,
            unit=unit,
            unit_cost=Decimal(cost),
            markup=Decimal(markup),
            tax_rate=Decimal(10),
        )
        groups[i % sections].append(
            QuoteLineInfo(f"Section {i % sections + 1}", data, price_line(data.pricing(), "AUD"))
        )
    totals = compute_totals([[x.data.pricing() for x in g] for g in groups], "AUD")
    today = date(2026, 11, 25)
    summary = QuoteSummary(
        1, 42, "Q-000042-1", 1, "sent", today, today + timedelta(days=30), "AUD", totals.grand_total, True
    )
    return QuoteDetail(
        summary=summary,
        job_number="J-000042",
        job_title="Warehouse fit-out",
        customer="Ava Nguyen",
        site="9 Dock Rd",
        intro="Thank you.",
        terms="Net 14 days.",
        hide_unit_prices=False,
        tax_rounding="line",
        sections=tuple(
            QuoteSection(g[0].section, tuple(g), s)
            for g, s in zip(groups, totals.section_subtotals, strict=True)
        ),
        totals=totals,
    )


def bare_table(quote: QuoteDetail) -> bytes:
    rows = [["Description", "Qty", "Unit", "Unit price", "Disc.", "Tax", "Amount"]]
    for line in quote.lines:
        d, a = line.data, line.amounts
        rows.append(
            [
                f"{d.item_code} · {d.description}",
                quantity_text(d.quantity),
                d.unit,
                format_money(a.unit_price, "AUD"),
                "",
                "10 %",
                format_money(a.net, "AUD"),
            ]
        )
    buffer = io.BytesIO()
    table = Table(rows, repeatRows=1)
    table.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), "Helvetica", 8.5)]))
    SimpleDocTemplate(buffer, pagesize=A4).build([table])
    return buffer.getvalue()


def timed(action) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lines", type=int, default=500)
    parser.add_argument("--sections", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    quote = build_quote(args.lines, args.sections)
    company = CompanyInfo(name="Spark & Co Electrical", address="4 Trade Way", email="office@spark.example")
    render_quote_pdf(quote, company, io.BytesIO())  # warm up: fonts registered once per process
    bare_table(quote)
    ours, floor, pages = [], [], 0
    for _ in range(args.repeat):
        buffer = io.BytesIO()
        ours.append(timed(lambda buffer=buffer: render_quote_pdf(quote, company, buffer)))
        floor.append(timed(lambda: bare_table(quote)))
    pages = render_quote_pdf(quote, company, io.BytesIO())
    a, b = min(ours), min(floor)  # best of N: the least disturbed by other work on the machine
    print(
        f"quote PDF, {args.lines} lines in {args.sections} sections, {pages} pages: "
        f"{a * 1000:.0f} ms (best of {args.repeat})"
    )
    print(f"bare reportlab table, same rows: {b * 1000:.0f} ms")
    print(f"ratio quote / bare table: {a / b:.2f}x  (target <= 1.5x)")


if __name__ == "__main__":
    main()
