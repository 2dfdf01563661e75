"""Quotes: numbered, revisioned snapshots of a job's BOM with customer, dates and terms."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import CheckConstraint, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from gojee_desktop.models.base import Base, utcnow
from gojee_desktop.models.decimal_text import DecimalText

QUOTE_STATUSES = ("draft", "sent", "accepted", "declined")


class Quote(Base):
    """One revision of a job's quote. Only the newest revision may change; older ones are
    kept read-only as they were."""

    __tablename__ = "quotes"
    __table_args__ = (
        UniqueConstraint("job_id", "revision", name="uq_quotes_job_revision"),
        CheckConstraint("status IN ('draft', 'sent', 'accepted', 'declined')", name="status"),
        CheckConstraint("tax_rounding IN ('line', 'total')", name="tax_rounding"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    job_id: Mapped[int] = mapped_column(ForeignKey("jobs.id", ondelete="CASCADE"), index=True)
    revision: Mapped[int] = mapped_column(Integer)
    number: Mapped[str] = mapped_column(String(30), unique=True)
    status: Mapped[str] = mapped_column(String(10), default="draft")
    currency: Mapped[str] = mapped_column(String(3))
    tax_rounding: Mapped[str] = mapped_column(String(5), default="line")
    customer: Mapped[str] = mapped_column(Text, default="")
    site: Mapped[str] = mapped_column(Text, default="")
    issue_date: Mapped[date]
    valid_until: Mapped[date]
    intro: Mapped[str] = mapped_column(Text, default="")
    terms: Mapped[str] = mapped_column(Text, default="")
    hide_unit_prices: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    status_changed_at: Mapped[datetime | None] = mapped_column(default=None)

    lines: Mapped[list[QuoteLine]] = relationship(
        order_by="QuoteLine.position", cascade="all, delete-orphan", passive_deletes=True
    )


class QuoteLine(Base):
    """A BOM line as it was when the quote was made (section name copied in)."""

    __tablename__ = "quote_lines"

    id: Mapped[int] = mapped_column(primary_key=True)
    quote_id: Mapped[int] = mapped_column(ForeignKey("quotes.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    section: Mapped[str] = mapped_column(String(200), default="")
    kind: Mapped[str] = mapped_column(String(10), default="material")
    item_code: Mapped[str] = mapped_column(String(60), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    quantity: Mapped[Decimal] = mapped_column(DecimalText())
    unit: Mapped[str] = mapped_column(String(20), default="")
    unit_cost: Mapped[Decimal] = mapped_column(DecimalText())
    markup: Mapped[Decimal] = mapped_column(DecimalText())
    unit_price: Mapped[Decimal | None] = mapped_column(DecimalText(), default=None)
    discount: Mapped[Decimal] = mapped_column(DecimalText())
    tax_rate: Mapped[Decimal] = mapped_column(DecimalText())
    optional: Mapped[bool] = mapped_column(default=False)
    chosen: Mapped[bool] = mapped_column(default=False)
