"""An unexpected exception in a slot: an error dialog with "Copy details", and the details in
a rotating log file in the data folder; the app keeps running."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication, QMessageBox

from gojee_desktop.ui import crash_guard


class _Emitter(QObject):
    fired = Signal()


def _broken_slot() -> None:
    raise ZeroDivisionError("stock count divided by zero")


@pytest.mark.qt_no_exception_capture
def test_an_exception_in_a_slot_is_shown_logged_and_survived(qtbot, _isolated_data_dir: Path):
    previous = sys.excepthook
    crash_guard.install()
    try:
        emitter = _Emitter()
        emitter.fired.connect(_broken_slot)
        emitter.fired.emit()  # PySide6 hands the slot's exception to sys.excepthook
    finally:
        sys.excepthook = previous
    box = next(
        w for w in QApplication.topLevelWidgets() if w.objectName() == "unexpectedErrorBox" and w.isVisible()
    )
    assert isinstance(box, QMessageBox)
    qtbot.addWidget(box)
    assert box.text() == "Gojee Desktop ran into an unexpected problem: stock count divided by zero"
    assert "ZeroDivisionError" in box.detailedText() and "_broken_slot" in box.detailedText()
    copy = next(b for b in box.buttons() if b.text() == "Copy details")
    copy.click()
    assert box.isVisible()  # copying does not close the box
    clipboard = QApplication.clipboard().text()
    assert "ZeroDivisionError: stock count divided by zero" in clipboard
    log = crash_guard.log_file()
    assert log.parent == _isolated_data_dir / "logs"
    assert "ZeroDivisionError: stock count divided by zero" in log.read_text(encoding="utf-8")
    box.close()


def test_the_log_rotates(_isolated_data_dir: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(crash_guard, "LOG_BYTES", 2000)
    for handler in list(crash_guard._logger.handlers):
        crash_guard._logger.removeHandler(handler)
        handler.close()
    monkeypatch.setattr(crash_guard.QApplication, "instance", staticmethod(lambda: None))
    for n in range(40):
        try:
            raise RuntimeError(f"failure number {n}")
        except RuntimeError as error:
            assert crash_guard.report(type(error), error, error.__traceback__) is None
    logs = sorted(p.name for p in (_isolated_data_dir / "logs").iterdir())
    assert logs[0] == "gojee-desktop.log" and len(logs) == 1 + crash_guard.LOG_FILES
    assert all(p.stat().st_size <= 4000 for p in (_isolated_data_dir / "logs").iterdir())
    assert "failure number 39" in (_isolated_data_dir / "logs" / "gojee-desktop.log").read_text()
