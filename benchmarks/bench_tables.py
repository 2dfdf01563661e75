"""The Leads table at 1k, 100k and 1M jobs: first painted window, search-as-you-type, sort
change, scroll to the last row and memory, against raw sqlite3 FTS5 and Qt's stock
QSqlTableModel + QSortFilterProxyModel on the same files, in the same run.

    .venv/bin/python benchmarks/bench_tables.py [--sizes 1000,100000,1000000] [--starts 5]
                                                [--proxy-max 100000]

Databases are cached as $GOJEE_BENCH_DIR/gojee-bench-<size>.sqlite3 (default /tmp; half leads,
half customer jobs).
Each size runs in a fresh process, so the first-window time and RSS are those of a real start.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any

START = time.perf_counter()

QUERIES = [
    "smith",
    "br",
    "kitchen",
    "J-000",
    "olivia",
    "pool fence",
    "newcastle",
    "wil",
    "roof",
    "deck",
    "ma",
    "ta",
    "cle",
    "solar",
    "gas heater",
    "fremantle",
    "jo",
    "led",
    "tiling laundry",
    "ke",
]


# Where the cached databases live: GOJEE_BENCH_DIR, so a branch with a newer schema can keep
# its own copies apart from files other checkouts still read.
BENCH_DIR = Path(os.environ.get("GOJEE_BENCH_DIR", "/tmp"))


def db_path(size: int) -> Path:
    return BENCH_DIR / f"gojee-bench-{size}.sqlite3"


def ensure_database(size: int) -> Path:
    from gojee_desktop.services.demo.generate import generate_demo
    from gojee_desktop.services.startup import open_app_database

    path = db_path(size)
    if not path.exists():
        started = time.perf_counter()
        database = open_app_database(f"sqlite:///{path}.part")
        generate_demo(database, leads=size // 2, jobs=size - size // 2)
        with database.engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        database.dispose()
        Path(f"{path}.part").rename(path)
        print(f"  (built {path} in {time.perf_counter() - started:.0f} s)", file=sys.stderr)
    return path


def activities_copy(size: int, per_job: int = 2) -> Path:
    """A copy of the size's database with `per_job` activities (0 too) on every job (a third done,
    due days spread over two months around today) and each job's next-activity day filled,
    for the Next activity column and the Activities page. Kept beside the plain file."""
    from gojee_desktop.services.startup import open_app_database

    path = BENCH_DIR / f"gojee-bench-{size}-activities{per_job}.sqlite3"
    if path.exists():
        return path
    started = time.perf_counter()
    part = Path(f"{path}.part")
    shutil.copy(ensure_database(size), part)
    database = open_app_database(f"sqlite:///{part}")  # migrates the copy to head
    with database.engine.begin() as connection:
        for n in range(per_job):
            connection.exec_driver_sql(
                "INSERT INTO activities (job_id, kind, subject, due_date, due_time, note, done, "
                "created_at, updated_at, version) SELECT id, "
                "CASE (id + ?) % 5 WHEN 0 THEN 'call' WHEN 1 THEN 'email' WHEN 2 THEN 'meeting' "
                "WHEN 3 THEN 'task' ELSE 'deadline' END, 'Follow up ' || number, "
                "date('now', ((id * 7 + ?) % 60 - 30) || ' days'), "
                "CASE WHEN id % 2 = 0 THEN printf('%02d:00:00.000000', 8 + id % 9) END, '', "
                "(id / 7 + ?) % 3 = 0, datetime('now'), datetime('now'), 1 FROM jobs",
                (n, n * 13, n),
            )
        connection.exec_driver_sql(
            "UPDATE jobs SET next_activity_due = (SELECT min(due_date) FROM activities a "
            "WHERE a.job_id = jobs.id AND a.done = 0)"
        )
        connection.exec_driver_sql("ANALYZE")
    with database.engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    database.dispose()
    part.rename(path)
    print(f"  (built {path} in {time.perf_counter() - started:.0f} s)", file=sys.stderr)
    return path


def activities_page_child(path: Path, runs: int = 5) -> dict[str, object]:
    """Opening the Activities page: build it, read every group's first page and capped
    count, paint it; median of `runs` in one process (after one warm-up)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("GOJEE_DATA_DIR", "/tmp/gojee-bench-data")
    from PySide6.QtWidgets import QApplication

    from gojee_desktop import locales
    from gojee_desktop.app import WINDOW_CACHE_MB
    from gojee_desktop.services.startup import open_app_database
    from gojee_desktop.ui.context import AppContext
    from gojee_desktop.ui.pages.activities import ActivitiesPage

    app = QApplication([])
    database = open_app_database(f"sqlite:///{path}", cache_mb=WINDOW_CACHE_MB)
    context = AppContext.create(database)
    # The window's first page has formatted amounts and dates before anyone opens this one,
    # so Babel's locale data is read already (about 80 ms, once a process).
    locales.format_date(date.today())
    times, cpu = [], []
    for _ in range(runs + 1):
        started, cpu_started = time.perf_counter(), time.thread_time()
        page = ActivitiesPage(context)
        page.resize(1100, 700)
        page.load()
        page.show()
        app.processEvents()
        page.grab()
        times.append(time.perf_counter() - started)
        cpu.append(time.thread_time() - cpu_started)
        page.close()
        page.deleteLater()
        app.processEvents()
    count = database.engine.connect().exec_driver_sql("SELECT count(*) FROM activities").scalar()
    database.dispose()
    return {
        "open_ms": _ms(statistics.median(times[1:])),
        "open_cpu_ms": _ms(statistics.median(cpu[1:])),
        "first_open_ms": _ms(times[0]),  # the process's first: statements compiled, caches cold
        "activities": count,
    }


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 2)


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def raw_sqlite(path: Path) -> tuple[list[float], list[float]]:
    """The same searches in plain sqlite3: (count + first 100 rows with customer names, and
    the first 100 rows alone through FTS5 in rowid order, the fastest form there is)."""
    import sqlite3

    from gojee_desktop.store.fulltext import search_terms

    connection = sqlite3.connect(path)
    with_count, page_only = [], []
    for text in QUERIES:
        match = " ".join(f'"{t}"*' for t in search_terms(text))
        started = time.perf_counter()
        where = "j.lifecycle = 'lead' AND j.archived = 0 AND j.id IN "
        where += "(SELECT rowid FROM job_fts WHERE job_fts MATCH ?)"
        connection.execute(f"SELECT count(*) FROM jobs j WHERE {where}", (match,)).fetchone()
        connection.execute(
            f"SELECT j.id, j.number, j.title, p.name, j.value_minor FROM jobs j "
            f"LEFT JOIN persons p ON p.id = j.person_id WHERE {where} ORDER BY j.id LIMIT 100",
            (match,),
        ).fetchall()
        with_count.append(time.perf_counter() - started)
        started = time.perf_counter()
        connection.execute(
            "SELECT j.id, j.number, j.title, p.name, j.value_minor FROM job_fts f "
            "JOIN jobs j ON j.id = f.rowid LEFT JOIN persons p ON p.id = j.person_id "
            "WHERE job_fts MATCH ? AND j.lifecycle = 'lead' AND j.archived = 0 "
            "ORDER BY f.rowid LIMIT 100",
            (match,),
        ).fetchall()
        page_only.append(time.perf_counter() - started)
    connection.close()
    return with_count, page_only


