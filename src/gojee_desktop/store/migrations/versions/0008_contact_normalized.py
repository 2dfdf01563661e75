"""Contact details keep their matching form beside the typed text (phones in E.164, emails
case-folded), indexed, so duplicate checks and search match `0412 345 678` with
`+61 412 345 678`. Existing rows are filled in the business's country.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-06 05:00:00.000000
"""

from __future__ import annotations

import phonenumbers
import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

_BATCH = 5_000


# The store imports nothing above it, so the rules of `services.capture.phones` are
# repeated here in their simplest form: the country setting, else the currency's country.
_CURRENCY_REGIONS = {"AUD": "AU", "NZD": "NZ", "GBP": "GB", "USD": "US", "CAD": "CA"}


def _region(bind: sa.Connection) -> str:
    settings: dict[str, str] = {
        str(key): str(value) for key, value in bind.execute(sa.text("SELECT key, value FROM app_settings"))
    }
    country = settings.get("country", "").strip().upper()
    if country in phonenumbers.SUPPORTED_REGIONS:
        return country
    return _CURRENCY_REGIONS.get(settings.get("default_currency", "").upper(), "AU")


def _e164(value: str, region: str) -> str | None:
    try:
        number = phonenumbers.parse(value, region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def upgrade() -> None:
    with op.batch_alter_table("contact_details") as batch:
        batch.add_column(sa.Column("normalized", sa.String(length=254), nullable=True))
        batch.create_index("ix_contact_details_kind_normalized", ["kind", "normalized"], unique=False)
    bind = op.get_bind()
    region = _region(bind)
    rows = bind.execute(
        sa.text("SELECT id, kind, value FROM contact_details WHERE kind IN ('email', 'phone')")
    ).all()
    update = sa.text("UPDATE contact_details SET normalized = :normalized WHERE id = :id")
    changes = []
    for detail_id, kind, value in rows:
        normalized = value.strip().casefold() if kind == "email" else _e164(value, region)
        if normalized:
            changes.append({"id": detail_id, "normalized": normalized})
        if len(changes) >= _BATCH:
            bind.execute(update, changes)
            changes = []
    if changes:
        bind.execute(update, changes)


def downgrade() -> None:
    with op.batch_alter_table("contact_details") as batch:
        batch.drop_index("ix_contact_details_kind_normalized")
        batch.drop_column("normalized")
