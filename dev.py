#!/usr/bin/env python3
"""Set up the project's environment on a fresh machine, then run the app or the tests.

    python3 dev.py app [ARGS...]     set up (idempotent) and launch Gojee Desktop
    python3 dev.py test [PYTEST...]  set up (idempotent) and run the whole test suite headless
    python3 dev.py gojee [ARGS...]   set up and run the headless `gojee` command

Only the standard library is used here, so the script works before anything is installed.
The virtual environment lives in `.venv`; it is rebuilt only when `requirements/lock.txt`
or `pyproject.toml` change (a stamp file records their hash).
"""

from __future__ import annotations

import hashlib
import os
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
    if sys.version_info < (3, 11):
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


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in {"app", "test", "gojee"}:
        print(__doc__)
        return 2
    command, rest = argv[0], argv[1:]
    ensure_environment()
    if command == "app":
        return subprocess.call([str(_bin("python")), "-m", "gojee_desktop", *rest])
    if command == "gojee":
        return subprocess.call([str(_bin("python")), "-m", "gojee_desktop.cli", *rest])
    env = dict(os.environ)
    if not env.get("GOJEE_TEST_PG_URL"):
        env.update(_local_postgres())
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
