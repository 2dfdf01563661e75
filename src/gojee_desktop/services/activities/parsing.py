"""Due days, times and durations as users type them, checked the same way for the window,
the command line and imports; each problem is one sentence naming the value."""

from __future__ import annotations

import re
from datetime import date, time

from gojee_desktop.models import ACTIVITY_KINDS
from gojee_desktop.services.errors import ValidationError

_DATE = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$")
_TIME = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*$")
MAX_DURATION_MINUTES = 7 * 24 * 60


def parse_kind(value: str) -> str:
    kind = (value or "").strip().lower()
    if kind not in ACTIVITY_KINDS:
        raise ValidationError(
            f"Unknown activity kind '{value}': use one of {', '.join(ACTIVITY_KINDS)}.", field="kind"
        )
    return kind


def parse_due_date(value: date | str | None) -> date:
    """A real calendar day: 2026-02-30 is refused, not moved to March."""
    if isinstance(value, date):
        return value
    text = (value or "").strip()
    if not text:
        raise ValidationError("An activity needs a due date (YYYY-MM-DD).", field="due_date")
    match = _DATE.match(text)
    if match is None:
        raise ValidationError(f"'{text}' is not a date; use YYYY-MM-DD.", field="due_date")
    year, month, day = (int(part) for part in match.groups())
    try:
        return date(year, month, day)
    except ValueError:
        raise ValidationError(f"The date {text} does not exist.", field="due_date") from None


def parse_due_time(value: time | str | None) -> time | None:
    """HH:MM on a 24-hour clock, or nothing (an activity for the whole day)."""
    if value is None or isinstance(value, time):
        return value.replace(second=0, microsecond=0) if isinstance(value, time) else None
    text = value.strip()
    if not text:
        return None
    match = _TIME.match(text)
    if match is None:
        raise ValidationError(f"'{text}' is not a time; use HH:MM (24-hour clock).", field="due_time")
    hour, minute = int(match.group(1)), int(match.group(2))
    if hour > 23 or minute > 59:
        raise ValidationError(f"The time {text} does not exist; use 00:00 to 23:59.", field="due_time")
    return time(hour, minute)


def parse_duration(value: int | str | None) -> int | None:
    """Minutes, a whole number from 1 to a week, or nothing."""
    if value is None or value == "":
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        minutes = value
    else:
        text = str(value).strip()
        if not text.isdigit():
            raise ValidationError(
                f"The duration '{text}' is not a whole number of minutes.", field="duration"
            )
        minutes = int(text)
    if not 1 <= minutes <= MAX_DURATION_MINUTES:
        raise ValidationError(
            f"A duration must be 1 to {MAX_DURATION_MINUTES} minutes, not {minutes}.", field="duration"
        )
    return minutes


def clean_subject(value: str) -> str:
    subject = " ".join((value or "").split())
    if not subject:
        raise ValidationError("An activity needs a subject.", field="subject")
    if len(subject) > 300:
        raise ValidationError("A subject can be at most 300 characters.", field="subject")
    return subject


def clean_text(value: str, what: str, limit: int = 100_000) -> str:
    """Multi-line text without NUL or other control characters (tabs and newlines kept)."""
    text = "".join(ch for ch in (value or "").replace("\r\n", "\n") if ch in "\n\t" or ord(ch) >= 32)
    if len(text) > limit:
        raise ValidationError(f"{what} can be at most {limit:,} characters.", field=what.lower())
    return text.strip("\n")
