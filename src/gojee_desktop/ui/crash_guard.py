"""The last line of defence in the window: an unexpected exception in a slot is written to a
rotating log file in the data folder and shown in a dialog with "Copy details", instead of
passing silently (PySide6 only prints it) or killing the app."""

from __future__ import annotations

import logging
import sys
import traceback
from pathlib import Path
from types import TracebackType

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QMessageBox

from gojee_desktop import __version__
from gojee_desktop.config import data_dir

LOG_NAME = "gojee-desktop.log"
LOG_BYTES = 1_000_000
LOG_FILES = 5

_logger = logging.getLogger("gojee_desktop.crash")
_SHOWN: list[QMessageBox] = []


def log_file() -> Path:
    return data_dir() / "logs" / LOG_NAME


def _ensure_handler() -> None:
    # logging.handlers (with socket, pickle and queue) loads with the first error, not at start.
    from logging.handlers import RotatingFileHandler

    path = log_file()
    for handler in _logger.handlers:
        if isinstance(handler, RotatingFileHandler) and Path(handler.baseFilename) == path:
            return
    for handler in list(_logger.handlers):
        _logger.removeHandler(handler)
        handler.close()
    path.parent.mkdir(parents=True, exist_ok=True)
    handler = RotatingFileHandler(path, maxBytes=LOG_BYTES, backupCount=LOG_FILES, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
    _logger.addHandler(handler)
    _logger.setLevel(logging.INFO)
    _logger.propagate = False


def details(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> str:
    text = "".join(traceback.format_exception(kind, error, tb))
    return f"Gojee Desktop {__version__}, Python {sys.version.split()[0]}\n{text}"


def report(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> QMessageBox | None:
    """Log the exception and, when a window can be shown, open the error dialog (returned)."""
    text = details(kind, error, tb)
    try:
        _ensure_handler()
        _logger.error("Unexpected error\n%s", text)
    except OSError:
        pass  # a full disk must not turn one error into two
    if QApplication.instance() is None:
        return None
    parent = QApplication.activeWindow()
    box = QMessageBox(QMessageBox.Icon.Critical, "Something went wrong", "", parent=parent)
    box.setObjectName("unexpectedErrorBox")
    box.setText(f"Gojee Desktop ran into an unexpected problem: {error}")
    box.setInformativeText(
        "What you saved before is safe. The step that failed may not have finished; check it "
        f"and try again. The details are written to {log_file()}."
    )
    box.setDetailedText(text)
    copy = box.addButton("Copy details", QMessageBox.ButtonRole.ActionRole)
    copy.clicked.disconnect()  # an action button closes the box by default: keep it open
    copy.clicked.connect(lambda: _copy(text))
    box.addButton(QMessageBox.StandardButton.Close)
    _SHOWN.append(box)  # a parentless box lives as long as Python holds it
    box.finished.connect(lambda _result: _SHOWN.remove(box) if box in _SHOWN else None)
    box.open()
    return box


def _copy(text: str) -> None:
    clipboard = QGuiApplication.clipboard()
    if clipboard is not None:
        clipboard.setText(text)


_previous_hook = sys.excepthook


def _hook(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
    if issubclass(kind, KeyboardInterrupt):
        _previous_hook(kind, error, tb)
        return
    report(kind, error, tb)


def install() -> None:
    """Route unexpected exceptions (PySide6 hands a slot's exception to sys.excepthook)."""
    sys.excepthook = _hook
