"""The People page filtered by label at 100k to 500k people: the first rows painted and the
background count for a label on 40 %, 10 %, 1 % and 0.02 % of the people and for two labels
at once (every one required), against the same page with no label filter and against raw
sqlite3 running the page's first-block SQL on the same file, in the same run.

    .venv/bin/python benchmarks/bench_people_labels.py [--sizes 100000,500000] [--runs 5]

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


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="100000,500000")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    for size in (int(s) for s in args.sizes.split(",")):
        results = measure(ensure_database(size), args.runs)
        base = results["(no filter)"]["first_ms"] or 0.1
        print(f"\n{size:,} people, median of {args.runs}; first rows painted, count in the background")
        print(f"  {'labels':22}{'rows':>9}{'first rows':>12}{'vs none':>9}{'raw SQL':>10}{'count':>10}")
        for name, r in results.items():
            print(
                f"  {name:22}{r['rows']:>9,}{r['first_ms']:>9.1f} ms{r['first_ms'] / base:>8.2f}x"
                f"{r['raw_ms']:>7.1f} ms{r['count_ms']:>7.1f} ms"
            )


if __name__ == "__main__":
    main()
