"""What a Linux system lacks for Qt's window plugins, said before Qt starts.

Qt's own message when its xcb plugin cannot load blames `xcb-cursor0` whatever is missing,
suggests reinstalling, and aborts. Here the plugin shipped in the installed PySide6 is asked
the dynamic loader's way (`ldd`, which follows the same search path and reports every missing
library), each missing library is named with the package that provides it on this
distribution family, and the one install command is printed.

Standard library only, and no imports from the app: `dev.py` loads this file by path before
the virtual environment exists, and the window runs it before importing Qt.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

DEBIAN, FEDORA, SUSE, ARCH = "debian", "fedora", "suse", "arch"
FAMILIES = (DEBIAN, FEDORA, SUSE, ARCH)

#: The install command of each distribution family.
INSTALL_COMMANDS = {
    DEBIAN: "sudo apt install",
    FEDORA: "sudo dnf install",
    SUSE: "sudo zypper install",
    ARCH: "sudo pacman -S --needed",
}

# Library soname -> package per family (Debian/Ubuntu, Fedora/RHEL, openSUSE, Arch), for
# every system library Qt's xcb and wayland plugins link against.
_PACKAGES: dict[str, tuple[str, str, str, str]] = {
    "libxcb-cursor.so.0": ("libxcb-cursor0", "xcb-util-cursor", "libxcb-cursor0", "xcb-util-cursor"),
    "libxcb-icccm.so.4": ("libxcb-icccm4", "xcb-util-wm", "libxcb-icccm4", "xcb-util-wm"),
    "libxcb-keysyms.so.1": ("libxcb-keysyms1", "xcb-util-keysyms", "libxcb-keysyms1", "xcb-util-keysyms"),
    "libxcb-image.so.0": ("libxcb-image0", "xcb-util-image", "libxcb-image0", "xcb-util-image"),
    "libxcb-render-util.so.0": (
        "libxcb-render-util0",
        "xcb-util-renderutil",
        "libxcb-render-util0",
        "xcb-util-renderutil",
    ),
    "libxcb-util.so.1": ("libxcb-util1", "xcb-util", "libxcb-util1", "xcb-util"),
    "libxcb.so.1": ("libxcb1", "libxcb", "libxcb1", "libxcb"),
    "libxcb-randr.so.0": ("libxcb-randr0", "libxcb", "libxcb-randr0", "libxcb"),
    "libxcb-render.so.0": ("libxcb-render0", "libxcb", "libxcb-render0", "libxcb"),
    "libxcb-shape.so.0": ("libxcb-shape0", "libxcb", "libxcb-shape0", "libxcb"),
    "libxcb-shm.so.0": ("libxcb-shm0", "libxcb", "libxcb-shm0", "libxcb"),
    "libxcb-sync.so.1": ("libxcb-sync1", "libxcb", "libxcb-sync1", "libxcb"),
    "libxcb-xfixes.so.0": ("libxcb-xfixes0", "libxcb", "libxcb-xfixes0", "libxcb"),
    "libxcb-xkb.so.1": ("libxcb-xkb1", "libxcb", "libxcb-xkb1", "libxcb"),
    "libxcb-glx.so.0": ("libxcb-glx0", "libxcb", "libxcb-glx0", "libxcb"),
    "libX11-xcb.so.1": ("libx11-xcb1", "libX11-xcb", "libX11-xcb1", "libx11"),
    "libX11.so.6": ("libx11-6", "libX11", "libX11-6", "libx11"),
    "libxkbcommon.so.0": ("libxkbcommon0", "libxkbcommon", "libxkbcommon0", "libxkbcommon"),
    "libxkbcommon-x11.so.0": (
        "libxkbcommon-x11-0",
        "libxkbcommon-x11",
        "libxkbcommon-x11-0",
        "libxkbcommon-x11",
    ),
    "libEGL.so.1": ("libegl1", "libglvnd-egl", "libEGL1", "libglvnd"),
    "libGL.so.1": ("libgl1", "libglvnd-glx", "libGL1", "libglvnd"),
    "libGLX.so.0": ("libglx0", "libglvnd-glx", "libGLX0", "libglvnd"),
    "libGLdispatch.so.0": ("libglvnd0", "libglvnd", "libglvnd0", "libglvnd"),
    "libXau.so.6": ("libxau6", "libXau", "libXau6", "libxau"),
    "libXdmcp.so.6": ("libxdmcp6", "libXdmcp", "libXdmcp6", "libxdmcp"),
    "libOpenGL.so.0": ("libopengl0", "libglvnd-opengl", "libOpenGL0", "libglvnd"),
    "libfontconfig.so.1": ("libfontconfig1", "fontconfig", "libfontconfig1", "fontconfig"),
    "libfreetype.so.6": ("libfreetype6", "freetype", "libfreetype6", "freetype2"),
    "libdbus-1.so.3": ("libdbus-1-3", "dbus-libs", "libdbus-1-3", "dbus"),
    "libglib-2.0.so.0": ("libglib2.0-0", "glib2", "libglib-2_0-0", "glib2"),
    "libgthread-2.0.so.0": ("libglib2.0-0", "glib2", "libgthread-2_0-0", "glib2"),
    "libwayland-client.so.0": ("libwayland-client0", "libwayland-client", "libwayland-client0", "wayland"),
    "libwayland-cursor.so.0": ("libwayland-cursor0", "libwayland-cursor", "libwayland-cursor0", "wayland"),
    "libwayland-egl.so.1": ("libwayland-egl1", "libwayland-egl", "libwayland-egl1", "wayland"),
}

_NOT_FOUND = re.compile(r"^\s*(\S+)\s+=>\s+not found\s*$", re.MULTILINE)
_CANNOT_OPEN = re.compile(r"([\w.+-]+\.so[\w.]*): cannot open shared object file")


@dataclass(frozen=True)
class MissingLibrary:
    """A library the plugin needs that the loader cannot find, and what provides it."""

    soname: str
    package: str | None  # None: not in our table; the message names the library itself


def distribution_family(os_release: str | None = None) -> str:
    """'debian', 'fedora', 'suse' or 'arch' from /etc/os-release (ID, then ID_LIKE);
    Debian's names when nothing matches, as the most common family."""
    if os_release is None:
        try:
            os_release = Path("/etc/os-release").read_text(encoding="utf-8", errors="replace")
        except OSError:
            os_release = ""
    values: dict[str, str] = {}
    for line in os_release.splitlines():
        key, sep, value = line.partition("=")
        if sep:
            values[key.strip()] = value.strip().strip("\"'").lower()
    ids = [values.get("ID", ""), *values.get("ID_LIKE", "").split()]
    aliases = {
        DEBIAN: ("debian", "ubuntu", "linuxmint", "pop", "raspbian"),
        FEDORA: ("fedora", "rhel", "centos", "rocky", "almalinux"),
        SUSE: ("suse", "opensuse", "opensuse-leap", "opensuse-tumbleweed", "sles"),
        ARCH: ("arch", "manjaro", "endeavouros"),
    }
    for ident in ids:
        for family, names in aliases.items():
            if ident in names or (family == SUSE and ident.startswith("opensuse")):
                return family
    return DEBIAN


