"""The People page filtered by label at 100k to 500k people: the first rows painted and the
background count for a label on 40 %, 10 %, 1 % and 0.02 % of the people and for two labels
at once (every one required), against the same page with no label filter and against raw
sqlite3 running the page's first-block SQL on the same file, in the same run.

    .venv/bin/python benchmarks/bench_people_labels.py [--sizes 100000,500000] [--runs 5]
    .venv/bin/python benchmarks/bench_people_labels.py --postgres URL [--sizes 500000]

`--postgres URL` measures the same filters through the service (first page of 65 ids, then
the count) on a PostgreSQL database of its own: URL names a database this benchmark may fill
(it adds `size` people and the labels once, when it has no people).

Files: bench_people.py's $GOJEE_BENCH_DIR/gojee-bench-people-<size>.sqlite3 (built when
missing), copied to gojee-bench-people-labels-<size>.sqlite3 with the labels added.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sqlite3
import statistics
import sys
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).parent))

import bench_people

#: Label name and the share of people carrying it.
LABELS = (("Everyday", 0.40), ("Strata", 0.10), ("VIP", 0.01), ("Rare", 0.0002))
FILTERS = (("Everyday",), ("Strata",), ("VIP",), ("Rare",), ("VIP", "Strata"), ("Everyday", "Rare"))


def labels_path(size: int) -> Path:
    return bench_people.db_path(size).with_name(f"gojee-bench-people-labels-{size}.sqlite3")


def ensure_database(size: int) -> Path:
    path = labels_path(size)
    if path.exists():
        return path
    base = bench_people.ensure_database(size)
    part = Path(f"{path}.part")
    shutil.copyfile(base, part)
    connection = sqlite3.connect(part)
    people = [row[0] for row in connection.execute("SELECT id FROM persons")]
    rng = random.Random(17)
    for name, share in LABELS:
        label_id = connection.execute("INSERT INTO labels (name, color) VALUES (?, '')", (name,)).lastrowid
        chosen = rng.sample(people, max(1, int(len(people) * share)))
        connection.executemany(
            "INSERT INTO person_labels (person_id, label_id) VALUES (?, ?)", ((p, label_id) for p in chosen)
        )
    connection.commit()
    connection.execute("ANALYZE")
    connection.commit()
    connection.close()
    part.rename(path)
    return path


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 1)


def raw_first_page(path: Path, sql: str, runs: int) -> float:
    """The SQL of the page's first block run with plain sqlite3: the floor."""
    connection = sqlite3.connect(path)
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        connection.execute(sql).fetchall()
        times.append(time.perf_counter() - started)
    connection.close()
    return _ms(statistics.median(times))


def first_block_sql(context: Any, query: Any) -> str:
    """The statement the page runs for its first block, with its values written in."""
    from gojee_desktop.services.contact_query import ids_statement, label_to_read_first
    from gojee_desktop.ui.itemmodels.contact_table_model import BLOCK

    with context.sessions() as session:
        statement = ids_statement(query, "sqlite", label_to_read_first(session, query)).limit(BLOCK + 1)
        return str(statement.compile(session.get_bind(), compile_kwargs={"literal_binds": True}))


def measure(path: Path, runs: int) -> dict[str, Any]:
    from dataclasses import replace

    from PySide6.QtWidgets import QApplication

    from gojee_desktop.services import catalog
    from gojee_desktop.services.startup import open_app_database
    from gojee_desktop.ui.context import AppContext
    from gojee_desktop.ui.pages.people import PeoplePage

    app = QApplication.instance() or QApplication([])
    database = open_app_database(f"sqlite:///{path}")
    context = AppContext.create(database)
    page = PeoplePage(context)
    page.resize(1366, 768)
    page.show()
    page.load()
    app.processEvents()
    page.model.wait_for_count(120_000)
    label_ids = {item.name: item.id for item in catalog.list_items(context.sessions, "label")}
    results: dict[str, Any] = {}
    for names in ((), *FILTERS):
        ids = tuple(label_ids[n] for n in names)
        painted, counted = [], []
        for _ in range(runs):
            page.set_query(replace(page.query(), label_ids=()))
            page.model.wait_for_count(120_000)
            started = time.perf_counter()
            page.set_query(replace(page.query(), label_ids=ids))
            page.view.viewport().repaint()
            painted.append(time.perf_counter() - started)
            started = time.perf_counter()
            rows = page.model.wait_for_count(120_000)
            counted.append(time.perf_counter() - started)
        results[" + ".join(names) or "(no filter)"] = {
            "rows": rows,
            "first_ms": _ms(statistics.median(painted)),
            "count_ms": _ms(statistics.median(counted)),
            "raw_ms": raw_first_page(path, first_block_sql(context, page.query()), runs),
        }
    database.dispose()
    return results


