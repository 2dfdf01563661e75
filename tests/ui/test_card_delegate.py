"""Painted cards: one size for every card, the texts on the card, red only when overdue."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from board_helpers import add_leads
from PySide6.QtCore import QRect
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import QStyleOptionViewItem

from gojee_desktop.services import jobs
from gojee_desktop.services.job_query import JobQuery
from gojee_desktop.services.jobs import NewJob
from gojee_desktop.ui import theme
from gojee_desktop.ui.itemmodels.board_model import BoardStore
from gojee_desktop.ui.widgets.card_delegate import CardDelegate, initials


def test_initials():
    assert initials("Jane van Dyke") == "JD"
    assert initials("Me") == "ME"
    assert initials("  ") == "?"


def red_pixels(image: QImage) -> int:
    wanted = theme.color("overdue")
    count = 0
    for y in range(image.height()):
        for x in range(image.width()):
            pixel = image.pixelColor(x, y)
            if abs(pixel.red() - wanted.red()) < 40 and pixel.green() < 90 and pixel.blue() < 90:
                count += 1
    return count


def paint(delegate: CardDelegate, model, row: int) -> QImage:
    option = QStyleOptionViewItem()
    size = delegate.sizeHint(option, model.index(row))
    option.rect = QRect(0, 0, size.width(), size.height())
    image = QImage(size, QImage.Format.Format_RGB32)
    image.fill(QColor("#eef1f4"))
    painter = QPainter(image)
    delegate.paint(painter, option, model.index(row))
    painter.end()
    return image


def test_cards_have_one_size_and_only_overdue_ones_show_red(qtbot, sqlite_db):
    yesterday = date.today() - timedelta(days=1)
    later = date.today() + timedelta(days=30)
    for title, close in (("Late", yesterday), ("On time", later)):
        jobs.create_lead(
            sqlite_db.sessions, NewJob(title=title, value=Decimal("10"), expected_close=close, status_id=None)
        )
    add_leads(sqlite_db, ["A very long title " * 10])
    store = BoardStore(sqlite_db.sessions, "lead")
    store.load(JobQuery(lifecycle="lead"))
    model = store.columns[0]
    delegate = CardDelegate(lambda: (store.status_colors, store.label_colors))
    option = QStyleOptionViewItem()
    sizes = {delegate.sizeHint(option, model.index(row)).toTuple() for row in range(3)}
    assert len(sizes) == 1
    assert red_pixels(paint(delegate, model, 0)) > 20
    assert red_pixels(paint(delegate, model, 1)) == 0
    assert red_pixels(paint(delegate, model, 2)) == 0  # long titles are elided, nothing spills
