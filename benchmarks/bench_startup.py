"""Start-up: whole-process time to the first painted window, against a bare PySide6 window.

Each run is a fresh process timed from outside: from just before it is started until it
prints `first-paint: page` (the app, with GOJEE_FIRST_PAINT=exit: the window and its current
page's table have been painted, see `ui/first_paint.py`) or the same line from a bare
PySide6 script (a QMainWindow with a label, reporting its first paint). The app opens an empty
database and a big one (the benchmarks' shared database, `bench_tables.ensure_database`: 1,000,000
jobs by default); the three kinds of run are interleaved so the machine's load falls on all of
them alike, and each figure is the median.

    .venv/bin/python benchmarks/bench_startup.py [--big 1000000] [--runs 7]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
CACHE = Path(tempfile.gettempdir()) / "gojee-startup-bench"

BARE_WINDOW = """
import os, sys
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

app = QApplication(sys.argv[:1])
window = QMainWindow()
window.setWindowTitle("Bare window")
window.setCentralWidget(QLabel("A bare PySide6 window"))


class FirstPaint(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint and watched is window:
            QTimer.singleShot(0, self.report)
        return False

    def report(self):
        print("first-paint: page", flush=True)
        os._exit(0)


watch = FirstPaint()
app.installEventFilter(watch)
window.resize(1200, 700)
window.show()
app.exec()
"""


def ensure_databases(big: int) -> tuple[Path, Path]:
    """An empty database (schema and default lists), built once, and the benchmarks' shared
    database of `big` jobs (`bench_tables.ensure_database`: $GOJEE_BENCH_DIR, default /tmp)."""
    CACHE.mkdir(exist_ok=True)
    empty = CACHE / "empty.sqlite3"
    env = {**os.environ, "GOJEE_DATA_DIR": str(CACHE / "data")}
    if not empty.exists():
        subprocess.run(
            [BIN / "gojee", "--database", f"sqlite:///{empty}", "lead", "list"],
            check=True,
            env=env,
            capture_output=True,
        )
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from bench_tables import ensure_database

    return empty, ensure_database(big)


def time_first_paints(command: list[str], env: dict[str, str]) -> dict[str, float]:
    """Seconds from starting `command` to each `first-paint: WHAT` line it prints, up to
    `first-paint: page` (the window with its page painted; the bare script prints only that)."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env)
    assert process.stdout is not None
    seen: dict[str, float] = {}
    for line in process.stdout:
        if line.startswith("first-paint: "):
            seen.setdefault(line.split(":", 1)[1].strip(), time.perf_counter() - started)
            if "page" in seen:
                process.wait(timeout=60)
                return seen
    process.wait()
    raise RuntimeError(f"{command[0]} exited ({process.returncode}) without painting its window")


def app_env(data: Path) -> dict[str, str]:
    """A fresh data folder per start (default window size, no first-run offer)."""
    if data.exists():
        for path in data.iterdir():
            path.unlink()
    data.mkdir(parents=True, exist_ok=True)
    (data / "gojee-desktop.ini").write_text("[first_run]\nsample_data_offered=true\n", encoding="utf-8")
    return {
        **os.environ,
        "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen"),
        "GOJEE_DATA_DIR": str(data),
        "GOJEE_FIRST_PAINT": "exit",
    }


def missing_bytecode() -> list[str]:
    """Packages of the start whose modules have no compiled bytecode beside them. A venv built
    with PYTHONDONTWRITEBYTECODE set (pip then compiles nothing) compiles them at every
    start, and the figures measure the compiler (3-4x slower), not the app."""
    import importlib.util

    missing = []
    for name in ("sqlalchemy", "babel", "gojee_desktop"):
        spec = importlib.util.find_spec(name)
        origin = spec.origin if spec is not None else None
        if origin and not Path(importlib.util.cache_from_source(origin)).exists():
            missing.append(name)
    return missing


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--big", type=int, default=1_000_000, help="jobs in the big database (default 1,000,000)"
    )
    parser.add_argument("--runs", type=int, default=7, help="starts of each kind (median)")
    args = parser.parse_args()
    if missing := missing_bytecode():
        print(
            f"warning: no compiled bytecode for {', '.join(missing)}; every start compiles them. "
            f"Compile once: {sys.executable} -m compileall -q {Path(sys.prefix) / 'lib'} {ROOT / 'src'}",
            file=sys.stderr,
        )
    empty, large = ensure_databases(args.big)
    data = CACHE / "run-data"
    app = [str(BIN / "gojee-desktop"), "--page", "leads", "--database"]
    kinds = {
        "bare PySide6 window": [sys.executable, "-c", BARE_WINDOW],
        "app, empty database": [*app, f"sqlite:///{empty}"],
        f"app, {args.big:,} jobs": [*app, f"sqlite:///{large}"],
    }
    page: dict[str, list[float]] = {kind: [] for kind in kinds}
    frame: dict[str, list[float]] = {kind: [] for kind in kinds}
    for _ in range(args.runs):
        for kind, command in kinds.items():
            seen = time_first_paints(command, app_env(data))
            page[kind].append(seen["page"])
            frame[kind].append(seen.get("shell", seen["page"]))
    print(f"start to first paint, whole process, median of {args.runs} starts of each (interleaved):")
    print("  the app's frame (title, place and size; painted before the heavy imports):")
    _report(frame)
    print("  the full window with its page (the Leads table and its rows):")
    _report(page)


def _report(times: dict[str, list[float]]) -> None:
    medians = {kind: statistics.median(values) for kind, values in times.items()}
    bare, small, big = medians.values()
    for kind, values in times.items():
        runs = ", ".join(f"{v * 1000:.0f}" for v in sorted(values))
        print(f"    {kind:<26} {medians[kind] * 1000:7.0f} ms   (runs: {runs})")
    print(f"    app / bare window: empty {small / bare:.2f}x, big {big / bare:.2f}x   (target <= 4x)")
    print(f"    big / empty database: {big / small:.2f}x   (target <= 1.1x)")


if __name__ == "__main__":
    main()
