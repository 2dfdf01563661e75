"""Bill of materials of a job (sections of lines) and the price book lines are picked from."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import CheckConstraint, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from gojee_desktop.models.base import Base
from gojee_desktop.models.decimal_text import DecimalText

LINE_KINDS = ("material", "labour", "other")
_KIND_CHECK = "kind IN ('material', 'labour', 'other')"


class BomSection(Base):
    """A titled group of BOM lines (Switchboard, Lighting...), ordered within its job."""

    __tablename__ = "bom_sections"
    __table_args__ = (Index("ix_bom_sections_job_position", "job_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    job_id: Mapped[int] = mapped_column(ForeignKey("jobs.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(200), default="")
    position: Mapped[int] = mapped_column(Integer, default=0)

    lines: Mapped[list[BomLine]] = relationship(
        back_populates="section",
        order_by="BomLine.position",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )


class BomLine(Base):
    """One line: what, how much, what it costs us and what we sell it for.

    Exact decimals are stored as text (see DecimalText); `unit_price` is an override of the
    price derived from cost and markup (None: derived)."""

    __tablename__ = "bom_lines"
    __table_args__ = (
        CheckConstraint(_KIND_CHECK, name="kind"),
        Index("ix_bom_lines_section_position", "section_id", "position"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    section_id: Mapped[int] = mapped_column(ForeignKey("bom_sections.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer, default=0)
    kind: Mapped[str] = mapped_column(String(10), default="material")
    item_code: Mapped[str] = mapped_column(String(60), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    quantity: Mapped[Decimal] = mapped_column(DecimalText(), default=Decimal(1))
    unit: Mapped[str] = mapped_column(String(20), default="ea")
    unit_cost: Mapped[Decimal] = mapped_column(DecimalText(), default=Decimal(0))
    markup: Mapped[Decimal] = mapped_column(DecimalText(), default=Decimal(0))
    unit_price: Mapped[Decimal | None] = mapped_column(DecimalText(), default=None)
    discount: Mapped[Decimal] = mapped_column(DecimalText(), default=Decimal(0))
    tax_rate: Mapped[Decimal] = mapped_column(DecimalText(), default=Decimal(0))
    optional: Mapped[bool] = mapped_column(default=False)
    chosen: Mapped[bool] = mapped_column(default=False)
    # + 1 on every change of the line's content; a save must name the version it was based on.
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    section: Mapped[BomSection] = relationship(back_populates="lines")


class PriceBookItem(Base):
    """A catalogue item or labour rate with its cost and default markup."""

    __tablename__ = "price_book_items"
    __table_args__ = (CheckConstraint(_KIND_CHECK, name="kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(60), unique=True)
    description: Mapped[str] = mapped_column(Text, default="")
    kind: Mapped[str] = mapped_column(String(10), default="material")
    unit: Mapped[str] = mapped_column(String(20), default="ea")
    unit_cost: Mapped[Decimal] = mapped_column(DecimalText(), default=Decimal(0))
    markup: Mapped[Decimal] = mapped_column(DecimalText(), default=Decimal(0))
    tax_rate: Mapped[Decimal] = mapped_column(DecimalText(), default=Decimal(0))
