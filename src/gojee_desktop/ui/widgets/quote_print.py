"""Printing a quote through Qt's print dialog. PySide6-Essentials ships QtPrintSupport but not
QtPdf, so the saved PDF cannot be rasterised for a printer; the printout is the same content
laid out as an HTML document (text escaped) that Qt prints itself."""

from __future__ import annotations

from html import escape

from PySide6.QtGui import QTextDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QWidget

from gojee_desktop.money import format_money
from gojee_desktop.services.company import CompanyInfo
from gojee_desktop.services.quotes import QuoteDetail
from gojee_desktop.ui.itemmodels.bom_model import plain


def _text(value: str) -> str:
    return escape(value).replace("\n", "<br>")


def quote_html(quote: QuoteDetail, company: CompanyInfo) -> str:
    money = lambda amount: format_money(amount, quote.summary.currency)  # noqa: E731
    s = quote.summary
    parts = [
        f"<p align='right'><b>{_text(company.name)}</b><br>{_text(company.address)}<br>"
        f"{_text(' · '.join(x for x in (company.phone, company.email) if x))}"
        + (f"<br>Tax number: {_text(company.tax_number)}" if company.tax_number else "")
        + "</p>",
        f"<h2>Quote {_text(quote.number)}</h2>",
        f"<p>Issued {s.issue_date:%d %b %Y} · valid until {s.valid_until:%d %b %Y} · "
        f"{_text(quote.job_number)} {_text(quote.job_title)}</p>",
        f"<p><b>Customer</b><br>{_text(quote.customer) or '—'}</p>",
        f"<p><b>Site</b><br>{_text(quote.site) or '—'}</p>",
        f"<p>{_text(quote.intro)}</p>",
    ]
    headers = ["Description", "Qty", "Unit"] + (
        [] if quote.hide_unit_prices else ["Unit price", "Tax", "Amount"]
    )
    for section in quote.sections:
        rows = "".join(
            "<tr>"
            + f"<td>{_text(line.data.description)}</td><td align='right'>{plain(line.data.quantity)}</td>"
            + f"<td>{_text(line.data.unit)}</td>"
            + (
                ""
                if quote.hide_unit_prices
                else f"<td align='right'>{money(line.amounts.unit_price)}</td>"
                f"<td align='right'>{plain(line.data.tax_rate)} %</td>"
                f"<td align='right'>{money(line.amounts.net)}</td>"
            )
            + "</tr>"
            for line in section.lines
        )
        head = "".join(f"<th align='left'>{h}</th>" for h in headers)
        parts.append(
            f"<h3>{_text(section.name)}</h3><table width='100%' cellspacing='0' cellpadding='3' border='0'>"
            f"<thead><tr>{head}</tr></thead>{rows}"
            f"<tr><td colspan='{len(headers) - 1}'><b>Section subtotal</b></td>"
            f"<td align='right'><b>{money(section.subtotal)}</b></td></tr></table>"
        )
    t = quote.totals
    totals = [("Subtotal (excl. tax)", money(t.subtotal))]
    totals += [(f"Tax {plain(x.rate)} % on {money(x.base)}", money(x.tax)) for x in t.taxes if x.rate]
    totals += [(f"<b>Total ({s.currency})</b>", f"<b>{money(t.grand_total)}</b>")]
    parts.append(
        "<table align='right' cellpadding='3'>"
        + "".join(f"<tr><td>{a}</td><td align='right'>{b}</td></tr>" for a, b in totals)
        + "</table>"
    )
    if quote.terms:
        parts.append(f"<h3>Terms</h3><p>{_text(quote.terms)}</p>")
    return "<html><body>" + "".join(parts) + "</body></html>"


def print_quote(quote: QuoteDetail, company: CompanyInfo, parent: QWidget | None = None) -> bool:
    """Ask for a printer and print; returns whether it printed."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setDocName(f"Quote {quote.number}")
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(f"Print quote {quote.number}")
    if dialog.exec() != QPrintDialog.DialogCode.Accepted:
        return False
    document = QTextDocument()
    document.setHtml(quote_html(quote, company))
    document.print_(printer)
    return True
