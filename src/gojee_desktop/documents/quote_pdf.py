"""A quote as a branded PDF (reportlab platypus, no Qt): letterhead with logo, quote number
and dates, customer and site, one table per section whose header repeats on every page,
subtotals, tax summary, grand total, terms and "page X of Y".

Everything a user typed is escaped before it reaches a Paragraph (which parses markup), so
`<b>5 & 6</b>` prints literally."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any, BinaryIO
from xml.sax.saxutils import escape

from babel import Locale
from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    Image,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from gojee_desktop.documents.fonts import register_fonts
from gojee_desktop.documents.wrap import elide, glue_invisible_words, wrap_lines
from gojee_desktop.locales import format_long_date, resolve
from gojee_desktop.money import format_money, format_number
from gojee_desktop.pricing import TAX_ON_TOTAL
from gojee_desktop.services.company import CompanyInfo
from gojee_desktop.services.quotes import QuoteDetail, QuoteLineInfo

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN = 15 * mm
BODY_WIDTH = PAGE_WIDTH - 2 * MARGIN - 12  # the frame's own padding is 6 pt a side
ACCENT = colors.HexColor("#1f4e79")
RULE = colors.HexColor("#c8d3de")
HEADER_BG = colors.HexColor("#e8eef4")
MUTED = colors.HexColor("#5f6b76")
# A description longer than this is split over several table rows, so no row outgrows a page.
CHUNK = 700
FONT_SIZE = 8.5
#: Room the description keeps when number columns widen for large amounts.
MIN_DESCRIPTION = 45 * mm
#: A cell's left and right padding in a table (reportlab's default, 6 pt a side) and a point spare.
CELL_PADDING = 13
STATUS_WORDS = {"draft": "Draft", "sent": "Sent", "accepted": "Accepted", "declined": "Declined"}


def text(value: str) -> str:
    """User text made safe for a Paragraph: markup escaped, line breaks kept, words that draw
    nothing joined to the one before (`glue_invisible_words`)."""
    return escape(glue_invisible_words(value)).replace("\n", "<br/>")


def quantity_text(value: Decimal, locale: Locale | None = None) -> str:
    """2.5 as the locale writes it (`2,5` de), no trailing zeros."""
    return format_number(value, locale=locale)


def percent_text(value: Decimal, locale: Locale | None = None) -> str:
    return f"{quantity_text(value, locale)} %" if value else ""


@dataclass(frozen=True)
class _Styles:
    body: ParagraphStyle
    small: ParagraphStyle
    cell: ParagraphStyle
    heading: ParagraphStyle
    title: ParagraphStyle
    right: ParagraphStyle
    company: ParagraphStyle


def _styles() -> _Styles:
    regular, bold = register_fonts()
    body = ParagraphStyle("body", fontName=regular, fontSize=9.5, leading=12.5)
    return _Styles(
        body=body,
        small=ParagraphStyle("small", parent=body, fontSize=8, leading=10, textColor=MUTED),
        cell=ParagraphStyle("cell", parent=body, fontSize=FONT_SIZE, leading=10.5),
        heading=ParagraphStyle(
            "heading",
            parent=body,
            fontName=bold,
            fontSize=11,
            leading=14,
            textColor=ACCENT,
            spaceBefore=8,
            spaceAfter=4,
        ),
        title=ParagraphStyle("title", parent=body, fontName=bold, fontSize=20, leading=24, textColor=ACCENT),
        right=ParagraphStyle("right", parent=body, alignment=TA_RIGHT),
        company=ParagraphStyle("company", parent=body, fontSize=9, leading=11.5, alignment=TA_RIGHT),
    )


class _NumberedCanvas(Canvas):
    """Holds pages back until the end so each footer can say "page X of Y"."""

    footer_left = ""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._pages: list[dict[str, Any]] = []

    def showPage(self) -> None:
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for state in self._pages:
            self.__dict__.update(state)
            self._footer(total)
            super().showPage()
        super().save()

    def _footer(self, total: int) -> None:
        regular, _ = register_fonts()
        self.setFont(regular, 8)
        self.setFillColor(MUTED)
        self.setStrokeColor(RULE)
        self.line(MARGIN, 12 * mm, PAGE_WIDTH - MARGIN, 12 * mm)
        page = f"Page {self._pageNumber} of {total}"
        room = PAGE_WIDTH - 2 * MARGIN - stringWidth(page, regular, 8) - 6 * mm
        self.drawString(MARGIN, 8 * mm, elide(self.footer_left, regular, 8, room))
        self.drawRightString(PAGE_WIDTH - MARGIN, 8 * mm, page)


def _chunks(description: str) -> list[str]:
    """Split a very long description at spaces into pieces of at most CHUNK characters."""
    if len(description) <= CHUNK:
        return [description]
    pieces: list[str] = []
    rest = description
    while len(rest) > CHUNK:
        cut = rest.rfind(" ", CHUNK // 2, CHUNK)
        cut = CHUNK if cut < 0 else cut
        pieces.append(rest[:cut])
        rest = rest[cut:].lstrip()
    if rest:
        pieces.append(rest)
    return pieces


class _QuoteBuilder:
    def __init__(self, quote: QuoteDetail, company: CompanyInfo) -> None:
        self.quote = quote
        self.company = company
        # The business's locale; unset, the display locale of whoever exports.
        self.locale = resolve(company.locale or None)
        self.currency = quote.summary.currency
        self.styles = _styles()
        self.regular, self.bold = register_fonts()
        self.hide = quote.hide_unit_prices
        if self.hide:
            self.headers = ["Description", "Qty", "Unit"]
            self.widths = [BODY_WIDTH - 40 * mm, 22 * mm, 18 * mm]
        else:
            self.headers = ["Description", "Qty", "Unit", "Unit price", "Disc.", "Tax", "Amount"]
            numbers = [15 * mm, 12 * mm, 24 * mm, 13 * mm, 13 * mm, 26 * mm]
            self.widths = [BODY_WIDTH - sum(numbers), *numbers]
        self.number_size = FONT_SIZE
        self._figures: dict[int, list[str]] = {}  # formatted once, measured then drawn
        self._fit_numbers()
        self.description_width = self.widths[0] - 8
        self.unit_width = self.widths[2] - 12  # within the cell's padding

    def _number_cells(self, line: QuoteLineInfo) -> list[str]:
        """The figures of a line's row after the description and unit: quantity, then (unless
        unit prices are hidden) unit price, discount, tax rate and amount."""
        known = self._figures.get(id(line))
        if known is not None:
            return known
        d, a = line.data, line.amounts
        cells = [quantity_text(d.quantity, self.locale)]
        if not self.hide:
            amount = self.money(a.net) if a.counted else f"({self.money(a.net)})"
            cells += [
                self.money(a.unit_price),
                percent_text(d.discount, self.locale),
                percent_text(d.tax_rate, self.locale),
                amount,
            ]
        self._figures[id(line)] = cells
        return cells

    def _fit_numbers(self) -> None:
        """Widen a number column whose widest figure would not fit (a large amount, a
        currency written by its code), taking the room from the description, which wraps;
        when the description would get too narrow, the figures get a smaller type instead."""
        # Hidden unit prices: the section subtotal stands in the unit column (units wrap).
        columns = [1, 2] if self.hide else [1, *range(3, len(self.headers))]
        self.number_columns = columns
        widest = {i: stringWidth(self.headers[i], self.bold, FONT_SIZE) for i in columns}
        for line in self.quote.lines:
            for i, cell in zip(columns, self._number_cells(line), strict=False):
                widest[i] = max(widest[i], stringWidth(cell, self.regular, FONT_SIZE))
        last = len(self.headers) - 1
        for section in self.quote.sections:
            widest[last] = max(widest[last], stringWidth(self.money(section.subtotal), self.bold, FONT_SIZE))
        needed = {i: max(self.widths[i], widest[i] + CELL_PADDING) for i in columns}
        fixed = sum(w for i, w in enumerate(self.widths) if i not in needed and i != 0)
        room = BODY_WIDTH - MIN_DESCRIPTION - fixed
        if sum(needed.values()) > room:
            scale = (room - CELL_PADDING * len(columns)) / sum(widest.values())
            self.number_size = FONT_SIZE * scale
            needed = {i: widest[i] * scale + CELL_PADDING for i in columns}
        for i, width in needed.items():
            self.widths[i] = width
        self.widths[0] = BODY_WIDTH - sum(self.widths[1:])

    def money(self, amount: Decimal) -> str:
        return format_money(amount, self.currency, locale=self.locale)

    # -- parts ---------------------------------------------------------------------------------
    def letterhead(self) -> list[Flowable]:
        c = self.company
        lines = [f"<font name='{self.bold}' size='12'>{text(c.name or 'Your business')}</font>"]
        lines += [text(x) for x in (c.address,) if x]
        contact = " · ".join(text(x) for x in (c.phone, c.email) if x)
        if contact:
            lines.append(contact)
        if c.tax_number:
            lines.append(f"Tax number: {text(c.tax_number)}")
        block = Paragraph("<br/>".join(lines), self.styles.company)
        logo: Flowable | str = ""
        if c.logo:
            reader = ImageReader(io.BytesIO(c.logo))
            width, height = reader.getSize()
            scale = min(45 * mm / width, 22 * mm / height)
            logo = Image(io.BytesIO(c.logo), width=width * scale, height=height * scale, hAlign="LEFT")
        table = Table([[logo, block]], colWidths=[BODY_WIDTH * 0.4, BODY_WIDTH * 0.6])
        table.setStyle(
            TableStyle(
                [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                    ("LINEBELOW", (0, 0), (-1, 0), 1.2, ACCENT),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
                ]
            )
        )
        return [table, Spacer(1, 6 * mm)]

    def heading(self) -> list[Flowable]:
        q, s = self.quote, self.quote.summary
        status = "" if s.status in ("sent", "accepted") else f" ({STATUS_WORDS[s.status].lower()})"
        title = Paragraph(f"Quote {text(q.number)}{status}", self.styles.title)
        facts = [
            ("Issued", format_long_date(s.issue_date, self.locale)),
            ("Valid until", format_long_date(s.valid_until, self.locale)),
            ("Job", f"{q.job_number} · {q.job_title}"),
        ]
        fact_rows = [
            [Paragraph(f"<b>{a}</b>", self.styles.body), Paragraph(text(b), self.styles.body)]
            for a, b in facts
        ]
        parties = [
            [
                Paragraph("<b>Customer</b><br/>" + (text(q.customer) or "—"), self.styles.body),
                Paragraph("<b>Site</b><br/>" + (text(q.site) or "—"), self.styles.body),
            ]
        ]
        facts_table = Table(fact_rows, colWidths=[25 * mm, BODY_WIDTH - 25 * mm])
        parties_table = Table(parties, colWidths=[BODY_WIDTH / 2, BODY_WIDTH / 2])
        for table in (facts_table, parties_table):
            table.setStyle(
                TableStyle(
                    [
                        ("VALIGN", (0, 0), (-1, -1), "TOP"),
                        ("LEFTPADDING", (0, 0), (-1, -1), 0),
                        ("TOPPADDING", (0, 0), (-1, -1), 1),
                        ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
                    ]
                )
            )
        parts: list[Flowable] = [title, Spacer(1, 3 * mm), facts_table, Spacer(1, 4 * mm), parties_table]
        if q.intro:
            parts += [Spacer(1, 5 * mm), Paragraph(text(q.intro), self.styles.body)]
        return parts

    def _description_cell(self, line: QuoteLineInfo, piece: str, first: bool) -> str:
        """Plain text wrapped to the column (a table draws plain strings as they are, with no
        markup parsing, and several times faster than a Paragraph)."""
        prefix = f"{line.data.item_code} · " if first and line.data.item_code else ""
        suffix = ""
        if first and line.data.optional:
            suffix = " (optional, included)" if line.data.chosen else " (optional, not included)"
        full = prefix + piece + suffix
        if "\n" not in full and stringWidth(full, self.regular, FONT_SIZE) <= self.description_width:
            return full
        return "\n".join(wrap_lines(full, self.regular, FONT_SIZE, self.description_width))

    def _unit_cell(self, unit: str) -> str:
        if stringWidth(unit, self.regular, FONT_SIZE) <= self.unit_width:
            return unit
        return "\n".join(wrap_lines(unit, self.regular, FONT_SIZE, self.unit_width))

    def _rows(self, line: QuoteLineInfo) -> list[list[Any]]:
        pieces = _chunks(line.data.description) or [""]
        quantity, *figures = self._number_cells(line)
        first_row: list[Any] = [
            self._description_cell(line, pieces[0], True),
            quantity,
            self._unit_cell(line.data.unit),
            *figures,
        ]
        rows = [first_row]
        for piece in pieces[1:]:
            rows.append([self._description_cell(line, piece, False)] + [""] * (len(self.headers) - 1))
        return rows

    def section(self, name: str, lines: Sequence[QuoteLineInfo], subtotal: Decimal) -> list[Flowable]:
        data: list[list[Any]] = [list(self.headers)]
        muted: list[int] = []
        for line in lines:
            start = len(data)
            data.extend(self._rows(line))
            if not line.amounts.counted:
                muted.extend(range(start, len(data)))
        last = len(self.headers) - 1
        data.append(["Section subtotal"] + [""] * (last - 1) + [self.money(subtotal)])
        style = [
            ("FONT", (0, 0), (-1, -1), self.regular, FONT_SIZE, 10.5),
            ("FONT", (0, 0), (-1, 0), self.bold, FONT_SIZE),
            ("FONT", (0, -1), (-1, -1), self.bold, FONT_SIZE),
            ("BACKGROUND", (0, 0), (-1, 0), HEADER_BG),
            ("TEXTCOLOR", (0, 0), (-1, 0), ACCENT),
            ("ALIGN", (1, 0), (-1, -1), "RIGHT"),
            ("ALIGN", (2, 0), (2, -1), "LEFT"),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LINEBELOW", (0, 0), (-1, 0), 0.6, ACCENT),
            ("LINEABOVE", (0, -1), (-1, -1), 0.6, RULE),
            ("TOPPADDING", (0, 0), (-1, -1), 2),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ("SPAN", (0, -1), (last - 1, -1)),
        ]
        if self.number_size < FONT_SIZE:
            style += [("FONTSIZE", (i, 0), (i, -1), self.number_size) for i in self.number_columns]
        style += [("TEXTCOLOR", (0, row), (-1, row), MUTED) for row in muted]
        table = Table(data, colWidths=self.widths, repeatRows=1)
        table.setStyle(TableStyle(style))
        # A heading never ends a page alone: it needs room for itself, the header and two rows
        # (keepWithNext would push a table taller than the rest of the page to the next one).
        return [CondPageBreak(70), Paragraph(text(name or "Items"), self.styles.heading), table]

    def totals(self) -> list[Flowable]:
        t = self.quote.totals
        rows: list[list[str]] = []
        if t.discount:
            rows += [
                ["Total before discount", self.money(t.gross)],
                ["Discount", f"−{self.money(t.discount)}" if t.discount > 0 else self.money(-t.discount)],
            ]
        rows.append(["Subtotal (excl. tax)", self.money(t.subtotal)])
        for tax in t.taxes:
            if tax.rate:
                rate = quantity_text(tax.rate, self.locale)
                rows.append([f"Tax {rate} % on {self.money(tax.base)}", self.money(tax.tax)])
        if t.tax_rounding == TAX_ON_TOTAL and t.taxes:
            rows.append(["(tax rounded on the total of each rate)", ""])
        rows.append(["Total tax", self.money(t.tax_total)])
        rows.append([f"Total ({self.currency})", self.money(t.grand_total)])
        # The figures' column fits the widest figure; labels wrap; very large figures shrink.
        size, total_size = 9.5, 12.0
        widest = max(
            max(stringWidth(value, self.regular, size) for _label, value in rows[:-1]),
            stringWidth(rows[-1][1], self.bold, total_size),
        )
        value_width = max(35 * mm, widest + CELL_PADDING)
        if value_width > BODY_WIDTH - 50 * mm:
            value_width = BODY_WIDTH - 50 * mm
            scale = (value_width - CELL_PADDING) / widest
            size, total_size = size * scale, total_size * scale
        label_width = min(70 * mm, BODY_WIDTH - value_width)
        for row in rows[:-1]:
            row[0] = "\n".join(wrap_lines(row[0], self.regular, size, label_width - 12))
        table = Table(rows, colWidths=[label_width, value_width], hAlign="RIGHT")
        table.setStyle(
            TableStyle(
                [
                    ("FONT", (0, 0), (-1, -1), self.regular, size, size * 1.2),
                    ("FONT", (0, -1), (-1, -1), self.bold, total_size, total_size * 1.2),
                    ("TEXTCOLOR", (0, -1), (-1, -1), ACCENT),
                    ("ALIGN", (1, 0), (1, -1), "RIGHT"),
                    ("LINEABOVE", (0, -1), (-1, -1), 1.2, ACCENT),
                    ("TOPPADDING", (0, -1), (-1, -1), 5),
                ]
            )
        )
        return [Spacer(1, 6 * mm), KeepTogether([table])]

    def terms(self) -> list[Flowable]:
        if not self.quote.terms:
            return []
        return [
            Spacer(1, 8 * mm),
            Paragraph("Terms", self.styles.heading),
            Paragraph(text(self.quote.terms), self.styles.small),
        ]

    def story(self) -> list[Flowable]:
        story = self.letterhead() + self.heading()
        for section in self.quote.sections:
            story += self.section(section.name, section.lines, section.subtotal)
        return story + self.totals() + self.terms()


def render_quote_pdf(quote: QuoteDetail, company: CompanyInfo, target: str | Path | BinaryIO) -> int:
    """Write the quote's PDF to a path or binary file; returns the number of pages."""
    builder = _QuoteBuilder(quote, company)
    output: Any = str(target) if isinstance(target, Path) else target
    document = SimpleDocTemplate(
        output,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=18 * mm,
        title=f"Quote {quote.number}",
        author=company.name,
        subject=quote.job_title,
    )
    footer = f"{company.name} · Quote {quote.number}" if company.name else f"Quote {quote.number}"

    class _Canvas(_NumberedCanvas):
        footer_left = footer

    pages: list[int] = []

    def count(canvas: Canvas, _doc: Any) -> None:
        pages.append(canvas.getPageNumber())

    document.build(builder.story(), onFirstPage=count, onLaterPages=count, canvasmaker=_Canvas)
    return len(pages)


def quote_pdf_bytes(quote: QuoteDetail, company: CompanyInfo) -> bytes:
    buffer = io.BytesIO()
    render_quote_pdf(quote, company, buffer)
    return buffer.getvalue()
