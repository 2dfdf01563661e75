"""Light and dark: every text colour role reads on the backgrounds it is drawn on (WCAG 2
contrast ≥ 4.5:1), measured both on the colour table and on real screenshots of cards,
tables and the BOM banner; the setting switches a shown window live; *System* follows the
operating system's scheme.

Set GOJEE_SHOTS=folder to keep the screenshots for a look."""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterator
from dataclasses import fields
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QFontMetrics, QGuiApplication, QImage, QPalette
from PySide6.QtWidgets import QWidget

from gojee_desktop.services import jobs
from gojee_desktop.services.jobs import NewJob
from gojee_desktop.ui import theme
from gojee_desktop.ui.context import AppContext
from gojee_desktop.ui.main_window import MainWindow
from gojee_desktop.ui.widgets.card_delegate import MARGIN, PAD, small_font

# (text role, background role) for every pair the window draws.
PAIRS = [
    ("text", "base"),
    ("text", "window"),
    ("text", "alternate_base"),
    ("text", "card_bg"),
    ("text", "card_selected_bg"),
    ("muted", "card_bg"),
    ("muted", "card_selected_bg"),
    ("muted", "base"),
    ("muted", "window"),
    ("overdue", "card_bg"),
    ("overdue", "card_selected_bg"),
    ("overdue", "base"),
    ("overdue", "alternate_base"),
    ("archived", "base"),
    ("archived", "alternate_base"),
    ("done", "base"),
    ("done", "alternate_base"),
    ("avatar_text", "avatar_bg"),
    ("count_text", "count_bg"),
    ("column_total", "column_bg"),
    ("text", "column_bg"),
    ("drop_text", "drop_bg"),
    ("drop_text", "drop_bg_active"),
    ("text", "section_bg"),
    ("banner_text", "banner_bg"),
    ("text", "reminder_bg"),
    ("error", "window"),
    ("error", "base"),
    ("warning", "window"),
    ("success", "window"),
    ("hint", "window"),
    ("emphasis", "window"),
    ("text", "import_error_bg"),
    ("text", "import_bad_bg"),
    ("text", "import_duplicate_bg"),
    ("quote_draft", "base"),
    ("quote_sent", "base"),
    ("quote_accepted", "base"),
    ("quote_declined", "base"),
    ("highlighted_text", "highlight"),
    ("link", "base"),
    ("hint", "placeholder_bg"),
]


@pytest.fixture
def context(sqlite_db) -> Iterator[AppContext]:
    ctx = AppContext.create(sqlite_db)
    yield ctx
    theme.set_mode(ctx.settings, theme.SYSTEM)  # the next test starts light again
    assert not theme.is_dark()


def shot(widget: QWidget, name: str) -> QImage:
    image = widget.grab().toImage()
    folder = os.environ.get("GOJEE_SHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        image.save(str(Path(folder) / f"{name}.png"))
    return image


def measured_contrast(image: QImage, rect: QRect) -> tuple[float, QColor, QColor]:
    """(contrast, text, background) inside `rect` of a screenshot: the background is the
    commonest colour, the text the colour (seen on 3+ pixels, so glyph cores rather than
    one anti-aliased edge) that differs most from it."""
    scale = image.devicePixelRatio()
    area = QRect(
        round(rect.x() * scale),
        round(rect.y() * scale),
        round(rect.width() * scale),
        round(rect.height() * scale),
    ).intersected(image.rect())
    counts: Counter[int] = Counter(
        image.pixel(x, y)
        for y in range(area.top(), area.bottom() + 1)
        for x in range(area.left(), area.right() + 1)
    )
    background = QColor.fromRgb(counts.most_common(1)[0][0])
    candidates = [QColor.fromRgb(rgb) for rgb, n in counts.items() if n >= 3]
    text = max(candidates, key=lambda c: theme.contrast(c, background))
    return theme.contrast(text, background), text, background


@pytest.mark.parametrize("palette", [theme.LIGHT_COLORS, theme.DARK_COLORS], ids=["light", "dark"])
def test_every_text_role_reads_on_its_backgrounds(palette):
    low = {
        (fg, bg): round(theme.contrast(getattr(palette, fg), getattr(palette, bg)), 2)
        for fg, bg in PAIRS
        if theme.contrast(getattr(palette, fg), getattr(palette, bg)) < theme.MIN_CONTRAST
    }
    assert low == {}
    names = {f.name for f in fields(theme.Colors)}
    assert {role for pair in PAIRS for role in pair} <= names


def test_contrast_follows_the_wcag_formula():
    assert theme.contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert theme.contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)
    assert theme.text_on("#ffeb3b") == QColor("#000000") and theme.text_on("#1a237e") == QColor("#ffffff")
    for colour in ("#ffeb3b", "#2196f3", "#e91e63", "#9e9e9e"):  # user label colours as chip text
        for background in (theme.LIGHT_COLORS.card_bg, theme.DARK_COLORS.card_bg):
            assert theme.contrast(theme.readable(colour, background), background) >= theme.MIN_CONTRAST


