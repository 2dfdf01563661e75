#!/usr/bin/env python3
"""Set up the project's environment on a fresh machine, then run the app or the tests.

    python3 dev.py app [ARGS...]     set up (idempotent) and launch Gojee Desktop
    python3 dev.py test [PYTEST...]  set up (idempotent) and run the whole test suite headless
    python3 dev.py gojee [ARGS...]   set up and run the headless `gojee` command
    python3 dev.py doctor            what this machine has and lacks for the app and the
                                     tests, with the one command that installs the rest

Only the standard library is used here, so the script works before anything is installed.
The virtual environment lives in `.venv`; it is rebuilt only when `requirements/lock.txt`
or `pyproject.toml` change (a stamp file records their hash).
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
LOCK = ROOT / "requirements" / "lock.txt"
STAMP = VENV / ".gojee-installed"


def _bin(name: str) -> Path:
    scripts = "Scripts" if os.name == "nt" else "bin"
    suffix = ".exe" if os.name == "nt" else ""
    return VENV / scripts / f"{name}{suffix}"


def _wanted_stamp() -> str:
    digest = hashlib.sha256()
    for path in (LOCK, ROOT / "pyproject.toml"):
        digest.update(path.read_bytes())
    digest.update(sys.version.encode())
    return digest.hexdigest()


def ensure_environment() -> None:
    """Create `.venv` and install the locked dependencies plus the project, once."""
    if sys.version_info < (3, 11):  # noqa: UP036 - this file runs on the system's Python
        sys.exit(f"Gojee Desktop needs Python 3.11 or newer; this is {sys.version.split()[0]}.")
    wanted = _wanted_stamp()
    if STAMP.exists() and STAMP.read_text() == wanted and _bin("python").exists():
        return
    if not _bin("python").exists():
        print("Creating the virtual environment in .venv ...", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    python = str(_bin("python"))
    print("Installing dependencies from requirements/lock.txt ...", flush=True)
    subprocess.check_call([python, "-m", "pip", "install", "-q", "--disable-pip-version-check", "uv"])
    uv = [python, "-m", "uv", "pip", "install", "--python", python, "-q"]
    subprocess.check_call([*uv, "-r", str(LOCK)])
    subprocess.check_call([*uv, "--no-deps", "-e", str(ROOT)])
    STAMP.write_text(wanted)


def _system_libs():  # noqa: ANN202 - the module is loaded by path, before any install
    """src/gojee_desktop/system_libs.py (standard library only), loaded without the venv."""
    spec = importlib.util.spec_from_file_location(
        "system_libs", ROOT / "src" / "gojee_desktop" / "system_libs.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["system_libs"] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


def _site_packages() -> Path | None:
    found = sorted(VENV.glob("lib/python3*/site-packages")) + sorted(VENV.glob("Lib/site-packages"))
    return found[-1] if found else None


# What each optional part of the suite needs: (label, program, packages per family).
_TOOLS = [
    (
        "PDF tests (pdftotext)",
        "pdftotext",
        {
            "debian": ["poppler-utils"],
            "fedora": ["poppler-utils"],
            "suse": ["poppler-tools"],
            "arch": ["poppler"],
        },
    ),
    (
        "Business card scan (tesseract)",
        "tesseract",
        {
            "debian": ["tesseract-ocr", "tesseract-ocr-eng"],
            "fedora": ["tesseract", "tesseract-langpack-eng"],
            "suse": ["tesseract-ocr", "tesseract-ocr-traineddata-english"],
            "arch": ["tesseract", "tesseract-data-eng"],
        },
    ),
    (
        "Real-mouse board test (Xvfb)",
        "xvfb-run",
        {
            "debian": ["xvfb", "xauth"],
            "fedora": ["xorg-x11-server-Xvfb", "xorg-x11-xauth"],
            "suse": ["xvfb-run"],
            "arch": ["xorg-server-xvfb", "xorg-xauth"],
        },
    ),
    (
        "Real-keyboard test (xdotool under Xvfb)",
        "xdotool",
        {"debian": ["xdotool"], "fedora": ["xdotool"], "suse": ["xdotool"], "arch": ["xdotool"]},
    ),
]
_POSTGRES = {
    "debian": ["postgresql"],
    "fedora": ["postgresql-server"],
    "suse": ["postgresql-server"],
    "arch": ["postgresql"],
}


def doctor_report() -> tuple[list[str], bool]:
    """Lines saying what this machine has and lacks, and whether anything will be skipped."""
    libs = _system_libs()
    family = libs.distribution_family()
    lines: list[str] = []
    packages: list[str] = []
    if sys.platform.startswith("linux"):
        site = _site_packages()
        plugin = libs.qt_platform_plugin("xcb", site) if site else None
        if plugin is None:
            lines.append("  ?  App window (Qt xcb): PySide6 not installed yet (dev.py installs it)")
        else:
            missing = libs.describe(libs.missing_libraries(plugin), family)
            if missing:
                names = ", ".join(m.soname for m in missing)
                lines.append(f"  -  App window and real-mouse test (Qt xcb) lack: {names}")
                packages += [m.package for m in missing if m.package]
            else:
                lines.append("  ok App window (Qt xcb libraries)")
    for label, program, wanted in _TOOLS:
        if shutil.which(program):
            lines.append(f"  ok {label}")
        else:
            lines.append(f"  -  {label}: {program} not found")
            packages += wanted[family]
    if os.environ.get("GOJEE_TEST_PG_URL"):
        lines.append("  ok PostgreSQL tests (GOJEE_TEST_PG_URL is set)")
    elif any(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl")) or shutil.which("pg_ctl"):
        root = hasattr(os, "geteuid") and os.geteuid() == 0
        if root:
            lines.append("  ok PostgreSQL tests (a throw-away server is started on 127.0.0.1)")
        else:
            lines.append("  -  PostgreSQL tests: set GOJEE_TEST_PG_URL=postgresql+psycopg://user@host/db")
    else:
        lines.append("  -  PostgreSQL tests: no server (or set GOJEE_TEST_PG_URL to one)")
        packages += _POSTGRES[family]
    lacking = any(line.startswith("  -") for line in lines)
    if packages:
        command = f"{libs.INSTALL_COMMANDS[family]} {' '.join(dict.fromkeys(packages))}"
        lines += ["", "Install what is missing with:", f"    {command}"]
    return lines, lacking


def doctor() -> int:
    lines, lacking = doctor_report()
    print("What this machine has for Gojee Desktop and its tests:")
    print("\n".join(lines))
    return 1 if lacking else 0


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in {"app", "test", "gojee", "doctor"}:
        print(__doc__)
        return 2
    command, rest = argv[0], argv[1:]
    ensure_environment()
    if command == "doctor":
        return doctor()
    if command == "app":
        return subprocess.call([str(_bin("python")), "-m", "gojee_desktop", *rest])
    if command == "gojee":
        return subprocess.call([str(_bin("python")), "-m", "gojee_desktop.cli", *rest])
    env = dict(os.environ)
    if not env.get("GOJEE_TEST_PG_URL"):
        env.update(_local_postgres())
        os.environ.update(env)
    lines, lacking = doctor_report()
    if lacking:
        print("Some tests will be skipped on this machine:")
        print("\n".join(lines), flush=True)
    return subprocess.call([str(_bin("python")), "-m", "pytest", *rest], cwd=ROOT, env=env)


def _local_postgres() -> dict[str, str]:
    """Start the throw-away PostgreSQL of `.ci/start-postgres` where that can work (Linux as
    root with the server installed), so the PostgreSQL half of the suite runs too.
    Elsewhere those tests are skipped; set GOJEE_TEST_PG_URL to point them at a server."""
    script = ROOT / ".ci" / "start-postgres"
    server = any(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl")) if os.name != "nt" else False
    if not server or not hasattr(os, "geteuid") or os.geteuid() != 0:
        print("PostgreSQL tests will be skipped (set GOJEE_TEST_PG_URL to run them).", flush=True)
        return {}
    result = subprocess.run(["bash", str(script)], capture_output=True, text=True)
    if result.returncode != 0:
        print(f"Could not start PostgreSQL for the tests: {result.stderr.strip()}", flush=True)
        return {}
    line = result.stdout.strip().splitlines()[-1]
    key, _, value = line.removeprefix("export ").partition("=")
    return {key: value}


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
