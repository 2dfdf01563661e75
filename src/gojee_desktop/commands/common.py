"""What every `gojee` command shares: the lazily opened database, parsing of user-typed
values, and output as text or JSON."""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from gojee_desktop.config import default_database_url
from gojee_desktop.money import MoneyError, parse_amount
from gojee_desktop.services.errors import GojeeError, StorageError
from gojee_desktop.services.startup import open_app_database
from gojee_desktop.store.backups import newest_sound_backup
from gojee_desktop.store.database import Database, SessionFactory, sqlite_file


class CliError(Exception):
    """A problem with what was typed on the command line; the message says what."""


def restore_hint(error: StorageError, url: str) -> str:
    """The error, plus the command that restores the newest sound backup when one can help."""
    if not error.restorable:
        return str(error)
    path = sqlite_file(url)
    backup = newest_sound_backup(path) if path is not None else None
    if backup is None:
        return f"{error} No sound backup was found."
    return f"{error} Restore the newest sound backup with: gojee restore {backup}"


@dataclass
class Context:
    """Opens the database on first use, so `--help` and usage errors never touch it."""

    database_url: str | None = None
    _database: Database | None = field(default=None, init=False)

    @property
    def database(self) -> Database:
        if self._database is None:
            try:
                self._database = open_app_database(self.database_url)
            except StorageError as exc:  # damaged, locked, unreachable…: the words are ready
                raise CliError(restore_hint(exc, self.url)) from exc
            except GojeeError:
                raise
            except Exception as exc:  # anything unforeseen still gets one line, no traceback
                raise CliError(f"cannot open the database: {exc}") from exc
        return self._database

    @property
    def url(self) -> str:
        """The database address in use: --database, else GOJEE_DATABASE_URL, else the file."""
        return self.database_url or default_database_url()

    @property
    def sessions(self) -> SessionFactory:
        return self.database.sessions

    def close(self) -> None:
        if self._database is not None:
            self._database.dispose()


def parse_decimal(text: str, what: str) -> Decimal:
    """A decimal typed on the command line (`1234.50`, `1,234.50`), or CliError naming it."""
    try:
        return parse_amount(text)
    except MoneyError as exc:
        raise CliError(f"{what}: {exc}") from exc


def parse_date(text: str, what: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError as exc:
        raise CliError(f"{what}: '{text}' is not a date; use YYYY-MM-DD.") from exc


def parse_id(text: str, what: str = "id") -> int:
    """A job id given as 42 or as its number J-000042."""
    cleaned = text.strip().upper()
    if cleaned.startswith("J-"):
        cleaned = cleaned[2:]
    if not cleaned.isdigit():
        raise CliError(f"'{text}' is not a {what}: give a number such as 42 or J-000042.")
    return int(cleaned)


def to_jsonable(value: Any) -> Any:
    """Decimals become strings ("1234.50"), dates ISO strings, tuples lists."""
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [to_jsonable(v) for v in value]
    return value


def print_json(document: Any) -> None:
    json.dump(to_jsonable(document), sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")