def package_for(soname: str, family: str) -> str | None:
    """The package of `family` that provides `soname`, or None when it is not known."""
    packages = _PACKAGES.get(soname)
    return packages[FAMILIES.index(family)] if packages else None


def missing_libraries(library: Path) -> list[str]:
    """The libraries `library` needs that the dynamic loader cannot find, in ldd's order
    (each once). Without `ldd`, loading it in a child process names the first one."""
    ldd = shutil.which("ldd")
    if ldd is not None:
        result = subprocess.run([ldd, str(library)], capture_output=True, text=True, check=False)
        return list(dict.fromkeys(_NOT_FOUND.findall(result.stdout)))
    probe = "import ctypes, sys; ctypes.CDLL(sys.argv[1])"
    result = subprocess.run([sys.executable, "-c", probe, str(library)], capture_output=True, text=True)
    return list(dict.fromkeys(_CANNOT_OPEN.findall(result.stderr)))


def qt_platform_plugin(name: str, site_packages: Path | None = None) -> Path | None:
    """The path of Qt's platform plugin `name` ('xcb', 'wayland') in the installed PySide6,
    found without importing it; None when PySide6 or the plugin is not there."""
    if site_packages is not None:
        folder: Path | None = site_packages / "PySide6"
    elif getattr(sys, "frozen", False) and hasattr(sys, "_MEIPASS"):
        folder = Path(sys._MEIPASS) / "PySide6"  # the bundle's own copy
    else:
        spec = importlib.util.find_spec("PySide6")
        locations = list(spec.submodule_search_locations or []) if spec else []
        folder = Path(locations[0]) if locations else None
    if folder is None:
        return None
    plugin = folder / "Qt" / "plugins" / "platforms" / f"libq{name}.so"
    return plugin if plugin.exists() else None


