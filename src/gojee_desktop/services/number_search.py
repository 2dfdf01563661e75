"""A search typed as a job number ("J-000", "j42", "J-000042") means numbers, not words.

Full-text search would read it as "any word starting with j" AND "any word starting with the
digits": every job has a j-word (its own number), so at a million jobs that intersection
costs ~100 ms. Read as numbers it is a few id ranges on the primary key, and finds the same
jobs the number and its unpadded digits would match."""

from __future__ import annotations

import re

from gojee_desktop.services.jobs import NUMBER_PREFIX

_NUMBER = re.compile(rf"^\s*{re.escape(NUMBER_PREFIX.rstrip('-'))}\s*-?\s*(\d{{1,9}})\s*$", re.IGNORECASE)
_PADDED_WIDTH = 6  # J-000042: ids are zero-padded to six digits, longer ones print in full
_MAX_WIDTH = 10
MAX_ID = 2**31 - 1  # ids are 32-bit integers on both databases


def number_ranges(text: str) -> list[tuple[int, int]] | None:
    """Inclusive id ranges of the jobs whose number starts with what was typed (J-000 finds
    J-000001 to J-000999), or whose plain digits do (J-42 also finds 42, 420-429, ...).
    None when the text is not a job number."""
    match = _NUMBER.match(text or "")
    if match is None:
        return None
    digits = match.group(1)
    value, length = int(digits), len(digits)
    ranges: set[tuple[int, int]] = set()
    for width in range(max(length, _PADDED_WIDTH), _MAX_WIDTH + 1):
        # Printed numbers of this width: J-000000..J-999999, then J-1000000.. (no padding).
        low_bound = 0 if width == _PADDED_WIDTH else 10 ** (width - 1)
        scale = 10 ** (width - length)
        low, high = max(value * scale, low_bound), min((value + 1) * scale - 1, 10**width - 1)
        if low <= high:
            ranges.add((low, high))
    if not digits.startswith("0"):  # the unpadded digits: 42 -> 42, 420-429, 4200-4299, ...
        for extra in range(_MAX_WIDTH - length + 1):
            scale = 10**extra
            ranges.add((value * scale, (value + 1) * scale - 1))
    return [(low, min(high, MAX_ID)) for low, high in _merged(ranges) if low <= MAX_ID]


def _merged(ranges: set[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for low, high in sorted(ranges):
        if merged and low <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(merged[-1][1], high))
        else:
            merged.append((low, high))
    return merged
