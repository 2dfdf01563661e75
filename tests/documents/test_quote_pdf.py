"""The quote PDF read back with pdftotext: every line, the totals, page numbers, escaping,
Unicode, and hostile input that must render without error."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from decimal import Decimal as D
from pathlib import Path

import pytest
from PIL import Image

from gojee_desktop.documents.quote_pdf import render_quote_pdf
from gojee_desktop.money import format_money
from gojee_desktop.services import bom, quotes
from gojee_desktop.services.bom_lines import LineData
from gojee_desktop.services.company import CompanyInfo, get_company, save_company
from gojee_desktop.services.jobs import NewJob, create_lead

pytestmark = pytest.mark.skipif(
    shutil.which("pdftotext") is None,
    reason="needs pdftotext: install poppler-utils (`python3 dev.py doctor` gives the command)",
)


def pdf_text(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


def page_count(path: Path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True, text=True).stdout
    return int(re.search(r"Pages:\s+(\d+)", info).group(1))  # type: ignore[union-attr]


def _logo() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (120, 40), (31, 78, 121)).save(buffer, "PNG")
    return buffer.getvalue()


def _quote(sqlite_db, lines_per_section: int, sections: int, **company) -> quotes.QuoteDetail:
    job = create_lead(sqlite_db.sessions, NewJob(title="Warehouse fit-out", site_address="9 Dock Rd"))
    for s in range(sections):
        bom.add_lines(
            sqlite_db.sessions,
            job.id,
            [
                LineData(
                    item_code=f"S{s}-{i:03d}",
                    description=f"Item {s}.{i} conduit 25 mm",
                    quantity=D("2.5") + i,
                    unit="m",
                    unit_cost=D("3.40"),
                    markup=D(30),
                    tax_rate=D(10),
                )
                for i in range(lines_per_section)
            ],
            section_name=f"Area {s}",
        )
    save_company(sqlite_db.sessions, CompanyInfo(name="Spark & Co", email="hi@spark.example", **company))
    return quotes.create_quote(sqlite_db.sessions, job.id)


def test_every_line_totals_and_page_numbers(sqlite_db, tmp_path):
    quote = _quote(sqlite_db, 30, 4, logo=_logo(), tax_number="ABN 1", address="4 Trade Way")
    target = tmp_path / "q.pdf"
    pages = render_quote_pdf(quote, get_company(sqlite_db.sessions), target)
    content = pdf_text(target)
    assert pages == page_count(target) >= 3
    for line in quote.lines:
        assert line.data.description in content
        assert format_money(line.amounts.net, "AUD") in content
    for section in quote.sections:
        assert section.name in content
        assert format_money(section.subtotal, "AUD") in content
    page_texts = content.split("\f")[:pages]
    for page in page_texts:  # the header repeats on every page that has lines
        if "conduit 25 mm" in page:
            assert "Description" in page and "Amount" in page
    assert sum("conduit 25 mm" in page for page in page_texts) >= 3
    for number in range(1, pages + 1):
        assert f"Page {number} of {pages}" in content
    totals = quote.totals
    assert f"Tax 10 % on {format_money(totals.subtotal, 'AUD')}" in content
    assert format_money(totals.grand_total, "AUD") in content
    assert quote.number in content and "Spark & Co" in content and "ABN 1" in content
    assert "9 Dock Rd" in content


def test_hidden_unit_prices_leave_only_section_and_quote_totals(sqlite_db, tmp_path):
    quote = _quote(sqlite_db, 3, 1)
    quote = quotes.update_quote(sqlite_db.sessions, quote.number, {"hide_unit_prices": True})
    target = tmp_path / "h.pdf"
    render_quote_pdf(quote, get_company(sqlite_db.sessions), target)
    content = pdf_text(target)
    assert "Unit price" not in content
    assert format_money(quote.lines[0].amounts.unit_price, "AUD") not in content
    assert format_money(quote.totals.grand_total, "AUD") in content


def test_hostile_input_renders_and_markup_prints_literally(sqlite_db, tmp_path):
    job = create_lead(sqlite_db.sessions, NewJob(title="<script>alert(1)</script> & Co", currency="EUR"))
    long_text = " ".join(f"word{i}" for i in range(900))[:5000]
    hostile = [
        LineData(description="<b>5 & 6</b>", quantity=D(1), unit_cost=D(10)),
        LineData(description="Kabel 2,5 mm² für Ørsted — 10 € ✓", quantity=D(0), unit_cost=D(1)),
        LineData(description="Refund of deposit", quantity=D(-2), unit_cost=D("12.5")),
        LineData(description="שלום עולם מחיר", quantity=D(1), unit_cost=D(1)),
        LineData(description="سلام عليكم", quantity=D(1), unit_cost=D(1)),
        LineData(description="Emoji 🔌💡👍🏽 lights", quantity=D(1), unit_cost=D(1)),
        LineData(description=long_text, quantity=D(1), unit_cost=D(1)),
        LineData(description="Line\nbreaks\n<br/> &amp; <font size=80>", quantity=D(1), unit_cost=D(1)),
        LineData(description="Иван Петров, Ελλάδα", quantity=D(1), unit_cost=D(1)),
    ]
    bom.add_lines(sqlite_db.sessions, job.id, hostile, section_name="<i>odd</i> & section")
    save_company(sqlite_db.sessions, CompanyInfo(name="<b>Evil</b> & Sons", address="Straße 1\n<para>"))
    quote = quotes.create_quote(sqlite_db.sessions, job.id)
    quotes.update_quote(sqlite_db.sessions, quote.number, {"terms": "<u>Pay</u> & smile", "intro": "&lt;"})
    quote = quotes.get_quote(sqlite_db.sessions, quote.number)
    target = tmp_path / "hostile.pdf"
    pages = render_quote_pdf(quote, get_company(sqlite_db.sessions), target)
    content = pdf_text(target)
    flat = " ".join(content.split())
    assert pages == page_count(target)
    for literal in (
        "<b>5 & 6</b>",
        "<i>odd</i> & section",
        "<b>Evil</b> & Sons",
        "<u>Pay</u> & smile",
        "&lt;",
        "<script>alert(1)</script> & Co",
        "<br/> &amp; <font size=80>",
    ):
        assert literal in flat
    for word in ("mm²", "Ørsted", "10 €", "Иван Петров", "Ελλάδα", "Straße", "word0", long_text.split()[-2]):
        assert word in flat
    assert "-EUR 25.00" in flat  # the negative quantity's line total (en_AU writes EUR by its code)
    # Hebrew letters are embedded (their visual order is not reversed: no bidi shaping).
    assert "שלום" in content or "םולש" in content


def test_pdf_uses_the_business_locale_not_the_display_locale(sqlite_db, tmp_path):
    """A German business's quote reads `1.234,50 €`-style amounts, `2,5` quantities and
    German dates even when the person exporting it works in en_AU."""
    quote = _quote(sqlite_db, 2, 1, locale="de-de")
    company = get_company(sqlite_db.sessions)
    assert company.locale == "de_DE"
    target = tmp_path / "de.pdf"
    render_quote_pdf(quote, company, target)
    flat = " ".join(pdf_text(target).split())
    line = quote.lines[0]
    assert format_money(line.amounts.net, "AUD", locale="de_DE").replace("\u00a0", " ") in flat
    assert "AU$" in flat and "2,5" in flat
    assert quote.summary.issue_date.strftime("%d.%m.%Y") in flat
    assert format_money(line.amounts.net, "AUD") not in flat  # not the en_AU `$…`


def test_unknown_business_locale_is_refused(sqlite_db):
    with pytest.raises(Exception, match="not a known locale"):
        save_company(sqlite_db.sessions, CompanyInfo(name="X", locale="xx_QQ"))
    assert get_company(sqlite_db.sessions).name == ""
