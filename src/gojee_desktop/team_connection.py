"""The team database (PostgreSQL) this computer uses: its address in the settings file, its
password in the operating system's keyring (Keychain, Credential Manager, Secret Service),
never in a plain file. `config.default_database_url` asks here before the local file."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass

from sqlalchemy.engine import URL, make_url

from gojee_desktop.config import read_setting, write_setting

KEYRING_SERVICE = "Gojee Desktop"
_SETTING = "team_database"


@dataclass(frozen=True)
class TeamConnection:
    """Where the team database is; the password is not part of it."""

    host: str
    database: str
    user: str
    port: int = 5432

    @property
    def account(self) -> str:
        """The keyring entry's name: user@host:port/database."""
        return f"{self.user}@{self.host}:{self.port}/{self.database}"

    def url(self, password: str | None = None) -> str:
        return URL.create(
            "postgresql+psycopg", self.user, password or None, self.host, self.port, self.database
        ).render_as_string(hide_password=False)


def saved_connection() -> TeamConnection | None:
    value = read_setting(_SETTING)
    if not isinstance(value, dict):
        return None
    try:
        return TeamConnection(
            host=str(value["host"]), database=str(value["database"]), user=str(value["user"]),
            port=int(value.get("port", 5432)),
        )  # fmt: skip
    except (KeyError, TypeError, ValueError):
        return None


def saved_url() -> str | None:
    """The team database's URL with the password from the keyring, or None when this
    computer uses its local file."""
    connection = saved_connection()
    if connection is None:
        return None
    import keyring
    from keyring.errors import KeyringError

    try:
        password = keyring.get_password(KEYRING_SERVICE, connection.account)
    except KeyringError:
        password = None  # no keyring here: the server may still accept the user (trust, .pgpass)
    return connection.url(password)


def save_connection(connection: TeamConnection, password: str) -> None:
    """Remember the team database; the password goes to the keyring only."""
    import keyring

    if password:
        keyring.set_password(KEYRING_SERVICE, connection.account, password)
    write_setting(
        _SETTING,
        {
            "host": connection.host,
            "port": connection.port,
            "database": connection.database,
            "user": connection.user,
        },
    )


def forget_connection() -> None:
    """Back to the local file; the password is removed from the keyring."""
    connection = saved_connection()
    if connection is not None:
        import keyring
        from keyring.errors import KeyringError, PasswordDeleteError

        with contextlib.suppress(PasswordDeleteError, KeyringError):
            keyring.delete_password(KEYRING_SERVICE, connection.account)
    write_setting(_SETTING, None)


def connection_from_url(url: str) -> TeamConnection | None:
    parsed = make_url(url)
    if parsed.get_backend_name() != "postgresql" or not parsed.host or not parsed.database:
        return None
    return TeamConnection(
        host=parsed.host, database=parsed.database, user=parsed.username or "", port=parsed.port or 5432
    )
