"""A PostgreSQL server of a test's own, on a free port, that the test may stop, start and
cut connections of (a real restart, as a team's server does during a session). It is
separate from the shared test server of GOJEE_TEST_PG_URL, so other tests are untouched.

Needs Linux as root with the server binaries (as `.ci/start-postgres`); elsewhere the test
is skipped with the reason, or fails when GOJEE_REQUIRE_PG=1 (CI)."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest


def _pg_bin() -> Path | None:
    folders = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: int(p.parent.name or 0))
    folders = [folder for folder in folders if (folder / "pg_ctl").exists()]
    return folders[-1] if folders else None


def why_not() -> str | None:
    """Why a private server cannot be started here (None: it can)."""
    if os.name != "posix" or not hasattr(os, "geteuid"):
        return "a private PostgreSQL server needs Linux"
    if os.geteuid() != 0:
        return "a private PostgreSQL server needs root (to run initdb as the postgres user)"
    if _pg_bin() is None:
        return "PostgreSQL server binaries not found (install postgresql)"
    if shutil.which("su") is None:
        return "`su` not found"
    try:
        import pwd

        pwd.getpwnam("postgres")
    except KeyError:
        return "no `postgres` user (install postgresql)"
    return None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class PrivateServer:
    """initdb'd in a temporary folder; `stop()`, `start()` and `terminate_backends()`."""

    def __init__(self) -> None:
        bin_dir = _pg_bin()
        assert bin_dir is not None
        self.bin = bin_dir
        self.port = _free_port()
        self.folder = Path(tempfile.mkdtemp(prefix="gojee-pg-private-"))
        self.data = self.folder / "data"
        self.data.mkdir()
        shutil.chown(self.folder, "postgres", "postgres")
        shutil.chown(self.data, "postgres", "postgres")
        self._as_postgres(f"{self.bin}/initdb -D {self.data} -A trust -U postgres --no-sync")

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def _as_postgres(self, command: str) -> None:
        subprocess.run(
            ["su", "postgres", "-s", "/bin/sh", "-c", command],
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            timeout=60,
        )

    def start(self) -> None:
        options = (
            f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.folder} -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off"
        )
        self._as_postgres(
            f"{self.bin}/pg_ctl -D {self.data} -l {self.folder}/server.log -w -o '{options}' start"
        )

    def stop(self) -> None:
        """A fast shutdown: every session is cut, as when the server is restarted."""
        self._as_postgres(f"{self.bin}/pg_ctl -D {self.data} -m fast -w stop")

    def terminate_backends(self) -> int:
        """Cut every other session (`pg_terminate_backend`); how many were cut."""
        with psycopg.connect(f"host=127.0.0.1 port={self.port} user=postgres dbname=postgres") as conn:
            rows = conn.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE pid <> pg_backend_pid() AND backend_type = 'client backend'"
            ).fetchall()
        return sum(1 for (cut,) in rows if cut)

    def remove(self) -> None:
        with contextlib.suppress(subprocess.SubprocessError, OSError):
            self.stop()
        shutil.rmtree(self.folder, ignore_errors=True)


@pytest.fixture
def private_pg() -> Iterator[PrivateServer]:
    """A running private server; removed (stopped, folder deleted) after the test."""
    reason = why_not()
    if reason is not None:
        if os.environ.get("GOJEE_REQUIRE_PG") == "1":
            pytest.fail(f"GOJEE_REQUIRE_PG=1 but {reason}")
        pytest.skip(reason)
    server = PrivateServer()
    try:
        server.start()
        yield server
    finally:
        server.remove()
