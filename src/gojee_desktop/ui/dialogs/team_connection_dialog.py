"""File › Connect to a team database…: the PostgreSQL server a team shares. The connection
is tried before anything is saved; the password goes to the operating system's keyring."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from gojee_desktop.services.errors import GojeeError
from gojee_desktop.services.startup import open_app_database
from gojee_desktop.store.database import Database
from gojee_desktop.team_connection import TeamConnection, forget_connection, save_connection, saved_connection
from gojee_desktop.ui import theme


class TeamConnectionDialog(QDialog):
    """After `exec()`: `database` is the opened team database (Connect), or `use_local` is
    True (Use this computer's file), or neither (Cancel)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("teamConnectionDialog")
        self.setWindowTitle("Connect to a team database")
        self.database: Database | None = None
        self.use_local = False
        layout = QVBoxLayout(self)
        intro = QLabel(
            "Everyone in the team works in one PostgreSQL database on a server you run (see "
            "the README, “A shared database for a team”). The password is kept in this "
            "computer's keyring, not in a file.",
            self,
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.host = QLineEdit(self)
        self.host.setPlaceholderText("server name or address, e.g. office-server")
        self.port = QSpinBox(self)
        self.port.setRange(1, 65535)
        self.port.setValue(5432)
        self.database_name = QLineEdit(self)
        self.database_name.setText("gojee")
        self.user = QLineEdit(self)
        self.password = QLineEdit(self)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow("&Server:", self.host)
        form.addRow("P&ort:", self.port)
        form.addRow("&Database:", self.database_name)
        form.addRow("&User:", self.user)
        form.addRow("Pass&word:", self.password)
        layout.addLayout(form)
        self.message = QLabel(self)
        self.message.setObjectName("connectionMessage")
        self.message.setWordWrap(True)
        theme.set_style(self.message, "color: $error;")
        self.message.hide()
        layout.addWidget(self.message)
        buttons = QDialogButtonBox(self)
        self.connect_button = QPushButton("&Connect", self)
        self.connect_button.setDefault(True)
        self.local_button = QPushButton("Use this computer's &file", self)
        buttons.addButton(self.connect_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.local_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.connect_button.clicked.connect(self.try_connect)
        self.local_button.clicked.connect(self._use_local)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        saved = saved_connection()
        self.local_button.setVisible(saved is not None)
        if saved is not None:
            self.host.setText(saved.host)
            self.port.setValue(saved.port)
            self.database_name.setText(saved.database)
            self.user.setText(saved.user)
        (self.password if saved else self.host).setFocus()
        self.resize(460, 0)

    def connection(self) -> TeamConnection:
        return TeamConnection(
            host=self.host.text().strip(),
            port=self.port.value(),
            database=self.database_name.text().strip(),
            user=self.user.text().strip(),
        )

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()

    def try_connect(self) -> bool:
        """Open the database with what was typed; on success remember it and close."""
        connection = self.connection()
        missing = [name for name, value in (("server", connection.host), ("database", connection.database),
                                            ("user", connection.user)) if not value]  # fmt: skip
        if missing:
            self._say(f"Please fill in the {' and '.join(missing)}.")
            return False
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            database = open_app_database(connection.url(self.password.text()))
        except GojeeError as error:
            self._say(str(error))
            return False
        finally:
            QGuiApplication.restoreOverrideCursor()
        save_connection(connection, self.password.text())
        self.database = database
        self.accept()
        return True

    def _use_local(self) -> None:
        forget_connection()
        self.use_local = True
        self.accept()
