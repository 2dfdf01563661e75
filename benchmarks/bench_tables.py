"""The Leads table at 1k, 100k and 1M jobs: first painted window, search-as-you-type, sort
change, scroll to the last row and memory, against raw sqlite3 FTS5 and Qt's stock
QSqlTableModel + QSortFilterProxyModel on the same files, in the same run.

    .venv/bin/python benchmarks/bench_tables.py [--sizes 1000,100000,1000000] [--proxy-max 100000]

Databases are cached as /tmp/gojee-bench-<size>.sqlite3 (half leads, half customer jobs).
Each size runs in a fresh process, so the first-window time and RSS are those of a real start.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

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


def db_path(size: int) -> Path:
    return Path(f"/tmp/gojee-bench-{size}.sqlite3")


def ensure_database(size: int) -> Path:
    from gojee_desktop.services.demo import generate_demo
    from gojee_desktop.store import open_database

    path = db_path(size)
    if not path.exists():
        started = time.perf_counter()
        database = open_database(f"sqlite:///{path}.part")
        generate_demo(database, leads=size // 2, jobs=size - size // 2)
        with database.engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        database.dispose()
        Path(f"{path}.part").rename(path)
        print(f"  (built {path} in {time.perf_counter() - started:.0f} s)", file=sys.stderr)
    return path


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 2)


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def raw_sqlite(path: Path) -> list[float]:
    """The same searches in plain sqlite3: count + first 100 rows with customer names."""
    import sqlite3

    from gojee_desktop.store.fulltext import search_terms

    connection = sqlite3.connect(path)
    times = []
    for text in QUERIES:
        match = " ".join(f'"{t}"*' for t in search_terms(text))
        started = time.perf_counter()
        where = "j.lifecycle = 'lead' AND j.archived = 0 AND j.id IN (SELECT rowid FROM job_fts WHERE job_fts MATCH ?)"
        connection.execute(f"SELECT count(*) FROM jobs j WHERE {where}", (match,)).fetchone()
        connection.execute(
            f"SELECT j.id, j.number, j.title, p.name, j.value_minor FROM jobs j "
            f"LEFT JOIN persons p ON p.id = j.person_id WHERE {where} ORDER BY j.id LIMIT 100",
            (match,),
        ).fetchall()
        times.append(time.perf_counter() - started)
    connection.close()
    return times


def stock_proxy(path: Path) -> tuple[list[float], float]:
    """QSqlTableModel (all rows fetched, as a proxy needs) + QSortFilterProxyModel filtering
    the search text column per keystroke."""
    from PySide6.QtCore import QSortFilterProxyModel, Qt
    from PySide6.QtSql import QSqlDatabase, QSqlTableModel

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
    load = time.perf_counter() - started
    proxy = QSortFilterProxyModel()
    proxy.setSourceModel(model)
    proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    proxy.setFilterKeyColumn(model.fieldIndex("search_text"))
    times = []
    for text in QUERIES:
        started = time.perf_counter()
        proxy.setFilterFixedString(text)
        proxy.rowCount()
        for row in range(min(30, proxy.rowCount())):
            proxy.data(proxy.index(row, 2))
        times.append(time.perf_counter() - started)
    del proxy, model
    database.close()
    return times, load


def child(path: Path, with_proxy: bool) -> dict[str, object]:
    """Everything measured inside one fresh process."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("GOJEE_DATA_DIR", "/tmp/gojee-bench-data")
    Path(os.environ["GOJEE_DATA_DIR"]).mkdir(exist_ok=True)
    settings = Path(os.environ["GOJEE_DATA_DIR"]) / "gojee-desktop.ini"
    settings.unlink(missing_ok=True)
    from dataclasses import replace

    from PySide6.QtWidgets import QApplication

    from gojee_desktop.store import open_database
    from gojee_desktop.ui.context import AppContext
    from gojee_desktop.ui.itemmodels.job_table_model import column_index
    from gojee_desktop.ui.main_window import MainWindow

    from gojee_desktop.app import WINDOW_CACHE_MB

    app = QApplication([])
    database = open_database(f"sqlite:///{path}", cache_mb=WINDOW_CACHE_MB)  # as app.py does
    window = MainWindow(AppContext.create(database))
    window.show_page("leads")
    window.show()
    app.processEvents()
    window.grab()  # paints every widget, the table's visible rows included
    first_window = time.perf_counter() - START

    page = window.current_page()
    view = page.table.view
    model = page.table.model

    def paint() -> None:
        view.viewport().repaint()
        app.processEvents()

    searches, counted = [], []
    for text in QUERIES:
        started = time.perf_counter()
        page.set_query(replace(page.query(), text=text))
        paint()
        searches.append(time.perf_counter() - started)
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

    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    raw = raw_sqlite(path)
    result: dict[str, object] = {
        "rows": model.rowCount() if not page.query().text else None,
        "first_window_ms": _ms(first_window),
        "search_median_ms": _ms(statistics.median(searches)),
        "search_p95_ms": _ms(_p95(searches)),
        "count_median_ms": _ms(statistics.median(counted)),
        "sort_ms": sorts,
        "scroll_last_ms": _ms(scroll),
        "last_row_read": last_ok,
        "rss_mb": round(rss, 1),
        "raw_median_ms": _ms(statistics.median(raw)),
        "raw_p95_ms": _ms(_p95(raw)),
    }
    if with_proxy:
        proxy, load = stock_proxy(path)
        result |= {
            "proxy_median_ms": _ms(statistics.median(proxy)),
            "proxy_p95_ms": _ms(_p95(proxy)),
            "proxy_load_ms": _ms(load),
        }
    window.close()
    database.dispose()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="1000,100000,1000000")
    parser.add_argument("--proxy-max", type=int, default=100_000, help="skip the stock proxy above this size")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--proxy", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(Path(args.child), args.proxy)))
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
    first = results[sizes[0]]["first_window_ms"]
    print(
        f"{'jobs':>9} {'leads shown':>11} {'first window':>12} {'search med/p95':>15} {'raw FTS5 p95':>12} "
        f"{'x raw':>6} {'proxy p95':>9} {'proxy/ours':>10} {'scroll end':>10} {'RSS MB':>7}"
    )
    for size, r in results.items():
        proxy = r.get("proxy_p95_ms")
        ratio_raw = float(r["search_p95_ms"]) / max(float(r["raw_p95_ms"]), 1e-6)  # type: ignore[arg-type]
        proxy_ratio = f"{float(proxy) / float(r['search_p95_ms']):.0f}x" if proxy else "skipped"  # type: ignore[arg-type]
        print(
            f"{size:>9,} {r['rows']!s:>11} {r['first_window_ms']:>10} ms "
            f"{r['search_median_ms']:>6}/{r['search_p95_ms']:<6} ms {r['raw_p95_ms']:>9} ms {ratio_raw:>5.2f} "
            f"{proxy if proxy else '-':>9} {proxy_ratio:>10} {r['scroll_last_ms']:>7} ms {r['rss_mb']:>7}"
        )
        print(
            f"{'':>9} sort change ms: {r['sort_ms']}"
            + (f"; stock model load {r['proxy_load_ms']} ms" if proxy else "")
        )
    last = results[sizes[-1]]["first_window_ms"]
    print(f"first window at {sizes[-1]:,} / at {sizes[0]:,}: {float(last) / float(first):.2f}x")  # type: ignore[arg-type]


if __name__ == "__main__":
    main()