@pytest.fixture
def window(qtbot, context) -> MainWindow:
    sessions = context.sessions
    yesterday = date.today() - timedelta(days=3)
    jobs.create_lead(
        sessions,
        NewJob(
            title="Overdue rewire", value=Decimal("1250"), expected_close=yesterday, label_names=["Urgent"]
        ),
    )
    jobs.create_lead(sessions, NewJob(title="Deck build", value=Decimal("900")))
    archived = jobs.create_lead(sessions, NewJob(title="Archived fence", value=Decimal("300")))
    jobs.archive_job(sessions, archived.id)
    main = MainWindow(context)
    qtbot.addWidget(main)
    main.resize(1300, 760)
    main.show()
    qtbot.waitExposed(main)
    return main


@pytest.mark.parametrize("mode", [theme.LIGHT, theme.DARK])
def test_cards_read_in_light_and_dark(qtbot, window, context, mode):
    theme.set_mode(context.settings, mode)
    window.show_page("leads-board")
    board = window.current_page().board
    column = board.columns[0]
    qtbot.waitUntil(lambda: column.model.rowCount() == 2, timeout=5000)
    view = column.view
    qtbot.wait(50)
    image = shot(view.viewport(), f"cards-{mode}")
    card_bg = QColor(theme.colors().card_bg)
    font = view.font()
    line = QFontMetrics(font).height()
    small_line = QFontMetrics(small_font(font)).height()
    for row in range(2):
        card = view.visualRect(column.model.index(row)).adjusted(MARGIN + PAD, MARGIN + PAD, -MARGIN - PAD, 0)
        number = QRect(card.left(), card.top(), card.width() // 2, small_line)
        title = QRect(card.left(), number.bottom() + 5, card.width(), line)
        customer = title.translated(0, line)
        value = QRect(card.left(), customer.bottom() + 3, card.width() // 2, line)
        close = QRect(card.center().x(), value.top(), card.width() // 2, line)
        for name, rect in (("number", number), ("title", title), ("customer", customer), ("value", value)):
            ratio, text, background = measured_contrast(image, rect)
            assert background == card_bg, (mode, row, name)
            assert ratio >= theme.MIN_CONTRAST, (mode, row, name, text.name(), ratio)
        if column.model.index(row).data(Qt.ItemDataRole.DisplayRole) == "Overdue rewire":
            ratio, text, _background = measured_contrast(image, close)
            assert ratio >= theme.MIN_CONTRAST, (mode, "overdue", text.name(), ratio)
            assert text.red() > text.green() + 40  # still red
    header = column.header
    ratio, _text, background = measured_contrast(shot(header, f"header-{mode}"), header.name.geometry())
    assert background == card_bg and ratio >= theme.MIN_CONTRAST


@pytest.mark.parametrize("mode", [theme.LIGHT, theme.DARK])
def test_table_rows_read_in_light_and_dark(qtbot, window, context, mode):
    theme.set_mode(context.settings, mode)
    window.show_page("leads")
    page = window.current_page()
    from gojee_desktop.services.job_query import JobQuery

    page.set_query(JobQuery(lifecycle="lead", archived=None))
    table = page.table
    qtbot.waitUntil(lambda: table.model.rowCount() == 3, timeout=5000)
    qtbot.wait(50)
    view = table.view
    image = shot(view.viewport(), f"table-{mode}")
    title_column = next(
        c
        for c in range(table.model.columnCount())
        if table.model.headerData(c, Qt.Orientation.Horizontal) == "Title"
    )
    seen = set()
    for row in range(3):
        index = table.model.index(row, title_column)
        ratio, text, background = measured_contrast(image, view.visualRect(index))
        seen.add(index.data())
        assert ratio >= theme.MIN_CONTRAST, (mode, index.data(), text.name(), background.name(), ratio)
        if index.data() == "Archived fence":
            assert text == QColor(theme.colors().archived)
    assert seen == {"Overdue rewire", "Deck build", "Archived fence"}
    palette = QGuiApplication.palette()
    assert (palette.color(QPalette.ColorRole.Base).lightness() < 128) == (mode == theme.DARK)


def _card_background(view) -> QColor:
    rect = view.visualRect(view.model().index(0, 0)).adjusted(MARGIN + 3, MARGIN + 3, 0, 0)
    image = view.viewport().grab().toImage()
    scale = image.devicePixelRatio()
    return image.pixelColor(round(rect.left() * scale), round(rect.top() * scale))


def test_the_setting_switches_a_shown_window_live_and_is_kept(qtbot, window, context):
    window.show_page("leads-board")
    board = window.current_page().board
    view = board.columns[0].view
    qtbot.waitUntil(lambda: view.model().rowCount() == 2, timeout=5000)
    assert theme.LIGHT_COLORS.column_bg in board.styleSheet()
    assert _card_background(view) == QColor(theme.LIGHT_COLORS.card_bg)
    theme.set_mode(context.settings, theme.DARK)  # what Settings › Appearance does
    assert theme.is_dark() and theme.DARK_COLORS.column_bg in board.styleSheet()
    assert _card_background(view) == QColor(theme.DARK_COLORS.card_bg)  # repainted, not rebuilt
    assert QGuiApplication.palette().color(QPalette.ColorRole.Window) == QColor(theme.DARK_COLORS.window)
    assert context.settings.value(theme.SETTING) == theme.DARK
    theme.set_mode(context.settings, theme.LIGHT)
    assert not theme.is_dark() and theme.LIGHT_COLORS.column_bg in board.styleSheet()
    with pytest.raises(ValueError, match="Unknown appearance 'pink'"):
        theme.set_mode(context.settings, "pink")
    assert context.settings.value(theme.SETTING) == theme.LIGHT


def test_system_mode_follows_the_operating_system(qtbot, context, monkeypatch):
    theme.install(context.settings)
    assert theme.stored_mode(context.settings) == theme.SYSTEM and not theme.is_dark()
    changes: list[bool] = []
    theme.theme().changed.connect(changes.append)
    with monkeypatch.context() as patch:
        patch.setattr(theme, "system_is_dark", lambda: True)  # the OS switched to dark
        QGuiApplication.styleHints().colorSchemeChanged.emit(Qt.ColorScheme.Dark)
        assert theme.is_dark() and changes == [True]
        theme.set_mode(context.settings, theme.LIGHT)  # forced light wins over the OS
        QGuiApplication.styleHints().colorSchemeChanged.emit(Qt.ColorScheme.Dark)
        assert not theme.is_dark() and changes == [True, False]
    theme.theme().changed.disconnect(changes.append)


def test_settings_appearance_page_applies_at_once(qtbot, context):
    from gojee_desktop.ui.widgets.appearance_settings import AppearanceSettings

    page = AppearanceSettings(context)
    qtbot.addWidget(page)
    assert page.buttons[theme.SYSTEM].isChecked()
    page.buttons[theme.DARK].click()
    assert theme.is_dark() and context.settings.value(theme.SETTING) == theme.DARK
    page.buttons[theme.LIGHT].click()
    assert not theme.is_dark() and theme.stored_mode(context.settings) == theme.LIGHT


@pytest.mark.parametrize("mode", [theme.LIGHT, theme.DARK])
def test_bom_banner_and_quotes_read_in_light_and_dark(qtbot, context, mode):
    from gojee_desktop.ui.widgets.bom_editor import BomEditor

    theme.set_mode(context.settings, mode)
    lead = jobs.create_lead(context.sessions, NewJob(title="Roof leak repair"))
    editor = BomEditor(context, lead.id)
    qtbot.addWidget(editor)
    editor.resize(1000, 420)
    editor.show()
    qtbot.waitExposed(editor)
    editor.banner.setText("This BOM is frozen: quote Q-000001-1 was accepted. Revise the quote to change it.")
    editor.banner.setVisible(True)
    qtbot.wait(20)
    image = shot(editor.banner, f"bom-banner-{mode}")
    ratio, _text, background = measured_contrast(image, editor.banner.rect().adjusted(6, 6, -6, -6))
    assert background == QColor(theme.colors().banner_bg)
    assert ratio >= theme.MIN_CONTRAST


def test_the_dashboard_figure_chip_follows_a_switch_of_scheme(qtbot, context):
    from gojee_desktop.services.reports.drill import FigureFilter
    from gojee_desktop.ui.widgets.figure_chip import FigureChip

    chip = FigureChip()
    qtbot.addWidget(chip)
    chip.set_figure(FigureFilter(label="Stage Quote sent"))
    chip.show()
    area = QRect(chip.width() // 2, 3, 4, 4)  # inside the border, away from the text

    def background() -> QColor:
        image = chip.grab().toImage()
        return QColor.fromRgb(image.pixel(round(area.x() * image.devicePixelRatio()), area.y()))

    assert background().lightness() > 128
    theme.set_mode(context.settings, theme.DARK)
    qtbot.waitUntil(lambda: background().lightness() < 128, timeout=2000)
    assert background().name() == theme.colors().alternate_base


def test_navigation_icons_read_on_their_rows_and_follow_a_switch(qtbot, window, context):
    """Each navigation icon is drawn in the text colour on a plain row and in the highlighted
    text colour on the selected row (Qt's own tint nearly hid it there), and is redrawn when
    the scheme switches."""
    from PySide6.QtGui import QIcon

    from gojee_desktop.ui.main_window import PAGE_ROLE

    tree = window.navigation
    items = {item.data(0, PAGE_ROLE): item for item in window._navigation_items()}
    assert set(items) >= {"dashboard", "leads", "activities", "jobs", "people", "organizations"}

    def darkest_and_lightest(key: str, mode: QIcon.Mode) -> tuple[QColor, QColor]:
        image = items[key].icon(0).pixmap(16, mode).toImage()
        seen = [image.pixelColor(x, y) for x in range(image.width()) for y in range(image.height())]
        opaque = [c for c in seen if c.alpha() == 255]
        return min(opaque, key=theme.luminance), max(opaque, key=theme.luminance)

    for mode in (theme.LIGHT, theme.DARK):
        theme.set_mode(context.settings, mode)
        qtbot.waitUntil(
            lambda: tree.palette().color(QPalette.ColorRole.Base).name() == theme.colors().base, timeout=2000
        )
        palette = tree.palette()
        base = palette.color(QPalette.ColorRole.Base)
        highlight = palette.color(QPalette.ColorRole.Highlight)
        for key in items:
            ink = darkest_and_lightest(key, QIcon.Mode.Normal)[0 if mode == theme.LIGHT else 1]
            assert theme.contrast(ink, base) >= 4.5, (mode, key, ink.name(), base.name())
            selected = max(darkest_and_lightest(key, QIcon.Mode.Selected), key=theme.luminance)
            assert theme.contrast(selected, highlight) >= 3, (mode, key, selected.name())
