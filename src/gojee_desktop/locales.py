"""The locale amounts and dates are shown and read in (CLDR data through Babel).

One process-wide display locale: the user's choice from Settings, else the system's. The
window sets it at start-up (it knows the system locale on every platform); the `gojee`
command uses the system's as Babel reads it from the environment.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time
from functools import cache, lru_cache

from babel import Locale, UnknownLocaleError, dates, default_locale
from babel.localedata import locale_identifiers

# When the system names no usable locale (C, POSIX), the app's home market.
FALLBACK_LOCALE = "en_AU"

_system_name: str | None = None
_current: Locale | None = None


class LocaleError(ValueError):
    """A locale name that is not one Babel knows, or a date that cannot be read."""


def parse_locale(name: str) -> Locale:
    """`de`, `de_DE`, `de-DE` or `en_IN` -> a Babel locale; LocaleError otherwise."""
    cleaned = (name or "").strip().replace("-", "_")
    try:
        locale = Locale.parse(cleaned)
    except (UnknownLocaleError, ValueError, TypeError) as exc:
        raise LocaleError(f"'{name}' is not a known locale: use a code such as en_AU or de_DE.") from exc
    return locale


def _usable(name: str | None) -> str | None:
    if not name or name.split(".")[0] in ("C", "POSIX") or name.startswith("en_US_POSIX"):
        return None
    try:
        return str(parse_locale(name.split(".")[0]))
    except LocaleError:
        return None


def system_locale_name() -> str:
    """The system's locale as a Babel identifier (`en_AU`), or FALLBACK_LOCALE."""
    return _usable(_system_name) or _usable(default_locale()) or FALLBACK_LOCALE


def set_system_locale(name: str | None) -> None:
    """Tell the module what the desktop says the system locale is (QLocale.system())."""
    global _system_name, _current
    _system_name = name
    _current = None


def set_current_locale(name: str | None) -> Locale:
    """Use `name` for display from now on; empty or None means the system's locale."""
    global _current
    _current = parse_locale(name) if name else parse_locale(system_locale_name())
    return _current


def current_locale() -> Locale:
    """The locale amounts and dates are shown in."""
    global _current
    if _current is None:
        _current = parse_locale(system_locale_name())
    return _current


def resolve(locale: Locale | str | None) -> Locale:
    """A Locale from a Locale, a name, or None (the current display locale)."""
    if locale is None or locale == "":
        return current_locale()
    if isinstance(locale, Locale):
        return locale
    return parse_locale(locale)


@cache
def locale_choices() -> tuple[tuple[str, str], ...]:
    """(identifier, English name) of every language-with-country locale CLDR has, by name."""
    english = Locale("en")
    choices = []
    for identifier in locale_identifiers():
        parts = identifier.split("_")
        if len(parts) != 2 or not parts[1].isalpha() or not parts[1].isupper():
            continue
        language = english.languages.get(parts[0])
        territory = english.territories.get(parts[1])
        if language and territory:
            choices.append((identifier, f"{language} ({territory})"))
    return tuple(sorted(choices, key=lambda item: item[1]))


def format_date(value: date | None, locale: Locale | str | None = None) -> str:
    """A date in the locale's short format (`3/1/27` en_AU, `03.01.27` de), or empty."""
    if value is None:
        return ""
    return dates.format_date(value, "short", locale=resolve(locale))


def format_long_date(value: date, locale: Locale | str | None = None) -> str:
    """A date in the locale's medium format (`3 Jan 2027`, `03.01.2027`), for documents."""
    return dates.format_date(value, "medium", locale=resolve(locale))


# The year and the separators around it in a medium date pattern ("d MMM y", "MMM d, y",
# "y/MM/dd", "y年M月d日", "d MMM y 'г'."): a day in the current year is shown without it.
_YEAR = re.compile(r"[\s,./\-]*y+(?:\u202f?'г'\.|年|\.)?[\s,./\-]*")


@lru_cache(maxsize=4096)
def _day_text(value: date, with_year: bool, locale: Locale) -> str:
    medium = str(locale.date_formats["medium"].pattern)
    day = medium if with_year else (_YEAR.sub(" ", medium).strip(" ,./-") or medium)
    return dates.format_date(value, f"EEE {day}", locale=locale)


def format_day(value: date, locale: Locale | str | None = None, *, this_year: int | None = None) -> str:
    """A due day with its weekday, without the year when it is this year's (`Tue 15 Dec`,
    `Di. 15.12`, `Tue Dec 15, 2027`); cached, since tables and cards repeat the same days."""
    year = this_year if this_year is not None else date.today().year
    return _day_text(value, value.year != year, resolve(locale))


def format_time(value: time, locale: Locale | str | None = None) -> str:
    """A time of day in the locale's short format (`9:30 am`, `09:30`); cached like days."""
    return _time_text(value, resolve(locale))


@lru_cache(maxsize=4096)
def _time_text(value: time, locale: Locale) -> str:
    return dates.format_time(value, "short", locale=locale)


_ISO = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}$")
_NUMERIC = re.compile(r"^\d{1,4}\D{1,2}\d{1,2}\D{1,2}\d{1,4}\.?$")


def parse_date(text: str, locale: Locale | str | None = None) -> date | None:
    """A date typed in the locale's short format or as YYYY-MM-DD; empty means none.
    LocaleError names the expected format with an example."""
    raw = (text or "").strip()
    if not raw:
        return None
    loc = resolve(locale)
    try:
        if _ISO.match(raw):
            return date.fromisoformat("-".join(part.zfill(2) for part in raw.split("-")))
        if _NUMERIC.match(raw):
            return dates.parse_date(raw, loc, format="short")
    except (ValueError, IndexError):
        pass
    example = format_date(date(2026, 3, 31), loc)
    raise LocaleError(f"'{text}' is not a real date: type it like {example} or 2026-03-31.")


def format_date_time(value: datetime, locale: Locale | str | None = None) -> str:
    """A moment in the locale's short date and time, in local time (history entries)."""
    moment = value.astimezone() if value.tzinfo else value
    return dates.format_datetime(moment, "short", locale=resolve(locale))
