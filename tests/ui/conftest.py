"""UI fixtures: a main-window context on a fresh SQLite copy with a few known jobs."""

from __future__ import annotations

from decimal import Decimal

import pytest
from PySide6.QtCore import Qt, QThreadPool
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from gojee_desktop.services import jobs
from gojee_desktop.services.jobs import NewJob
from gojee_desktop.ui import extension_points
from gojee_desktop.ui.context import AppContext
from gojee_desktop.ui.widgets.bom_editor import BomEditor

MODIFIER_KEYS = (
    (Qt.KeyboardModifier.ShiftModifier, Qt.Key.Key_Shift),
    (Qt.KeyboardModifier.ControlModifier, Qt.Key.Key_Control),
    (Qt.KeyboardModifier.AltModifier, Qt.Key.Key_Alt),
    (Qt.KeyboardModifier.MetaModifier, Qt.Key.Key_Meta),
)


def held_modifiers() -> Qt.KeyboardModifier:
    return QGuiApplication.keyboardModifiers()


@pytest.fixture(autouse=True)
def _release_modifier_keys():
    """QTest's key clicks on a widget with a modifier (Shift+F10, Ctrl+Shift+J) leave that
    modifier recorded as held in QGuiApplication after the click (the modifier's own
    release inside the click does not clear it; a separate `keyRelease` does). The next
    test would then run as if Shift were held, and a plain `selectRow` extends the
    selection from a stale anchor instead of selecting the row. Release whatever a test
    leaves held, so each test starts with no key down."""
    yield
    if QApplication.instance() is None or held_modifiers() == Qt.KeyboardModifier.NoModifier:
        return
    target = QWidget()
    for modifier, key in MODIFIER_KEYS:
        if held_modifiers() & modifier:
            QTest.keyRelease(target, key)
    target.deleteLater()
    assert held_modifiers() == Qt.KeyboardModifier.NoModifier


@pytest.fixture(autouse=True)
def _extension_points_restored():
    """The editor's tabs and Settings' pages are process-wide registries that `app.main`
    fills (`extensions.install`); a test that starts the app in-process must not leave them
    filled for the next test (the job editor would show extra tabs)."""
    tabs = list(extension_points.EDITOR_TAB_FACTORIES)
    pages = list(extension_points.SETTINGS_PAGE_FACTORIES)
    yield
    extension_points.EDITOR_TAB_FACTORIES[:] = tabs
    extension_points.SETTINGS_PAGE_FACTORIES[:] = pages


@pytest.fixture
def context(sqlite_db):
    ctx = AppContext.create(sqlite_db)
    yield ctx
    ctx.undo_stack.clear()
    QThreadPool.globalInstance().waitForDone(10_000)  # background row counts


@pytest.fixture
def some_leads(context):
    """Five leads with different titles and values, and one customer job."""
    titles = ["Kitchen rewire", "Roof leak repair", "Deck build", "Solar install", "Kitchen tiling"]
    ids = []
    for number, title in enumerate(titles):
        detail = jobs.create_lead(
            context.sessions, NewJob(title=title, value=Decimal(100 * (5 - number)), currency="AUD")
        )
        ids.append(detail.id)
    jobs.create_customer_job(context.sessions, NewJob(title="Office fit-out"))
    return ids


@pytest.fixture
def editor(qtbot, context, job_id):
    """A shown BOM editor on the `job_id` the test module provides."""
    widget = BomEditor(context, job_id)
    qtbot.addWidget(widget)
    widget.resize(1300, 500)
    widget.show()
    qtbot.waitExposed(widget)
    return widget
