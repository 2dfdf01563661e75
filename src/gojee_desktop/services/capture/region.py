"""The business's country (app setting `country`), the default region for phone numbers."""

from __future__ import annotations

from sqlalchemy.orm import Session

from gojee_desktop.models import AppSetting
from gojee_desktop.services.capture.phones import PhoneError, check_region, region_for
from gojee_desktop.services.errors import ValidationError
from gojee_desktop.services.uow import read_only, unit_of_work
from gojee_desktop.store.database import SessionFactory

COUNTRY_SETTING = "country"


def business_region(session: Session) -> str:
    """The country setting, else the one the default currency suggests, else AU."""
    country = session.get(AppSetting, COUNTRY_SETTING)
    currency = session.get(AppSetting, "default_currency")
    return region_for(country.value if country else "", currency.value if currency else "")


def get_region(sessions: SessionFactory) -> str:
    with read_only(sessions) as session:
        return business_region(session)


def set_country(sessions: SessionFactory, code: str) -> str:
    """Set the business's country (two letters, e.g. AU); returns it upper-cased."""
    try:
        cleaned = check_region(code)
    except PhoneError as exc:
        raise ValidationError(str(exc), field="country") from exc
    with unit_of_work(sessions) as session:
        setting = session.get(AppSetting, COUNTRY_SETTING)
        if setting is None:
            session.add(AppSetting(key=COUNTRY_SETTING, value=cleaned))
        else:
            setting.value = cleaned
    return cleaned
