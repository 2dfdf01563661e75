"""Keyboard first: every editor and dialog opens with the keyboard in its first field, fits
a laptop screen, tabs top to bottom and closes on Escape; date fields take typed dates and
open a calendar."""

from __future__ import annotations

import itertools
from datetime import date

import pytest
from PySide6.QtCore import QDate, QLocale, QRect, QSize, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QWidget

from gojee_desktop.services import jobs, pipelines
from gojee_desktop.services.jobs import NewJob
from gojee_desktop.ui.context import AppContext
from gojee_desktop.ui.dialogs.conversion_dialog import ConversionDialog
from gojee_desktop.ui.dialogs.job_editor import new_lead, open_job_editor
from gojee_desktop.ui.dialogs.lost_reason_dialog import LostReasonDialog
from gojee_desktop.ui.dialogs.new_job_dialog import NewJobDialog
from gojee_desktop.ui.dialogs.price_book_dialog import PriceBookDialog, PriceItemDialog
from gojee_desktop.ui.dialogs.quote_dialogs import CompareDialog
from gojee_desktop.ui.dialogs.settings_dialog import SettingsDialog
from gojee_desktop.ui.dialogs.stage_settings import StageSettingsDialog
from gojee_desktop.ui.main_window import MainWindow
from gojee_desktop.ui.widgets.date_field import DateField, date_placeholder

LAPTOP = QSize(1366, 768)
OFFSCREEN_POPUP = pytest.mark.qt_log_ignore("does not support raise", "does not support grabbing")


@pytest.fixture
def window(qtbot, context):
    main = MainWindow(context)
    qtbot.addWidget(main)
    main.show_page("leads")
    main.show()
    qtbot.waitExposed(main)
    return main


def _show(qtbot, dialog: QWidget) -> QWidget | None:
    """Show without a modal loop and return the widget that takes the first keystroke."""
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.wait(10)
    return QApplication.focusWidget()


def _fits(dialog: QWidget) -> None:
    minimum = dialog.minimumSizeHint()
    assert minimum.boundedTo(LAPTOP) == minimum, (dialog.windowTitle(), minimum)
    available = dialog.screen().availableGeometry()
    assert available.contains(dialog.frameGeometry()), (dialog.windowTitle(), dialog.frameGeometry())


def _dialogs(context: AppContext, parent: QWidget, lead_id: int) -> dict[str, tuple[QDialog, str]]:
    detail = jobs.get_job(context.sessions, lead_id)
    stages = pipelines.list_stages(context.sessions, "leads")
    settings = SettingsDialog(context, parent)
    price_book = PriceBookDialog(context, parent)
    stage_settings = StageSettingsDialog(context, "leads", parent)
    new_job = NewJobDialog(context, "lead", stages, parent=parent)
    lost = LostReasonDialog("Lost", 1, parent)
    return {
        "settings": (settings, "page_list"),
        "conversion": (
            ConversionDialog(detail, pipelines.list_stages(context.sessions, "jobs"), parent),
            "stages",
        ),
        "price book": (price_book, "search"),
        "price item": (PriceItemDialog(None, parent), "code"),
        "stage settings": (stage_settings, "settings.list"),
        "new job": (new_job, "title"),
        "lost reason": (lost, "reason"),
        "compare": (CompareDialog("Q-1", "Q-2", [], parent), "table"),
    }


def _attribute(obj: object, path: str) -> object:
    for name in path.split("."):
        obj = getattr(obj, name)
    return obj


@pytest.mark.parametrize(
    "name",
    [
        "settings",
        "conversion",
        "price book",
        "price item",
        "stage settings",
        "new job",
        "lost reason",
        "compare",
    ],
)
def test_each_dialog_opens_with_focus_in_its_first_field_and_fits(qtbot, window, context, some_leads, name):
    dialog, first = _dialogs(context, window, some_leads[0])[name]
    focused = _show(qtbot, dialog)
    expected = _attribute(dialog, first)
    assert focused is expected or (isinstance(expected, QWidget) and expected.isAncestorOf(focused)), (
        name,
        focused,
    )
    _fits(dialog)
    QTest.keyClick(focused, Qt.Key.Key_Escape)
    assert not dialog.isVisible(), f"Escape leaves {name} open"


def test_ctrl_n_puts_the_keyboard_in_the_title(qtbot, window):
    window.activateWindow()
    window.new_lead_action.trigger()
    editor = next(
        w for w in QApplication.topLevelWidgets() if w.objectName() == "jobEditor" and w.isVisible()
    )
    qtbot.addWidget(editor)
    qtbot.waitExposed(editor)
    editor.activateWindow()
    qtbot.wait(10)
    assert QApplication.focusWidget() is editor.title_edit
    QTest.keyClicks(QApplication.focusWidget(), "Kitchen rewire")
    assert editor.title_edit.text() == "Kitchen rewire"
    _fits(editor)


def test_an_opened_job_starts_in_its_title_too(qtbot, window, context, some_leads):
    editor = open_job_editor(context, some_leads[1], window)
    qtbot.addWidget(editor)
    focused = _show(qtbot, editor)
    assert focused is editor.title_edit
    _fits(editor)


