"""The People page at 1k to 500k people: first rows shown, search as you type, a sort
change, the jump to the last row and the background count, against raw sqlite3 running the
same first-page queries on the same file, in the same run.

    .venv/bin/python benchmarks/bench_people.py [--sizes 1000,100000,500000]
    .venv/bin/python benchmarks/bench_people.py --with-jobs [--people 500000]

Databases are cached as $GOJEE_BENCH_DIR/gojee-bench-people-<size>.sqlite3 (default /tmp):
`size` people (one in four at one of size/8 organisations), each with an email and a phone,
as the demo data has.

`--with-jobs` measures the People page and the Leads table in the same process, the same way
(search as you type, until the rows are painted), on one file holding 1M jobs and `--people`
people: a copy of bench_tables.py's 1M-job database topped up with people
($GOJEE_BENCH_DIR/gojee-bench-people-jobs-<people>.sqlite3; the 1M file is left as it is).
It then reads the first page of every query in SQL alone, sorted by name both ways and by
organisation, as the page does and by the plain query that sorts every match.
"""

from __future__ import annotations

import argparse
import os
import random
import sqlite3
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

FIRST = "Aisha Ben Chloe Dan Ella Finn Grace Hugo Isla Jack Kai Lily Mia Noah Olivia Ruby Sam Zoe".split()  # noqa: SIM905
LAST = "Anderson Brown Chen Davis Evans Fischer Green Hall Jones Khan Lee Martin Nguyen Patel Smith Wilson".split()  # noqa: SIM905, E501
QUERIES = ["s", "sm", "smi", "smith", "ol", "oliv", "olivia w", "ch", "chen", "04", "0412", "zoe.", "kai k"]


def db_path(size: int) -> Path:
    return Path(os.environ.get("GOJEE_BENCH_DIR", "/tmp")) / f"gojee-bench-people-{size}.sqlite3"


def ensure_database(size: int) -> Path:
    from gojee_desktop.services.startup import open_app_database

    path = db_path(size)
    if path.exists():
        return path
    started = time.perf_counter()
    part = Path(f"{path}.part")
    part.unlink(missing_ok=True)
    database = open_app_database(f"sqlite:///{part}")
    database.dispose()
    connection = sqlite3.connect(part)
    add_people(connection, size)
    connection.close()
    part.rename(path)
    print(f"  (built {path} in {time.perf_counter() - started:.0f} s)", file=sys.stderr)
    return path


def add_people(connection: sqlite3.Connection, size: int) -> None:
    """Top the file up to `size` people (and size/8 organisations), then ANALYZE."""
    rng = random.Random(14)
    first_org = connection.execute("SELECT coalesce(max(id), 0) + 1 FROM organizations").fetchone()[0]
    first_person = connection.execute("SELECT coalesce(max(id), 0) + 1 FROM persons").fetchone()[0]
    have = connection.execute("SELECT count(*) FROM persons").fetchone()[0]
    organizations = max(1, size // 8)
    connection.executemany(
        "INSERT INTO organizations (id, name, archived, notes) VALUES (?, ?, 0, '')",
        (
            (i, f"{rng.choice(LAST)} {rng.choice(['Builders', 'Strata', 'Cafe', 'Motors'])} {i}")
            for i in range(first_org, first_org + organizations)
        ),
    )
    people = []
    details = []
    for person_id in range(first_person, first_person + size - have):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        org = rng.randint(first_org, first_org + organizations - 1) if rng.random() < 0.25 else None
        people.append((person_id, f"{first} {last}", org))
        email = f"{first.lower()}.{last.lower()}{person_id}@example.com"
        phone = f"04{rng.randint(10_000_000, 99_999_999)}"
        details.append((person_id, "email", email, email, 0))
        details.append((person_id, "phone", f"{phone[:4]} {phone[4:7]} {phone[7:]}", f"+61{phone[1:]}", 1))
    connection.executemany(
        "INSERT INTO persons (id, name, organization_id, archived, notes) VALUES (?, ?, ?, 0, '')", people
    )
    connection.executemany(
        "INSERT INTO contact_details (person_id, kind, value, normalized, position, label)"
        " VALUES (?, ?, ?, ?, ?, '')",
        details,
    )
    connection.commit()
    connection.execute("ANALYZE")
    connection.commit()


def ensure_people_and_jobs(people: int) -> Path:
    """bench_tables.py's 1M-job file, copied, with people added up to `people`."""
    sys.path.insert(0, str(Path(__file__).parent))
    from bench_tables import ensure_database as ensure_jobs

    path = Path(os.environ.get("GOJEE_BENCH_DIR", "/tmp")) / f"gojee-bench-people-jobs-{people}.sqlite3"
    if path.exists():
        return path
    started = time.perf_counter()
    part = Path(f"{path}.part")
    part.unlink(missing_ok=True)
    source = sqlite3.connect(f"file:{ensure_jobs(1_000_000)}?mode=ro", uri=True)
    connection = sqlite3.connect(part)
    source.backup(connection)
    source.close()
    add_people(connection, people)
    connection.close()
    part.rename(path)
    print(f"  (built {path} in {time.perf_counter() - started:.0f} s)", file=sys.stderr)
    return path


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 1)


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def raw_first_pages(path: Path) -> dict[str, float]:
    """The same first pages with plain sqlite3 and hand-written SQL: the floor."""
    connection = sqlite3.connect(path)
    started = time.perf_counter()
    connection.execute("SELECT id FROM persons WHERE archived = 0 ORDER BY name, id LIMIT 65").fetchall()
    first = time.perf_counter() - started
    times = []
    for text in QUERIES:
        started = time.perf_counter()
        connection.execute(
            "SELECT id FROM persons WHERE archived = 0 AND lower(name) LIKE ? ORDER BY name, id LIMIT 65",
            (f"%{text}%",),
        ).fetchall()
        times.append(time.perf_counter() - started)
    connection.close()
    return {
        "first_ms": _ms(first),
        "search_p50_ms": _ms(statistics.median(times)),
        "search_p95_ms": _ms(_p95(times)),
    }


