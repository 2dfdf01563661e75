"""Every UI test starts with no modifier key held, whatever the test before it clicked: a
Shift left recorded as held by QTest made `selectRow` in a later test extend a stale
selection (the People page's archive test failed after the keyboard-menu tests)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QListView


def test_a_shift_click_on_a_widget(qtbot):
    view = QListView()
    qtbot.addWidget(view)
    QTest.keyClick(view, Qt.Key.Key_F10, Qt.KeyboardModifier.ShiftModifier)


def test_the_next_test_starts_with_no_modifier_held(qtbot):
    assert QGuiApplication.keyboardModifiers() == Qt.KeyboardModifier.NoModifier
