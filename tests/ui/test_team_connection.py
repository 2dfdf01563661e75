"""File › Connect to a team database…: the connection is tried before it is saved, the
password lands in the OS keyring (an in-memory keyring here: the keyring is a system edge)
and never in a settings file, and the app then opens the team database by default."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.errors import PasswordDeleteError
from sqlalchemy.engine import make_url

from gojee_desktop.config import default_database_url
from gojee_desktop.team_connection import KEYRING_SERVICE, saved_connection
from gojee_desktop.ui.dialogs.team_connection_dialog import TeamConnectionDialog


class MemoryKeyring(KeyringBackend):
    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.secrets: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.secrets.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.secrets[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if (service, username) not in self.secrets:
            raise PasswordDeleteError(username)
        del self.secrets[(service, username)]


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    memory = MemoryKeyring()
    keyring.set_keyring(memory)
    yield memory
    keyring.set_keyring(previous)


def _files_text(folder: Path) -> str:
    return "".join(p.read_text(errors="replace") for p in folder.rglob("*") if p.is_file())


def test_an_unreachable_server_is_said_and_nothing_is_saved(qtbot, memory_keyring, _isolated_data_dir):
    dialog = TeamConnectionDialog()
    qtbot.addWidget(dialog)
    dialog.host.setText("127.0.0.1")
    dialog.port.setValue(1)
    dialog.user.setText("office")
    dialog.password.setText("s3cret")
    assert not dialog.try_connect()
    assert dialog.message.text().startswith("Cannot reach the database server at 127.0.0.1.")
    assert dialog.database is None and saved_connection() is None
    assert memory_keyring.secrets == {}
    assert default_database_url().startswith("sqlite:///")


def test_missing_fields_are_named(qtbot, memory_keyring):
    dialog = TeamConnectionDialog()
    qtbot.addWidget(dialog)
    dialog.database_name.setText("")
    assert not dialog.try_connect()
    assert dialog.message.text() == "Please fill in the server and database and user."


@pytest.mark.postgres
def test_connect_keeps_the_password_in_the_keyring_only(
    qtbot, memory_keyring, _postgres_ready, _isolated_data_dir
):
    server = make_url(_postgres_ready)
    dialog = TeamConnectionDialog()
    qtbot.addWidget(dialog)
    dialog.host.setText(server.host or "")
    dialog.port.setValue(server.port or 5432)
    dialog.database_name.setText(server.database or "")
    dialog.user.setText(server.username or "")
    dialog.password.setText("s3cret-Passw0rd")
    assert dialog.try_connect(), dialog.message.text()
    assert dialog.database is not None and dialog.database.dialect == "postgresql"
    dialog.database.dispose()
    account = f"{server.username}@{server.host}:{server.port}/{server.database}"
    assert memory_keyring.secrets == {(KEYRING_SERVICE, account): "s3cret-Passw0rd"}
    assert "s3cret-Passw0rd" not in _files_text(_isolated_data_dir)
    url = make_url(default_database_url())
    assert (url.host, url.database, url.password) == (server.host, server.database, "s3cret-Passw0rd")

    again = TeamConnectionDialog()
    qtbot.addWidget(again)
    assert again.host.text() == server.host and again.local_button.isVisibleTo(again)
    again.local_button.click()
    assert again.use_local and saved_connection() is None and memory_keyring.secrets == {}
    assert default_database_url().startswith("sqlite:///")