def page_figures(path: Path) -> dict[str, float]:
    from PySide6.QtWidgets import QApplication

    from gojee_desktop.services.startup import open_app_database
    from gojee_desktop.ui.context import AppContext
    from gojee_desktop.ui.pages.people import PeoplePage

    app = QApplication.instance() or QApplication([])
    database = open_app_database(f"sqlite:///{path}")
    context = AppContext.create(database)
    started = time.perf_counter()
    page = PeoplePage(context)
    page.resize(1366, 768)
    page.show()
    page.load()
    app.processEvents()
    first = time.perf_counter() - started
    started = time.perf_counter()
    count = page.model.wait_for_count(120_000)
    counted = time.perf_counter() - started
    searches = []
    for text in QUERIES:
        started = time.perf_counter()
        page.set_query(replace(page.query(), text=text))
        page.view.viewport().repaint()
        searches.append(time.perf_counter() - started)
    page.set_query(replace(page.query(), text=""))
    started = time.perf_counter()
    page.model.sort(1)  # by organisation
    page.view.viewport().repaint()
    sort = time.perf_counter() - started
    page.model.wait_for_count(120_000)
    started = time.perf_counter()
    page.view.scrollToBottom()
    page.view.viewport().repaint()
    last = time.perf_counter() - started
    database.dispose()
    return {
        "rows": count,
        "first_ms": _ms(first),
        "count_ms": _ms(counted),
        "search_p50_ms": _ms(statistics.median(searches)),
        "search_p95_ms": _ms(_p95(searches)),
        "sort_ms": _ms(sort),
        "last_row_ms": _ms(last),
    }


def _painter(app: Any, widget: Any) -> Callable[[], None]:
    """A function that runs the event loop until `widget` has been painted again."""
    sys.path.insert(0, str(Path(__file__).parent))
    from bench_tables import _paint_watch_class

    watch = _paint_watch_class()(widget)

    def paint() -> None:
        watch.count = 0
        for _ in range(200):
            app.processEvents()
            if watch.count:
                return
        raise RuntimeError("never painted")

    return paint


def _searches(app: Any, page: Any, viewport: Any, queries: list[str]) -> list[float]:
    paint = _painter(app, viewport)
    times = []
    for _ in range(2):  # every query twice: the second pass is what typing it again costs
        for text in queries:
            started = time.perf_counter()
            page.set_query(replace(page.query(), text=text))
            paint()
            times.append(time.perf_counter() - started)
    page.set_query(replace(page.query(), text=""))
    paint()
    return times