def postgres_figures(url: str, size: int, runs: int) -> dict[str, Any]:
    from sqlalchemy import text

    from gojee_desktop.services.contact_query import PERSON, ContactQuery, count_contacts, list_contact_ids
    from gojee_desktop.services.startup import open_app_database

    database = open_app_database(url)
    with database.engine.begin() as connection:
        if not connection.execute(text("SELECT count(*) FROM persons")).scalar():
            connection.execute(
                text(
                    "INSERT INTO persons (id, name, archived, notes) SELECT g, (ARRAY['Ann', 'Bob', 'Cara',"
                    " 'Dan', 'Ella', 'Finn', 'Grace', 'Hugo'])[1 + g % 8] || ' ' || md5(g::text), false, ''"
                    " FROM generate_series(1, :size) g"
                ),
                {"size": size},
            )
            connection.execute(
                text("SELECT setval(pg_get_serial_sequence('persons', 'id'), :size)"), {"size": size}
            )
            for name, share in LABELS:
                label_id = connection.execute(
                    text("INSERT INTO labels (name, color) VALUES (:name, '') RETURNING id"), {"name": name}
                ).scalar()
                connection.execute(
                    text(
                        "INSERT INTO person_labels (person_id, label_id)"
                        " SELECT id, :label FROM persons WHERE random() < :share"
                    ),
                    {"label": label_id, "share": share},
                )
            connection.execute(text("ANALYZE"))
        label_ids = dict(connection.execute(text("SELECT name, id FROM labels")).tuples().all())
    results: dict[str, Any] = {}
    for names in ((), *FILTERS):
        query = ContactQuery(kind=PERSON, label_ids=tuple(label_ids[n] for n in names))
        pages, counts = [], []
        for _ in range(runs):
            started = time.perf_counter()
            list_contact_ids(database.sessions, query, 0, 65)
            pages.append(time.perf_counter() - started)
            started = time.perf_counter()
            rows = count_contacts(database.sessions, query)
            counts.append(time.perf_counter() - started)
        results[" + ".join(names) or "(no filter)"] = {
            "rows": rows,
            "first_ms": _ms(statistics.median(pages)),
            "count_ms": _ms(statistics.median(counts)),
        }
    database.dispose()
    return results


_TIMING_TITLES = {"raw_ms": "raw SQL", "count_ms": "count"}


def print_table(
    heading: str, first: str, results: dict[str, dict[str, float]], timings: tuple[str, ...]
) -> None:
    """A row a label filter: its rows, its first page (`first` names it) and that against no
    filter, then the `timings` (keys of each result, in ms)."""
    base = results["(no filter)"]["first_ms"] or 0.1
    print(heading)
    print(
        f"  {'labels':22}{'rows':>9}{first:>12}{'vs none':>9}"
        + "".join(f"{_TIMING_TITLES[t]:>10}" for t in timings)
    )
    for name, r in results.items():
        print(
            f"  {name:22}{r['rows']:>9,}{r['first_ms']:>9.1f} ms{r['first_ms'] / base:>8.2f}x"
            + "".join(f"{r[t]:>7.1f} ms" for t in timings)
        )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="100000,500000")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--postgres", metavar="URL", help="measure the service on this PostgreSQL database")
    args = parser.parse_args()
    if args.postgres:
        size = int(args.sizes.split(",")[-1])
        results = postgres_figures(args.postgres, size, args.runs)
        heading = f"\nPostgreSQL, {size:,} people, median of {args.runs}; the first 65 ids, then the count"
        print_table(heading, "first page", results, ("count_ms",))
        return
    for size in (int(s) for s in args.sizes.split(",")):
        results = measure(ensure_database(size), args.runs)
        heading = f"\n{size:,} people, median of {args.runs}; first rows painted, count in the background"
        print_table(heading, "first rows", results, ("raw_ms", "count_ms"))


if __name__ == "__main__":
    main()
