"""The import's plain-number path must give exactly what `phonenumbers` gives (parse, validity
in the business's country, E.164), or leave the number to the library."""

from __future__ import annotations

import random

import phonenumbers
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gojee_desktop.services.capture import phones
from gojee_desktop.services.capture.plain_phones import plain_e164


def library_e164(text: str, region: str) -> str | None:
    """What the import answered before the plain path: parse, validity, E.164."""
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _written_forms(region: str, rng: random.Random) -> list[str]:
    """Each example number of the region in national, international and E.164 form, and
    copies with digits changed, dropped or added (mostly invalid, some valid)."""
    forms = []
    for kind in phonenumbers.PhoneNumberType.values():
        example = phonenumbers.example_number_for_type(region, kind)
        if example is None:
            continue
        for style in (
            phonenumbers.PhoneNumberFormat.NATIONAL,
            phonenumbers.PhoneNumberFormat.INTERNATIONAL,
            phonenumbers.PhoneNumberFormat.E164,
        ):
            text = phonenumbers.format_number(example, style)
            forms.append(text)
            for _ in range(3):
                chars = list(text)
                places = [i for i, ch in enumerate(chars) if ch.isdigit()]
                for i in rng.sample(places, min(len(places), rng.randint(1, 3))):
                    chars[i] = str(rng.randint(0, 9))
                changed = "".join(chars)
                if rng.random() < 0.2:
                    changed = changed[:-1]
                if rng.random() < 0.2:
                    changed += str(rng.randint(0, 9))
                forms.append(changed)
    return forms


def test_every_region_agrees_with_phonenumbers_on_its_example_numbers():
    rng = random.Random(10)
    answered = 0
    for region in sorted(phonenumbers.SUPPORTED_REGIONS):
        for text in _written_forms(region, rng):
            text = " ".join(text.split())
            fast = plain_e164(text, region)
            if fast is not None:
                answered += 1
                assert fast == library_e164(text, region), (region, text)
    assert answered > 3000  # most regions' numbers take the plain path


_CODES = {"AU": "61", "GB": "44", "US": "1", "NZ": "64", "DE": "49", "IN": "91", "FR": "33", "SG": "65"}


@settings(max_examples=2000, deadline=None)
@given(
    st.sampled_from(sorted(_CODES)),
    st.sampled_from(["", "0", "00", "+{cc} ", "+{cc} (0)", "+{cc} 0", "{cc}", "1", "(0", "0011 ", "+44 "]),
    st.text(alphabet="0123456789", min_size=2, max_size=14),
    st.sampled_from(["", " ", "-", ".", ") "]),
)
def test_generated_numbers_agree_with_phonenumbers(region, prefix, digits, separator):
    text = prefix.format(cc=_CODES[region]) + separator.join([digits[:3], digits[3:7], digits[7:]])
    text = " ".join(text.split())
    fast = plain_e164(text, region)
    if fast is not None:
        assert fast == library_e164(text, region)


@pytest.mark.parametrize(
    ("typed", "region", "e164"),
    [
        ("0412 345 678", "AU", "+61412345678"),
        ("+61 412 345 678", "AU", "+61412345678"),
        ("+61 (0)412 345 678", "AU", "+61412345678"),
        ("(02) 9550 1234", "AU", "+61295501234"),
        ("020 7946 0018", "GB", "+442079460018"),
        ("(650) 253-0000", "US", "+16502530000"),
        ("021 123 4567", "NZ", "+64211234567"),
    ],
)
def test_common_home_numbers_take_the_plain_path(typed, region, e164):
    assert plain_e164(typed, region) == e164
    assert phones.check_phone(typed, region).e164 == e164


@pytest.mark.parametrize(
    ("typed", "region"),
    [
        ("+44 20 7946 0018", "AU"),  # another country: the library
        ("0011 44 20 7946 0018", "AU"),  # international dialling prefix
        ("61 412 345 678", "AU"),  # a country code without +
        ("0412 345 678 ext 12", "AU"),  # an extension
        ("0412 345 67", "AU"),  # too short: the library's verdict and message
        ("1300 FLOWERS", "AU"),  # letters
        ("(11) 98765-4321", "BR"),  # a national prefix transform rule
        ("0412 345 678", "CC"),  # a calling code whose first region is another
    ],
)
def test_other_numbers_are_left_to_phonenumbers(typed, region):
    assert plain_e164(typed, region) is None
    assert phones.e164_or_none(typed, region) == library_e164(typed, region)
