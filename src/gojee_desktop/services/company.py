"""The business's letterhead and quoting defaults, shared by everyone using the database
(kept as app settings, the logo as base64 so a team database carries it too)."""

from __future__ import annotations

import base64
import io
from dataclasses import dataclass

from reportlab.lib.utils import ImageReader
from sqlalchemy.orm import Session

from gojee_desktop.locales import LocaleError, parse_locale
from gojee_desktop.models import AppSetting
from gojee_desktop.pricing import TAX_PER_LINE, TAX_ROUNDING_MODES
from gojee_desktop.services.errors import ValidationError
from gojee_desktop.services.uow import read_only, unit_of_work
from gojee_desktop.store.database import SessionFactory

DEFAULT_VALID_DAYS = 30
MAX_LOGO_BYTES = 2_000_000
DEFAULT_TERMS = (
    "Prices are valid until the date shown. A 30 % deposit is due on acceptance; the balance "
    "on completion. Variations are quoted separately."
)


@dataclass(frozen=True)
class CompanyInfo:
    """Letterhead fields and quoting defaults."""

    name: str = ""
    address: str = ""
    tax_number: str = ""
    phone: str = ""
    email: str = ""
    logo: bytes | None = None  # PNG or JPEG bytes
    tax_rounding: str = TAX_PER_LINE
    valid_days: int = DEFAULT_VALID_DAYS
    terms: str = DEFAULT_TERMS
    locale: str = ""  # quotes' amounts and dates (`de_DE`); "" = the display locale


_TEXT_FIELDS = ("name", "address", "tax_number", "phone", "email", "terms", "locale")
_PREFIX = "company."


def _settings(session: Session) -> dict[str, str]:
    rows = session.query(AppSetting).filter(AppSetting.key.startswith(_PREFIX))
    return {row.key.removeprefix(_PREFIX): row.value for row in rows}


def load_company(session: Session) -> CompanyInfo:
    values = _settings(session)
    logo_text = values.get("logo", "")
    try:
        valid_days = int(values.get("valid_days", "") or DEFAULT_VALID_DAYS)
    except ValueError:
        valid_days = DEFAULT_VALID_DAYS
    rounding = values.get("tax_rounding", TAX_PER_LINE)
    return CompanyInfo(
        **{name: values.get(name, getattr(CompanyInfo, name)) for name in _TEXT_FIELDS},
        logo=base64.b64decode(logo_text) if logo_text else None,
        tax_rounding=rounding if rounding in TAX_ROUNDING_MODES else TAX_PER_LINE,
        valid_days=valid_days,
    )


def get_company(sessions: SessionFactory) -> CompanyInfo:
    with read_only(sessions) as session:
        return load_company(session)


def check_logo(data: bytes | None) -> bytes | None:
    """A logo must be an image the PDF renderer can read, and not huge."""
    if not data:
        return None
    if len(data) > MAX_LOGO_BYTES:
        raise ValidationError("The logo is larger than 2 MB; use a smaller PNG or JPEG.", field="logo")
    try:
        ImageReader(io.BytesIO(data)).getSize()
    except Exception as exc:
        raise ValidationError(
            "The logo is not an image that can be read (use PNG or JPEG).", field="logo"
        ) from exc
    return data


def check_locale(name: str) -> str:
    """A locale identifier Babel knows (`de-de` -> `de_DE`), or "" for none."""
    if not (name or "").strip():
        return ""
    try:
        return str(parse_locale(name))
    except LocaleError as exc:
        raise ValidationError(str(exc), field="locale") from exc


def save_company(sessions: SessionFactory, info: CompanyInfo) -> CompanyInfo:
    """Check and store every field at once."""
    if info.tax_rounding not in TAX_ROUNDING_MODES:
        raise ValidationError("Tax rounding must be 'line' (per line) or 'total' (on the total).")
    if not 1 <= info.valid_days <= 3650:
        raise ValidationError("A quote must be valid for 1 to 3650 days.", field="valid_days")
    logo = check_logo(info.logo)
    locale = check_locale(info.locale)
    values = {name: (getattr(info, name) or "").strip() for name in _TEXT_FIELDS}
    values["logo"] = base64.b64encode(logo).decode("ascii") if logo else ""
    values["locale"] = locale
    values["tax_rounding"] = info.tax_rounding
    values["valid_days"] = str(info.valid_days)
    with unit_of_work(sessions) as session:
        for name, value in values.items():
            setting = session.get(AppSetting, _PREFIX + name)
            if setting is None:
                session.add(AppSetting(key=_PREFIX + name, value=value))
            else:
                setting.value = value
        session.flush()
        return load_company(session)
