"""The E.164 form of a plainly written valid number of the business's own country, without
`phonenumbers.parse` (~40 µs a number, most of an import's time on a big file).

Only the common case is answered: ASCII digits with spaces, dots, dashes and brackets, either
in national form (the national prefix, e.g. `0412 345 678`) or after `+` and the country's
own calling code (`+61 412 345 678`), and only when the number is valid in the region. The
steps are `phonenumbers.parse`'s own, with its metadata and patterns (national prefix for
parsing, its length test, the type patterns `is_valid_number_for_region` tries), for that
subset; everything else (another country, an international dialling prefix, a country code
without `+`, letters, extensions, a leading zero left, an invalid number) answers None and
goes to the library. A test compares the two on many generated numbers in many regions."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

_MAX_INPUT = 250  # phonenumbers' _MAX_INPUT_STRING_LENGTH
_PLAIN = re.compile(r"\+?\(?[0-9][0-9 ().\-]*")
_NOT_DIGIT = str.maketrans("", "", " ().-+")
# The descriptions `_number_type_helper` tries after the general one; any match is valid.
_TYPES = (
    "premium_rate",
    "toll_free",
    "shared_cost",
    "voip",
    "personal_number",
    "pager",
    "uan",
    "voicemail",
    "fixed_line",
    "mobile",
)


@dataclass(frozen=True)
class _Plan:
    """What reading a region's numbers needs, compiled once."""

    code: str  # the calling code, "61"
    prefix: re.Pattern[str] | None  # national prefix for parsing
    idd: re.Pattern[str] | None  # international dialling prefix
    general: re.Pattern[str]  # the general description's pattern (fullmatch)
    lengths: frozenset[int]  # the general description's possible lengths
    shortest: int
    longest: int
    local_only: frozenset[int]
    valid: dict[int, re.Pattern[str] | None]  # length -> general and type patterns for that length


def _pattern(text: str) -> re.Pattern[str]:
    return re.compile(f"(?:{text})")


def _valid_by_length(metadata: Any) -> dict[int, re.Pattern[str] | None]:
    """For each possible length, one pattern: the general description's (a lookahead over the
    whole number) and an alternation of the type patterns that allow that length (a
    description without possible lengths allows every length, as `_is_number_matching_desc`)."""
    general = metadata.general_desc.national_number_pattern
    descs = [getattr(metadata, name) for name in _TYPES]
    descs = [d for d in descs if d is not None and d.national_number_pattern is not None]
    table: dict[int, re.Pattern[str] | None] = {}
    for length in metadata.general_desc.possible_length:
        parts = [
            d.national_number_pattern for d in descs if not d.possible_length or length in d.possible_length
        ]
        types = "|".join(f"(?:{p})" for p in parts)
        table[length] = re.compile(f"(?=(?:{general})\\Z)(?:{types})") if parts else None
    return table


@lru_cache(maxsize=64)
def _plan(region: str) -> _Plan | None:
    """The region's plan, or None when its numbers are not answered here: a national prefix
    transform rule, a calling code shared with a region tried before it, or a calling code
    that a shorter code is a prefix of."""
    import phonenumbers  # ~0.1 s of metadata: on first use

    metadata = phonenumbers.PhoneMetadata.metadata_for_region(region, None)
    if metadata is None or metadata.general_desc is None or metadata.national_prefix_transform_rule:
        return None
    code = metadata.country_code
    if code is None:
        return None
    regions = phonenumbers.COUNTRY_CODE_TO_REGION_CODE.get(code, ())
    if not regions or regions[0] != region:
        return None
    if len(regions) > 1 and metadata.leading_digits is not None:
        return None
    text = str(code)
    if any(int(text[:i]) in phonenumbers.COUNTRY_CODE_TO_REGION_CODE for i in range(1, len(text))):
        return None
    general = metadata.general_desc
    if general.national_number_pattern is None or not general.possible_length:
        return None
    prefix = metadata.national_prefix_for_parsing
    idd = metadata.international_prefix
    return _Plan(
        code=text,
        prefix=re.compile(prefix) if prefix else None,
        idd=re.compile(idd) if idd else None,
        general=_pattern(general.national_number_pattern),
        lengths=frozenset(general.possible_length),
        shortest=min(general.possible_length),
        longest=max(general.possible_length),
        local_only=frozenset(general.possible_length_local_only or ()),
        valid=_valid_by_length(metadata),
    )


def _strip_prefix(plan: _Plan, number: str) -> str:
    """`_maybe_strip_national_prefix_carrier_code` (no transform rule) and `parse`'s length
    test after it: the number without its national prefix, when the library strips it."""
    if not number or plan.prefix is None:
        return number
    found = plan.prefix.match(number)
    if found is None:
        return number
    stripped = number[found.end() :]
    if plan.general.fullmatch(number) and not plan.general.fullmatch(stripped):
        return number
    size = len(stripped)
    if size in plan.local_only or size < plan.shortest or (size <= plan.longest and size not in plan.lengths):
        return number  # TOO_SHORT, IS_POSSIBLE_LOCAL_ONLY or INVALID_LENGTH: kept as it was
    return stripped


def plain_e164(text: str, region: str) -> str | None:
    """The E.164 form when `text` is a plainly written number valid in `region` (its own
    calling code), else None: the caller asks `phonenumbers` then."""
    if len(text) > _MAX_INPUT or not _PLAIN.fullmatch(text):
        return None
    plan = _plan(region)
    if plan is None:
        return None
    digits = text.translate(_NOT_DIGIT)
    if text[0] == "+":
        if not digits.startswith(plan.code):
            return None
        national = digits[len(plan.code) :]
    else:
        if (plan.idd is not None and plan.idd.match(digits)) or digits.startswith(plan.code):
            return None  # read by the library as international
        national = digits
    national = _strip_prefix(plan, national)
    if not national or national[0] == "0" or len(national) not in plan.lengths:
        return None
    valid = plan.valid.get(len(national))
    if valid is None or not valid.fullmatch(national):
        return None
    return f"+{plan.code}{national}"