def stock_proxy(path: Path, app: Any, paint_watch: Any) -> dict[str, float]:
    """QSqlTableModel (every row fetched, as a proxy must see them) + QSortFilterProxyModel,
    per keystroke: as data (first 30 rows read) and as painted rows in a QTableView. Two
    filters: the folded search-text column only (the kindest case for the proxy), and every
    column (what a stock search box over a table does)."""
    from PySide6.QtCore import QSortFilterProxyModel, Qt
    from PySide6.QtSql import QSqlDatabase, QSqlTableModel
    from PySide6.QtWidgets import QTableView

    from gojee_desktop.store.fulltext import fold

    database = QSqlDatabase.addDatabase("QSQLITE", "stock")
    database.setDatabaseName(str(path))
    database.open()
    model = QSqlTableModel(None, database)
    model.setTable("jobs")
    model.setFilter("lifecycle = 'lead' AND archived = 0")
    started = time.perf_counter()
    model.select()
    while model.canFetchMore():
        model.fetchMore()
    result = {"proxy_load_ms": _ms(time.perf_counter() - started)}
    proxy = QSortFilterProxyModel()
    proxy.setSourceModel(model)
    proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    view = QTableView()
    view.setModel(proxy)
    view.resize(1100, 700)
    view.show()
    app.processEvents()
    watch = paint_watch(view.viewport())
    for name, key_column in (("proxy", model.fieldIndex("search_text")), ("proxy_all", -1)):
        proxy.setFilterKeyColumn(key_column)
        data_times, painted_times = [], []
        for text in QUERIES:
            view.setUpdatesEnabled(False)
            started = time.perf_counter()
            proxy.setFilterFixedString(fold(text))
            for row in range(min(30, proxy.rowCount())):
                for column in range(8):
                    proxy.data(proxy.index(row, column))
            data_times.append(time.perf_counter() - started)
            proxy.setFilterFixedString("")
            view.setUpdatesEnabled(True)
            app.processEvents()
            started = time.perf_counter()
            watch.count = 0
            proxy.setFilterFixedString(fold(text))
            while not watch.count:
                app.processEvents()
            painted_times.append(time.perf_counter() - started)
        result |= {
            f"{name}_data_median_ms": _ms(statistics.median(data_times)),
            f"{name}_data_p95_ms": _ms(_p95(data_times)),
            f"{name}_median_ms": _ms(statistics.median(painted_times)),
            f"{name}_p95_ms": _ms(_p95(painted_times)),
        }
    view.close()
    del view, proxy, model
    database.close()
    return result


