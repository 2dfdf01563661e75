"""Phone numbers through `phonenumbers`: validated in the business's country, displayed in
national or international form, and matched by E.164 (`0412 345 678` = `+61 412 345 678`)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from babel import Locale

from gojee_desktop.services.capture.plain_phones import plain_e164

if TYPE_CHECKING:
    import phonenumbers

# `phonenumbers` is imported inside the functions that use it: its metadata costs ~0.1 s, and
# the window's first paint reaches this module (through `services.contacts`) without
# validating a single number.

DEFAULT_REGION = "AU"

# The country a currency most likely means, for a business that has not set its country.
_CURRENCY_REGIONS = {
    "AUD": "AU",
    "NZD": "NZ",
    "GBP": "GB",
    "USD": "US",
    "CAD": "CA",
    "SGD": "SG",
    "ZAR": "ZA",
    "INR": "IN",
    "JPY": "JP",
    "CHF": "CH",
    "IEP": "IE",
    "SEK": "SE",
    "NOK": "NO",
    "DKK": "DK",
    "HKD": "HK",
}


class PhoneError(ValueError):
    """A phone number that is not valid in the region; the message says so in plain words."""


@dataclass(frozen=True)
class Phone:
    """A checked phone number: what was typed (trimmed) and its E.164 form."""

    text: str
    e164: str


def check_region(code: str) -> str:
    """An ISO 3166 two-letter region `phonenumbers` knows (AU, NZ, GB...), upper-cased."""
    import phonenumbers  # ~0.1 s of metadata: on first use

    cleaned = (code or "").strip().upper()
    if cleaned not in phonenumbers.SUPPORTED_REGIONS:
        raise PhoneError(f"'{code}' is not a country code: use two letters such as AU, NZ or GB.")
    return cleaned


def region_for(country_setting: str, currency: str) -> str:
    """The business's region: its country setting, else the one its currency suggests."""
    if country_setting.strip():
        try:
            return check_region(country_setting)
        except PhoneError:
            pass
    return _CURRENCY_REGIONS.get((currency or "").upper(), DEFAULT_REGION)


def country_name(region: str, locale: str = "en") -> str:
    """`AU` -> `Australia`, for messages."""
    return str(Locale.parse(locale).territories.get(region, region))


def country_choices(locale: str = "en") -> list[tuple[str, str]]:
    """(code, name) of every country `phonenumbers` knows, by name, for a settings list."""
    import phonenumbers  # ~0.1 s of metadata: on first use

    names = Locale.parse(locale).territories
    return sorted(
        ((code, str(names.get(code, code))) for code in phonenumbers.SUPPORTED_REGIONS),
        key=lambda item: item[1],
    )


def _parse(text: str, region: str) -> phonenumbers.PhoneNumber | None:
    import phonenumbers  # ~0.1 s of metadata: on first use

    try:
        return phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        return None


def check_phone(value: str, region: str = DEFAULT_REGION) -> Phone:
    """Validate a typed number in `region` (a number with +CC is read in its own country)."""
    cleaned = " ".join((value or "").split())
    e164 = _e164(cleaned, region)
    if e164 is None:
        import phonenumbers  # ~0.1 s of metadata: on first use

        example = phonenumbers.example_number_for_type(region, phonenumbers.PhoneNumberType.MOBILE)
        hint = ""
        if example is not None:
            national = phonenumbers.format_number(example, phonenumbers.PhoneNumberFormat.NATIONAL)
            international = phonenumbers.format_number(example, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
            hint = f" (like {national} or {international})"
        raise PhoneError(f"'{value}' is not a valid phone number in {country_name(region)}{hint}.")
    return Phone(cleaned, e164)


def _e164(text: str, region: str) -> str | None:
    """The E.164 form of a valid number, else None. A plainly written number of the region's
    own is read without the full parse (`plain_phones`, ~2 µs); the others are parsed."""
    return plain_e164(text, region) or _parsed_e164(text, region)


@lru_cache(maxsize=4096)
def _parsed_e164(text: str, region: str) -> str | None:
    """`_e164` through `phonenumbers.parse`; cached, since a file repeats numbers (a company's
    switchboard on every contact) and parsing one takes ~40 µs."""
    import phonenumbers  # ~0.1 s of metadata: on first use

    number = _parse(text, region)
    if number is None or not _is_valid(number, region):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


@lru_cache(maxsize=256)
def _home_code(region: str) -> tuple[int, bool] | None:
    """(calling code, the only region of that code) when `region` is the one
    `phonenumbers.region_code_for_number` tries first for its code, else None."""
    import phonenumbers  # ~0.1 s of metadata: on first use

    code = phonenumbers.country_code_for_region(region)
    regions = phonenumbers.COUNTRY_CODE_TO_REGION_CODE.get(code, ())
    if not regions or regions[0] != region:
        return None
    metadata = phonenumbers.PhoneMetadata.metadata_for_region(region, None)
    if len(regions) > 1 and (metadata is None or metadata.leading_digits is not None):
        return None
    return code, len(regions) == 1


def _is_valid(number: phonenumbers.PhoneNumber, region: str) -> bool:
    """`phonenumbers.is_valid_number`, answered with one pattern pass instead of two for a
    number of the business's own country: `is_valid_number` first looks for the number's
    region (testing it against the first region of its calling code) and then tests it again
    there; when that first region is `region`, a number valid for it is valid, and for a code
    with one region the two questions are the same."""
    import phonenumbers  # ~0.1 s of metadata: on first use

    home = _home_code(region)
    if home is not None and number.country_code == home[0]:
        if phonenumbers.is_valid_number_for_region(number, region):
            return True
        if home[1]:
            return False
    return bool(phonenumbers.is_valid_number(number))


def e164_or_none(value: str, region: str = DEFAULT_REGION) -> str | None:
    """The E.164 form of a number when it is valid, else None (for matching, never raises)."""
    return _e164(value, region)


def display_phone(e164: str, region: str = DEFAULT_REGION) -> str:
    """National form for a number of the business's country, international otherwise."""
    import phonenumbers  # ~0.1 s of metadata: on first use

    number = _parse(e164, region)
    if number is None:
        return e164
    same_country = phonenumbers.region_code_for_number(number) == region
    style = (
        phonenumbers.PhoneNumberFormat.NATIONAL
        if same_country
        else phonenumbers.PhoneNumberFormat.INTERNATIONAL
    )
    return phonenumbers.format_number(number, style)


def phone_search_words(e164: str) -> list[str]:
    """The digit strings a number is also found by: E.164 without '+', the national
    significant number, and the national form's digits (61412345678, 412345678, 0412345678)."""
    import phonenumbers  # ~0.1 s of metadata: on first use

    number = _parse(e164, DEFAULT_REGION)
    if number is None:
        return []
    national = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    words = [
        e164.lstrip("+"),
        phonenumbers.national_significant_number(number),
        "".join(filter(str.isdigit, national)),
    ]
    return list(dict.fromkeys(word for word in words if word))
