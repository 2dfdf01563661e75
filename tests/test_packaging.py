"""What the bundle must carry for quotes: the DejaVu fonts and their licence (found through
`resources_dir()`, which the PyInstaller spec maps into the bundle), and QtPrintSupport."""

from __future__ import annotations

import tomllib
from pathlib import Path

from gojee_desktop.config import resources_dir
from gojee_desktop.documents.fonts import register_fonts

ROOT = Path(__file__).resolve().parents[1]


def test_fonts_ship_with_their_licence():
    folder = resources_dir() / "fonts"
    assert (folder / "DejaVuSans.ttf").stat().st_size > 500_000
    assert (folder / "DejaVuSans-Bold.ttf").stat().st_size > 500_000
    assert "Bitstream Vera" in (folder / "DejaVu-LICENSE.txt").read_text(encoding="utf-8")
    assert register_fonts() == ("DejaVuSans", "DejaVuSans-Bold")


def test_spec_and_wheel_bundle_the_resources_and_print_support():
    spec = (ROOT / "packaging" / "gojee-desktop.spec").read_text(encoding="utf-8")
    assert '(str(PACKAGE / "resources"), "gojee_desktop/resources")' in spec
    assert "QtPrintSupport" not in spec  # printing quotes needs it
    package_data = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["package-data"]
    assert "resources/**/*" in package_data["gojee_desktop"]