def test_the_editor_tabs_top_to_bottom(qtbot, window, context):
    editor = new_lead(context, window)
    qtbot.addWidget(editor)
    _show(qtbot, editor)
    form = editor.details_form
    seen: list[QWidget] = []
    widget: QWidget | None = editor.title_edit
    while widget is not None and form.isAncestorOf(widget) and widget not in seen:
        seen.append(widget)
        widget = widget.nextInFocusChain()
        while widget is not None and not (
            widget.focusPolicy() & Qt.FocusPolicy.TabFocus and widget.isVisible()
        ):
            widget = widget.nextInFocusChain()
    tops = [w.mapTo(form, w.rect().topLeft()) for w in seen]
    rows = [(p.y(), p.x()) for p in tops]
    # Each field is below the one before, or on its row to the right of it.
    for before, after in itertools.pairwise(rows):
        assert after[0] > before[0] - 4 and (after[0] >= before[0] + 4 or after[1] > before[1]), (seen, rows)
    for field in (editor.title_edit, editor.site_address, editor.status, editor.value, editor.expected_close):
        assert field in seen
    assert seen.index(editor.expected_close) > seen.index(editor.value) > seen.index(editor.title_edit)


def test_the_editor_form_scrolls_instead_of_clipping_on_a_short_window(qtbot, window, context):
    editor = new_lead(context, window)
    qtbot.addWidget(editor)
    _show(qtbot, editor)
    editor.resize(editor.minimumSizeHint().width(), editor.minimumSizeHint().height())
    qtbot.wait(10)
    scroll = editor.findChild(QWidget, "detailsScroll")
    assert scroll.verticalScrollBar().maximum() > 0
    assert editor.height() < 300


def test_date_field_takes_typed_dates_in_the_locale(qtbot):
    field = DateField()
    qtbot.addWidget(field)
    QLocale.setDefault(QLocale(QLocale.Language.German, QLocale.Country.Germany))
    try:
        field.setPlaceholderText(date_placeholder())
        assert field.placeholderText() == "e.g. 31.03.26"
        QTest.keyClicks(field, "24.12.2026")
        assert field.date() == date(2026, 12, 24)
    finally:
        QLocale.setDefault(QLocale(QLocale.Language.C))
    field.clear()
    QTest.keyClicks(field, "2027-01-05")
    assert field.date() == date(2027, 1, 5)


def test_date_placeholder_shows_the_format_once():
    assert date_placeholder(QLocale(QLocale.Language.C)) == "e.g. 2026-03-31"
    english = QLocale(QLocale.Language.English, QLocale.Country.Australia)
    assert date_placeholder(english).count("2026") + date_placeholder(english).count("26") >= 1
    assert " or " not in date_placeholder(english)


@OFFSCREEN_POPUP
def test_date_field_opens_a_calendar_from_the_keyboard(qtbot):
    field = DateField()
    qtbot.addWidget(field)
    field.show()
    qtbot.waitExposed(field)
    field.set_date(date(2026, 5, 20))
    QTest.keyClick(field, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    popup = field.popup
    assert popup is not None and popup.isVisible()
    assert popup.calendar.selectedDate() == QDate(2026, 5, 20)
    grid = popup.calendar.focusProxy() or popup.calendar  # the day grid takes the keys
    QTest.keyClick(grid, Qt.Key.Key_Right)  # the 21st
    QTest.keyClick(grid, Qt.Key.Key_Return)
    assert not popup.isVisible()
    assert field.date() == date(2026, 5, 21)
    assert QRect(field.mapToGlobal(field.rect().bottomLeft()), QSize(1, 1)).y() <= popup.y() + 1


def test_new_lead_escape_closes_when_nothing_was_typed(qtbot, window, context):
    editor = new_lead(context, window)
    qtbot.addWidget(editor)
    focused = _show(qtbot, editor)
    QTest.keyClick(focused, Qt.Key.Key_Escape)
    assert not editor.isVisible()


def test_new_job_dialog_title_gets_the_keyboard(qtbot, context):
    dialog = NewJobDialog(context, "lead", pipelines.list_stages(context.sessions, "leads"))
    assert _show(qtbot, dialog) is dialog.title
    jobs.create_lead(context.sessions, NewJob(title="x"))


def test_settings_pages_scroll_instead_of_growing_the_dialog(qtbot, context):
    dialog = SettingsDialog(context)
    qtbot.addWidget(dialog)
    tall = QWidget()
    tall.setMinimumSize(900, 1200)  # a long form, larger than a laptop screen
    index = dialog.add_page(tall, "Long form")
    dialog.show()
    minimum = dialog.minimumSizeHint()
    assert minimum.width() < 400 and minimum.height() < 300  # no page forces its size
    dialog.page_list.setCurrentRow(index)
    qtbot.wait(10)
    scroll = dialog.pages.currentWidget()
    assert scroll.widget() is tall
    assert scroll.verticalScrollBar().maximum() > 0 and scroll.horizontalScrollBar().maximum() > 0