def describe(missing: list[str], family: str) -> list[MissingLibrary]:
    return [MissingLibrary(soname, package_for(soname, family)) for soname in missing]


def install_command(libraries: list[MissingLibrary], family: str) -> str | None:
    """One command installing every known package, or None when none is known."""
    packages = list(dict.fromkeys(lib.package for lib in libraries if lib.package))
    return f"{INSTALL_COMMANDS[family]} {' '.join(packages)}" if packages else None


def message(libraries: list[MissingLibrary], family: str, width: int = 78) -> str:
    """The words a user reads in a terminal: what is missing, what provides it, the command."""
    lines = textwrap.wrap(
        "Gojee Desktop cannot open its window: this system lacks libraries that Qt needs "
        "to draw windows on an X11 desktop.",
        width,
    )
    lines.append("")
    for lib in libraries:
        provider = f"(package {lib.package})" if lib.package else "(package not known)"
        lines.append(f"  missing {lib.soname}  {provider}")
    command = install_command(libraries, family)
    lines.append("")
    if command:
        lines.append("Install them with:")
        lines.extend(textwrap.wrap(command, width - 4, initial_indent="    ", subsequent_indent="      "))
    else:
        lines.append("Install the packages that provide them with your system's package manager.")
    lines.append("")
    lines.append("Then start Gojee Desktop again.")
    return "\n".join(lines)


def _wayland_session() -> bool:
    return bool(os.environ.get("WAYLAND_DISPLAY")) or os.environ.get("XDG_SESSION_TYPE") == "wayland"


def _loads(plugin: Path) -> bool:
    """Load the plugin the way Qt will in a moment. When everything is present this costs
    nothing extra: Qt finds the libraries already loaded. Only a failure pays for `ldd`."""
    import ctypes

    try:
        ctypes.CDLL(str(plugin))
    except OSError:
        return False
    return True


def check_window_system() -> str | None:
    """Before Qt starts (Linux; the bundle too, which uses the desktop's own X11 libraries):
    None when the window can open, else the
    message to print. On a Wayland session whose plugin loads, Wayland is used quietly."""
    if not sys.platform.startswith("linux"):
        return None
    wanted = os.environ.get("QT_QPA_PLATFORM", "")
    if wanted and not wanted.startswith(("xcb", "wayland")):
        return None  # offscreen, vnc, eglfs…: not an X11/Wayland desktop window
    if not wanted and _wayland_session():
        wayland = qt_platform_plugin("wayland")
        if wayland is not None and _loads(wayland):
            os.environ["QT_QPA_PLATFORM"] = "wayland"
            return None
    if wanted.startswith("wayland"):
        return None  # asked for explicitly: Qt's own message is specific enough there
    plugin = qt_platform_plugin("xcb")
    if plugin is None or _loads(plugin):
        return None  # no PySide6 to check (Qt will say so itself), or all is there
    missing = missing_libraries(plugin)
    if not missing:
        return None
    family = distribution_family()
    return message(describe(missing, family), family)
