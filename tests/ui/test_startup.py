"""Start-up: the frame is painted before the heavy imports, the full window replaces it, and a
page's board is built only when first shown."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from gojee_desktop.app import main
from gojee_desktop.ui.main_window import MainWindow
from gojee_desktop.ui.pages.pipeline_page import MODE_BOARD, MODE_TABLE
from gojee_desktop.ui.startup_shell import StartupShell


def test_frame_paints_first_then_the_window_replaces_it(qapp, sqlite_db, capfd, monkeypatch):
    monkeypatch.setenv("GOJEE_FIRST_PAINT", "print")
    assert main(["--database", sqlite_db.url, "--page", "leads", "--self-test"]) == 0
    lines = [line for line in capfd.readouterr().out.splitlines() if line.startswith("first-paint")]
    assert lines[0] == "first-paint: shell"
    assert "first-paint: page" in lines
    assert not [w for w in QApplication.topLevelWidgets() if isinstance(w, StartupShell) and w.isVisible()]


def test_board_is_built_on_first_use(qtbot, context, some_leads):
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.show_page("leads")
    window.show()
    qtbot.waitExposed(window)
    page = window.current_page()
    assert page._board is None and page.mode() == MODE_TABLE
    page.search.setText("kitchen")
    window.show_page("leads-board")
    assert page._board is not None and page.mode() == MODE_BOARD
    qtbot.waitUntil(lambda: page.board.summary.text() == "2 cards", timeout=3000)