def model_only(sessions: Any, base: Any) -> list[float]:
    """Our model without a view: the query and the first 30 rows' texts, no painting."""
    from dataclasses import replace

    from gojee_desktop.ui.itemmodels.job_table_model import COLUMNS, JobTableModel

    model = JobTableModel(sessions, base)
    times = []
    for text in QUERIES:
        started = time.perf_counter()
        model.set_query(replace(base, text=text))
        for row in range(min(30, model.rowCount())):
            for column in range(len(COLUMNS)):
                model.data(model.index(row, column))
        times.append(time.perf_counter() - started)
        model.wait_for_count()
    return times


def _paint_watch_class() -> Any:
    from PySide6.QtCore import QEvent, QObject

    class PaintWatch(QObject):
        """Counts paint events of a widget."""

        def __init__(self, widget: Any) -> None:
            super().__init__(widget)
            self.count = 0
            widget.installEventFilter(self)

        def eventFilter(self, watched: Any, event: Any) -> bool:
            if event.type() == QEvent.Type.Paint:
                self.count += 1
            return False

    return PaintWatch


def peak_rss_mb() -> float:
    """This process's peak resident memory. Linux's VmHWM, not `ru_maxrss`: that one carries
    over a big parent's peak through fork and exec (a parent that has just built the 1M file
    would show as a 700 MB child)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child(path: Path, with_proxy: bool, first_window_only: bool = False) -> dict[str, object]:
    """Everything measured inside one fresh process."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("GOJEE_DATA_DIR", "/tmp/gojee-bench-data")
    Path(os.environ["GOJEE_DATA_DIR"]).mkdir(exist_ok=True)
    settings = Path(os.environ["GOJEE_DATA_DIR"]) / "gojee-desktop.ini"
    settings.unlink(missing_ok=True)
    from dataclasses import replace

    from PySide6.QtWidgets import QApplication

    from gojee_desktop import collector
    from gojee_desktop.app import WINDOW_CACHE_MB
    from gojee_desktop.services.startup import open_app_database
    from gojee_desktop.ui.context import AppContext
    from gojee_desktop.ui.itemmodels.job_table_model import column_index
    from gojee_desktop.ui.main_window import MainWindow

    app = QApplication([])
    database = open_app_database(f"sqlite:///{path}", cache_mb=WINDOW_CACHE_MB)  # as app.py does
    window = MainWindow(AppContext.create(database))
    window.show_page("leads")
    window.show()
    app.processEvents()
    window.grab()  # paints every widget, the table's visible rows included
    first_window = time.perf_counter() - START
    collector.keep_start_objects()  # as the app does once its window is painted
    if first_window_only:
        window.close()
        database.dispose()
        return {"first_window_ms": _ms(first_window)}

    PaintWatch = _paint_watch_class()
    page = window.current_page()
    view = page.table.view
    model = page.table.model

    painted = PaintWatch(view.viewport())

    def paint() -> None:
        """Run the event loop until the table's rows have been painted (as a user sees it)."""
        painted.count = 0
        for _ in range(100):
            app.processEvents()
            if painted.count:
                return
        raise RuntimeError("the table was never painted")

    searches, counted, gui_cpu = [], [], []
    for text in QUERIES:
        started, cpu = time.perf_counter(), time.thread_time()
        page.set_query(replace(page.query(), text=text))
        paint()
        searches.append(time.perf_counter() - started)
        gui_cpu.append(time.thread_time() - cpu)  # the GUI thread's own work, not time waiting for a core
        model.wait_for_count()  # the exact total (status bar), counted off the GUI thread
        counted.append(time.perf_counter() - started)
    page.set_query(replace(page.query(), text=""))
    paint()
    model.wait_for_count()

    sorts = {}
    for key in ("title", "value", "expected_close", "customer", "number"):
        started = time.perf_counter()
        view.sortByColumn(column_index(key), view.horizontalHeader().sortIndicatorOrder())
        paint()
        sorts[key] = _ms(time.perf_counter() - started)
        model.wait_for_count()

    started = time.perf_counter()
    view.scrollToBottom()
    paint()
    scroll = time.perf_counter() - started
    last_ok = model.summary(model.rowCount() - 1) is not None

    rss = peak_rss_mb()
    raw, raw_page = raw_sqlite(path)
    data_only = model_only(database.sessions, replace(page.query(), text=""))
    result: dict[str, object] = {
        "rows": model.rowCount() if not page.query().text else None,
        "first_window_ms": _ms(first_window),
        "search_median_ms": _ms(statistics.median(searches)),
        "search_p95_ms": _ms(_p95(searches)),
        "search_cpu_p95_ms": _ms(_p95(gui_cpu)),
        "count_median_ms": _ms(statistics.median(counted)),
        "sort_ms": sorts,
        "scroll_last_ms": _ms(scroll),
        "last_row_read": last_ok,
        "rss_mb": round(rss, 1),
        "data_median_ms": _ms(statistics.median(data_only)),
        "data_p95_ms": _ms(_p95(data_only)),
        "raw_page_median_ms": _ms(statistics.median(raw_page)),
        "raw_page_p95_ms": _ms(_p95(raw_page)),
        "raw_median_ms": _ms(statistics.median(raw)),
        "raw_p95_ms": _ms(_p95(raw)),
    }
    if with_proxy:
        result |= stock_proxy(path, app, PaintWatch)
    window.close()
    database.dispose()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="1000,100000,1000000")
    parser.add_argument("--proxy-max", type=int, default=100_000, help="skip the stock proxy above this size")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--proxy", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--first-window-only", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--starts", type=int, default=5, help="fresh starts timed per size (median)")
    parser.add_argument(
        "--activities",
        action="store_true",
        help="also: search p95 with 2 activities per job (Next activity column) against the same "
        "jobs without, and the Activities page's opening time",
    )
    parser.add_argument("--activities-page-child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.activities_page_child:
        print(json.dumps(activities_page_child(Path(args.activities_page_child))))
        return
    if args.activities:
        activities_report([int(s) for s in args.sizes.split(",")])
        return
    if args.child:
        print(json.dumps(child(Path(args.child), args.proxy, args.first_window_only)))
        return
    sizes = [int(s) for s in args.sizes.split(",")]
    results: dict[int, dict[str, object]] = {}
    for size in sizes:
        path = ensure_database(size)
        command = [sys.executable, __file__, "--child", str(path)]
        if size <= args.proxy_max:
            command.append("--proxy")
        output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
        results[size] = json.loads(output.strip().splitlines()[-1])
        # The first window is mostly imports, which other work on the machine slows: time
        # several fresh starts (sizes interleaved below) and keep the median.
    starts: dict[int, list[float]] = {size: [] for size in sizes}
    for _ in range(args.starts):
        for size in sizes:
            command = [sys.executable, __file__, "--child", str(db_path(size)), "--first-window-only"]
            output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
            starts[size].append(float(json.loads(output.strip().splitlines()[-1])["first_window_ms"]))
    for size in sizes:
        results[size]["first_window_ms"] = round(statistics.median(starts[size]), 1)
        results[size]["first_window_runs"] = starts[size]
    report(results, sizes)


def _run_child(*arguments: str) -> dict[str, Any]:
    output = subprocess.run(
        [sys.executable, __file__, *arguments], check=True, capture_output=True, text=True
    )
    result: dict[str, Any] = json.loads(output.stdout.strip().splitlines()[-1])
    return result


def activities_report(sizes: list[int], runs: int = 5) -> None:
    """Per size: the Leads table's search p95 on the jobs with activities (the Next activity
    column filled) and on the same jobs without, measured alternately in fresh processes
    (median of `runs` each), as wall time and as the GUI thread's CPU time (on a shared
    machine the wall time mostly measures waiting for a core), and the Activities page's
    opening time."""
    for size in sizes:
        # Both copies are migrated to this code's head; the shared plain file is left alone.
        plain, with_activities = activities_copy(size, 0), activities_copy(size)
        base, ours, base_cpu, ours_cpu = [], [], [], []
        for _ in range(runs):
            for path, wall, cpu in ((plain, base, base_cpu), (with_activities, ours, ours_cpu)):
                result = _run_child("--child", str(path))
                wall.append(float(result["search_p95_ms"]))
                cpu.append(float(result["search_cpu_p95_ms"]))
        page = _run_child("--activities-page-child", str(with_activities))
        b, o = statistics.median(base), statistics.median(ours)
        bc, oc = statistics.median(base_cpu), statistics.median(ours_cpu)
        print(
            f"== {size:,} jobs, {int(page['activities']):,} activities (median of {runs} fresh processes)\n"
            f"  search p95, rows painted, without activities  {b:8.1f} ms wall {bc:6.1f} ms CPU"
            f"  (wall runs {base})\n"
            f"  search p95, with the Next activity column     {o:8.1f} ms wall {oc:6.1f} ms CPU"
            f"  (wall runs {ours})\n"
            f"  ratio with / without: {o / b:.2f}x wall, {oc / bc:.2f}x GUI-thread CPU  (target <= 1.10x)\n"
            f"  Activities page open (build, read, paint), median of 5: {page['open_ms']:.1f} ms wall, "
            f"{page['open_cpu_ms']:.1f} ms CPU; the first in the process {page['first_open_ms']:.1f} ms"
            "  (target <= 300 ms)"
        )


def report(results: dict[int, dict[str, Any]], sizes: list[int]) -> None:
    """One block per size, each figure with its baseline ratio."""
    first = float(results[sizes[0]]["first_window_ms"])
    for size in sizes:
        r = results[size]
        ours, ours_data = float(r["search_p95_ms"]), float(r["data_p95_ms"])
        raw = max(float(r["raw_p95_ms"]), 1e-6)
        raw_page = max(float(r["raw_page_p95_ms"]), 1e-6)
        window = float(r["first_window_ms"])
        lines = [
            f"== {size:,} jobs ({r['rows']:,} active leads in the table)",
            f"  first painted window   {window:8.1f} ms  ({window / first:.2f}x the {sizes[0]:,} run;"
            f" median of {len(r['first_window_runs'])} starts)",
            f"  search as you type {'(20 queries)':25}   median      p95",
            f"    {'ours, rows painted':40}{r['search_median_ms']:8.1f} {ours:8.1f} ms",
            f"    {'ours, model only (no painting)':40}{r['data_median_ms']:8.1f} {ours_data:8.1f} ms",
            f"    {'raw sqlite3 FTS5, count + first 100 rows':40}{r['raw_median_ms']:8.1f} {raw:8.1f} ms"
            f"   ours/raw p95: painted {ours / raw:.2f}x, model {ours_data / raw:.2f}x",
            f"    {'raw sqlite3 FTS5, first 100 rows only':40}"
            f"{r['raw_page_median_ms']:8.1f} {raw_page:8.1f} ms"
            f"   ours/raw p95: painted {ours / raw_page:.2f}x, model {ours_data / raw_page:.2f}x",
        ]
        if "proxy_p95_ms" in r:
            load = float(r["proxy_load_ms"])
            lines.append(
                f"    stock QSqlTableModel + QSortFilterProxyModel (loading every row: {load:.0f} ms)"
            )
            for name, label in (("proxy", "search column"), ("proxy_all", "all columns")):
                proxy, proxy_data = float(r[f"{name}_p95_ms"]), float(r[f"{name}_data_p95_ms"])
                lines += [
                    f"      {label + ', painted':38}{r[f'{name}_median_ms']:8.1f} {proxy:8.1f} ms"
                    f"   proxy/ours p95: {proxy / ours:.1f}x",
                    f"      {label + ', model':38}{r[f'{name}_data_median_ms']:8.1f} {proxy_data:8.1f} ms"
                    f"   proxy/ours p95: {proxy_data / ours_data:.1f}x",
                ]
        else:
            lines.append("    stock proxy          skipped at this size (it must load every row first)")
        sorts = ", ".join(f"{k} {v:.0f}" for k, v in r["sort_ms"].items())
        lines += [
            f"    {'ours, exact count in the status bar':40}{r['count_median_ms']:8.1f} ms median"
            " (counted off the GUI thread)",
            f"  sort change (ms)       {sorts}",
            f"  scroll to last row     {r['scroll_last_ms']:8.1f} ms",
            f"  peak RSS               {r['rss_mb']:8.1f} MB",
        ]
        print("\n".join(lines))


if __name__ == "__main__":
    main()
