"""The check before Qt starts: a real shared library whose dependency is gone is reported with
the package that provides it and the install command of the distribution family; the window
exits 1 with that message instead of Qt's abort; `dev.py doctor` says what the machine lacks."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from gojee_desktop import system_libs
from gojee_desktop.system_libs import ARCH, DEBIAN, FEDORA, SUSE

ROOT = Path(__file__).resolve().parents[1]
needs_cc = pytest.mark.skipif(
    shutil.which("cc") is None or not sys.platform.startswith("linux"),
    reason="needs a C compiler on Linux: install gcc (`python3 dev.py doctor` lists the rest)",
)


def _library_with_a_deleted_dependency(folder: Path, soname: str) -> Path:
    """plugin.so linked against a stub library named `soname`, which is then deleted."""
    (folder / "stub.c").write_text("int stub_value(void) { return 42; }\n")
    (folder / "plugin.c").write_text(
        "int stub_value(void);\nint plugin_value(void) { return stub_value(); }\n"
    )
    stub = folder / soname
    subprocess.run(
        ["cc", "-shared", "-fPIC", f"-Wl,-soname,{soname}", "-o", str(stub), str(folder / "stub.c")],
        check=True,
    )
    plugin = folder / "plugin.so"
    subprocess.run(
        ["cc", "-shared", "-fPIC", "-o", str(plugin), str(folder / "plugin.c"), str(stub)], check=True
    )
    stub.unlink()
    return plugin


@needs_cc
def test_a_dependency_that_cannot_be_found_is_reported(tmp_path: Path) -> None:
    plugin = _library_with_a_deleted_dependency(tmp_path, "libxcb-cursor.so.0.gojee-test")
    assert system_libs.missing_libraries(plugin) == ["libxcb-cursor.so.0.gojee-test"]


@needs_cc
def test_a_library_with_everything_present_reports_nothing(tmp_path: Path) -> None:
    (tmp_path / "ok.c").write_text("int ok(void) { return 1; }\n")
    library = tmp_path / "ok.so"
    subprocess.run(["cc", "-shared", "-fPIC", "-o", str(library), str(tmp_path / "ok.c")], check=True)
    assert system_libs.missing_libraries(library) == []
    assert system_libs._loads(library)


@needs_cc
def test_without_ldd_the_loader_in_a_child_process_names_the_library(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plugin = _library_with_a_deleted_dependency(tmp_path, "libgojee-gone.so.1")
    monkeypatch.setattr(system_libs.shutil, "which", lambda name: None)
    assert system_libs.missing_libraries(plugin) == ["libgojee-gone.so.1"]
    assert not system_libs._loads(plugin)


@pytest.mark.parametrize(
    ("os_release", "family"),
    [
        ('ID=debian\nVERSION_ID="12"', DEBIAN),
        ('ID=ubuntu\nID_LIKE=debian\nVERSION_ID="24.04"', DEBIAN),
        ('ID=linuxmint\nID_LIKE="ubuntu debian"', DEBIAN),
        ("ID=fedora\nVERSION_ID=40", FEDORA),
        ('ID="rocky"\nID_LIKE="rhel centos fedora"', FEDORA),
        ('ID="opensuse-tumbleweed"\nID_LIKE="opensuse suse"', SUSE),
        ('ID="opensuse-leap"\nID_LIKE="suse opensuse"', SUSE),
        ("ID=arch", ARCH),
        ("ID=manjaro\nID_LIKE=arch", ARCH),
        ("ID=something-else", DEBIAN),
        ("", DEBIAN),
    ],
)
def test_the_distribution_family_comes_from_os_release(os_release: str, family: str) -> None:
    assert system_libs.distribution_family(os_release) == family


@pytest.mark.parametrize(
    ("family", "packages", "command"),
    [
        (DEBIAN, ["libxcb-cursor0", "libxcb-icccm4", "libxcb-keysyms1"], "sudo apt install"),
        (FEDORA, ["xcb-util-cursor", "xcb-util-wm", "xcb-util-keysyms"], "sudo dnf install"),
        (SUSE, ["libxcb-cursor0", "libxcb-icccm4", "libxcb-keysyms1"], "sudo zypper install"),
        (ARCH, ["xcb-util-cursor", "xcb-util-wm", "xcb-util-keysyms"], "sudo pacman -S --needed"),
    ],
)
def test_the_three_libraries_a_fresh_desktop_lacks_map_to_each_familys_packages(
    family: str, packages: list[str], command: str
) -> None:
    missing = ["libxcb-cursor.so.0", "libxcb-icccm.so.4", "libxcb-keysyms.so.1"]
    described = system_libs.describe(missing, family)
    assert [lib.package for lib in described] == packages
    assert system_libs.install_command(described, family) == f"{command} {' '.join(packages)}"


def test_every_library_the_installed_xcb_plugin_links_against_has_a_package() -> None:
    """A new Qt whose plugin needs one more system library must get a row in the table
    (the plugin's own NEEDED entries and those of its Qt libraries)."""
    plugin = system_libs.qt_platform_plugin("xcb")
    if plugin is None or shutil.which("readelf") is None:
        pytest.skip("needs PySide6's xcb plugin and readelf: install binutils")
    qt_lib = plugin.parents[2] / "lib"
    needed: set[str] = set()
    for library in (
        plugin,
        qt_lib / "libQt6XcbQpa.so.6",
        qt_lib / "libQt6Gui.so.6",
        qt_lib / "libQt6DBus.so.6",
    ):
        dynamic = subprocess.run(["readelf", "-d", str(library)], capture_output=True, text=True, check=True)
        needed |= {
            line.split("[")[1].rstrip("]") for line in dynamic.stdout.splitlines() if "(NEEDED)" in line
        }
    system = {name for name in needed if not name.startswith(("libQt6", "libicu"))}
    base = (
        "libc.so",
        "libm.so",
        "libstdc++",
        "libgcc_s",
        "libz.so",
        "libzstd",
        "libpthread",
        "libdl.",
        "librt.",
    )
    unknown = sorted(
        n for n in system if not n.startswith(base) and system_libs.package_for(n, DEBIAN) is None
    )
    assert unknown == []
    assert "libxcb-cursor.so.0" in system  # the check looked at the real plugin


def test_the_message_reads_as_an_instruction_and_fits_80_columns() -> None:
    missing = ["libxcb-cursor.so.0", "libxcb-icccm.so.4", "libxcb-keysyms.so.1", "libgojee-unknown.so.3"]
    text = system_libs.message(system_libs.describe(missing, DEBIAN), DEBIAN)
    assert max(len(line) for line in text.splitlines()) <= 80
    assert "missing libxcb-cursor.so.0  (package libxcb-cursor0)" in text
    assert "missing libgojee-unknown.so.3  (package not known)" in text
    assert "sudo apt install libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1" in text
    assert "Reinstall" not in text and "Traceback" not in text


def test_offscreen_and_other_platforms_are_not_checked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    monkeypatch.setattr(system_libs, "qt_platform_plugin", lambda *a: pytest.fail("must not look"))
    assert system_libs.check_window_system() is None


@needs_cc
def test_the_window_exits_1_with_the_message_when_xcb_cannot_load(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    gone = "libgojee-xcb-gone.so.0"  # a name no system has, standing in for libxcb-cursor
    plugin = _library_with_a_deleted_dependency(tmp_path, gone)
    monkeypatch.setenv("QT_QPA_PLATFORM", "xcb")
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.setitem(system_libs._PACKAGES, gone, ("libgojee0", "gojee-libs", "libgojee0", "gojee"))
    monkeypatch.setattr(system_libs, "qt_platform_plugin", lambda name, site=None: plugin)
    monkeypatch.setattr(system_libs, "distribution_family", lambda os_release=None: FEDORA)
    from gojee_desktop.app import main

    assert main(["--self-test"]) == 1
    err = capsys.readouterr().err
    assert f"missing {gone}  (package gojee-libs)" in err
    assert "sudo dnf install gojee-libs" in err


@needs_cc
def test_a_wayland_session_whose_plugin_loads_uses_wayland_quietly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    broken_xcb = _library_with_a_deleted_dependency(tmp_path, "libgojee-xcb-gone.so.0")
    (tmp_path / "w.c").write_text("int w(void) { return 1; }\n")
    wayland = tmp_path / "wayland.so"
    subprocess.run(["cc", "-shared", "-fPIC", "-o", str(wayland), str(tmp_path / "w.c")], check=True)
    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
    monkeypatch.setenv("WAYLAND_DISPLAY", "wayland-0")
    plugins = {"xcb": broken_xcb, "wayland": wayland}
    monkeypatch.setattr(system_libs, "qt_platform_plugin", lambda name, site=None: plugins[name])
    assert system_libs.check_window_system() is None
    assert os.environ["QT_QPA_PLATFORM"] == "wayland"


def test_dev_py_doctor_lists_what_the_machine_has_and_lacks(tmp_path: Path) -> None:
    """Run as a user would, with a PATH that has no pdftotext, tesseract or xvfb-run."""
    bare = tmp_path / "bin"
    bare.mkdir()
    for tool in ("ldd", "sh", "uname"):
        if shutil.which(tool):
            (bare / tool).symlink_to(shutil.which(tool))  # type: ignore[arg-type]
    env = {k: v for k, v in os.environ.items() if k != "GOJEE_TEST_PG_URL"}
    env["PATH"] = str(bare)
    result = subprocess.run(
        [sys.executable, str(ROOT / "dev.py"), "doctor"], capture_output=True, text=True, env=env, cwd=ROOT
    )
    out = result.stdout
    assert result.returncode == 1, out + result.stderr
    assert "PDF tests (pdftotext): pdftotext not found" in out
    assert "Business card scan (tesseract): tesseract not found" in out
    assert "Real-mouse board test (Xvfb): xvfb-run not found" in out
    family = system_libs.distribution_family()
    command = system_libs.INSTALL_COMMANDS[family]
    install = [line.strip() for line in out.splitlines() if line.strip().startswith(command)]
    assert len(install) == 1  # one command for all of it
    if family == DEBIAN:
        for package in ("poppler-utils", "tesseract-ocr", "xvfb"):
            assert package in install[0].split()
    assert max(len(line) for line in out.splitlines()) <= 100
