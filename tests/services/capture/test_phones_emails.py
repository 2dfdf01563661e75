"""Phones through phonenumbers (E.164 in the business's country), emails through
email-validator, offline."""

from __future__ import annotations

import phonenumbers
import pytest
from email_validator import EmailNotValidError, validate_email
from hypothesis import given, settings
from hypothesis import strategies as st

from gojee_desktop.services.capture import emails, phones


@pytest.mark.parametrize("typed", ["0412 345 678", "+61 412 345 678", "(04) 1234 5678", "+61412345678"])
def test_australian_forms_of_one_mobile_share_one_e164(typed):
    assert phones.check_phone(typed, "AU").e164 == "+61412345678"


def test_the_region_decides_how_a_national_number_is_read():
    assert phones.check_phone("020 7946 0018", "GB").e164 == "+442079460018"
    assert phones.check_phone("(02) 9550 1234", "AU").e164 == "+61295501234"
    with pytest.raises(phones.PhoneError, match="not a valid phone number in Australia"):
        phones.check_phone("020 7946 0018", "AU")


@pytest.mark.parametrize("typed", ["12", "call me", "", "0412 345 67890123"])
def test_invalid_numbers_are_refused_with_an_example(typed):
    with pytest.raises(phones.PhoneError, match=r"like 04\d\d \d{3} \d{3} or \+61 4"):
        phones.check_phone(typed, "AU")


def test_display_is_national_at_home_and_international_abroad():
    assert phones.display_phone("+61412345678", "AU") == "0412 345 678"
    assert phones.display_phone("+442079460018", "AU") == "+44 20 7946 0018"


def test_search_words_cover_every_form():
    assert phones.phone_search_words("+61412345678") == ["61412345678", "412345678", "0412345678"]


def test_region_comes_from_the_country_setting_else_the_currency():
    assert phones.region_for("nz", "AUD") == "NZ"
    assert phones.region_for("", "GBP") == "GB"
    assert phones.region_for("", "XYZ") == "AU"
    assert phones.region_for("ZZ", "USD") == "US"  # a bad setting is ignored


@pytest.mark.parametrize("typed", ["ann@example.com", "Ann.Smith+quotes@Example.COM.au", "zoë@müller.de"])
def test_valid_emails_are_kept_as_typed(typed):
    assert emails.check_email(f"  {typed} ") == typed


@pytest.mark.parametrize("typed", ["a@b", "ann@", "ann example.com", "ann@@example.com", "ann@exa mple.com"])
def test_invalid_emails_are_refused(typed):
    with pytest.raises(emails.EmailError, match="not a valid email address"):
        emails.check_email(typed)


def test_email_key_ignores_case():
    assert emails.email_key(" Ann@Example.COM ") == emails.email_key("ann@example.com")


# The import's shortcuts must agree with the libraries they stand in for.

_ADDRESS = st.text(alphabet="aZ09._+-@", min_size=1, max_size=24) | st.from_regex(
    r"[a-z0-9._+\-]{0,12}@[a-z0-9\-]{0,10}(\.[a-z0-9\-]{0,8}){0,3}", fullmatch=True
)


@settings(max_examples=1500, deadline=None)
@given(_ADDRESS)
def test_the_plain_address_pattern_accepts_nothing_email_validator_refuses(address):
    if emails.plainly_valid(address):
        validate_email(address, check_deliverability=False)  # raises if the pattern was wrong


@pytest.mark.parametrize("address", ["a@b.test", "a@x.localhost", "a@xn--x.com", "a..b@x.com", "a@x-.com"])
def test_addresses_the_pattern_leaves_to_email_validator_are_still_refused(address):
    assert not emails.plainly_valid(address)
    with pytest.raises(EmailNotValidError):
        validate_email(address, check_deliverability=False)
    with pytest.raises(emails.EmailError):
        emails.check_email(address)


@settings(max_examples=1500, deadline=None)
@given(
    st.sampled_from(["AU", "GB", "US", "NZ", "CA", "IN", "DE", "CX"]),
    st.sampled_from(["", "0", "+61", "+44", "+1", "00", "+672"]),
    st.text(alphabet="0123456789", min_size=3, max_size=12),
)
def test_the_home_country_validity_shortcut_agrees_with_phonenumbers(region, prefix, digits):
    try:
        number = phonenumbers.parse(prefix + digits, region)
    except phonenumbers.NumberParseException:
        return
    assert phones._is_valid(number, region) == phonenumbers.is_valid_number(number)
