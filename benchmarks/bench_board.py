"""Kanban board at scale: the Leads board at 10,000 and at 1,000,000 cards (SQLite file,
offscreen Qt).

Measures, each as the median of several runs:
- open: build the board widget, read each column's first page, lay it out and paint every
  column (the cards on screen fetch their text);
- figures: from the start of opening until every column header shows its count and totals
  (an SQL aggregate over the whole board, read in the background on a big board);
- move: a drop between columns, and one within a column, from the drop to the committed
  change and the repainted board (lost-reason free stages): the drop, then Qt's event
  processing, which paints what changed, as it does on screen (the board is laid out and
  its figures are read before moves are timed); "commit and place" is the drop alone;
- reads: what opening reads (stages and each column's first page), and the SQL aggregate
  of the header figures on its own;
and, as the baseline in the same run, a full read of every card's id, stage and value and
their totals - what opening the board read before columns loaded lazily. The 1,000,000
case reports its ratios to the 10,000 case.

    .venv/bin/python benchmarks/bench_board.py [--cards 10000] [--moves 20]
        [--million /tmp/board1m.sqlite3 | --million none]

The million-card database is built once with
`gojee --database sqlite:////tmp/board1m.sqlite3 demo --leads 1000000` (1-2 minutes) and
reused; moves made by the benchmark stay in it.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication
from sqlalchemy import update

from gojee_desktop.models import Job
from gojee_desktop.services import board
from gojee_desktop.services.demo.generate import generate_demo
from gojee_desktop.services.job_query import JobQuery
from gojee_desktop.services.startup import open_app_database
from gojee_desktop.store import Database
from gojee_desktop.ui.context import AppContext
from gojee_desktop.ui.itemmodels.board_model import DropRequest
from gojee_desktop.ui.pages.board import BoardView

LEADS = JobQuery(lifecycle="lead")


def ms(seconds: float) -> str:
    return f"{seconds * 1000:7.1f} ms"


def repaint(view: BoardView) -> None:
    view.repaint()
    for column in view.columns:
        column.view.viewport().repaint()


def settle(app: QApplication) -> None:
    """Lay out and paint what is pending, as the event loop would."""
    for _ in range(3):
        app.processEvents()


def open_board(context: AppContext) -> tuple[BoardView, float, float]:
    """The board opened and painted; the time to that, and to its header figures."""
    app = QApplication.instance()
    assert app is not None
    started = time.perf_counter()
    view = BoardView(context, "lead")
    view.resize(1600, 900)
    view.set_query(LEADS)
    view.show()
    app.processEvents()  # lay out and paint, as the event loop does on screen
    repaint(view)
    painted = [c for c in view.columns if c.model.ids and view.store.cached(c.model.ids[0]) is not None]
    assert len(painted) == len([c for c in view.columns if c.model.ids])  # every column's cards drawn
    opened = time.perf_counter() - started
    while not view.store.figures_ready():
        app.processEvents()
        time.sleep(0.0005)
    view.repaint()
    return view, opened, time.perf_counter() - started


@dataclass
class Figures:
    cards: int
    sizes: list[int]
    open: float
    figures: float
    between: float
    within: float
    drop: float
    first_pages: float
    aggregate: float
    full_read: float


def run_case(context: AppContext, opens: int, moves: int, full_reads: int) -> Figures:
    app = QApplication.instance()
    assert app is not None
    open_times, figure_times = [], []
    for _ in range(opens):
        view, opened, counted = open_board(context)
        open_times.append(opened)
        figure_times.append(counted)
        view.close()
        view.deleteLater()
        app.processEvents()
    view, _, _ = open_board(context)
    settle(app)
    sizes = [c.model.count() for c in view.columns]

    between, within, drops = [], [], []
    for i in range(moves):
        source, target = view.columns[i % 2], view.columns[1 - i % 2]
        card = source.model.ids[len(source.model.ids) // 2]
        before = target.model.ids[len(target.model.ids) // 3]
        started = time.perf_counter()
        assert view.handle_drop(DropRequest((card,), target.model.stage_id, before))
        drops.append(time.perf_counter() - started)
        app.processEvents()
        between.append(time.perf_counter() - started)
        assert target.model.ids[target.model.row_of(card) + 1] == before
        settle(app)

        column = view.columns[2]
        card = column.model.ids[-1 - i]
        before = column.model.ids[5 + i]
        started = time.perf_counter()
        assert view.handle_drop(DropRequest((card,), column.model.stage_id, before))
        app.processEvents()
        within.append(time.perf_counter() - started)
        settle(app)
    assert sum(c.model.count() for c in view.columns) == sum(sizes)  # moves keep the count
    first_pages, aggregates = [], []
    for _ in range(5):
        started = time.perf_counter()
        board.open_board(context.sessions, LEADS, view.store.first_page, totals=False)
        first_pages.append(time.perf_counter() - started)
        started = time.perf_counter()
        board.column_totals(context.sessions, LEADS)
        aggregates.append(time.perf_counter() - started)
    reads = []
    for _ in range(full_reads):
        started = time.perf_counter()
        data = board.load_board(context.sessions, LEADS)
        board.totals_by_currency((e.value_minor, e.currency) for e in data.entries)
        reads.append(time.perf_counter() - started)
    view.close()
    return Figures(
        cards=sum(sizes),
        sizes=sizes,
        open=statistics.median(open_times),
        figures=statistics.median(figure_times),
        between=statistics.median(between),
        within=statistics.median(within),
        drop=statistics.median(drops),
        first_pages=statistics.median(first_pages),
        aggregate=statistics.median(aggregates),
        full_read=statistics.median(reads),
    )


def report(title: str, figures: Figures, opens: int, moves: int) -> None:
    print(
        f"{title}: {figures.cards:,} cards in {len(figures.sizes)} columns "
        f"({', '.join(f'{n:,}' for n in figures.sizes)})"
    )
    print(f"  open (build, first pages, paint every column), median of {opens}: {ms(figures.open)}")
    print(f"  header figures ready (from the start of opening), median:  {ms(figures.figures)}")
    print(f"  move between columns, drop to repainted, median of {moves}:  {ms(figures.between)}")
    print(f"  move within a column, drop to repainted, median of {moves}:   {ms(figures.within)}")
    print(f"  of a move between columns, commit and place (the drop alone):  {ms(figures.drop)}")
    print(f"  read on open: stages and first pages, median of 5:            {ms(figures.first_pages)}")
    print(f"  read in the background: column counts and totals (SQL aggregate): {ms(figures.aggregate)}")
    print(
        f"  baseline: full read of every card and its totals (the board before): {ms(figures.full_read)}"
        f"   = {figures.full_read / figures.first_pages:.0f}x the read on open,"
        f" {figures.full_read / figures.open:.1f}x the whole open"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cards", type=int, default=10_000)
    parser.add_argument("--moves", type=int, default=20)
    parser.add_argument(
        "--million", default="/tmp/board1m.sqlite3", help="a 1,000,000-lead demo file, or 'none'"
    )
    args = parser.parse_args()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory() as folder:
        os.environ["GOJEE_DATA_DIR"] = folder
        database = open_app_database(f"sqlite:///{Path(folder) / 'board.sqlite3'}")
        generate_demo(database, args.cards, 0)
        with database.engine.begin() as connection:  # every card on the board (the demo archives a few)
            connection.execute(update(Job).values(archived=False))
        small = run_case(AppContext.create(database), 5, args.moves, 5)
        database.dispose()
        report("small board", small, 5, args.moves)
        print("  targets: open <= 300 ms, move <= 30 ms")
        if args.million == "none":
            return
        big_db = million_database(Path(args.million))
        big = run_case(AppContext.create(big_db), 5, args.moves, 1)
        big_db.dispose()
        app.processEvents()
        report("big board", big, 5, args.moves)
        print(
            f"  ratios big / small: open {big.open / small.open:.1f}x,"
            f" figures {big.figures / small.figures:.1f}x,"
            f" move {big.between / small.between:.1f}x between, {big.within / small.within:.1f}x within,"
            f" read on open {big.first_pages / small.first_pages:.1f}x"
            f"   (target: open <= ~2x)"
        )


def million_database(path: Path) -> Database:
    if not path.exists():
        print(f"building {path} (1,000,000 leads, 1-2 minutes)...", flush=True)
        database = open_app_database(f"sqlite:///{path}")
        generate_demo(database, 1_000_000, 150)
        return database
    return open_app_database(f"sqlite:///{path}")


if __name__ == "__main__":
    main()
