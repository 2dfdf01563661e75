"""Kanban board at scale: 10,000 cards in the Leads pipeline (SQLite file, offscreen Qt).

Measures, each as the median of several runs:
- open: build the board widget, load it and paint every column;
- move: a drop between columns, and one within a column, from the drop to the committed
  change and the synchronously repainted board (lost-reason free stages);
and, as the baseline in the same run, a full reload of the board followed by the same
repaint - what a board that re-reads everything after each change would cost.

    .venv/bin/python benchmarks/bench_board.py [--cards 10000] [--moves 20]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication
from sqlalchemy import update

from gojee_desktop.models import Job
from gojee_desktop.services.demo import generate_demo
from gojee_desktop.services.job_query import JobQuery
from gojee_desktop.store import open_database
from gojee_desktop.ui.context import AppContext
from gojee_desktop.ui.itemmodels.board_model import DropRequest
from gojee_desktop.ui.pages.board import BoardView


def ms(seconds: float) -> str:
    return f"{seconds * 1000:7.1f} ms"


def open_board(context: AppContext) -> tuple[BoardView, float]:
    started = time.perf_counter()
    view = BoardView(context, "lead")
    view.resize(1600, 900)
    view.set_query(JobQuery(lifecycle="lead"))
    view.show()
    view.repaint()
    for column in view.columns:
        column.view.viewport().repaint()
    return view, time.perf_counter() - started


def repaint(view: BoardView) -> None:
    view.repaint()
    for column in view.columns:
        column.view.viewport().repaint()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cards", type=int, default=10_000)
    parser.add_argument("--moves", type=int, default=20)
    args = parser.parse_args()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory() as folder:
        os.environ["GOJEE_DATA_DIR"] = folder
        database = open_database(f"sqlite:///{Path(folder) / 'board.sqlite3'}")
        generate_demo(database, args.cards, 0)
        with database.engine.begin() as connection:  # every card on the board (the demo archives a few)
            connection.execute(update(Job).values(archived=False))
        context = AppContext.create(database)

        opens = []
        for _ in range(5):
            view, elapsed = open_board(context)
            opens.append(elapsed)
            view.close()
            view.deleteLater()
            app.processEvents()
        view, _ = open_board(context)
        sizes = [c.model.count() for c in view.columns]

        between, within, reloads = [], [], []
        for i in range(args.moves):
            source, target = view.columns[i % 2], view.columns[1 - i % 2]
            card = source.model.ids[len(source.model.ids) // 2]
            before = target.model.ids[len(target.model.ids) // 3]
            started = time.perf_counter()
            assert view.handle_drop(DropRequest((card,), target.model.stage_id, before))
            repaint(view)
            between.append(time.perf_counter() - started)
            assert target.model.ids[target.model.row_of(card) + 1] == before

            column = view.columns[2]
            card = column.model.ids[-1 - i]
            before = column.model.ids[5 + i]
            started = time.perf_counter()
            assert view.handle_drop(DropRequest((card,), column.model.stage_id, before))
            repaint(view)
            within.append(time.perf_counter() - started)

            started = time.perf_counter()
            view.store.load()
            repaint(view)
            reloads.append(time.perf_counter() - started)
        total = view.store.total_cards()
        view.close()
        database.dispose()

    open_ms = statistics.median(opens)
    move_ms = statistics.median(between)
    within_ms = statistics.median(within)
    reload_ms = statistics.median(reloads)
    print(f"board with {total:,} cards in {len(sizes)} columns ({', '.join(f'{n:,}' for n in sizes)})")
    print(f"open (build, load, paint every column), median of 5:  {ms(open_ms)}   target <= 300 ms")
    print(f"move between columns, drop to repainted, median of {args.moves}: {ms(move_ms)}   target <= 30 ms")
    print(f"move within a column, drop to repainted, median of {args.moves}:  {ms(within_ms)}")
    print(f"baseline: full reload + repaint after a change, median:   {ms(reload_ms)}")
    print(
        f"ratio full reload / move: {reload_ms / move_ms:.1f}x between columns, "
        f"{reload_ms / within_ms:.1f}x within a column"
    )


if __name__ == "__main__":
    main()
