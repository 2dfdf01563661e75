"""Customers: people and organisations, with their emails, phones and addresses."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, Column, ForeignKey, Index, Integer, String, Table, Text, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from gojee_desktop.models.base import Base

if TYPE_CHECKING:
    from gojee_desktop.models.catalog import Label

DETAIL_KINDS = ("email", "phone", "address")

# Labels tag people and organisations as they tag jobs (revision 0014).
person_labels = Table(
    "person_labels",
    Base.metadata,
    Column("person_id", ForeignKey("persons.id", ondelete="CASCADE"), primary_key=True),
    Column("label_id", ForeignKey("labels.id", ondelete="CASCADE"), primary_key=True, index=True),
)
organization_labels = Table(
    "organization_labels",
    Base.metadata,
    Column("organization_id", ForeignKey("organizations.id", ondelete="CASCADE"), primary_key=True),
    Column("label_id", ForeignKey("labels.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class Organization(Base):
    """A company or body a job is for."""

    __tablename__ = "organizations"
    # The Organisations page lists the active ones by name (revision 0012).
    __table_args__ = (Index("ix_organizations_archived_name", "archived", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), index=True)
    archived: Mapped[bool] = mapped_column(default=False, server_default=false())
    notes: Mapped[str] = mapped_column(Text, default="", server_default="")

    details: Mapped[list[ContactDetail]] = relationship(
        back_populates="organization", cascade="all, delete-orphan", order_by="ContactDetail.position"
    )
    labels: Mapped[list[Label]] = relationship(secondary=organization_labels, order_by="Label.name")
    custom_values: Mapped[list[OrganizationCustomValue]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True
    )


class Person(Base):
    """An individual customer contact, optionally working for an organisation."""

    __tablename__ = "persons"
    # The People page lists the active ones by name (revision 0012).
    __table_args__ = (Index("ix_persons_archived_name", "archived", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), index=True)
    archived: Mapped[bool] = mapped_column(default=False, server_default=false())
    notes: Mapped[str] = mapped_column(Text, default="", server_default="")
    organization_id: Mapped[int | None] = mapped_column(
        ForeignKey("organizations.id", ondelete="SET NULL"), index=True, default=None
    )

    organization: Mapped[Organization | None] = relationship()
    details: Mapped[list[ContactDetail]] = relationship(
        back_populates="person", cascade="all, delete-orphan", order_by="ContactDetail.position"
    )
    labels: Mapped[list[Label]] = relationship(secondary=person_labels, order_by="Label.name")
    custom_values: Mapped[list[PersonCustomValue]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True
    )


class PersonCustomValue(Base):
    """A person's value of one custom field, as canonical text (as `CustomFieldValue` for jobs)."""

    __tablename__ = "person_custom_values"

    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id", ondelete="CASCADE"), primary_key=True)
    definition_id: Mapped[int] = mapped_column(
        ForeignKey("custom_field_definitions.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    value: Mapped[str] = mapped_column(Text, default="")


class OrganizationCustomValue(Base):
    """An organisation's value of one custom field, as canonical text."""

    __tablename__ = "organization_custom_values"

    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), primary_key=True
    )
    definition_id: Mapped[int] = mapped_column(
        ForeignKey("custom_field_definitions.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    value: Mapped[str] = mapped_column(Text, default="")


class ContactDetail(Base):
    """One email, phone or address of a person or an organisation."""

    __tablename__ = "contact_details"
    __table_args__ = (
        CheckConstraint("kind IN ('email', 'phone', 'address')", name="kind"),
        CheckConstraint("(person_id IS NULL) <> (organization_id IS NULL)", name="one_owner"),
        # Duplicate checks and search look details up by their matching form; the owner
        # columns make it covering, so a search's range never reads the table (0013).
        Index(
            "ix_contact_details_kind_normalized_owner", "kind", "normalized", "person_id", "organization_id"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int | None] = mapped_column(
        ForeignKey("persons.id", ondelete="CASCADE"), index=True, default=None
    )
    organization_id: Mapped[int | None] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), index=True, default=None
    )
    kind: Mapped[str] = mapped_column(String(7))
    label: Mapped[str] = mapped_column(String(40), default="")
    value: Mapped[str] = mapped_column(Text)
    # The form details are matched by: a phone in E.164 (+61412345678), an email case-folded;
    # NULL for addresses and for numbers that were not valid when saved.
    normalized: Mapped[str | None] = mapped_column(String(254), default=None)
    position: Mapped[int] = mapped_column(Integer, default=0)

    person: Mapped[Person | None] = relationship(back_populates="details")
    organization: Mapped[Organization | None] = relationship(back_populates="details")
