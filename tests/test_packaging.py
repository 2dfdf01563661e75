"""What every way of installing the app must carry: the top-level `resources/` folder (icons
for the three systems, the DejaVu fonts with their licence, the sample logo, the desktop entry
and AppStream metadata) installed as `gojee_desktop/resources`, found through
`resources_dir()`; and the PyInstaller spec mapping the same folder into the bundle."""

from __future__ import annotations

import os
import subprocess
import sys
import venv
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest

from gojee_desktop.config import resources_dir
from gojee_desktop.documents.fonts import register_fonts

ROOT = Path(__file__).resolve().parents[1]


def test_resources_are_the_top_level_folder_in_a_checkout():
    assert resources_dir() == ROOT / "resources"
    assert not (ROOT / "src" / "gojee_desktop" / "resources").exists()


def test_fonts_ship_with_their_licence():
    folder = resources_dir() / "fonts"
    assert (folder / "DejaVuSans.ttf").stat().st_size > 500_000
    assert (folder / "DejaVuSans-Bold.ttf").stat().st_size > 500_000
    assert "Bitstream Vera" in (folder / "DejaVu-LICENSE.txt").read_text(encoding="utf-8")
    assert register_fonts() == ("DejaVuSans", "DejaVuSans-Bold")


def test_icons_exist_in_every_format_the_three_systems_need():
    from PIL import Image

    icons = resources_dir() / "icons"
    assert (icons / "gojee.svg").read_text(encoding="utf-8").lstrip().startswith("<svg")
    for size in (16, 32, 48, 128, 256, 512):
        with Image.open(icons / "png" / f"gojee-{size}.png") as image:
            assert image.size == (size, size)
    with Image.open(icons / "gojee.ico") as ico:
        assert ico.format == "ICO"
        assert {(16, 16), (32, 32), (256, 256)} <= set(ico.info["sizes"])
    with Image.open(icons / "gojee.icns") as icns:
        assert icns.format == "ICNS"
        assert icns.size[0] >= 256


def test_desktop_entry_and_appstream_metadata_agree():
    folder = resources_dir()
    entry = (folder / "gojee-desktop.desktop").read_text(encoding="utf-8")
    assert "Exec=gojee-desktop" in entry and "Icon=gojee-desktop" in entry
    component = ET.parse(folder / "app.gojee.GojeeDesktop.metainfo.xml").getroot()
    assert component.findtext("id") == "app.gojee.GojeeDesktop"
    assert component.findtext("launchable") == "gojee-desktop.desktop"
    assert component.find("releases/release") is not None


def test_spec_maps_the_resources_and_sets_the_icons():
    spec = (ROOT / "packaging" / "gojee-desktop.spec").read_text(encoding="utf-8")
    assert '(str(RESOURCES), "gojee_desktop/resources")' in spec
    assert 'RESOURCES = ROOT / "resources"' in spec
    assert 'ICONS / "gojee.ico"' in spec and 'ICONS / "gojee.icns"' in spec
    assert "QtPrintSupport" not in spec  # printing quotes needs it


@pytest.fixture(scope="module")
def built_wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "uv", "build", "--wheel", "--quiet", "-o", str(out), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (wheel,) = out.glob("gojee_desktop-*.whl")
    return wheel


def test_the_wheel_carries_resources_and_migrations(built_wheel: Path):
    names = set(zipfile.ZipFile(built_wheel).namelist())
    for wanted in (
        "gojee_desktop/resources/fonts/DejaVuSans.ttf",
        "gojee_desktop/resources/fonts/DejaVu-LICENSE.txt",
        "gojee_desktop/resources/icons/gojee.svg",
        "gojee_desktop/resources/icons/gojee.ico",
        "gojee_desktop/resources/icons/gojee.icns",
        "gojee_desktop/resources/sample/letterhead-logo.png",
        "gojee_desktop/resources/gojee-desktop.desktop",
        "gojee_desktop/resources/app.gojee.GojeeDesktop.metainfo.xml",
        "gojee_desktop/store/migrations/env.py",
        "gojee_desktop/services/demo/generate.py",
        "gojee_desktop/ui/commands/undo.py",
    ):
        assert wanted in names


def test_the_wheel_installed_in_a_fresh_venv_finds_its_fonts_and_icons(built_wheel: Path, tmp_path: Path):
    """Installed without its dependencies into an empty venv: `config` needs only
    platformdirs, which is put beside it from the wheel cache the same way."""
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=False).create(env_dir)
    python = env_dir / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "uv",
            "pip",
            "install",
            "--quiet",
            "--python",
            str(python),
            "--no-deps",
            str(built_wheel),
        ],
        check=True,
        capture_output=True,
    )
    import platformdirs

    probe = (
        "import sys; sys.path.append(sys.argv[1]);"
        "from gojee_desktop.config import resources_dir; r = resources_dir();"
        "print(r); print((r / 'fonts' / 'DejaVuSans.ttf').stat().st_size);"
        "print((r / 'icons' / 'gojee.ico').exists(), (r / 'sample' / 'letterhead-logo.png').exists())"
    )
    result = subprocess.run(
        [str(python), "-c", probe, str(Path(platformdirs.__file__).parents[1])],
        check=True,
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    folder, font_size, flags = result.stdout.splitlines()
    assert Path(folder).is_relative_to(env_dir)
    assert Path(folder).parts[-2:] == ("gojee_desktop", "resources")
    assert int(font_size) > 500_000
    assert flags == "True True"


def test_babel_trim_keeps_formats_and_english_names(tmp_path):
    """The bundle's Babel data loses name tables except in English; formats stay."""
    import pickle
    import shutil as sh

    import babel

    sys.path.insert(0, str(ROOT / "packaging"))
    try:
        from trim_babel import NAME_TABLES, trim
    finally:
        sys.path.pop(0)
    source = Path(babel.__file__).parent / "locale-data"
    folder = tmp_path / "locale-data"
    folder.mkdir()
    for name in ("root", "en", "de", "de_DE", "fr"):
        sh.copy(source / f"{name}.dat", folder)
    before, after = trim(folder)
    assert after < before
    german = pickle.loads((folder / "de.dat").read_bytes())
    english = pickle.loads((folder / "en.dat").read_bytes())
    assert not set(NAME_TABLES) & set(german)
    assert {"currency_formats", "currency_symbols", "number_symbols", "date_formats", "months"} <= set(german)
    assert english["languages"]["de"] == "German"


def test_spec_builds_both_programs_and_drops_what_the_app_never_loads():
    spec = (ROOT / "packaging" / "gojee-desktop.spec").read_text(encoding="utf-8")
    assert 'name="gojee"' in spec and "console=True" in spec  # the `gojee` command
    assert "translations/" in spec and "_avif" in spec and "LINUX_DESKTOP_LIBS" in spec
    build = (ROOT / "packaging" / "build.sh").read_text(encoding="utf-8")
    assert "--smoke" in build and "trim_babel.py" in build and ".tar.gz" in build
