"""Help › About: the version, where the data lives, and the licences of the libraries and
fonts the app ships with (read from their metadata and licence files, see `licences`)."""

from __future__ import annotations

import platform
import sqlite3
from html import escape

from PySide6.QtCore import QSize, qVersion
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from gojee_desktop import __version__, licences
from gojee_desktop.config import data_dir
from gojee_desktop.ui.widgets.screen_fit import fit_window


def about_html(database: str) -> str:
    """The About text: version, database, then one table row per library and font."""
    rows = [
        ("Qt", qVersion(), "LGPL-3.0-only"),
        ("Python", platform.python_version(), "PSF-2.0"),
        ("SQLite", sqlite3.sqlite_version, "Public domain"),
    ]
    rows += [(c.name, c.version, c.licence) for c in licences.libraries()]
    table = "".join(
        f"<tr><td>{escape(name)}</td><td>{escape(version)}</td><td>{escape(licence)}</td></tr>"
        for name, version, licence in rows
    )
    fonts = "".join(
        f"<tr><td>{escape(font.name)}</td><td>{escape(font.licence)}</td>"
        f"<td><a href='file://{escape(font.source)}'>licence text</a></td></tr>"
        for font in licences.fonts()
    )
    return (
        f"<h2>Gojee Desktop {escape(__version__)}</h2>"
        "<p>Leads, customer jobs, boards and quotes for trade and service businesses. Works offline.</p>"
        f"<p><b>Database:</b> {escape(database)}<br><b>Data folder:</b> {escape(str(data_dir()))}</p>"
        "<h3>Libraries</h3><table cellspacing='0' cellpadding='3'>"
        "<tr><th align='left'>Name</th><th align='left'>Version</th><th align='left'>Licence</th></tr>"
        f"{table}</table>"
        "<h3>Fonts</h3><table cellspacing='0' cellpadding='3'>"
        "<tr><th align='left'>Font</th><th align='left'>Licence</th><th></th></tr>"
        f"{fonts}</table>"
        "<p>The icons are the project's own.</p>"
    )


class AboutDialog(QDialog):
    """A scrolling text with the About page and a Close button."""

    def __init__(self, database: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("About Gojee Desktop")
        self.setObjectName("aboutDialog")
        self.text = QTextBrowser(self)
        self.text.setObjectName("aboutText")
        self.text.setOpenExternalLinks(True)
        self.text.setHtml(about_html(database))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text, 1)
        layout.addWidget(buttons)
        fit_window(self, QSize(620, 560))
