"""Help › About: version, database location, and the licences of the libraries and fonts the
app ships with, read from their metadata and licence files (not typed by hand)."""

from __future__ import annotations

from importlib import metadata

from gojee_desktop import __version__, licences
from gojee_desktop.ui.context import AppContext
from gojee_desktop.ui.main_window import MainWindow


def test_libraries_come_from_the_installed_metadata():
    found = {c.name.lower().replace("_", "-"): c for c in licences.libraries()}
    for name in ("sqlalchemy", "reportlab", "pyside6-essentials", "alembic", "babel", "psycopg-binary"):
        assert name in found, name
        assert found[name].version == metadata.version(name)
        assert found[name].licence and found[name].licence != "not stated"
    assert found["sqlalchemy"].licence == "MIT"
    assert "LGPL-3.0" in found["pyside6-essentials"].licence
    assert not {"pytest", "mypy", "ruff", "pyinstaller"} & set(found)  # dev tools are not shipped


def test_fonts_are_read_from_their_licence_files(tmp_path):
    (dejavu,) = licences.fonts()
    assert dejavu.name.startswith("DejaVu fonts") and "DejaVuSans" in dejavu.name
    assert dejavu.licence == "bitstream-vera"
    (tmp_path / "Inter-LICENSE.txt").write_text("Upstream-Name: Inter\nLicense: OFL-1.1\n", encoding="utf-8")
    (tmp_path / "Inter-Regular.ttf").write_bytes(b"")
    (inter,) = licences.fonts(tmp_path)
    assert (inter.name, inter.licence) == ("Inter (Inter-Regular)", "OFL-1.1")


def test_help_about_shows_version_database_and_licences(qtbot, sqlite_db):
    window = MainWindow(AppContext.create(sqlite_db))
    qtbot.addWidget(window)
    window.show_page("leads")
    assert window.about_action in window.menuBar().actions()[-1].menu().actions()
    dialog = window.show_about()
    text = dialog.text.toPlainText()
    assert f"Gojee Desktop {__version__}" in text
    assert str(sqlite_db.engine.url.database) in text
    assert "SQLAlchemy" in text and "MIT" in text
    assert "DejaVu fonts" in text and "bitstream-vera" in text
    assert "LGPL-3.0-only" in text  # Qt and PySide6
    dialog.close()