def people_beside_leads(path: Path) -> dict[str, dict[str, float]]:
    """The People page and the Leads table searched the same way in one process."""
    from PySide6.QtWidgets import QApplication

    from gojee_desktop import collector
    from gojee_desktop.services.startup import open_app_database
    from gojee_desktop.ui.context import AppContext
    from gojee_desktop.ui.main_window import MainWindow

    sys.path.insert(0, str(Path(__file__).parent))
    from bench_tables import QUERIES as LEAD_QUERIES

    app = QApplication.instance() or QApplication([])
    database = open_app_database(f"sqlite:///{path}")
    window = MainWindow(AppContext.create(database))
    window.resize(1366, 768)
    window.show()
    app.processEvents()
    collector.keep_start_objects()  # as the app does once its window is painted
    results: dict[str, dict[str, float]] = {}
    for name, queries in (("leads", LEAD_QUERIES), ("people", QUERIES)):
        started = time.perf_counter()
        window.show_page(name)
        page: Any = window.contact_pages[name] if name in window.contact_pages else window.current_page()
        table = getattr(page, "table", page)
        paint = _painter(app, table.view.viewport())
        paint()
        first = time.perf_counter() - started
        table.model.wait_for_count(120_000)
        times = _searches(app, page, table.view.viewport(), queries)
        started = time.perf_counter()
        table.view.scrollToBottom()
        paint()
        last = time.perf_counter() - started
        results[name] = {
            "rows": table.model.rowCount(),
            "first_rows_ms": _ms(first),
            "search_p50_ms": _ms(statistics.median(times)),
            "search_p95_ms": _ms(_p95(times)),
            "search_max_ms": _ms(max(times)),
            "last_row_ms": _ms(last),
        }
    window.close()
    database.dispose()
    return results


def first_pages_sql(path: Path) -> dict[str, tuple[float, float, float, float]]:
    """The first page of 65 ids for every query, SQL only (best of 3), per sort: as the
    People page reads it (`list_contact_ids`) and by the plain query that sorts every match
    (`ids_statement`). Median and max of each, in ms."""
    from gojee_desktop.services.contact_query import ContactQuery, ids_statement, list_contact_ids
    from gojee_desktop.services.startup import open_app_database
    from gojee_desktop.services.uow import read_only

    database = open_app_database(f"sqlite:///{path}")

    def best(read: Callable[[ContactQuery], list[int]], query: ContactQuery) -> float:
        times = []
        for _ in range(3):
            started = time.perf_counter()
            read(query)
            times.append(time.perf_counter() - started)
        return min(times)

    def ours(query: ContactQuery) -> list[int]:
        return list_contact_ids(database.sessions, query, 0, 65)

    def plain(query: ContactQuery) -> list[int]:
        with read_only(database.sessions) as session:
            return list(session.scalars(ids_statement(query, "sqlite").limit(65)))

    results = {}
    sorts = {
        "name A-Z": ContactQuery(),
        "name Z-A": ContactQuery(descending=True),
        "organisation": ContactQuery(sort="organization"),
    }
    for label, base in sorts.items():
        mine: list[float] = []
        theirs: list[float] = []
        for text in QUERIES:
            query = replace(base, text=text)
            mine.append(best(ours, query))
            theirs.append(best(plain, query))
        results[label] = (
            _ms(statistics.median(mine)),
            _ms(max(mine)),
            _ms(statistics.median(theirs)),
            _ms(max(theirs)),
        )
    database.dispose()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="1000,100000,500000")
    parser.add_argument("--with-jobs", action="store_true", help="People page beside the Leads table")
    parser.add_argument("--people", type=int, default=500_000)
    args = parser.parse_args()
    if args.with_jobs:
        path = ensure_people_and_jobs(args.people)
        found = people_beside_leads(path)
        for name, figures in found.items():
            print(f"{name:>7}: {figures}")
        leads, people = found["leads"], found["people"]
        print(
            f"people / leads: search p50 {people['search_p50_ms'] / max(leads['search_p50_ms'], 0.01):.2f}x, "
            f"p95 {people['search_p95_ms'] / max(leads['search_p95_ms'], 0.01):.2f}x "
            "(Leads table targets: p95 <= 50 ms painted at 1M jobs)"
        )
        for label, (median, worst, plain_median, plain_worst) in first_pages_sql(path).items():
            print(
                f"people first page SQL, sorted by {label:12}: median {median} / max {worst} ms; "
                f"plain query (every match sorted) {plain_median} / {plain_worst} ms"
            )
        return
    for size in (int(s) for s in args.sizes.split(",")):
        path = ensure_database(size)
        raw = raw_first_pages(path)
        page = page_figures(path)
        print(f"{size:>9,} people  page: {page}")
        print(f"{'':>9}         raw sqlite3: {raw}")
        print(
            f"{'':>9}         ratio page/raw: first {page['first_ms'] / max(raw['first_ms'], 0.01):.1f}x, "
            f"search p95 {page['search_p95_ms'] / max(raw['search_p95_ms'], 0.01):.1f}x"
        )


if __name__ == "__main__":
    main()
